"""The readiness check and the start gate on a real SQLite workshop: verdicts read from the
database, supplies reserved at start, concessions, and two benches racing for the last cell."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor

import pytest
from sqlalchemy import select

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.readiness.check import check_order
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import (
    AuditEvent,
    InterventionSheet,
    Lot,
    RepairOrder,
    SheetEntry,
    SheetLotUse,
    SheetToolUse,
    Tool,
)
from atelier_tui.wording import finding_message, say
from tests.support.readiness_db import NOW, TODAY, add_battery_order, prepare_workshop

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

TECHNICIAN = Actor("slefevre", role="technician")
LEAD = Actor("cmartin", role="lead")


@pytest.fixture
def battery_workshop(catalogued_engine):  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine, cells=1)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A")
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B")
    return catalogued_engine


def test_a_prepared_bench_is_ready_and_the_377_is_served_by_a_sr626sw_lot(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    verdict = check_order(battery_workshop, "OR-A", None, NOW, TODAY)
    assert verdict.ready, [finding_message(f) for f in verdict.blocking]
    picks = {pick.lot_number: pick.supply_key for a in verdict.allocations for pick in a.lots}
    assert picks["R-626-01"] == "battery_sr626sw"


def test_unknown_order_or_bench_is_refused_naming_the_field(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as unknown_order:
        check_order(battery_workshop, "OR-NOPE", "QZ-A", NOW, TODAY)
    assert unknown_order.value.field == "order"
    with pytest.raises(ServiceError) as unknown_bench:
        check_order(battery_workshop, "OR-A", "XX-99", NOW, TODAY)
    assert unknown_bench.value.field == "bench"


def test_starting_reserves_the_cell_opens_the_sheet_and_the_other_bench_sees_it_gone(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    started = start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-A")
    assert started.bench == "QZ-A" and not started.concession
    with read_session(battery_workshop) as session:
        lot = session.execute(select(Lot).where(Lot.lot_number == "R-626-01")).scalar_one()
        assert (lot.quantity_micro, lot.reserved_micro) == (1_000_000, 1_000_000)
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        assert order.status == "in_progress"
        sheet = session.get(InterventionSheet, started.sheet_id)
        assert sheet is not None and sheet.verdict["ready"] is True
        steps = session.execute(select(SheetEntry).where(SheetEntry.sheet_id == sheet.id)).scalars().all()
        assert len(steps) >= 5 and all(step.kind == "step" for step in steps)
        assert session.execute(select(SheetLotUse.state).where(SheetLotUse.sheet_id == sheet.id)).scalars().all().count("reserved") == 2
        assert session.execute(select(AuditEvent).where(AuditEvent.action == "order.start")).scalar_one().actor == "slefevre"
        used = session.execute(select(Tool.asset_tag).join(SheetToolUse, SheetToolUse.tool_id == Tool.id)
                               .where(SheetToolUse.sheet_id == sheet.id)).scalars().all()
        assert "QZ-A-03" in used and all(tag.startswith("QZ-A-") for tag in used)  # the tools in hand on the bench
    other = check_order(battery_workshop, "OR-B", None, NOW, TODAY)
    finding = next(f for f in other.findings if f.requirement == "supply:battery_sr626sw")
    assert (finding.code, finding.blocking) == ("insufficient_stock", True)


def test_an_order_already_started_cannot_start_again(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-A")
    with pytest.raises(ServiceError, match="in_progress"):
        start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-A")


def test_not_ready_needs_a_leads_concession_with_a_reason(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-A")
    with pytest.raises(ServiceError, match=r"\(stock\)") as refused:
        start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-B")
    assert refused.value.field == "concession"
    with pytest.raises(ServiceError, match="only a lead"):
        start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-B", concession="customer brings the cell")
    started = start_order(battery_workshop, LEAD, NOW, TODAY, "OR-B", concession="Customer brings his own cell")
    assert (started.concession == "Customer brings his own cell" and started.reserved == ()) or all(
        pick.supply_key != "battery_sr626sw" for pick in started.reserved)
    with read_session(battery_workshop) as session:
        sheet = session.get(InterventionSheet, started.sheet_id)
        assert sheet is not None and sheet.concession_reason == "Customer brings his own cell" and sheet.verdict["ready"] is False
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "order.start", AuditEvent.entity_key == "OR-B")).scalar_one()
        assert event.reason == "Customer brings his own cell" and event.actor == "cmartin"


def _start_in_another_process(url: str, reference: str) -> str:
    engine = make_engine(url)
    try:
        start_order(engine, TECHNICIAN, NOW, TODAY, reference)
        return "started"
    except ServiceError as refusal:
        return f"refused: {refusal}"
    finally:
        engine.dispose()


def test_two_benches_racing_for_the_last_cell_exactly_one_wins(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    url = str(battery_workshop.url)
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        outcomes = list(pool.map(_start_in_another_process, [url, url], ["OR-A", "OR-B"]))
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["refused", "started"], outcomes
    assert "(stock)" in next(outcome for outcome in outcomes if outcome.startswith("refused"))
    with read_session(battery_workshop) as session:
        lot = session.execute(select(Lot).where(Lot.lot_number == "R-626-01")).scalar_one()
        assert lot.reserved_micro == lot.quantity_micro == 1_000_000


def test_the_leads_dashboard_lists_orders_whose_bench_is_not_ready_with_the_reason(battery_workshop) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.overview.dashboard import lead_dashboard

    assert lead_dashboard(battery_workshop, TODAY, NOW).blocked_orders.rows == []  # both benches ready
    start_order(battery_workshop, TECHNICIAN, NOW, TODAY, "OR-A")
    blocked = lead_dashboard(battery_workshop, TODAY, NOW).blocked_orders
    assert [(row.reference, row.bench_code, row.code) for row in blocked.rows] == [("OR-B", "QZ-B", "insufficient_stock")]
    assert "needed" in say(blocked.rows[0].detail) and blocked.total == 1
