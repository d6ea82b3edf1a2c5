"""Repair situations of issue 16 (items 7, 8, 10, 14, 15) through `atelier order check REF --json`,
`atelier order prepare` and `atelier checklist run` on a real workshop file: the two quartz
benches of tests/support/readiness_db.py, each ready for a battery change on a watch not marked water
resistant."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    InterventionType,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    Tool,
    ToolType,
)
from tests.support.readiness_db import sign_order_preparation


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def add_order(engine: Engine, reference: str, today: date, bench: str = "QZ-A", interventions: tuple[str, ...] = ("battery_change",),
              movement_kind: str = "quartz", prepared: bool = True, **watch: object) -> None:
    """`prepared`: the order's own checklist (order_preparation) signed on its bench."""
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == bench)).scalar_one()
        order = RepairOrder(reference=reference, site_id=site_id, brand="Omega", model="Test", movement_kind=movement_kind,
                            battery="377" if movement_kind == "quartz" else "", received_on=today,
                            deadline=today + timedelta(days=30), status="accepted", bench_id=bench_id, **watch)
        session.add(order)
        session.flush()
        for position, key in enumerate(interventions):
            intervention = session.execute(select(InterventionType.id).where(InterventionType.key == key)).scalar_one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=intervention, position=position))
    if prepared:
        sign_order_preparation(engine, reference, today)


def add_tool(engine: Engine, tag: str, tool_type: str, bench: str | None, now: datetime) -> None:
    """A tool of that type at home on `bench`, each of its plans done an hour ago."""
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == bench)).scalar_one() if bench else None
        type_id = session.execute(select(ToolType.id).where(ToolType.key == tool_type)).scalar_one()
        tool = Tool(asset_tag=tag, tool_type_id=type_id, site_id=site_id, home_bench_id=bench_id, bench_id=bench_id)
        session.add(tool)
        session.flush()
        plans = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.tool_type_id == type_id,
                                                                MaintenancePlan.active.is_(True))).scalars()
        session.add_all([MaintenanceRecord(tool_id=tool.id, plan_id=plan, performed_at=now - timedelta(hours=1), result="pass")
                         for plan in plans])


def check(db: Path, reference: str) -> dict:  # type: ignore[type-arg]
    result = atelier(db, "order", "check", reference, "--json")
    assert result.exit_code in (0, 1) and isinstance(result.exception, (SystemExit, type(None))), (result.output, result.exception)
    return json.loads(result.stdout)


def blocking(verdict: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {f["requirement"]: f["code"] for f in verdict["findings"] if f["blocking"]}


def requirements(verdict: dict) -> set[str]:  # type: ignore[type-arg]
    return {f["requirement"] for f in verdict["findings"]}


def where_tools_are(engine: Engine) -> dict[str, int | None]:
    with read_session(engine) as session:
        return dict(session.execute(select(Tool.asset_tag, Tool.bench_id)).all())


# --- Item 7: radium whatever the watch's age -----------------------------------------------------

def test_a_radium_dial_on_a_watch_not_flagged_vintage_needs_the_radium_procedure(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-RA", now.date(), luminous="radium", vintage=False)
    found = blocking(check(db, "OR-RA"))
    assert found["checklist:radioactive_luminous"] == "checklist_missing"
    assert found["capability:radiation_detection"] == "missing"
    assert {"supply:nitrile_gloves", "supply:ffp3_mask", "supply:sealable_bag"} <= set(found)


def test_a_luminova_dial_needs_no_radium_procedure(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-LV", now.date(), luminous="luminova")
    verdict = check(db, "OR-LV")
    assert verdict["ready"], verdict["findings"]
    assert not {"checklist:radioactive_luminous", "capability:radiation_detection"} & requirements(verdict)


# --- Item 8: oil cups oil nothing ----------------------------------------------------------------

def test_two_oil_cups_and_no_oiler_cannot_oil_a_movement(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-OIL", now.date(), interventions=("full_service_mechanical",), movement_kind="manual")
    add_tool(engine, "CUP-1", "oil_cups", "QZ-A", now)
    add_tool(engine, "CUP-2", "oil_cups", "QZ-A", now)
    found = blocking(check(db, "OR-OIL"))
    assert found["capability:oiling"] == "missing"
    assert "capability:oil_dispensing" not in found


# --- Item 10: water resistance ---------------------------------------------------------------------

def test_a_wet_tester_alone_does_not_serve_a_water_resistant_battery_change(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-WR", now.date(), water_resistance_bar=5.0, water_resistance_text="50 m",
              gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)
    add_tool(engine, "WET-1", "wr_tester_wet", "QZ-A", now)
    found = blocking(check(db, "OR-WR"))
    assert found["capability:air_leak_test"] == "missing"
    assert "capability:water_pressure_test" not in found


def test_a_vintage_water_resistant_watch_is_not_asked_for_a_water_pressure_test(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-WRV", now.date(), water_resistance_bar=3.0, water_resistance_text="3 bar", vintage=True,
              gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)
    found = requirements(check(db, "OR-WRV"))
    assert "capability:air_leak_test" in found
    assert "capability:water_pressure_test" not in found


def test_not_water_resistant_written_on_the_order_asks_for_no_water_test(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-NWR", now.date(), water_resistance_text="not water resistant")
    verdict = check(db, "OR-NWR")
    assert verdict["ready"], verdict["findings"]
    assert not {"capability:air_leak_test", "capability:water_pressure_test", "checklist:water_resistance_testing"} & requirements(verdict)


# --- Item 14: preparing one bench does not strip another ------------------------------------------

def test_prepare_on_a_bench_without_esd_takes_nothing_from_the_quartz_benches(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        session.add(Bench(site_id=site_id, code="ME-A", name="Mechanical A", features=[]))
    add_order(engine, "OR-MV", now.date(), bench="ME-A")
    before = where_tools_are(engine)
    result = atelier(db, "order", "prepare", "OR-MV")
    assert result.exit_code == 1, result.output
    assert "move the order first" in result.stdout
    assert "QZ-A" in result.stdout  # where to move it
    assert where_tools_are(engine) == before
    with read_session(engine) as session:
        assert not session.execute(select(Lot.lot_number).where(Lot.reserved_micro > 0)).all()
    assert blocking(check(db, "OR-MV"))["bench_feature:esd"] == "missing"


def test_a_quartz_bench_without_its_mat_is_told_to_move_not_to_take_the_other_benchs(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    with write_session(engine) as session:
        mat_type = session.execute(select(ToolType.id).where(ToolType.key == "esd_mat")).scalar_one()
        bench_a = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        mat = session.execute(select(Tool).where(Tool.tool_type_id == mat_type, Tool.home_bench_id == bench_a)).scalar_one()
        mat.status, mat.status_reason = "out_of_service", "torn"
    add_order(engine, "OR-MAT", now.date())
    finding = next(f for f in check(db, "OR-MAT")["findings"] if f["requirement"] == "capability:esd_grounding")
    assert finding["blocking"]
    before = where_tools_are(engine)
    result = atelier(db, "order", "prepare", "OR-MAT")
    assert result.exit_code == 1, result.output
    moved = {tag: bench for tag, bench in where_tools_are(engine).items() if before[tag] != bench}
    assert not [tag for tag in moved if tag.startswith("QZ-B")], moved


def test_no_esd_mat_on_this_bench_moves_the_order_to_the_bench_that_has_one(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    with write_session(engine) as session:
        mat_type = session.execute(select(ToolType.id).where(ToolType.key == "esd_mat")).scalar_one()
        bench_a = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        mat = session.execute(select(Tool).where(Tool.tool_type_id == mat_type, Tool.home_bench_id == bench_a)).scalar_one()
        mat.status, mat.status_reason = "retired", "worn out"
    add_order(engine, "OR-NOMAT", now.date())
    finding = next(f for f in check(db, "OR-NOMAT")["findings"] if f["requirement"] == "capability:esd_grounding")
    assert finding["blocking"] and finding["action"]["action"] == "move_order"
    assert finding["action"]["benches"] == ["QZ-B"]
    before = where_tools_are(engine)
    atelier(db, "order", "prepare", "OR-NOMAT")
    assert {tag: bench for tag, bench in where_tools_are(engine).items() if tag.startswith("QZ-B")} == \
        {tag: bench for tag, bench in before.items() if tag.startswith("QZ-B")}


# --- Item 15 and issue 16 (rules a technician would change): what is checked of one watch is -------
# --- asked once per order, not of the bench every day ------------------------------------------------

def answers(tmp_path: Path, name: str, *items: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text("[answers]\n" + "".join(f'{item} = "ok"\n' for item in items), encoding="utf-8")
    return path


EQUIPMENT_ITEMS = ("reference_leak_check", "tester_in_calibration", "leak_limit_set", "chamber_seals_inspected")
WATCH_ITEMS = ("repair_order_open", "calibre_documentation", "parts_reserved", "cell_matches_calibre",
               "test_pressure_within_limits", "crown_closed", "wr_result_recorded", "dry_test_before_water")


def test_the_pressure_test_of_one_watch_is_checked_in_its_order_run_not_the_benchs(workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-WRC", now.date(), prepared=False, water_resistance_bar=5.0, water_resistance_text="5 bar",
              gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)
    bench_run = atelier(db, "checklist", "run", "water_resistance_testing", "--bench", "QZ-A",
                        "--answers", str(answers(tmp_path, "bench", *EQUIPMENT_ITEMS)))
    assert bench_run.exit_code == 0, bench_run.output
    verdict = check(db, "OR-WRC")
    # The bench's run of the day covers the tester; the watch's own checks are not yet made.
    assert "checklist:water_resistance_testing" not in requirements(verdict)
    finding = next(f for f in verdict["findings"] if f["requirement"] == "checklist:order_preparation")
    assert finding["blocking"] and finding["code"] == "checklist_missing"
    assert finding["action"] == {**finding["action"], "action": "run_checklist", "checklist": "order_preparation", "order": "OR-WRC"}
    without_order = atelier(db, "checklist", "run", "order_preparation", "--bench", "QZ-A",
                            "--answers", str(answers(tmp_path, "no-order", *WATCH_ITEMS)))
    assert without_order.exit_code == 2 and "kept per repair order" in without_order.stderr
    order_run = atelier(db, "checklist", "run", "order_preparation", "--bench", "QZ-A", "--order", "OR-WRC",
                        "--answers", str(answers(tmp_path, "order", *WATCH_ITEMS)))
    assert order_run.exit_code == 0, order_run.output
    assert "checklist:order_preparation" not in requirements(check(db, "OR-WRC"))
