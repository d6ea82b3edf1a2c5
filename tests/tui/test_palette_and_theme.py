"""Issue 18 item 8: the palette (ctrl+p) offers the actions of the screen it is opened on, not only
search, and Textual's themes; the theme picked is written to the person's settings file and put
back at the next start."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.command import CommandList, CommandPalette

from atelier_tui.settings import config_path
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.order_detail import OrderDetailScreen
from tests.tui.helpers import make_app, press, settle, type_text


def palette_entries(app: Any) -> list[str]:
    results = app.screen.query_one(CommandList)
    # Each entry: what it runs, then its help on a second line.
    return [str(results.get_option_at_index(index).prompt).split("\n")[0] for index in range(results.option_count)]


async def open_palette_with(app: Any, pilot: Any, text: str) -> list[str]:
    await press(app, pilot, "ctrl+p")
    assert isinstance(app.screen, CommandPalette)
    await type_text(app, pilot, text)
    await pilot.pause(0.5)  # the palette searches in a thread, then shows its hits
    await settle(app, pilot)
    return palette_entries(app)


async def test_a_light_theme_picked_in_the_palette_is_kept_for_the_next_start(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.current_theme.dark  # the default
        entries = await open_palette_with(app, pilot, "theme")
        assert any("Change theme" in entry for entry in entries), entries
        await press(app, pilot, "enter")  # the theme list
        await type_text(app, pilot, "textual-light")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await press(app, pilot, "enter")
        assert app.theme == "textual-light" and not app.current_theme.dark
    assert 'theme = "textual-light"' in config_path().read_text(encoding="utf-8")

    again = make_app(demo_db)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.theme == "textual-light" and not again.current_theme.dark


async def test_the_theme_is_written_beside_the_other_settings_of_the_file(demo_db: Path) -> None:
    settings = config_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('# my bench\nrefresh_seconds = 10\n\n[keys]\n"tool.check_out" = "O"\n', encoding="utf-8")
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.theme = "solarized-light"
        await settle(app, pilot)
    assert settings.read_text(encoding="utf-8") == (
        '# my bench\nrefresh_seconds = 10\n\ntheme = "solarized-light"\n[keys]\n"tool.check_out" = "O"\n')
    again = make_app(demo_db)
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        assert again.theme == "solarized-light"
        assert again.refresh_seconds == 10


def an_order_on_a_bench(db: Path) -> str:
    from atelier_tui.store.engine import make_engine
    from tests.services.test_recorded_as_said import orders_in_progress

    engine = make_engine(f"sqlite:///{db}")
    try:
        return sorted(orders_in_progress(engine))[0]
    finally:
        engine.dispose()


async def test_the_palette_on_an_order_offers_its_actions_and_runs_them_as_the_keys_do(demo_db: Path) -> None:
    reference = an_order_on_a_bench(demo_db)
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(OrderDetailScreen(reference))
        await settle(app, pilot)
        order = app.screen
        assert isinstance(order, OrderDetailScreen)
        checked = order.verdict
        assert checked is not None

        entries = await open_palette_with(app, pilot, "check")
        assert "Check again (r)" in entries, entries
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert app.screen is order and order.verdict is not checked  # checked again, as `r` does

        entries = await open_palette_with(app, pilot, "grade")
        assert "Grade & estimate (g)" in entries, entries
        await press(app, pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormModal)  # the form `g` opens


async def test_a_read_only_workstation_is_not_offered_changes(demo_db: Path) -> None:
    app = make_app(demo_db, readonly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.push_screen(OrderDetailScreen("OR-2026-0007"))
        await settle(app, pilot)
        entries = await open_palette_with(app, pilot, "start")
        assert not any("Start work" in entry for entry in entries), entries
