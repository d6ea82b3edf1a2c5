"""Typing the filter syntax in the lists, sorting by a column with s and S, and the help listing
the keys of the list in front, at the sizes of a bench terminal and of a lead's."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.widgets import Input, Static

from atelier_tui.i18n import localized
from atelier_tui.services.common.paging import fold
from atelier_tui.tui.screens.help import HelpModal
from atelier_tui.tui.screens.orders import OrdersScreen
from atelier_tui.tui.screens.tools import ToolsScreen
from atelier_tui.tui.widgets.fast_table import FastTable
from atelier_tui.tui.widgets.paged_table import PagedTable
from tests.tui.helpers import make_app, press, settle, type_text

SIZES = [(80, 24), (120, 40)]


def plain(renderable) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def page_info(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#page-info", Static).render())


def first_cells(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(FastTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


@pytest.mark.parametrize("size", SIZES)
async def test_tools_filtered_by_status_and_bench(demo_db, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3")
        assert isinstance(app.screen, ToolsScreen)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "status:overdue bench:ME-01")
        assert page_info(app).startswith("1–4 of 4")
        rows = app.screen.query_one(PagedTable).rows
        assert {(row.where, row.maintenance) for row in rows} == {("ME-01", "overdue")}
        assert "‼ overdue" in "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        await press(app, pilot, "escape")
        assert "of 150" in page_info(app)


@pytest.mark.parametrize("size", SIZES)
async def test_mine_shows_the_orders_of_the_person_signed_in(demo_db, size) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login="tmoreau")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "5")
        assert isinstance(app.screen, OrdersScreen)
        everyone = app.screen.query_one(PagedTable).page_total
        await press(app, pilot, "slash")
        await type_text(app, pilot, "mine")
        rows = app.screen.query_one(PagedTable).rows
        assert rows and len(rows) < everyone
        assert {row.technician for row in rows} == {"Thomas Moreau"}
        assert all(row.status not in ("done", "returned", "cancelled") for row in rows)


async def test_an_unknown_key_is_said_under_the_table_while_typing_goes_on(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3", "slash")
        await type_text(app, pilot, "colour:red")
        assert "'colour' is not a key of this list (keys: bench, location, status, maintenance, type)" in page_info(app)
        assert isinstance(app.focused, Input)  # no modal, no toast: the person fixes the word
        assert not app._notifications
        await press(app, pilot, *["backspace"] * len("colour:red"))
        await type_text(app, pilot, "bench:ME-01")
        assert page_info(app).startswith("1–31 of 31")


async def test_s_sorts_by_type_in_french_alphabetical_order_and_S_reverses_keeping_the_row(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3")
        paged = app.screen.query_one(PagedTable)
        await press(app, pilot, "down", "down", "down", "down")
        chosen = paged.current_key()
        assert chosen == "AT-00005"  # tweezers: "Brucelles", on the first page by type in French
        await press(app, pilot, "s")  # Tag -> Type
        assert "↑ Type" in page_info(app)
        names = [localized(row.type_name_en, row.type_name_fr) for row in paged.rows]
        assert names == sorted(names, key=fold) and names != sorted(names)
        assert paged.current_key() == chosen  # the cursor stayed on its tool
        for _ in range(6):  # once round the six columns, back to Type: the tool stays under the cursor
            await press(app, pilot, "s")
            assert paged.current_key() == chosen
        await press(app, pilot, "S")
        assert "↓ Type" in page_info(app)
        reversed_names = [localized(row.type_name_en, row.type_name_fr) for row in paged.rows]
        assert reversed_names == sorted(reversed_names, key=fold, reverse=True)
        # Reversed, the tweezers are on the second page: the list opens there, on them.
        assert page_info(app).startswith("101–150 sur 150")
        assert paged.current_key() == chosen


async def test_help_lists_the_filter_keys_of_the_list_in_front(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "5", "question_mark")
        assert isinstance(app.screen, HelpModal)
        text = plain(app.screen.query_one("#filter-syntax", Static).content)
        assert "Filtre (/)\u202f: termes clé:valeur et texte libre" in text
        for word in ("statut: status:", "mes mine", "faisabilité: readiness:", "établi: bench:"):
            assert word in text
        await press(app, pilot, "escape", "3", "question_mark")
        text = plain(app.screen.query_one("#filter-syntax", Static).content)
        assert "entretien: maintenance:" in text and "en_retard" in text
        await press(app, pilot, "escape", "2", "question_mark")  # the benches list has no keys: no syntax
        assert not app.screen.query("#filter-syntax")
