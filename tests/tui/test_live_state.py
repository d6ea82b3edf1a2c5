"""What others change reaches the open screen: a check-in made by the lead at another workstation
shows on the technician's dashboard and on an open tools list without a key, within the refresh
interval (a setting, short here); on the focus coming back; and at once with ctrl+r."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from atelier_tui.services.context import Actor
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.screens.dashboard import DashboardScreen
from atelier_tui.tui.screens.help import key_rows
from atelier_tui.tui.screens.tools import ToolsScreen
from atelier_tui.tui.widgets.dashboard_section import DashboardSection, plain
from atelier_tui.tui.widgets.fast_table import FastTable
from tests.support.fixed_time import FIXED_NOW
from tests.support.polling import wait_until_async
from tests.tui.helpers import make_app, press, settle

LEAD = Actor("cmartin", role="lead")
# Checked out to ME-02, tmoreau's bench, in the small demo.
TAG = "AT-00047"
# Generous for a loaded machine: the interval below is 0.2 s.
DEADLINE_S = 60
LONG_INTERVAL = "3600"  # nothing refreshes by itself during the test


def lead_checks_in(db: Path, tag: str) -> None:
    """Another workstation: its own engine on the same SQLite file, a real service call."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        tools.check_in(engine, LEAD, FIXED_NOW, tag)
    finally:
        engine.dispose()


def dashboard_status(app, tag: str) -> str | None:  # type: ignore[no-untyped-def]
    """The status the technician's dashboard shows for a tool of their bench; None: not listed."""
    section = app.screen.query_one("#section-tools", DashboardSection)
    for row in section.rows:
        if row.key == tag:
            return plain(row.cells[1])
    return None


def listed_status(app, tag: str) -> str | None:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(FastTable)
    for index in range(table.row_count):
        row = table.get_row_at(index)
        if str(row[0]) == tag:
            return plain(row[2])
    return None


async def test_a_lead_check_in_reaches_the_open_technician_dashboard_without_a_key(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATELIER_REFRESH_SECONDS", "0.2")
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        before = dashboard_status(app, TAG)
        assert before is not None and "checked out" in before
        lead_checks_in(demo_db, TAG)
        # Back in its cabinet, the tool leaves the bench's section.
        await wait_until_async(lambda: dashboard_status(app, TAG) is None, DEADLINE_S,
                               lambda: f"the dashboard still shows {TAG} as {dashboard_status(app, TAG)!r}")
        assert isinstance(app.screen, DashboardScreen)


async def test_a_lead_check_in_reaches_an_open_tools_list_without_a_key(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATELIER_REFRESH_SECONDS", "0.2")
    app = make_app(demo_db, login="tmoreau", first_view="tools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ToolsScreen)
        await press(app, pilot, "down", "down")
        cursor = app.screen.query_one(FastTable).cursor_row
        assert "checked out" in (listed_status(app, TAG) or "")
        lead_checks_in(demo_db, TAG)
        await wait_until_async(lambda: "in service" in (listed_status(app, TAG) or ""), DEADLINE_S,
                               lambda: f"the tools list still shows {TAG} as {listed_status(app, TAG)!r}")
        assert app.screen.query_one(FastTable).cursor_row == cursor  # refreshed in place


async def test_ctrl_r_shows_what_others_changed_at_once(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATELIER_REFRESH_SECONDS", LONG_INTERVAL)
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert ("^r", "Refresh", "refresh") in key_rows(app.screen)  # `?` lists it, with the id a settings file rebinds
        before = dashboard_status(app, TAG)
        lead_checks_in(demo_db, TAG)
        await settle(app, pilot)
        assert dashboard_status(app, TAG) == before  # nothing looked yet
        await press(app, pilot, "ctrl+r")
        assert dashboard_status(app, TAG) is None  # back in its cabinet: no longer on the bench


async def test_the_focus_coming_back_shows_what_others_changed(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATELIER_REFRESH_SECONDS", LONG_INTERVAL)
    app = make_app(demo_db, login="tmoreau", first_view="tools")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        lead_checks_in(demo_db, TAG)
        await settle(app, pilot)
        assert "checked out" in (listed_status(app, TAG) or "")
        app.post_message(events.AppFocus())  # the terminal, or the browser tab, is in front again
        await wait_until_async(lambda: "in service" in (listed_status(app, TAG) or ""), DEADLINE_S,
                               lambda: f"the tools list still shows {TAG} as {listed_status(app, TAG)!r}")
