"""Rules a technician would change (issue 16) through `atelier order check REF --json` and
`atelier order prepare` on a real workshop file (tests/support/readiness_db.py): parts replaced
only if needed, and protective equipment required by the work."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from atelier_tui.cli import cli
from atelier_tui.domain.units import to_micro
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    InterventionType,
    Location,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    SupplyType,
    Tool,
    ToolType,
)

WATER_RESISTANCE_ITEMS = ("reference_leak_check", "tester_in_calibration", "leak_limit_set", "chamber_seals_inspected")
# What is checked of the watch itself, once for its order (order_preparation).
ORDER_ITEMS = ("repair_order_open", "calibre_documentation", "parts_reserved", "cell_matches_calibre",
               "test_pressure_within_limits", "crown_closed", "wr_result_recorded", "dry_test_before_water")


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def add_order(engine: Engine, reference: str, today: date, interventions: tuple[str, ...] = ("battery_change",),
              movement_kind: str = "quartz", **watch: object) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        order = RepairOrder(reference=reference, site_id=site_id, brand="Omega", model="Test", movement_kind=movement_kind,
                            battery="377" if movement_kind == "quartz" else "", received_on=today,
                            deadline=today + timedelta(days=30), status="accepted", bench_id=bench_id, **watch)
        session.add(order)
        session.flush()
        for position, key in enumerate(interventions):
            intervention = session.execute(select(InterventionType.id).where(InterventionType.key == key)).scalar_one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=intervention, position=position))


def add_tool(engine: Engine, tag: str, tool_type: str, now: datetime) -> None:
    """A tool of that type at home on QZ-A, each of its plans done an hour ago."""
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        bench_id = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        type_id = session.execute(select(ToolType.id).where(ToolType.key == tool_type)).scalar_one()
        tool = Tool(asset_tag=tag, tool_type_id=type_id, site_id=site_id, home_bench_id=bench_id, bench_id=bench_id)
        session.add(tool)
        session.flush()
        plans = session.execute(select(MaintenancePlan.id).where(MaintenancePlan.tool_type_id == type_id,
                                                                MaintenancePlan.active.is_(True))).scalars()
        session.add_all([MaintenanceRecord(tool_id=tool.id, plan_id=plan, performed_at=now - timedelta(hours=1), result="pass")
                         for plan in plans])


def add_lot(engine: Engine, supply: str, lot_number: str, quantity: float, today: date) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        drawer = session.execute(select(Location.id)).scalars().first()
        supply_id = session.execute(select(SupplyType.id).where(SupplyType.key == supply)).scalar_one()
        session.add(Lot(supply_type_id=supply_id, site_id=site_id, lot_number=lot_number, location_id=drawer,
                        quantity_micro=to_micro(quantity), received_on=today - timedelta(days=10),
                        expires_on=today + timedelta(days=900)))


def check(db: Path, reference: str) -> dict:  # type: ignore[type-arg]
    result = atelier(db, "order", "check", reference, "--json")
    assert result.exit_code in (0, 1) and isinstance(result.exception, (SystemExit, type(None))), (result.output, result.exception)
    return json.loads(result.stdout)


def findings_of(verdict: dict, requirement_prefix: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in verdict["findings"] if f["requirement"].startswith(requirement_prefix)]


def water_resistant_battery_change(engine: Engine, db: Path, now: datetime, tmp_path: Path, reference: str) -> None:
    """A 5 bar battery change on QZ-A with the testers, the grease, the bench's pressure-test
    checklist and the order's own run: everything but the case-back gasket."""
    add_order(engine, reference, now.date(), water_resistance_bar=5.0, water_resistance_text="50 m",
              gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)
    for tag, tool_type in (("DRY-1", "wr_tester_dry"), ("WET-1", "wr_tester_wet"), ("PLATE-1", "condensation_test_plate"),
                           ("HOOK-1", "gasket_remover")):
        add_tool(engine, tag, tool_type, now)
    add_lot(engine, "gasket_grease_silicone", "GR-01", 20, now.date())
    for checklist, items in (("water_resistance_testing", WATER_RESISTANCE_ITEMS), ("order_preparation", ORDER_ITEMS)):
        answers = tmp_path / f"{reference}-{checklist}.toml"
        answers.write_text("[answers]\n" + "".join(f'{item} = "ok"\n' for item in items), encoding="utf-8")
        run = atelier(db, "checklist", "run", checklist, "--bench", "QZ-A", "--order", reference, "--answers", str(answers))
        assert run.exit_code == 0, run.output


# --- Conditional requirements: a part replaced only if the old one is worn -----------------------

def test_a_water_resistant_battery_change_without_a_gasket_in_stock_is_go_with_a_may_be_needed_note(  # type: ignore[no-untyped-def]
        workshop, tmp_path) -> None:
    engine, db, now = workshop
    water_resistant_battery_change(engine, db, now, tmp_path, "OR-GK")
    verdict = check(db, "OR-GK")
    assert verdict["ready"], [f for f in verdict["findings"] if f["blocking"]]
    [gasket] = findings_of(verdict, "supply:gasket")
    assert not gasket["blocking"]
    assert gasket["message"].startswith("May be needed, if the old part is found worn at opening")
    assert gasket["action"]["action"] == "reorder"


def test_a_gasket_in_stock_is_reserved_by_prepare_for_the_battery_change(workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    water_resistant_battery_change(engine, db, now, tmp_path, "OR-GK2")
    add_lot(engine, "gasket_oring_280x060", "GK-280", 3, now.date())
    gasket = findings_of(check(db, "OR-GK2"), "supply:gasket")
    assert not [f for f in gasket if f["blocking"] or f["message"].startswith("May be needed")], gasket
    result = atelier(db, "order", "prepare", "OR-GK2")
    assert result.exit_code == 0, result.output
    with read_session(engine) as session:
        reserved = session.execute(select(Lot.reserved_micro).where(Lot.lot_number == "GK-280")).scalar_one()
    assert reserved == to_micro(1)


def test_a_gasket_replacement_still_needs_its_gasket(workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same gasket, named by an intervention that always replaces it, blocks when short."""
    engine, db, now = workshop
    water_resistant_battery_change(engine, db, now, tmp_path, "OR-GK3")
    with write_session(engine) as session:
        order_id = session.execute(select(RepairOrder.id).where(RepairOrder.reference == "OR-GK3")).scalar_one()
        replacement = session.execute(select(InterventionType.id).where(InterventionType.key == "gasket_replacement")).scalar_one()
        session.add(OrderIntervention(order_id=order_id, intervention_type_id=replacement, position=1))
    [gasket] = findings_of(check(db, "OR-GK3"), "supply:gasket")
    assert gasket["blocking"] and gasket["code"] == "insufficient_stock"


# --- Protective equipment --------------------------------------------------------------------

def test_a_movement_job_without_safety_glasses_on_the_bench_is_no_go(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-EYE", now.date(), interventions=("quartz_movement_replacement",))
    [eyes] = findings_of(check(db, "OR-EYE"), "capability:eye_protection")
    assert eyes["blocking"] and eyes["code"] == "missing"
    add_tool(engine, "GLASSES-1", "safety_glasses", now)
    assert not findings_of(check(db, "OR-EYE"), "capability:eye_protection")



# --- Regulation's tools ----------------------------------------------------------------------

def test_a_regulation_without_a_movement_holder_in_the_workshop_is_no_go(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    add_order(engine, "OR-REG", now.date(), interventions=("regulation",), movement_kind="automatic")
    verdict = check(db, "OR-REG")
    holder = findings_of(verdict, "capability:movement_holding")
    assert [(f["code"], f["blocking"]) for f in holder if f["blocking"]] == [("missing", True)], holder
    assert not findings_of(verdict, "capability:screwdriving")  # QZ-A's 0.60 mm blade serves


# --- The ESD mat's pass/fail limit -----------------------------------------------------------

def esd_mat_tag(engine: Engine) -> str:
    with read_session(engine) as session:
        return session.execute(
            select(Tool.asset_tag).join(ToolType, ToolType.id == Tool.tool_type_id).join(Bench, Bench.id == Tool.home_bench_id)
            .where(ToolType.key == "esd_mat", Bench.code == "QZ-A")).scalar_one()


def test_an_esd_mat_found_above_one_gigaohm_to_ground_stops_the_battery_change(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    tag = esd_mat_tag(engine)
    passing = atelier(db, "maintenance", "record", tag, "--plan", "esd_mat_check", "--result", "pass",
                      "--as-found", "resistance_to_ground=2.5 Gohm")
    assert passing.exit_code == 2 and "outside 500 Mohm ± 500 Mohm" in passing.stderr, passing.output
    failed = atelier(db, "maintenance", "record", tag, "--plan", "esd_mat_check", "--result", "fail",
                     "--as-found", "resistance_to_ground=2.5 Gohm")
    assert failed.exit_code == 0, failed.output
    assert f"{tag} is now out of service" in failed.stdout
    add_order(engine, "OR-ESD", now.date())
    [mat] = [f for f in findings_of(check(db, "OR-ESD"), "capability:esd_grounding") if f["blocking"]]
    assert mat["subject"] == tag
