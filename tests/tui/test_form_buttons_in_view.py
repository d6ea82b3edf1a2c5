"""At 80x24 the receive and dispose forms are taller than the screen: their buttons start below the
edge, and Tab to them scrolls them into sight (issue 18, item 4), in English and in French."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Button

from atelier_tui.tui.screens.form import FormModal
from tests.tui.helpers import make_app, press, settle


def screen_lines(app: Any) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def buttons_line(app: Any) -> str | None:
    """The line where both buttons' labels read side by side, if it is on the screen."""
    cancel = str(app.screen.query_one("#cancel", Button).label)
    submit = str(app.screen.query_one("#submit", Button).label)
    return next((line for line in screen_lines(app) if cancel in line and submit in line), None)


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("form_key", ["n", "d"], ids=["receive", "dispose"])
async def test_tab_to_the_save_button_brings_the_buttons_into_sight(demo_db, form_key: str, language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.open_supply("battery_sr920sw")
        await settle(app, pilot)
        await press(app, pilot, form_key)
        assert isinstance(app.screen, FormModal)
        assert buttons_line(app) is None  # below the edge of the screen
        submit = app.screen.query_one("#submit", Button)
        for _ in range(12):  # the form's fields, then Cancel, then the button
            if app.focused is submit:
                break
            await press(app, pilot, "tab")
        assert app.focused is submit
        await settle(app, pilot)
        assert buttons_line(app) is not None
