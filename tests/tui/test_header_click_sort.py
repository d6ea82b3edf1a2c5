"""Clicking a column's heading sorts a list by that column, as `s` does, and a second click on it
reverses the order, as `S` does; the cursor stays on its row (issue 18, item 3)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Static

from atelier_tui.domain.vocabulary import OrderStatus, values
from atelier_tui.i18n import localized
from atelier_tui.services.common.paging import fold
from atelier_tui.services.context import Actor
from atelier_tui.services.tools.actions import check_out
from atelier_tui.store.engine import make_engine
from atelier_tui.tui.screens.audit import AuditScreen
from atelier_tui.tui.screens.orders import OrdersScreen
from atelier_tui.tui.screens.supplies import SuppliesScreen
from atelier_tui.tui.screens.tools import ToolsScreen
from atelier_tui.tui.widgets.fast_table import GAP, FastTable
from atelier_tui.tui.widgets.paged_table import PagedTable
from atelier_tui.tui.widgets.states import state_text
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import make_app, press, settle

SIZES = [(80, 24), (120, 40)]


def page_info(app: Any) -> str:
    return str(app.screen.query_one("#page-info", Static).render())


def heading_x(table: FastTable, heading: str) -> int:
    """The middle of a column's heading as drawn, found by the words on the screen."""
    x = 0
    for column in table.columns.values():
        if column.label == heading:
            return x + len(GAP) + column.width // 2
        x += len(GAP) + column.width
    raise AssertionError(f"no heading {heading!r} in {[column.label for column in table.columns.values()]}")


async def click_heading(app: Any, pilot: Any, heading: str) -> None:
    table = app.screen.query_one(FastTable)
    assert await pilot.click(FastTable, offset=(heading_x(table, heading), 0))
    await settle(app, pilot)


def shown_column(app: Any, index: int) -> list[str]:
    """A column of the rows on the page, as they read on the screen."""
    table = app.screen.query_one(FastTable)
    return [table.shown_cells(row)[index] for row in range(table.row_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_clicking_the_type_heading_sorts_the_tools_and_again_reverses_them_keeping_the_row(demo_db, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3")
        assert isinstance(app.screen, ToolsScreen)
        paged = app.screen.query_one(PagedTable)
        await press(app, pilot, "down", "down", "down", "down")
        chosen = paged.current_key()
        assert chosen == "AT-00005"
        tags_before = shown_column(app, 0)
        await click_heading(app, pilot, "Type")
        assert "↑ Type" in page_info(app)
        names = [localized(row.type_name_en, row.type_name_fr) for row in paged.rows]
        assert names == sorted(names, key=fold) and names != sorted(names)
        assert shown_column(app, 0) != tags_before  # the rows moved on the screen
        assert paged.current_key() == chosen
        await click_heading(app, pilot, "Type")  # the sorted column again: the other way
        assert "↓ Type" in page_info(app)
        names = [localized(row.type_name_en, row.type_name_fr) for row in paged.rows]
        assert names == sorted(names, key=fold, reverse=True)
        assert page_info(app).startswith("101–150 sur 150")  # the tweezers are on the last page now
        assert paged.current_key() == chosen
        await click_heading(app, pilot, "N° inv.")  # another column: ascending again
        assert "↑ N° inv." in page_info(app)
        assert shown_column(app, 0)[:3] == ["AT-00001", "AT-00002", "AT-00003"]
        assert paged.current_key() == chosen


@pytest.mark.parametrize("size", SIZES)
async def test_clicking_the_deadline_heading_reverses_the_orders_and_the_status_heading_sorts_by_status(demo_db, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "5")
        assert isinstance(app.screen, OrdersScreen)
        paged = app.screen.query_one(PagedTable)
        assert "↑ Deadline" in page_info(app)  # the list opens by deadline
        await press(app, pilot, "down")
        chosen = paged.current_key()
        soonest = [row.deadline for row in paged.rows]
        await click_heading(app, pilot, "Deadline")
        assert "↓ Deadline" in page_info(app)
        latest = [row.deadline for row in paged.rows]
        assert latest == sorted(latest, reverse=True) and latest[0] > soonest[0]
        assert paged.current_key() == chosen
        await click_heading(app, pilot, "Status")
        assert "↑ Status" in page_info(app)
        course = values(OrderStatus)  # a status sorts by its place in the work's course, not its word
        ranks = [course.index(row.status) for row in paged.rows]
        assert ranks == sorted(ranks) and len(set(ranks)) > 1
        assert shown_column(app, 2)[0] == "received"
        assert paged.current_key() == chosen


async def test_clicking_state_puts_the_supplies_out_of_stock_first(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "4")
        assert isinstance(app.screen, SuppliesScreen)
        paged = app.screen.query_one(PagedTable)
        chosen = paged.current_key()  # the first supply by name: one the workshop does not stock
        urgency = [state_text(state).plain for state in ("out", "low", "expired", "ok", "not_stocked")]
        await click_heading(app, pilot, "State")
        assert page_info(app).startswith("101–194 of 194  ↑ State")  # not stocked: last, on the second page
        assert paged.current_key() == chosen and shown_column(app, 5)[paged.table.cursor_row] == urgency[4]
        await press(app, pilot, "less_than_sign")
        states = shown_column(app, 5)
        assert states[0] == urgency[0] and urgency[3] in states
        assert [urgency.index(state) for state in states] == sorted(urgency.index(state) for state in states)
        await click_heading(app, pilot, "Reorder at")
        assert "↑ Reorder at" in page_info(app)


@pytest.mark.parametrize("size", SIZES)
async def test_clicking_the_benches_headings_sorts_by_tools_and_by_technician(demo_db, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "2")
        paged = app.screen.query_one(PagedTable)
        await press(app, pilot, "down", "down")
        chosen = paged.current_key()
        await click_heading(app, pilot, "Outils")
        counts = [int(count) for count in shown_column(app, 4)]
        assert counts == sorted(counts) and counts[0] < counts[-1] and paged.current_key() == chosen
        await click_heading(app, pilot, "Outils")
        assert [int(count) for count in shown_column(app, 4)] == sorted(counts, reverse=True)
        assert paged.current_key() == chosen
        await click_heading(app, pilot, "Technicien")
        names = [name for name in shown_column(app, 3) if name != "—"]
        assert names == sorted(names, key=fold) and len(set(names)) > 1
        assert shown_column(app, 3)[len(names):] == ["—"] * (len(shown_column(app, 3)) - len(names))  # no one: last


async def test_a_lead_reads_the_audit_trail_oldest_first_by_clicking_when(demo_db) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        check_out(engine, Actor("cmartin", "lead"), FIXED_NOW, "AT-00132", "QZ-01")
    finally:
        engine.dispose()
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "7")
        await settle(app, pilot)
        assert isinstance(app.screen, AuditScreen)
        paged = app.screen.query_one(PagedTable)
        assert "↓ When" in page_info(app)  # newest first: the check-out just made
        assert shown_column(app, 2)[0] == "checked out" and shown_column(app, 3)[0] == "tool AT-00132"
        await click_heading(app, pilot, "When")
        assert "↑ When" in page_info(app)
        # The demo's events share one minute: the trail's own order tells them apart.
        ids = [row.id for row in paged.rows]
        assert ids == sorted(ids) and shown_column(app, 3)[0] != "tool AT-00132"
        await click_heading(app, pilot, "Who")  # the trail sorts by time only
        assert "↑ When" in page_info(app) and [row.id for row in paged.rows] == ids
