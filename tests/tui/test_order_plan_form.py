"""The order screen's grade and estimate: shown with bench time and running-in apart, changed by a
lead in a form whose refusals land under the field they name (issues 16 and 21)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select
from textual.widgets import Input, Static

from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import AuditEvent, Calibre, InterventionType, OrderIntervention, RepairOrder
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.tui.helpers import make_app, press, settle, type_text


@pytest.fixture
def service_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """OR-M: an ETA 2824-2 in for a full service, no grade and no estimate of its own."""
    prepare_workshop(catalogued_engine, cells=1)
    add_battery_order(catalogued_engine, "OR-M", bench="QZ-A")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-M")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "eta_2824_2")).scalar_one()
        order.movement_kind, order.battery = "automatic", ""
        link = session.execute(select(OrderIntervention).where(OrderIntervention.order_id == order.id)).scalar_one()
        link.intervention_type_id = session.execute(
            select(InterventionType.id).where(InterventionType.key == "full_service_automatic")).scalar_one()
    return catalogued_db


def summary(app) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=160, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one("#summary", Static).content)
    return console.export_text()


def stored(db: Path) -> tuple:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-M")).scalar_one()
            audited = session.execute(select(AuditEvent.action).where(AuditEvent.entity_key == "OR-M")).scalars().all()
            return order.grade, order.estimate_minutes, order.estimate_text, list(audited)
    finally:
        engine.dispose()


async def open_order(app, pilot, reference: str) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_order(reference)
    await settle(app, pilot)
    assert isinstance(app.screen, OrderDetailScreen)


async def test_a_lead_sets_the_grade_and_estimate_in_the_order_form(service_db: Path) -> None:
    app = make_app(service_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_order(app, pilot, "OR-M")
        shown = summary(app)
        assert "the calibre's own tolerances (no grade on the order)" in shown
        assert "5 h at the bench (the interventions' estimates), then 24 h of running-in" in shown
        await press(app, pilot, "g")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "platinum")
        await press(app, pilot, "enter")  # to the estimate
        await type_text(app, pilot, "2 workday")
        await press(app, pilot, "enter")  # saves: refused under the grade, what was typed stays
        assert isinstance(app.screen, FormModal)
        error = str(app.screen.query_one("#error-grade", Static).content)
        assert error == "grade: 'platinum' is not a grade of calibre ETA 2824-2; expected one of standard, elabore, top, chronometer"
        assert app.screen.query_one("#field-estimate", Input).value == "2 workday"
        assert stored(service_db)[:3] == ("", None, "")
        await press(app, pilot, *["backspace"] * len("platinum"))
        await type_text(app, pilot, "top")
        await press(app, pilot, "enter", "enter")
        assert isinstance(app.screen, OrderDetailScreen)
        await settle(app, pilot)
        shown = summary(app)
        assert "grade Top" in shown and "14 h at the bench (the order's estimate), then 24 h of running-in" in shown
    grade, minutes, text, audited = stored(service_db)
    assert (grade, minutes, text) == ("top", 840, "2 workday") and "order.set_plan" in audited


async def test_a_technician_is_not_offered_the_form(service_db: Path) -> None:
    app = make_app(service_db, login="slefevre")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_order(app, pilot, "OR-M")
        assert "g" not in {active.binding.key for active in app.active_bindings.values() if active.binding.show}
        await press(app, pilot, "g")
        assert not isinstance(app.screen, FormModal)
    assert stored(service_db)[0] == ""
