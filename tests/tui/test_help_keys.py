"""The help (`?`) lists the keys issue 18 added where they work, says that a click on a heading
sorts, and reads in French without an English word left (issue 18, "Done when")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Static

from atelier_tui.locale.extract import read_catalog
from atelier_tui.tui.screens.help import HelpModal
from tests.tui.helpers import make_app, press, settle


def plain(renderable: Any) -> str:
    console = Console(width=120, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


async def help_of(app: Any, pilot: Any, *keys: str) -> dict[str, str]:
    """The help's rows, key -> what it does, on the screen reached by `keys`; the help is closed again."""
    await press(app, pilot, *keys, "question_mark")
    assert isinstance(app.screen, HelpModal)
    rows = dict(app.screen.rows)
    await press(app, pilot, "escape")
    return rows


async def test_the_help_lists_the_new_keys_where_they_work(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, login="cmartin")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        orders = await help_of(app, pilot, "5")
        assert {key: orders[key] for key in ("n", "/", "s", "S", "y", "?", "^r")} == {
            "n": "Take in", "/": "Filter", "s": "Sort", "S": "Reverse sort", "y": "Copy", "?": "Help", "^r": "Refresh"}
        app.open_order("OR-2026-0017")
        await settle(app, pilot)
        order = await help_of(app, pilot)
        assert order["A"] == "Assign" and order["P"] == "Print"
        planner = await help_of(app, pilot, "6")
        assert planner["h"] == "Horizon" and planner["/"] == "Filter" and planner["P"] == "Print"


async def test_the_help_of_a_list_says_a_heading_click_sorts_and_the_planner_does_not(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "3", "question_mark")
        assert str(app.screen.query_one("#heading-sort", Static).content) == (
            "Un clic sur l'en-tête d'une colonne trie selon cette colonne\u202f; sur la colonne triée, il inverse l'ordre.")
        await press(app, pilot, "escape", "6", "question_mark")  # the planner's lines have no headings to click
        assert isinstance(app.screen, HelpModal) and not app.screen.query("#heading-sort")


SCREENS = {"dashboard": ("1",), "tools": ("3",), "supplies": ("4",), "orders": ("5",), "planner": ("6",), "audit": ("7",)}


@pytest.mark.parametrize("screen", [*SCREENS, "order"])
async def test_the_help_speaks_french_to_the_last_key(demo_db, screen: str) -> None:  # type: ignore[no-untyped-def]
    """Every key's description, the table's and Textual's own too ("Up", "First row" were English)."""
    french = {message.string for message in read_catalog("fr") if message.id and isinstance(message.string, str) and message.string}
    app = make_app(demo_db, login="cmartin", language="fr")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        if screen == "order":
            app.open_order("OR-2026-0017")
            await settle(app, pilot)
        else:
            await press(app, pilot, *SCREENS[screen])
        rows = await help_of(app, pilot)
        assert sorted(description for description in rows.values() if description not in french) == []
        assert rows["↑"] == "Vers le haut" and rows["↓"] == "Vers le bas"
        if screen in ("planner", "order"):
            assert rows["home"] == "Premier" and rows["end"] == "Dernier"
        else:
            assert rows["home"] == "Première ligne" and rows["end"] == "Dernière ligne"


@pytest.mark.parametrize(("view", "terms"), [("4", ("category:", "state:", "expired")), ("6", ("tool:", "bench:", "plan:", "state:"))],
                         ids=["supplies", "planner"])
async def test_the_help_of_the_supplies_and_of_the_planner_lists_their_filter_syntax(demo_db, view: str, terms: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, view, "question_mark")
        assert isinstance(app.screen, HelpModal)
        syntax = plain(app.screen.query_one("#filter-syntax", Static).content)
        assert "Filter (/): key:value terms and free text" in syntax
        assert all(term in syntax for term in terms), syntax
