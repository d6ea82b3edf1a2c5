"""k9s habits: number keys, `:` jump, ctrl+p palette, `?` help, escape back; a barcode scanner;
errors in a modal, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Static

from atelier_tui.tui.screens.dashboard import DashboardScreen
from atelier_tui.tui.screens.error import ErrorModal
from atelier_tui.tui.screens.help import HelpModal
from atelier_tui.tui.screens.orders import OrdersScreen
from atelier_tui.tui.screens.supplies import SuppliesScreen
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from atelier_tui.tui.screens.tools import ToolsScreen
from tests.tui.helpers import make_app, press, settle, type_text


async def test_number_keys_and_colon_jump_switch_views(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        await press(app, pilot, "5")
        assert isinstance(app.screen, OrdersScreen)
        await press(app, pilot, "colon")
        await type_text(app, pilot, "supp")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, SuppliesScreen)
        await press(app, pilot, "1")
        assert isinstance(app.screen, DashboardScreen)


async def test_escape_goes_back_from_a_detail(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3", "enter")
        assert isinstance(app.screen, ToolDetailScreen)
        await press(app, pilot, "escape")
        assert isinstance(app.screen, ToolsScreen)


async def test_palette_jumps_to_a_tool_by_asset_tag(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+p")
        await type_text(app, pilot, "AT-00042")
        await pilot.pause(0.5)  # the palette searches in a thread, then shows its hits
        await settle(app, pilot)
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ToolDetailScreen)
        assert app.screen.asset_tag == "AT-00042"


async def test_palette_finds_an_order_by_reference(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "ctrl+p")
        await type_text(app, pilot, "OR-2026-0007")
        await pilot.pause(0.5)
        await settle(app, pilot)
        await press(app, pilot, "enter")
        assert getattr(app.screen, "reference", None) == "OR-2026-0007"


async def test_a_scanned_asset_tag_opens_its_tool(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, scanner_gap_ms=1000)  # a generous gap: the test machine may be slow
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"AT-00042", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ToolDetailScreen)
        assert app.screen.asset_tag == "AT-00042"


async def test_slow_typing_is_not_a_scan(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, scanner_gap_ms=30)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for key in "35":
            await pilot.press(key)
            time.sleep(0.1)  # a person, not a scanner
            await settle(app, pilot)
        assert isinstance(app.screen, OrdersScreen)


async def test_keys_typed_fast_after_slash_reach_the_filter_in_order(demo_db) -> None:  # type: ignore[no-untyped-def]
    """A fast typist (or a browser tab relaying keys in a burst): the key right after `/` arrives
    before the filter has focus and is held as a possible scan; it must come first in the filter,
    not after the keys typed once the filter had focus."""
    from textual import events
    from textual.widgets import Input

    # Orders first, so that no key comes before `/`; with this gap every key after it is "fast".
    app = make_app(demo_db, scanner_gap_ms=5000, first_view="orders")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, OrdersScreen)
        app.post_message(events.Key("slash", "/"))
        app.post_message(events.Key("O", "O"))  # before the filter field has focus
        await pilot.pause()
        assert isinstance(app.focused, Input)
        await pilot.press(*"R-2026-0005")
        await settle(app, pilot)
        assert app.focused.value == "OR-2026-0005"
        assert "1–1 of 1" in str(app.screen.query_one("#page-info", Static).render())


async def test_help_lists_the_keys_of_the_current_screen(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3", "question_mark")
        assert isinstance(app.screen, HelpModal)
        keys = dict(app.screen.rows)
        assert keys["o"] == "Check out" and keys["/"] == "Filter" and keys["3"] == "Tools"
        await press(app, pilot, "escape")
        await press(app, pilot, "f1")
        assert isinstance(app.screen, HelpModal)


async def test_an_unexpected_error_is_shown_in_a_modal_and_logged(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    app = make_app(demo_db)

    def broken(context) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.call(broken)
        await settle(app, pilot)
        assert isinstance(app.screen, ErrorModal)
        assert "disk on fire" in str(app.screen.query(Static)[1].render())
        await press(app, pilot, "escape")
        assert isinstance(app.screen, DashboardScreen)
    log = os.path.join(os.environ["XDG_STATE_HOME"], "atelier", "atelier.log")
    assert "RuntimeError: disk on fire" in Path(log).read_text(encoding="utf-8")


@pytest.mark.parametrize(("view", "field"), [("tools", "#filter"), ("planner", "#planner-filter")])
async def test_keys_read_with_the_slash_land_in_the_filter_not_the_list(demo_db, view: str, field: str) -> None:  # type: ignore[no-untyped-def]
    """`/` and the keys after it read together (a remote terminal sends what was typed in one
    packet): they must land in the filter, not in the list behind it (seen over SSH: the planner
    filtered on 'ool'); and a slash typed in the filter is a slash (a lot is `supply/lot`)."""
    from textual import events
    from textual.widgets import Input

    app = make_app(demo_db, first_view=view)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key, character in (("slash", "/"), ("t", "t"), ("o", "o")):
            app.post_message(events.Key(key, character))
        await settle(app, pilot)
        await pilot.press("o", "l", "slash", "x")
        await settle(app, pilot)
        assert isinstance(app.focused, Input) and app.focused.value == "tool/x"
        assert app.screen.query_one(field, Input) is app.focused
