"""Layouts fit the terminal (issue 18, item 4): a list's columns share the whole width, again after
a resize; a cell too long for its column ends in `…`; two different cells of a column never read
the same; a dashboard section's last column is not cut under its scroll bar."""

from __future__ import annotations

from typing import Any

import pytest

from atelier_tui.tui.widgets.dashboard_section import SectionTable
from atelier_tui.tui.widgets.fast_table import GAP, FastTable, cell_text
from tests.tui.helpers import make_app, press, settle


def cut_without_ellipsis(table: FastTable) -> list[str]:
    """The cells drawn shorter than their text without saying so."""
    found = []
    for index in range(table.row_count):
        for full, shown in zip(table.get_row_at(index), table.shown_cells(index)):
            text = cell_text(full)
            if shown != text.rstrip() and "…" not in shown:
                found.append(f"{text!r} drawn as {shown!r}")
    return found


def cells_reading_the_same(table: FastTable) -> list[str]:
    """Pairs of different texts of one column drawn alike."""
    found = []
    for column_index, column in enumerate(table.columns.values()):
        drawn: dict[str, str] = {}
        for index in range(table.row_count):
            text = cell_text(table.get_row_at(index)[column_index])
            shown = table.shown_cells(index)[column_index]
            other = drawn.setdefault(shown, text)
            if other != text:
                found.append(f"{column.label}: {other!r} and {text!r} both read {shown!r}")
    return found


def used_width(table: FastTable) -> int:
    return sum(len(GAP) + column.width for column in table.columns.values())


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_supplies_list_cuts_with_an_ellipsis_and_never_twins_two_supplies(demo_db, size: tuple[int, int],
                                                                                   language: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language=language)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "4")
        await settle(app, pilot)
        table = app.screen.query_one(FastTable)
        assert table.row_count > 50
        assert cut_without_ellipsis(table) == []
        assert cells_reading_the_same(table) == []
        assert used_width(table) == table.scrollable_content_region.width


async def test_the_tools_list_gives_the_room_left_to_the_type_and_follows_a_resize(demo_db) -> None:  # type: ignore[no-untyped-def]
    """At 120 columns the types were cut at 20 cells with 45 columns empty on the right."""
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3")
        await settle(app, pilot)
        table = app.screen.query_one(FastTable)
        assert used_width(table) == table.scrollable_content_region.width
        assert table.columns["Type"].width > 40
        types = {cell_text(table.get_row_at(index)[1]) for index in range(table.row_count)}
        shown = {table.shown_cells(index)[1] for index in range(table.row_count)}
        assert types == shown  # no type of the page is cut at this width
        await pilot.resize_terminal(80, 24)
        await settle(app, pilot)
        assert used_width(table) == table.scrollable_content_region.width
        assert table.columns["Type"].width < 40
        assert cut_without_ellipsis(table) == [] and cells_reading_the_same(table) == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_dashboard_sections_fit_beside_their_scroll_bar(demo_db, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The lead's maintenance section scrolls: its last column ('Where') was cut under the bar."""
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        tables: list[Any] = list(app.screen.query(SectionTable))
        scrolling = [table for table in tables if table.row_count > table.size.height - 1 > 0]
        assert scrolling, "the demo's lead dashboard has a section longer than its table"
        for table in tables:
            if table.row_count:
                assert table.virtual_size.width <= table.scrollable_content_region.width, table.parent.title
                assert cut_without_ellipsis(table) == [], table.parent.title
