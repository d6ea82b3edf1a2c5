"""Taking a watch in from the Orders list (`n`) and assigning an order from its screen (`A`), as a
lead does at 80 columns: what was typed is what is stored, an empty field stays empty, a bad length
is refused under its field with nothing written, and whoever may not is told why (issue 18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from textual.widgets import Button, Input, Select, SelectionList, Static

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, Bench, Calibre, InterventionType, OrderIntervention, RepairOrder, Staff
from atelier_tui.tui.screens.order_assign import AssignModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.screens.order_intake import IntakeModal
from atelier_tui.tui.screens.orders import OrdersScreen
from tests.tui.helpers import make_app, press, settle, type_text


def stored_orders(db: Path) -> dict[str, Any]:
    """Each order by reference, with its calibre key and intervention keys."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            orders = {}
            for order in session.execute(select(RepairOrder)).scalars():
                calibre = session.get(Calibre, order.calibre_id) if order.calibre_id else None
                keys = session.execute(select(InterventionType.key).join(
                    OrderIntervention, OrderIntervention.intervention_type_id == InterventionType.id).where(
                    OrderIntervention.order_id == order.id).order_by(OrderIntervention.position)).scalars().all()
                orders[order.reference] = (order, calibre.key if calibre else None, list(keys))
            return orders
    finally:
        engine.dispose()


def audited(db: Path, action: str) -> list[AuditEvent]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return list(session.execute(select(AuditEvent).where(AuditEvent.action == action)).scalars())
    finally:
        engine.dispose()


async def open_intake(app: Any, pilot: Any) -> IntakeModal:
    await settle(app, pilot)
    await press(app, pilot, "5")
    assert isinstance(app.screen, OrdersScreen)
    await press(app, pilot, "n")
    assert isinstance(app.screen, IntakeModal)
    return app.screen


async def fill(app: Any, pilot: Any, name: str, typed: str) -> None:
    """Focus a field as Tab would reach it and type into it."""
    field = app.screen.query_one(f"#field-{name}", Input)
    field.focus()
    await settle(app, pilot)
    assert app.screen.focused is field
    await type_text(app, pilot, typed)


async def pick(app: Any, pilot: Any, name: str, search: str) -> None:
    """Open a Select, type to find the option, take it."""
    app.screen.query_one(f"#field-{name}", Select).focus()
    await press(app, pilot, "enter")
    await type_text(app, pilot, search)
    await press(app, pilot, "enter")


async def tick(app: Any, pilot: Any, label: str) -> None:
    """Move down the intervention list to the one named `label` and tick it with the space bar."""
    listing = app.screen.query_one("#field-interventions", SelectionList)
    listing.focus()
    await settle(app, pilot)
    labels = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
    listing.highlighted = 0
    await press(app, pilot, *["down"] * labels.index(label), "space")


async def submit(app: Any, pilot: Any) -> None:
    """Tab to the button, which scrolls into sight, and press it."""
    modal = app.screen
    button = modal.query_one("#submit", Button)
    for _ in range(80):
        if modal.focused is button:
            break
        await press(app, pilot, "tab")
    assert modal.focused is button
    assert button.region.y + button.region.height <= app.size.height  # scrolled to, not under the screen's edge
    await press(app, pilot, "enter")
    await settle(app, pilot)


async def test_a_lead_takes_a_watch_in_and_exactly_what_was_typed_is_stored(demo_db: Path) -> None:
    before = set(stored_orders(demo_db))
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(app, pilot)
        await fill(app, pilot, "brand", "Omega")
        await fill(app, pilot, "model", "Seamaster 300")
        await pick(app, pilot, "calibre", "ETA 2824")
        await fill(app, pilot, "customer_ref", "C-4410")
        await fill(app, pilot, "case_serial", "81234567")
        await tick(app, pilot, "Full service, automatic watch")
        await fill(app, pilot, "deadline", "2026-12-30")
        await pick(app, pilot, "grade", "Top")
        await fill(app, pilot, "estimate", "2 workday")
        await fill(app, pilot, "case_diameter", "41.5 mm")
        await fill(app, pilot, "lug_width", "20")
        await pick(app, pilot, "case_back", "Screw")
        await submit(app, pilot)
        assert isinstance(app.screen, OrderDetailScreen)  # the new order opens
        reference = app.screen.reference
    orders = stored_orders(demo_db)
    assert set(orders) - before == {reference}
    order, calibre, interventions = orders[reference]
    assert (order.brand, order.model, calibre, interventions) == ("Omega", "Seamaster 300", "eta_2824_2", ["full_service_automatic"])
    assert (order.customer_ref, order.case_serial, order.deadline) == ("C-4410", "81234567", date(2026, 12, 30))
    assert (order.grade, order.estimate_minutes, order.estimate_text) == ("top", 14 * 60, "2 workday")
    assert (order.case_diameter_mm, order.lug_width_mm, order.case_back) == (41.5, 20.0, "screw_down")
    # Nothing typed, nothing stored: no length, no crystal, no crown, no mark, no cell, no bench.
    assert (order.crystal_diameter_mm, order.crystal_thickness_mm, order.crown_diameter_mm, order.gasket_section_mm) == (
        None, None, None, None)
    assert (order.crystal_material, order.crystal_shape, order.crown_type) == (None, None, None)
    assert (order.water_resistance_bar, order.water_resistance_text, order.battery) == (None, "", "")
    assert (order.bench_id, order.technician_id, order.reception_notes, order.vintage) == (None, None, "", False)
    created = audited(demo_db, "order.create")
    assert [(event.actor, event.entity_key) for event in created] == [("cmartin", reference)]


async def test_a_bad_diameter_is_refused_under_its_field_and_nothing_is_written(demo_db: Path) -> None:
    before = stored_orders(demo_db)
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        modal = await open_intake(app, pilot)
        await fill(app, pilot, "brand", "Tissot")
        await fill(app, pilot, "model", "PRX")
        await pick(app, pilot, "calibre", "ETA F06")
        await tick(app, pilot, "Battery change")
        await fill(app, pilot, "deadline", "2026-12-30")
        await fill(app, pilot, "case_diameter", "40 kg")
        await submit(app, pilot)
        assert app.screen is modal  # still open, with what was typed
        error = str(modal.query_one("#error-case_diameter", Static).content)
        assert error == "Case diameter: '40 kg' is a mass; expected a length (mm)"
        assert modal.focused is modal.query_one("#field-case_diameter", Input)
        assert modal.query_one("#field-brand", Input).value == "Tissot"
        await press(app, pilot, "escape")
        assert isinstance(app.screen, OrdersScreen)
    assert set(stored_orders(demo_db)) == set(before)
    assert audited(demo_db, "order.create") == []


async def test_a_refusal_of_the_service_lands_under_the_field_by_its_label(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_intake(app, pilot)
        await fill(app, pilot, "brand", "Tissot")
        await fill(app, pilot, "model", "PRX")
        await tick(app, pilot, "Battery change")
        await submit(app, pilot)  # no deadline
        assert app.screen is modal
        assert str(modal.query_one("#error-deadline", Static).content) == "Deadline: nothing given; expected a date (YYYY-MM-DD)"
    assert audited(demo_db, "order.create") == []


async def test_a_read_only_workstation_is_told_why_it_cannot_take_a_watch_in(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin", readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "5", "n")
        assert isinstance(app.screen, OrdersScreen)
        said = [notice.message for notice in app._notifications]
        assert "This workstation is read-only: nothing can be changed from it." in said


async def test_a_lead_assigns_an_order_to_a_bench_and_a_technician_and_it_is_audited(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-2026-0010")).scalar_one()
        was = (order.bench_id, order.technician_id)
    engine.dispose()
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0010")
        await settle(app, pilot)
        await press(app, pilot, "A")
        assert isinstance(app.screen, AssignModal)
        await pick(app, pilot, "bench", "ME-01")
        await pick(app, pilot, "technician", "Sophie")
        app.screen.query_one("#submit", Button).focus()
        await press(app, pilot, "enter")
        assert isinstance(app.screen, OrderDetailScreen)
    orders = stored_orders(demo_db)
    order = orders["OR-2026-0010"][0]
    engine = make_engine(f"sqlite:///{demo_db}")
    with read_session(engine) as session:
        bench = session.execute(select(Bench.id).where(Bench.code == "ME-01")).scalar_one()
        sophie = session.execute(select(Staff.id).where(Staff.login == "slefevre")).scalar_one()
    engine.dispose()
    assert (order.bench_id, order.technician_id) == (bench, sophie) != was
    events = audited(demo_db, "order.set_bench")
    assert [(e.actor, e.entity_key, e.after["bench_id"], e.after["technician_id"]) for e in events] == [
        ("cmartin", "OR-2026-0010", bench, sophie)]


async def test_a_technician_pressing_assign_is_told_why_not_and_nothing_changes(demo_db: Path) -> None:
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0010")
        await settle(app, pilot)
        await press(app, pilot, "A")
        assert isinstance(app.screen, OrderDetailScreen)
        said = [notice.message for notice in app._notifications]
        assert "tmoreau (technician) may not assign an order to a bench or a technician: this needs lead / admin" in said
    assert audited(demo_db, "order.set_bench") == []


async def test_in_french_a_bad_estimate_is_said_in_french_under_its_field(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin", language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        modal = await open_intake(app, pilot)
        await fill(app, pilot, "brand", "Tissot")
        await fill(app, pilot, "model", "PRX")
        await tick(app, pilot, "Changement de pile")
        await fill(app, pilot, "deadline", "2026-12-30")
        await fill(app, pilot, "estimate", "3 kg")
        await submit(app, pilot)
        assert app.screen is modal
        assert str(modal.query_one("#error-estimate", Static).content) == (
            "Estimation du temps d\u2019établi\u202f: '3 kg' est une masse\u202f; attendu\u202f: une durée (min)")
    assert audited(demo_db, "order.create") == []


async def test_an_order_whose_work_started_keeps_its_bench_said_under_the_bench(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0005")
        await settle(app, pilot)
        await press(app, pilot, "A")
        modal = app.screen
        assert isinstance(modal, AssignModal)
        await pick(app, pilot, "bench", "QZ-01")
        modal.query_one("#submit", Button).focus()
        await press(app, pilot, "enter")
        assert app.screen is modal
        assert str(modal.query_one("#error-bench", Static).content) == (
            "order OR-2026-0005 is in progress; its bench cannot change now")
    assert audited(demo_db, "order.set_bench") == []
