"""`atelier db copy --to URL`: a workshop moves from its SQLite file to PostgreSQL (docs/postgresql.md)
and is the same workshop there: every row, the audit chain, the same readiness verdict; and a
target that is not empty or not migrated is refused in one line, with nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from atelier_tui.cli import cli
from atelier_tui.services.context import Actor
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.copy import workshop_tables
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import Bench, Tool
from atelier_tui.store.schema import schema_state
from tests.support.fixed_time import FIXED_NOW
from tests.support.postgres_server import create_database, drop_database


def atelier(db: str, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", db, *args])


def row_counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return {table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                    for table in workshop_tables()}
    finally:
        engine.dispose()


@pytest.fixture
def target(postgres_admin_url: str):  # type: ignore[no-untyped-def]
    """A new, empty PostgreSQL database (no schema yet)."""
    import os

    name = f"atelier_copy_target_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    yield create_database(postgres_admin_url, name)
    drop_database(postgres_admin_url, name)


def test_the_demo_workshop_copied_to_postgresql_is_the_same_workshop(demo_db: Path, target: str, tmp_path: Path) -> None:
    source = str(demo_db)
    upgraded = atelier(target, "db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output

    copied = atelier(source, "db", "copy", "--to", target, "--json")
    assert copied.exit_code == 0, copied.output
    report = json.loads(copied.stdout)
    counts = row_counts(f"sqlite:///{demo_db}")
    assert report["rows"] == counts and counts["tool"] > 100 and counts["audit_event"] > 100
    assert report["audit"]["intact"] and report["audit"]["events"] == counts["audit_event"]
    assert row_counts(target) == counts

    verified = atelier(target, "audit", "verify")
    assert verified.exit_code == 0 and verified.stdout == atelier(source, "audit", "verify").stdout, verified.output
    on_sqlite = atelier(source, "order", "check", "OR-2026-0011", "--json")
    on_postgresql = atelier(target, "order", "check", "OR-2026-0011", "--json")
    assert on_sqlite.exit_code == on_postgresql.exit_code and on_sqlite.exit_code in (0, 1), on_postgresql.output
    assert json.loads(on_postgresql.stdout) == json.loads(on_sqlite.stdout)

    # The sequences were set past the copied ids: new rows get new ids and the chain goes on.
    engine = make_engine(target)
    try:
        with engine.connect() as connection:
            tag = connection.execute(select(Tool.asset_tag).where(Tool.status == "in_service", Tool.bench_id.is_(None))
                                     .order_by(Tool.id).limit(1)).scalar_one()
            bench = connection.execute(select(Bench.code).where(Bench.status == "open").order_by(Bench.id).limit(1)).scalar_one()
        tools.check_out(engine, Actor(login="cmartin", role="lead"), FIXED_NOW, tag, bench)
    finally:
        engine.dispose()
    assert atelier(target, "audit", "verify").exit_code == 0

    # And back again, into a new SQLite file: any direction works.
    back = tmp_path / "back.db"
    assert atelier(str(back), "db", "upgrade").exit_code == 0
    returned = atelier(target, "db", "copy", "--to", str(back))
    assert returned.exit_code == 0, returned.output
    assert row_counts(f"sqlite:///{back}") == row_counts(target)
    assert atelier(str(back), "audit", "verify").exit_code == 0


def test_a_target_already_initialised_is_refused_and_nothing_is_written(demo_db: Path, pg_catalogued_url: str) -> None:
    target = pg_catalogued_url  # what `atelier init` makes: the schema and the shipped catalogs
    before = row_counts(target)
    assert before["tool_type"] > 0 and before["audit_event"] > 0

    refused = atelier(str(demo_db), "db", "copy", "--to", target)
    assert refused.exit_code == 2
    assert refused.stdout == "" and len(refused.stderr.strip().splitlines()) == 1, refused.output
    assert "is not empty" in refused.stderr and "only `atelier db upgrade` ran" in refused.stderr
    assert row_counts(target) == before


def test_a_target_without_the_schema_is_refused_and_nothing_is_written(demo_db: Path, target: str) -> None:
    refused = atelier(str(demo_db), "db", "copy", "--to", target)
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.output
    assert "atelier --db URL db upgrade" in refused.stderr
    engine = make_engine(target)
    try:
        assert schema_state(engine).current is None
    finally:
        engine.dispose()


def test_a_database_is_not_copied_onto_itself(demo_db: Path) -> None:
    refused = atelier(str(demo_db), "db", "copy", "--to", str(demo_db))
    assert refused.exit_code == 2 and "is the source database itself" in refused.stderr, refused.output
