"""`atelier audit verify|list` as a lead or a script uses them: verify exits 0 on an intact chain
and 1 naming the first bad event; bad input exits 2 with one line on stderr."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select, text

import atelier_tui.cli_audit  # noqa: F401  (registers `atelier audit` on `cli`)
from atelier_tui.cli import cli
from atelier_tui.services import tools
from atelier_tui.services.context import Actor
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.conftest import FIXED_NOW, register_test_runner

CLAIRE = Actor(login="cmartin", role="technician")


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW + timedelta(hours=1), "AT-0001")
    tools.put_out_of_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW + timedelta(hours=2), "AT-0003",
                             "seal leaking")
    return catalogued_db


def events(db: Path) -> list[AuditEvent]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())
    finally:
        engine.dispose()


def sql(db: Path, statement: str, **params: object) -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            connection.execute(text(statement), params)
    finally:
        engine.dispose()


def test_verify_reports_an_intact_chain_with_its_length(db: Path) -> None:
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"chain intact: {len(events(db))} events\n"


def test_verify_an_intact_demo_workshop(demo_db: Path) -> None:
    result = atelier(demo_db, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("chain intact: ")


def test_verify_names_an_edited_event_and_exits_1(db: Path) -> None:
    target = next(e for e in events(db) if e.action == "check_out")
    sql(db, "UPDATE audit_event SET after = json_set(after, '$.bench_id', NULL) WHERE id = :id", id=target.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout == (f"chain broken at event {target.id} (check_out tool AT-0001): "
                             "edited: its content no longer matches its hash\n")


def test_verify_names_the_event_after_a_removed_one(db: Path) -> None:
    *_, before, gone, after = events(db)
    sql(db, "DELETE FROM audit_event WHERE id = :id", id=gone.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout == (f"chain broken at event {after.id} (out_of_service tool AT-0003): removed: it does not "
                             f"follow event {before.id}, so events between them were removed\n")


def test_verify_names_reordered_events(db: Path) -> None:
    *_, first, second, third = events(db)
    sql(db, "UPDATE audit_event SET id = -1 WHERE id = :id", id=second.id)
    sql(db, "UPDATE audit_event SET id = :a WHERE id = :b", a=second.id, b=third.id)
    sql(db, "UPDATE audit_event SET id = :b WHERE id = -1", b=third.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"chain broken at event {second.id} (out_of_service tool AT-0003): reordered: "
                                    f"it follows event {third.id}, which now comes after it")


def test_list_shows_the_newest_events_first_filtered(db: Path) -> None:
    result = atelier(db, "audit", "list", "--entity", "tool", "--key", "AT-0001")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "time", "actor", "action", "entity", "key", "reason"]
    assert [line.split()[4] for line in lines[1:]] == ["check_in", "check_out"]
    by_lead = atelier(db, "audit", "list", "--actor", "lead")
    assert by_lead.exit_code == 0 and len(by_lead.stdout.splitlines()) == 2
    assert by_lead.stdout.splitlines()[1].rstrip().endswith("out_of_service  tool    AT-0003  seal leaking")
    limited = atelier(db, "audit", "list", "--limit", "2")
    assert limited.exit_code == 0 and len(limited.stdout.splitlines()) == 3


def test_list_json_carries_before_after_and_the_hashes(db: Path) -> None:
    result = atelier(db, "audit", "list", "--key", "AT-0003", "--json")
    assert result.exit_code == 0, result.output
    [event] = json.loads(result.stdout)
    assert (event["actor"], event["action"], event["reason"]) == ("lead", "out_of_service", "seal leaking")
    assert event["before"]["status"] == "in_service" and event["after"]["status"] == "out_of_service"
    assert event["at"] == "2026-11-27T11:30:00+00:00" and len(event["hash"]) == len(event["prev_hash"]) == 64


def test_list_with_nothing_matching_says_so(db: Path) -> None:
    result = atelier(db, "audit", "list", "--actor", "nobody")
    assert result.exit_code == 0 and result.stdout == "no events\n"
    assert json.loads(atelier(db, "audit", "list", "--actor", "nobody", "--json").stdout) == []


def test_bad_limit_and_missing_database_exit_2_with_one_line(db: Path, tmp_path: Path) -> None:
    result = atelier(db, "audit", "list", "--limit", "0")
    assert result.exit_code == 2 and result.stderr == "--limit: must be 1 or more, not 0\n"
    empty = atelier(tmp_path / "none.db", "audit", "verify")
    assert empty.exit_code == 2 and len(empty.stderr.splitlines()) == 1 and "atelier init" in empty.stderr
