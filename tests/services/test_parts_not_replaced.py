"""Issue 16 item 18: a battery change started on a lead's concession with no cell in stock cannot
close until a cell is fitted or recorded as not replaced, with a reason, and the sheet says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.orders.start import start_order
from atelier_tui.services.sheets.keeping import check_close, close_sheet, sheet_of, tick_step
from atelier_tui.services.sheets.markdown import sheet_markdown
from atelier_tui.services.sheets.parts import record_not_replaced
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import AuditEvent, Calibre, RepairOrder
from tests.support.readiness_db import NOW, TODAY, add_battery_order, prepare_workshop

pytestmark = pytest.mark.backends

TECHNICIAN = Actor("slefevre", role="technician")
LEAD = Actor("cmartin", role="lead")
LATER = NOW + timedelta(minutes=25)


def start(engine, cells: int, concession: str = "") -> None:  # type: ignore[no-untyped-def]
    prepare_workshop(engine, cells=cells)
    add_battery_order(engine, "OR-A", bench="QZ-A")
    with write_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    start_order(engine, LEAD if concession else TECHNICIAN, NOW, TODAY, "OR-A", concession=concession)
    for step in sheet_of(engine, "OR-A").steps:
        tick_step(engine, TECHNICIAN, LATER, "OR-A", step.position)


@pytest.fixture
def conceded(catalogued_engine):  # type: ignore[no-untyped-def]
    """OR-A, a battery change on a Miyota 2035, started on a concession with no cell in stock; every step ticked."""
    start(catalogued_engine, cells=0, concession="Customer waits; a cell is coming this afternoon")
    return catalogued_engine


@pytest.fixture
def fitted(catalogued_engine):  # type: ignore[no-untyped-def]
    """The same job with its cell reserved at start."""
    start(catalogued_engine, cells=1)
    return catalogued_engine


def status(engine) -> str:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.execute(select(RepairOrder.status).where(RepairOrder.reference == "OR-A")).scalar_one()


def test_closing_is_refused_before_any_question_naming_the_cell(conceded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkshopRefusal) as checked:
        check_close(conceded, TECHNICIAN, "OR-A")
    assert checked.value.field == "part"
    assert str(checked.value).startswith("cell (") and "was neither fitted nor recorded as not replaced" in str(checked.value)
    with pytest.raises(WorkshopRefusal, match=r"^cell \("):
        close_sheet(conceded, TECHNICIAN, LATER, "OR-A")
    assert status(conceded) == "in_progress" and sheet_of(conceded, "OR-A").is_open


def test_a_cell_recorded_as_not_replaced_with_a_reason_lets_the_sheet_close_and_is_exported(conceded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as no_reason:
        record_not_replaced(conceded, TECHNICIAN, LATER, "OR-A", "battery", "  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(ServiceError) as not_this_job:
        record_not_replaced(conceded, TECHNICIAN, LATER, "OR-A", "movement", "Customer keeps the old one")
    assert not_this_job.value.field == "part"
    with pytest.raises(ServiceError) as unknown:
        record_not_replaced(conceded, TECHNICIAN, LATER, "OR-A", "dial", "Customer keeps the old one")
    assert unknown.value.field == "part"

    record_not_replaced(conceded, TECHNICIAN, LATER, "OR-A", "battery", "Old cell tested at 1.55 V; customer keeps it")

    with read_session(conceded) as session:
        event = session.execute(select(AuditEvent).where(AuditEvent.action == "sheet.not_replaced")).scalar_one()
    assert event.actor == "slefevre" and event.after["part"] == "battery" and event.reason.startswith("Old cell tested")
    assert "not replaced: Old cell tested at 1.55 V; customer keeps it" in sheet_markdown(conceded, "OR-A")
    check_close(conceded, TECHNICIAN, "OR-A")
    close_sheet(conceded, TECHNICIAN, LATER, "OR-A")
    assert status(conceded) == "quality_control"


def test_a_fitted_cell_closes_and_cannot_be_said_not_replaced(fitted) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WorkshopRefusal) as refused:
        record_not_replaced(fitted, TECHNICIAN, LATER, "OR-A", "battery", "Customer keeps the old one")
    assert refused.value.field == "part" and "was fitted" in str(refused.value)
    check_close(fitted, TECHNICIAN, "OR-A")
    close_sheet(fitted, TECHNICIAN, LATER, "OR-A")
    assert status(fitted) == "quality_control"
