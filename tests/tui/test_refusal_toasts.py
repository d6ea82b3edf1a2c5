"""A key pressed again and refused again does not pile toasts over the screen: the refusal is said
once, with how many times (issue 18, item 7), in the interface's words (item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._toast import Toast

from tests.tui.helpers import make_app, press, settle

REFUSALS = {
    "en": "tmoreau (technician) may not assign an order to a bench or a technician: this needs lead / admin (×3)",
    "fr": "tmoreau (technicien) ne peut pas affecter un ordre à un poste ou à un technicien\u202f: "
          "il faut être chef d'atelier / administrateur (×3)",
}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_a_technician_pressing_assign_three_times_gets_one_toast_counting_them(
        demo_db: Path, language: str, size: tuple[int, int]) -> None:
    app = make_app(demo_db, login="tmoreau", language=language)
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(app, pilot)
        app.open_order("OR-2026-0008")
        await settle(app, pilot)
        await press(app, pilot, "A", "A", "A")
        assert [str(notification.message) for notification in app._notifications] == [REFUSALS[language]]
        assert len(app.screen.query(Toast)) == 1
