"""First screens: the lead's list of what needs doing, a technician's bench and day."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from atelier_tui.services.benches.changes import assign_technician
from atelier_tui.services.context import Actor
from atelier_tui.services.overview.dashboard import lead_dashboard, technician_dashboard
from atelier_tui.services.stock import ledger as stock
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import (
    Bench,
    ChecklistRun,
    ChecklistTemplate,
    InterventionType,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    Tool,
)
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TODAY = FIXED_NOW.date()
LEAD = Actor(login="lead", role="lead")


def record(engine, tag: str, plan_key: str, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        session.add(MaintenanceRecord(
            tool_id=session.exec(select(Tool.id).where(Tool.asset_tag == tag)).one(),
            plan_id=session.exec(select(MaintenancePlan.id).where(MaintenancePlan.key == plan_key)).one(),
            performed_at=FIXED_NOW - timedelta(days=days_ago), result="pass",
        ))


def add_order(engine, reference: str, deadline_in: int, status: str, interventions: tuple[str, ...] = (),  # type: ignore[no-untyped-def]
              technician: str | None = None, bench: str | None = None, water_resistance_bar: float | None = None) -> None:
    with write_session(engine) as session:
        order = RepairOrder(
            reference=reference, site_id=session.exec(select(Site.id)).one(), received_on=TODAY - timedelta(days=5),
            water_resistance_bar=water_resistance_bar, water_resistance_text=f"{water_resistance_bar} bar" if water_resistance_bar else "",
            deadline=TODAY + timedelta(days=deadline_in), status=status, movement_kind="quartz", brand="Swatch",
            technician_id=session.exec(select(Staff.id).where(Staff.login == technician)).one() if technician else None,
            bench_id=session.exec(select(Bench.id).where(Bench.code == bench)).one() if bench else None,
        )
        session.add(order)
        session.flush()
        for key in interventions:
            type_id = session.exec(select(InterventionType.id).where(InterventionType.key == key)).one()
            session.add(OrderIntervention(order_id=order.id, intervention_type_id=type_id))


def run_checklist(engine, bench: str, key: str, passed: bool, signed: bool = True) -> None:  # type: ignore[no-untyped-def]
    with write_session(engine) as session:
        session.add(ChecklistRun(
            template_id=session.exec(select(ChecklistTemplate.id).where(ChecklistTemplate.key == key)).one(),
            bench_id=session.exec(select(Bench.id).where(Bench.code == bench)).one(),
            run_by_id=session.exec(select(Staff.id).where(Staff.login == "cmartin")).one(),
            run_date=TODAY, started_at=FIXED_NOW, signed_at=FIXED_NOW if signed else None, passed=passed,
        ))


def test_the_lead_sees_overdue_calibration_first_then_due_and_due_soon(small_workshop) -> None:  # type: ignore[no-untyped-def]
    record(small_workshop, "AT-0001", "timegrapher_calibration", days_ago=380)
    record(small_workshop, "AT-0002", "wrist_strap_daily_test", days_ago=0)
    record(small_workshop, "AT-0003", "wr_tester_dry_leak_check", days_ago=27)
    record(small_workshop, "AT-0003", "wr_tester_dry_calibration", days_ago=100)
    items = lead_dashboard(small_workshop, TODAY).maintenance
    assert [(i.asset_tag, i.plan_key, i.state) for i in items.rows] == [
        ("AT-0001", "timegrapher_calibration", "overdue"),
        ("AT-0003", "wr_tester_dry_leak_check", "due_soon"),
    ]
    overdue = items.rows[0]
    assert (overdue.type_name_fr, overdue.plan_name_fr, overdue.where) == (
        "Appareil de contrôle de marche (vibrographe)", "Étalonnage annuel", "C1")
    assert overdue.next_due_on == TODAY - timedelta(days=15) and items.total == 2


def test_a_tool_never_checked_is_due_on_the_dashboard(small_workshop) -> None:  # type: ignore[no-untyped-def]
    states = {(i.asset_tag, i.plan_key): i.state for i in lead_dashboard(small_workshop, TODAY).maintenance.rows}
    assert states == {
        ("AT-0001", "timegrapher_calibration"): "due", ("AT-0002", "wrist_strap_daily_test"): "due",
        ("AT-0003", "wr_tester_dry_calibration"): "due", ("AT-0003", "wr_tester_dry_leak_check"): "due",
    }


def test_the_lead_sees_tools_out_of_service_with_the_reason(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.put_out_of_service(small_workshop, LEAD, FIXED_NOW, "AT-0003", "seal leaking")
    page = lead_dashboard(small_workshop, TODAY).out_of_service
    assert [(row.asset_tag, row.status_reason, row.type_name_en) for row in page.rows] == [
        ("AT-0003", "seal leaking", "Water-resistance tester, dry (vacuum/overpressure)")]


def test_the_lead_sees_lots_to_deal_with_and_supplies_to_reorder(small_workshop) -> None:  # type: ignore[no-untyped-def]
    receive = lambda supply, lot, quantity, expires: stock.receive_lot(  # noqa: E731
        small_workshop, LEAD, FIXED_NOW, supply, lot, quantity, "C1", expires_on=TODAY + timedelta(days=expires))
    receive("moebius_9010", "M-OLD", "1 ml", -3)
    receive("moebius_9010", "M-SOON", "1 ml", 12)
    receive("moebius_9010", "M-OPEN", "1 ml", 500)
    receive("moebius_9010", "M-FINE", "1 ml", 500)
    receive("battery_sr920sw", "B-FEW", "4 piece", 900)
    receive("battery_sr626sw", "B-MANY", "40 piece", 900)
    with write_session(small_workshop) as session:
        lot = session.exec(select(Lot).where(Lot.lot_number == "M-OPEN")).one()
        lot.opened_on = TODAY - timedelta(days=731)
        session.add(lot)
    dashboard = lead_dashboard(small_workshop, TODAY)
    assert [(a.lot_number, a.expiry) for a in dashboard.lots.rows] == [
        ("M-OLD", "expired"), ("M-OPEN", "open_too_long"), ("M-SOON", "expiring")]
    assert dashboard.lots.rows[0].supply_name_fr.startswith("Huile synthétique Moebius 9010")
    low = {row.key: row for row in dashboard.low_supplies.rows}
    assert (low["battery_sr920sw"].on_hand, low["battery_sr920sw"].state) == (4.0, "low")
    assert "battery_sr626sw" not in low
    assert "moebius_9010" not in low  # 4 ml, over its 2 ml point
    assert low["battery_cr2032"].state == "out"  # a reorder point and nothing in stock


def test_the_lead_sees_open_orders_past_or_near_their_deadline(small_workshop) -> None:  # type: ignore[no-untyped-def]
    add_order(small_workshop, "OR-LATE", -4, "accepted")
    add_order(small_workshop, "OR-NEAR", 2, "in_progress")
    add_order(small_workshop, "OR-LATER", 10, "received")
    add_order(small_workshop, "OR-DONE", -8, "done")
    late = lead_dashboard(small_workshop, TODAY).late_orders
    assert [(row.reference, row.days_left) for row in late.rows] == [("OR-LATE", -4), ("OR-NEAR", 2)]


@pytest.fixture
def claires_day(small_workshop):  # type: ignore[no-untyped-def]
    assign_technician(small_workshop, LEAD, FIXED_NOW, "B-QUARTZ", "cmartin")
    add_order(small_workshop, "OR-B", 5, "ready", ("strap_replacement",), technician="cmartin")
    add_order(small_workshop, "OR-A", 1, "in_progress", ("battery_change",), technician="cmartin", bench="B-QUARTZ",
              water_resistance_bar=3.0)
    add_order(small_workshop, "OR-OLD", -3, "done", ("battery_change",), technician="cmartin")
    return small_workshop


def test_a_technician_sees_their_bench_tools_and_orders_by_deadline(claires_day) -> None:  # type: ignore[no-untyped-def]
    day = technician_dashboard(claires_day, "cmartin", TODAY)
    assert (day.display_name, day.bench.code, day.bench.status) == ("Claire Martin", "B-QUARTZ", "open")
    assert [(t.asset_tag, t.status, t.maintenance) for t in day.bench.tools] == [("AT-0002", "in_service", "due")]
    assert [order.reference for order in day.orders] == ["OR-A", "OR-B"]
    assert day.bench.current_order.reference == "OR-A"


def test_bench_checklists_without_a_passing_signed_run_today_are_listed(claires_day) -> None:  # type: ignore[no-untyped-def]
    missing = [need.key for need in technician_dashboard(claires_day, "cmartin", TODAY).missing_checklists]
    assert missing == ["bench_opening", "quartz_esd", "water_resistance_testing"]  # quartz work: ESD; a 3 bar case: pressure test
    run_checklist(claires_day, "B-QUARTZ", "bench_opening", passed=True)
    run_checklist(claires_day, "B-QUARTZ", "quartz_esd", passed=False)
    run_checklist(claires_day, "B-QUARTZ", "water_resistance_testing", passed=True, signed=False)
    day = technician_dashboard(claires_day, "cmartin", TODAY)
    assert [need.key for need in day.missing_checklists] == ["quartz_esd", "water_resistance_testing"]
    assert [(run.template_key, run.passed, run.signed) for run in day.bench.checklist_runs] == [
        ("bench_opening", True, True), ("quartz_esd", False, True), ("water_resistance_testing", True, False)]
    assert day.missing_checklists[0].name_fr == "Travail quartz et ESD"


def test_someone_without_a_bench_and_an_unknown_login(small_workshop) -> None:  # type: ignore[no-untyped-def]
    day = technician_dashboard(small_workshop, "lead", TODAY)
    assert (day.bench, day.missing_checklists, day.orders) == (None, [], [])
    assert technician_dashboard(small_workshop, "ghost", TODAY) is None
