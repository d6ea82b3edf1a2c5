"""The sheet screen writes an amplitude as watchmakers do, 285°, in its table, in the notice that
says pass or fail, and in the example under the value field, whatever way it was typed."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import Input, Static

from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from atelier_tui.tui.screens.sheet import SheetScreen
from tests.tui.helpers import make_app, press, settle, type_text


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


async def test_an_amplitude_typed_in_deg_is_shown_with_the_degree_sign(demo_db: Path) -> None:
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0008")
        await settle(app, pilot)
        assert isinstance(app.screen, OrderDetailScreen)
        await press(app, pilot, "f")
        await settle(app, pilot)
        assert isinstance(app.screen, SheetScreen)
        await press(app, pilot, "m")
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-value", Input).placeholder == "e.g. +4 s/d, 285°, 0.4 ms"
        await type_text(app, pilot, "amplitude")
        await press(app, pilot, "enter")
        app.screen.query_one("#field-value", Input).value = "285 deg"
        app.screen.query_one("#field-position", Input).value = "CH"
        app.screen.query_one("#field-tool", Input).value = "AT-00077"
        app.screen.query_one("#field-result", Input).focus()
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SheetScreen)
        assert "amplitude 285°: ✓ pass" in [str(notification.message) for notification in app._notifications]
        records = shown(app, "#sheet-records")
        assert "285°" in records and "200° … 315°" in records
        assert "deg" not in records
