"""Tools view: filter, check out and in, out of service, the confirmation that defaults to No."""

from __future__ import annotations

from sqlmodel import select
from textual.widgets import Input, Static

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Tool
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from atelier_tui.tui.screens.tools import ToolsScreen
from atelier_tui.tui.widgets.fast_table import FastTable
from tests.tui.helpers import make_app, press, settle, type_text


def tool_state(db, tag: str) -> tuple[str, str | None]:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == tag)).one()
        result = (tool.status, tool.status_reason or None)
    engine.dispose()
    return result


def visible_tags(app) -> list[str]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one(FastTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def open_tools(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await press(app, pilot, "3")
    assert isinstance(app.screen, ToolsScreen)


async def test_live_filter_finds_tools_by_type_and_shows_n_of_m(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        assert "of 150" in str(app.screen.query_one("#page-info", Static).render())
        await press(app, pilot, "slash")
        assert isinstance(app.focused, Input)
        await type_text(app, pilot, "timegrapher")
        info = str(app.screen.query_one("#page-info", Static).render())
        assert info.startswith("1–2 of 2")
        assert len(visible_tags(app)) == 2
        await press(app, pilot, "escape")  # clears the filter and goes back to the table
        assert "of 150" in str(app.screen.query_one("#page-info", Static).render())
        assert isinstance(app.focused, FastTable)


async def test_a_filter_longer_than_its_line_keeps_what_is_typed_in_view(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_tools(app, pilot)
        await press(app, pilot, "slash")
        typed = "screwdriver " * 8 + "END"
        await type_text(app, pilot, typed)
        filter_line = app.screen._compositor.render_strips()[1].text
        assert "driver END" in filter_line and len(filter_line) == 80
        assert "no match" in str(app.screen.query_one("#page-info", Static).render())
        await press(app, pilot, "home")
        assert app.screen._compositor.render_strips()[1].text.startswith(" screwdriver screwdriver")


async def test_check_out_to_a_bench_then_check_in(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "AT-00132")
        await press(app, pilot, "enter")  # back to the table, on the one row
        await press(app, pilot, "o")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "ME-02")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ToolsScreen)
        assert tool_state(demo_db, "AT-00132")[0] == "checked_out"
        table = app.screen.query_one(FastTable)
        assert "checked out" in str(table.get_row_at(0)[2]) and str(table.get_row_at(0)[3]) == "ME-02"
        await press(app, pilot, "i")
        assert tool_state(demo_db, "AT-00132")[0] == "in_service"


async def test_check_out_to_an_unknown_bench_keeps_the_form_and_says_why(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        await press(app, pilot, "o")
        await type_text(app, pilot, "XX-99")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal)
        assert "bench 'XX-99': no such bench" in str(app.screen.query_one("#error-bench", Static).render())
        assert app.screen.query_one("#field-bench", Input).value == "XX-99"


async def test_out_of_service_without_a_reason_is_refused(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        first = visible_tags(app)[0]
        await press(app, pilot, "x")
        await press(app, pilot, "enter")  # nothing typed
        assert isinstance(app.screen, FormModal)
        assert "required" in str(app.screen.query_one("#error-reason", Static).render())
        assert tool_state(demo_db, first) == ("in_service", None)
        await type_text(app, pilot, "blade chipped")
        await press(app, pilot, "enter")
        assert tool_state(demo_db, first) == ("out_of_service", "blade chipped")


async def test_confirmation_defaults_to_no(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_tool("AT-00023")  # out of service in the demo (broken tip)
        await settle(app, pilot)
        assert isinstance(app.screen, ToolDetailScreen)
        await press(app, pilot, "r")
        assert isinstance(app.screen, ConfirmModal)
        assert app.focused is not None and app.focused.id == "no"
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ToolDetailScreen)
        assert tool_state(demo_db, "AT-00023")[0] == "out_of_service"
        await press(app, pilot, "r", "y")
        assert tool_state(demo_db, "AT-00023")[0] == "in_service"


async def test_readonly_hides_every_change(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        shown = {binding.binding.action for binding in app.screen.active_bindings.values() if binding.enabled}
        assert not shown & {"check_out", "check_in", "out_of_service", "back_in_service"}
        await press(app, pilot, "o")
        assert isinstance(app.screen, ToolsScreen)
        assert "read-only" in app.screen.sub_title


async def test_a_form_saved_over_someone_elses_change_is_refused_and_keeps_what_was_typed(demo_db) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.context import Actor
    from atelier_tui.services.tools.actions import check_out
    from tests.support.fixed_time import FIXED_NOW

    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_tools(app, pilot)
        first = visible_tags(app)[0]
        await press(app, pilot, "x")
        await type_text(app, pilot, "blade chipped")
        engine = make_engine(f"sqlite:///{demo_db}")  # another terminal, while the form is open
        check_out(engine, Actor(login="tmoreau", role="technician"), FIXED_NOW, first, "ME-02")
        engine.dispose()
        await press(app, pilot, "enter")
        assert isinstance(app.screen, FormModal)
        refusal = str(app.screen.query_one("#form-error", Static).render())
        assert f"{first} was changed by tmoreau at" in refusal and "(check_out)" in refusal
        assert app.screen.query_one("#field-reason", Input).value == "blade chipped"
        assert tool_state(demo_db, first) == ("checked_out", None)
