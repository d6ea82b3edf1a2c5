"""The key bar: the keys of where focus is, in the interface's language, the palette's key on the
right; a click on a key does what the key does; a key the person may not use is shown dimmed."""

from __future__ import annotations

from textual.widgets import Input

from atelier_tui.tui.widgets.fast_table import FastTable
from atelier_tui.tui.widgets.key_bar import KeyBar
from tests.tui.helpers import make_app, press, settle


def bottom_line(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen._compositor.render_strips()[-1].text


async def test_the_bar_follows_focus_and_keeps_the_palette_on_the_right(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, first_view="tools")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        line = bottom_line(app)
        assert line.startswith(" / Filter  s Sort ")
        assert "o Check out" in line
        assert line.rstrip().endswith("^p palette")
        assert len(line) == 120
        await press(app, pilot, "slash")
        assert isinstance(app.focused, Input)
        line = bottom_line(app)
        assert "Check out" not in line  # the table's keys are not the filter's
        assert line.rstrip().endswith("^p palette")


async def test_a_narrow_terminal_cuts_the_keys_not_the_palette(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, first_view="tools")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        line = bottom_line(app)
        assert len(line) == 60
        assert "…" in line
        assert line.rstrip().endswith("^p palette")


async def test_clicking_a_key_does_what_the_key_does(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, first_view="tools")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        sort_at = bottom_line(app).index(" s Sort") + 1
        await pilot.click(KeyBar, offset=(sort_at, 0))
        await settle(app, pilot)
        assert "↑ Type" in app.screen.query_one("#page-info").render().plain  # s: the next column
        await pilot.click(KeyBar, offset=(1, 0))  # "/": the filter opens
        await settle(app, pilot)
        assert isinstance(app.focused, Input)
        palette_at = bottom_line(app).index("^p")
        await pilot.click(KeyBar, offset=(palette_at, 0))
        await settle(app, pilot)
        assert app.screen.id == "--command-palette"


async def test_the_bar_speaks_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr", first_view="tools")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.focused, FastTable)
        line = bottom_line(app)
        assert line.startswith(" / Filtrer  s Trier ")
        assert "o Sortir" in line


async def test_a_key_not_usable_now_is_dimmed_and_a_click_on_it_does_nothing() -> None:
    from textual.app import App, ComposeResult
    from textual.binding import Binding

    class Bench(App[None]):
        BINDINGS = [Binding("x", "start", "Start"), Binding("y", "stop", "Stop")]
        stopped = False

        def compose(self) -> ComposeResult:
            yield KeyBar()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            return None if action == "start" else True  # None: shown, but not usable now

        def action_start(self) -> None:
            raise AssertionError("a dimmed key ran")

        def action_stop(self) -> None:
            self.stopped = True

    app = Bench()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        text = app.query_one(KeyBar).render()
        assert text.plain.startswith(" x Start  y Stop ")
        dimmed = {text.plain[span.start:span.end] for span in text.spans if span.style and getattr(span.style, "dim", False)}
        assert dimmed == {" x ", "Start "}
        await pilot.click(KeyBar, offset=(1, 0))
        await pilot.click(KeyBar, offset=(10, 0))
        await pilot.pause()
        assert app.stopped
