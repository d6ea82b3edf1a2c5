"""`atelier order check --json` when a tool's plan reaches its limit or comes near it: a limit
reached blocks (no grace for a calibration unless the workshop set one, and then the finding says
so), a plan that says its lateness never blocks only warns, a tool due soon warns with what is
left, and the remedy names the plan's own work. The battery change of readiness_db's workshop:
QZ-x-04 a 0.60 mm screwdriver, QZ-x-05 a multimeter, QZ-x-07 a wrist strap."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

from atelier_tui.cli import cli
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import MaintenancePlan, MaintenanceRecord, Tool
from tests.support.readiness_db import add_battery_order, prepare_workshop

NOW = datetime.now().astimezone()  # the command line reads the real clock


@pytest.fixture
def workshop(catalogued_engine, catalogued_db: Path):  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine, cells=2, now=NOW)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=NOW.date())
    return catalogued_engine, catalogued_db


def done(engine, plan_key: str, days_ago: int, benches: tuple[str, ...] = ("QZ-A", "QZ-B")) -> None:  # type: ignore[no-untyped-def]
    """Each bench's tool under `plan_key` last had it done `days_ago` days ago."""
    with write_session(engine) as session:
        plan = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.key == plan_key)).scalar_one()
        for bench in benches:
            tools = select(Tool.id).where(Tool.asset_tag.like(f"{bench}-%")).scalar_subquery()
            session.execute(update(MaintenanceRecord).where(MaintenanceRecord.plan_id == plan, MaintenanceRecord.tool_id.in_(tools))
                            .values(performed_at=NOW - timedelta(days=days_ago)))


def check(db: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["--db", str(db), "order", "check", "OR-A", "--json"])
    return result.exit_code, json.loads(result.stdout)


def about(verdict: dict, tag: str) -> list[dict]:
    return [f for f in verdict["findings"] if f.get("subject") == tag or tag in f["message"]]


def test_a_calibration_past_its_date_blocks_with_no_grace(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    done(engine, "multimeter_calibration", 368)  # three days late
    code, verdict = check(db)
    assert code == 1 and not verdict["ready"]
    finding = about(verdict, "QZ-A-05")[0]
    assert (finding["code"], finding["blocking"]) == ("calibration_overdue", True)
    assert finding["action"]["action"] == "maintain" and "Annual calibration" in finding["remedy"]
    assert "repair, calibrate or replace" not in finding["remedy"]


def test_a_grace_the_workshop_set_for_a_calibration_warns_and_says_so(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    with write_session(engine) as session:
        session.execute(update(MaintenancePlan).where(MaintenancePlan.key == "multimeter_calibration").values(grace_days=14))
    done(engine, "multimeter_calibration", 368)
    code, verdict = check(db)
    assert code == 0 and verdict["ready"]
    finding = about(verdict, "QZ-A-05")[0]
    assert (finding["code"], finding["blocking"]) == ("calibration_overdue", False)
    assert "grace of 14 days" in finding["message"]


def test_a_daily_test_not_done_today_blocks(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    done(engine, "wrist_strap_daily_test", 1)  # done yesterday: due today
    code, verdict = check(db)
    assert code == 1
    finding = about(verdict, "QZ-A-07")[0]
    assert (finding["code"], finding["blocking"]) == ("calibration_overdue", True)


def test_a_dressing_plan_overdue_only_warns(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    done(engine, "screwdriver_060_dressing", 60)  # a month past its 30 days, past its grace too
    code, verdict = check(db)
    assert code == 0 and verdict["ready"]
    finding = about(verdict, "QZ-A-04")[0]
    assert (finding["code"], finding["blocking"]) == ("maintenance_overdue", False)


def test_a_tool_due_soon_warns_with_what_is_left(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    done(engine, "multimeter_calibration", 360)  # due in five days
    code, verdict = check(db)
    assert code == 0 and verdict["ready"]
    finding = about(verdict, "QZ-A-05")[0]
    assert (finding["code"], finding["blocking"]) == ("maintenance_due_soon", False)
    assert (NOW.date() + timedelta(days=5)).isoformat() in finding["message"]


def test_a_uses_plan_blocks_at_its_limit_and_warns_when_the_job_brings_it_there(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db = workshop
    with write_session(engine) as session:
        for tag in ("QZ-A-05", "QZ-B-05"):
            tool = session.execute(select(Tool).where(Tool.asset_tag == tag)).scalar_one()
            plan = MaintenancePlan(key=f"probe_check_{tag}", tool_id=tool.id, kind="maintenance", name_en="Probe tips cleaning",
                                   name_fr="Nettoyage des pointes de touche", every_uses=10)
            session.add(plan)
            session.flush()
            session.add(MaintenanceRecord(tool_id=tool.id, plan_id=plan.id, performed_at=NOW - timedelta(days=2), result="pass"))
            tool.usage_count = 9
    code, verdict = check(db)
    assert code == 0
    soon = [f for f in about(verdict, "QZ-A-05") if f["code"] == "maintenance_due_soon"][0]
    assert not soon["blocking"] and "1 use left" in soon["message"]
    with write_session(engine) as session:
        session.execute(update(Tool).where(Tool.asset_tag.in_(("QZ-A-05", "QZ-B-05"))).values(usage_count=10))
    code, verdict = check(db)
    assert code == 1
    finding = [f for f in about(verdict, "QZ-A-05") if f["blocking"]][0]
    assert finding["code"] == "maintenance_overdue"
    assert finding["action"]["action"] == "maintain" and "Probe tips cleaning" in finding["remedy"]
