"""What the intake form (`n` in Orders) looks like, at 80x24 scrolled to its buttons (Tab from
field to field brings each into sight) and at 120x40 as it opens, in English and in French.

Update after an intended change with `pytest tests/tui/test_order_intake_snapshots.py
--snapshot-update` and look at the report before committing."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from tests.tui.helpers import make_app, press, settle


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_intake_form(snap_compare, demo_db, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login="cmartin", language=language)

    async def opened(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await press(app, pilot, "5", "n")
        for field in app.screen.query(Input):  # a blinking cursor would be drawn or not by the moment
            field.cursor_blink = False
        if size == (80, 24):
            button = app.screen.query_one("#submit", Button)
            while app.screen.focused is not button:
                await press(app, pilot, "tab")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=opened)
