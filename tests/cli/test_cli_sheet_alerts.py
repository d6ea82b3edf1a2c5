"""`atelier sheet alerts` and `atelier sheet acknowledge-alert`: the lead's list of alerts from
benches on the command line, acknowledged one by id as `a` does on the lead's dashboard: the same
permission, audited; exit 1 when already acknowledged, 2 for an id that is no alert."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import func, select, text

from atelier_tui.cli import cli
from atelier_tui.services.context import Actor
from atelier_tui.services.sheets.keeping import raise_alert
from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, SheetEntry
from tests.support.fixed_time import FIXED_NOW

TECHNICIAN = Actor("tmoreau", role="technician")


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def raise_two(db: Path) -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        raise_alert(engine, TECHNICIAN, FIXED_NOW, "OR-2026-0008", "Balance staff broken: part to order")
        raise_alert(engine, TECHNICIAN, FIXED_NOW.replace(minute=FIXED_NOW.minute + 5), "OR-2026-0008", "Strap missing")
    finally:
        engine.dispose()


def acknowledgements(db: Path) -> tuple[int, int]:
    """(alerts acknowledged, audit events of acknowledging)"""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            done = session.execute(select(func.count()).select_from(SheetEntry).where(SheetEntry.acknowledged_at.is_not(None)))
            events = session.execute(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.action == "sheet.acknowledge_alert"))
            return done.scalar_one(), events.scalar_one()
    finally:
        engine.dispose()


def test_the_lead_lists_the_alerts_and_acknowledges_one_by_its_id(demo_db: Path) -> None:
    assert atelier(demo_db, "sheet", "alerts").stdout == "no alert to acknowledge\n"
    raise_two(demo_db)
    listed = json.loads(atelier(demo_db, "sheet", "alerts", "--json").stdout)
    assert [(a["reference"], a["bench"], a["technician"], a["text"]) for a in listed] == [
        ("OR-2026-0008", "ME-02", "Thomas Moreau", "Strap missing"),
        ("OR-2026-0008", "ME-02", "Thomas Moreau", "Balance staff broken: part to order")]
    lines = atelier(demo_db, "sheet", "alerts").stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"{listed[1]['id']}  OR-2026-0008  bench ME-02  Thomas Moreau  ")
    assert lines[1].endswith(": Balance staff broken: part to order")

    done = atelier(demo_db, "sheet", "acknowledge-alert", str(listed[1]["id"]))
    assert done.exit_code == 0, done.output
    assert done.stdout == f"alert {listed[1]['id']} on OR-2026-0008 acknowledged\n"
    assert [a["text"] for a in json.loads(atelier(demo_db, "sheet", "alerts", "--json").stdout)] == ["Strap missing"]
    assert acknowledgements(demo_db) == (1, 1)


def test_an_alert_already_acknowledged_exits_1_and_an_unknown_id_exits_2(demo_db: Path) -> None:
    raise_two(demo_db)
    first = json.loads(atelier(demo_db, "sheet", "alerts", "--json").stdout)[0]["id"]
    assert atelier(demo_db, "sheet", "acknowledge-alert", str(first)).exit_code == 0
    again = atelier(demo_db, "sheet", "acknowledge-alert", str(first))
    assert again.exit_code == 1 and again.stdout == ""
    assert again.stderr.startswith("the alert on OR-2026-0008 was already acknowledged by Test runner at ")
    unknown = atelier(demo_db, "sheet", "acknowledge-alert", "999999")
    assert (unknown.exit_code, unknown.stderr) == (2, "alert 999999: no such alert\n")
    not_a_number = atelier(demo_db, "sheet", "acknowledge-alert", "twelve")
    assert not_a_number.exit_code == 2 and "ID" in not_a_number.stderr and "Traceback" not in not_a_number.output
    assert acknowledgements(demo_db) == (1, 1)


def test_a_technician_may_not_acknowledge_and_nothing_is_written(demo_db: Path) -> None:
    raise_two(demo_db)
    engine = make_engine(f"sqlite:///{demo_db}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE staff SET role = 'technician' WHERE login = :me"), {"me": os_account()})
    engine.dispose()
    first = json.loads(atelier(demo_db, "sheet", "alerts", "--json").stdout)[0]["id"]
    refused = atelier(demo_db, "sheet", "acknowledge-alert", str(first))
    assert refused.exit_code == 2
    assert "may not acknowledge an alert from a bench: this needs lead / admin" in refused.stderr
    assert acknowledgements(demo_db) == (0, 0)
