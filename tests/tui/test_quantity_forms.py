"""Issue 17 item 1, from the keyboard: every form that takes a quantity refuses, under the field, a
bare unit, an empty value, NaN, infinities and an absurd magnitude, and stores nothing (the rule
of domain/units.py, the same for every form and command)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select
from textual.widgets import Input, Static

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Lot, SheetMeasurement, StockMovement
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.sheet import SheetScreen
from tests.tui.helpers import make_app, press, settle
from tests.tui.test_sheet_screen import open_sheet, sheet_db  # noqa: F401
from tests.tui.test_supplies_flows import open_supply

SUPPLY = "rodico"  # counted in pieces; the demo holds lots of it


def bad_values(bare_unit: str, unit: str) -> list[str]:
    return [bare_unit, "", "   ", "nan", "inf", f"nan {unit}", f"-inf {unit}", f"5e9 {unit}"]


def stored(db: Path) -> tuple[Any, ...]:
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        lots = session.exec(select(Lot.lot_number, Lot.quantity_micro, Lot.reserved_micro).order_by(Lot.id)).all()
        movements = session.exec(select(func.count()).select_from(StockMovement)).one()
        measurements = session.exec(select(func.count()).select_from(SheetMeasurement)).one()
    engine.dispose()
    return tuple(lots), movements, measurements


async def refused_under_the_field(app, pilot, key: str, fields: dict[str, str], field: str, values: list[str],  # type: ignore[no-untyped-def]
                                  named: str | None = None) -> None:
    """For each value: open the form, fill it in with every other field right: the refusal shows
    under `field` as it is typed (naming it `named`, by default the field); submitted, the form
    stays open with it, and is then cancelled."""
    named = named or field
    for value in values:
        await press(app, pilot, key)
        assert isinstance(app.screen, FormModal)
        for name, typed in {**fields, field: value}.items():
            app.screen.query_one(f"#field-{name}", Input).value = typed
        await settle(app, pilot)
        if value.strip():  # said while typing, by the form's own check with domain/units.py
            assert str(app.screen.query_one(f"#error-{field}", Static).render()).startswith(f"{named}:"), value
        app.screen.action_submit()
        await settle(app, pilot)
        assert isinstance(app.screen, FormModal), f"{value!r} was accepted"
        error = str(app.screen.query_one(f"#error-{field}", Static).render())
        assert error.startswith(f"{named}:"), (value, error)
        await press(app, pilot, "escape")
        assert not isinstance(app.screen, FormModal)


SUPPLY_FORMS = {
    "receive": ("n", {"lot_number": "R-NEW-1", "quantity": "", "location": "C1", "expires_on": ""}, "quantity"),
    "consume": ("c", {"quantity": "", "order": ""}, "quantity"),
    "adjust": ("a", {"change": "", "reason": "counted at inventory"}, "change"),
    "dispose": ("d", {"quantity": "", "waste_stream": "general", "reason": "dried out"}, "quantity"),
}


@pytest.mark.parametrize("form", list(SUPPLY_FORMS))
async def test_supply_forms_refuse_a_quantity_without_a_number_and_a_unit(demo_db, form: str) -> None:  # type: ignore[no-untyped-def]
    key, fields, field = SUPPLY_FORMS[form]
    before = stored(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_supply(app, pilot, SUPPLY)
        await refused_under_the_field(app, pilot, key, fields, field, bad_values("pcs", "pcs"))
    assert stored(demo_db) == before


@pytest.mark.parametrize(("quantity", "bare_unit", "unit"), [("rate", "s/d", "s/d"), ("amplitude", "deg", "deg"), ("current", "uA", "uA")])
async def test_the_measurement_form_refuses_a_value_without_a_number_and_a_unit(sheet_db, quantity: str, bare_unit: str, unit: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    before = stored(sheet_db)
    app = make_app(sheet_db, login="slefevre")
    async with app.run_test(size=(100, 40)) as pilot:
        await open_sheet(app, pilot)
        fields = {"quantity": quantity, "value": "", "position": "", "tool": "QZ-A-05", "result": ""}
        await refused_under_the_field(app, pilot, "m", fields, "value", bad_values(bare_unit, unit))
        assert isinstance(app.screen, SheetScreen)
    assert stored(sheet_db) == before


async def test_a_maintenance_reading_refuses_a_value_without_a_number_and_a_unit(demo_db) -> None:  # type: ignore[no-untyped-def]
    """The planner's record form: a reading may be left empty (the service then asks for one), but
    one typed is a number with a unit of the test point's kind."""
    from tests.tui.test_planner import TIMEGRAPHER, due_item, open_planner

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        assert screen.current_key() == TIMEGRAPHER  # its first test point is a rate, in s/d
        values = [value for value in bad_values("s/d", "s/d") if value.strip()]
        await refused_under_the_field(app, pilot, "r", {"result": "pass"}, "found-0", values, named="Rate against quartz reference")
    assert due_item(demo_db, "AT-00046", "timegrapher_calibration").state == "overdue"
