"""No internal key in text a user reads: walking the demo workshop's screens in English and French
(lists, details, a form's placeholders, the planner, the audit view) finds no catalog key and no
stored vocabulary value (`rate_reference`, `battery_sr920sw`, `solvent_waste`) where a name belongs."""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import DataTable, Input, OptionList, Static

from atelier_tui.domain import vocabulary
from atelier_tui.domain.vocabulary import values
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.widgets.fast_table import FastTable
from atelier_tui.tui.widgets.key_bar import KeyBar
from tests.tui.helpers import make_app, press, settle

CATALOGS = Path(__file__).resolve().parents[2] / "catalogs"


def _keys_in(entry: Any, found: set[str]) -> None:
    if isinstance(entry, dict):
        for name, value in entry.items():
            if name == "key" and isinstance(value, str):
                found.add(value)
            _keys_in(value, found)
    elif isinstance(entry, list):
        for value in entry:
            _keys_in(value, found)


def internal_keys() -> set[str]:
    """Every key of the shipped catalogs and every stored vocabulary value that has an underscore:
    a word with one is never the name a person reads."""
    found: set[str] = set()
    for path in sorted(CATALOGS.glob("*.toml")):
        with path.open("rb") as source:
            _keys_in(tomllib.load(source), found)
    for kind in vars(vocabulary).values():
        if isinstance(kind, type) and issubclass(kind, str) and kind is not str and hasattr(kind, "__members__"):
            found.update(values(kind))
    return {key for key in found if "_" in key}


def _plain(renderable: Any) -> str:
    console = Console(width=200, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.export_text()


def screen_text(app: Any, fast_tables: bool = True) -> str:
    """What the screen says, including the rows scrolled away and the forms' placeholders (and,
    with `fast_tables`, the rows of the lists)."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, FastTable):
            if not fast_tables:
                continue
            parts.extend(column.label for column in widget.columns.values())
            parts.extend(_plain(cell) if not isinstance(cell, str) else cell
                         for index in range(widget.row_count) for cell in widget.get_row_at(index))
        elif isinstance(widget, KeyBar):
            parts.append(_plain(widget.render()))
        elif isinstance(widget, DataTable):
            parts.extend(_plain(column.label) for column in widget.columns.values())
            for index in range(widget.row_count):
                parts.extend(_plain(cell) if not isinstance(cell, str) else cell for cell in widget.get_row_at(index))
        elif isinstance(widget, Input):
            parts.extend((widget.value, widget.placeholder))
        elif isinstance(widget, OptionList):
            parts.extend(_plain(option.prompt) for option in widget.options)
        elif isinstance(widget, Static):
            shown = widget.render()
            parts.append(_plain(getattr(shown, "_renderable", shown)))  # a Rich table inside a RichVisual
    parts.extend(str(notification.message) for notification in app._notifications)
    return "\n".join(parts)


def keys_shown(text: str, keys: set[str]) -> set[str]:
    words = set(re.findall(r"[a-z0-9]+(?:_[a-z0-9]+)+", text))
    return words & keys


async def walk_the_demo(app: Any, pilot: Any, look: Any) -> None:
    """Every main view, the planner's record form, the audit's newest event, a timegrapher, a
    demagnetizer, a bench and its status form, an order, a sheet and its anomaly form, a supply and
    its dispose form; `look(where)` at each."""
    for view, key in (("dashboard", "1"), ("benches", "2"), ("tools", "3"), ("supplies", "4"),
                      ("orders", "5"), ("planner", "6"), ("audit", "7")):
        await press(app, pilot, key)
        await look(view)
        if view in ("planner", "audit"):  # the overdue timegrapher's record form; the newest event's detail
            await press(app, pilot, "r" if view == "planner" else "enter")
            await look(f"{view}, opened")
            assert view == "audit" or isinstance(app.screen, FormModal)
            await press(app, pilot, "escape")
    for where, opening in (("timegrapher", lambda: app.open_tool("AT-00046")),
                           ("demagnetizer", lambda: app.open_tool("AT-00078")),
                           ("bench", lambda: app.open_bench("ME-01")),
                           ("order", lambda: app.open_order("OR-2026-0017"))):
        opening()
        await look(where)
        await press(app, pilot, "escape")
    app.open_bench("ME-01")
    await settle(app, pilot)
    await press(app, pilot, "b")  # the bench's status form and its states
    assert isinstance(app.screen, FormModal)
    await look("bench status form")
    await press(app, pilot, "escape", "escape")
    app.open_order("OR-2026-0009")  # in progress: its sheet is open
    await settle(app, pilot)
    await press(app, pilot, "f")
    await look("sheet")
    await press(app, pilot, "a")  # the anomaly form and its categories
    assert isinstance(app.screen, FormModal)
    await look("anomaly form")
    await press(app, pilot, "escape", "escape", "escape")
    app.open_supply("battery_sr920sw")
    await look("supply")
    await press(app, pilot, "d")  # the dispose form and its waste-stream placeholder
    assert isinstance(app.screen, FormModal)
    await look("dispose form")


@pytest.mark.parametrize("language", ["en", "fr"])
async def test_walking_the_demo_workshop_shows_no_internal_key(demo_db, language: str) -> None:  # type: ignore[no-untyped-def]
    keys = internal_keys()
    assert {"rate_reference", "battery_sr920sw", "solvent_waste"} <= keys
    app = make_app(demo_db, language=language)
    seen: dict[str, set[str]] = {}

    async def look(where: str) -> None:
        await settle(app, pilot)
        shown = keys_shown(screen_text(app), keys)
        if shown:
            seen[where] = shown

    async with app.run_test(size=(160, 50)) as pilot:
        await walk_the_demo(app, pilot, look)
    assert seen == {}, "\n".join(f"{where}: {line}" for where, lines in seen.items() for line in sorted(lines))


# Words of English that French never writes: one on a French screen is a sentence, a state or a key's
# name left in English ("Annual calibration: … found at …", "^p palette", "nothing").
ENGLISH_ONLY = frozenset({
    "the", "of", "and", "with", "from", "found", "is", "are", "not", "nothing", "your", "this", "that", "has",
    "been", "by", "at", "to", "for", "out", "tolerance", "due", "overdue", "ready", "open", "closed", "checked",
    "piece", "pieces", "filter", "next", "previous", "help", "quit", "more", "back", "none", "empty", "loading",
    "late", "soon", "no", "yes", "stocked", "low",
})


def english_left(text: str) -> set[str]:
    """The lines of `text` with a word only English uses, each with its words."""
    found = set()
    for line in text.splitlines():
        # A word of an identifier (a plan's key in the audit's record) or a code (AT-00028) is no sentence.
        words = {word.lower() for word in re.findall(r"(?<![\w-])[A-Za-z]+(?![\w-])", line) if not word.isupper()} & ENGLISH_ONLY
        if words:
            found.add(f"{sorted(words)}: {line.strip()[:100]}")
    return found


async def test_walking_the_demo_workshop_in_french_shows_no_english(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    seen: dict[str, set[str]] = {}

    async def look(where: str) -> None:
        await settle(app, pilot)
        shown = english_left(screen_text(app))
        if shown:
            seen[where] = shown

    async with app.run_test(size=(160, 50)) as pilot:
        await walk_the_demo(app, pilot, look)
    assert seen == {}, "\n".join(f"{where}: {line}" for where, lines in seen.items() for line in sorted(lines))
