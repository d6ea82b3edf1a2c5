"""What each main screen looks like, at 80x24 and 120x40, in English and in French.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and
look at the report before committing."""

from __future__ import annotations

import pytest

from tests.tui.helpers import make_app, settle

VIEWS = {"dashboard": "1", "benches": "2", "tools": "3", "supplies": "4", "orders": "5", "planner": "6", "audit": "7"}


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_main_screen(snap_compare, demo_db, view: str, size: tuple[int, int], language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language=language)

    async def open_view(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(app, pilot)
        await pilot.press(VIEWS[view])
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_view)
