"""The planner's filter (/, the syntax every list shares) and its horizon (h: four weeks, three
months, twelve months)."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

from tests.tui.helpers import make_app, press, type_text
from tests.tui.test_planner import open_planner, section


def due_rows(app: Any, title: str) -> list[str]:
    return [option for option in section(app, title) if option.startswith("due:")]


async def test_h_widens_the_horizon_to_a_year_and_shows_a_yearly_plan(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_planner(app, pilot)
        four = due_rows(app, "Next four weeks")
        assert not any(row.endswith(":caliper_verification") for row in four)
        await press(app, pilot, "h")
        three = due_rows(app, "Next three months")
        assert set(four) < set(three)
        await press(app, pilot, "h")
        year = due_rows(app, "Next twelve months")
        assert set(three) < set(year)
        assert any(row.endswith(":caliper_verification") for row in year)
        assert f"{len(year)} in the next twelve months" in str(screen.query_one("#planner-status", Static).content)
        await press(app, pilot, "h")
        assert due_rows(app, "Next four weeks") == four


async def test_slash_filters_the_planner_by_bench_and_state(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        await press(app, pilot, "slash")
        assert isinstance(app.focused, Input)
        await type_text(app, pilot, "bench:ME-01 state:overdue")
        overdue = due_rows(app, "Overdue")
        assert sorted(row.split(":")[1] for row in overdue) == ["AT-00032", "AT-00037", "AT-00046", "AT-00058"]
        assert due_rows(app, "This week") == [] and section(app, "Tools out of service") == []
        assert "filter: bench:ME-01 state:overdue" in str(screen.query_one("#planner-status", Static).content)
        await press(app, pilot, "escape")
        assert len(due_rows(app, "Overdue")) > len(overdue)


async def test_an_unknown_planner_key_is_said_on_the_status_line(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_planner(app, pilot)
        await press(app, pilot, "slash")
        await type_text(app, pilot, "couleur:rouge")
        status = str(screen.query_one("#planner-status", Static).content)
        assert "'couleur'" in status and "outil" in status and "établi" in status
