"""`atelier order assign` answers "no" with exit 1 when the order's state refuses the change (its
work started, or it is already assigned that way), with the status in words, and writes nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import func, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def assignments(db: Path) -> int:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "order.set_bench")).scalar_one()
    finally:
        engine.dispose()


def test_an_order_whose_work_started_keeps_its_bench_exit_1(demo_db: Path) -> None:
    refused = atelier(demo_db, "order", "assign", "OR-2026-0005", "QZ-01")
    assert refused.exit_code == 1
    assert refused.stderr == "order OR-2026-0005 is in progress; its bench cannot change now\n"
    assert assignments(demo_db) == 0


def test_assigning_an_order_as_it_already_is_changes_nothing_exit_1(demo_db: Path) -> None:
    assert atelier(demo_db, "order", "assign", "OR-2026-0010", "QZ-01", "--technician", "slefevre").exit_code == 0
    again = atelier(demo_db, "order", "assign", "OR-2026-0010", "QZ-01", "--technician", "slefevre")
    assert again.exit_code == 1
    assert again.stderr == "order OR-2026-0010: nothing to change; it is already assigned that way\n"
    assert assignments(demo_db) == 1
