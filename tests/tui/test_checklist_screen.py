"""The bench-opening checklist run from the keyboard, from a bench's page to its signed run."""

from __future__ import annotations

import io

from rich.console import Console
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Bench, ChecklistAnswer, ChecklistItem, ChecklistRun
from atelier_tui.tui.screens.bench_detail import BenchDetailScreen
from atelier_tui.tui.screens.checklist_run import ChecklistRunScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormModal
from tests.support.fixed_time import FIXED_NOW
from tests.tui.helpers import make_app, press, settle, type_text

BENCH = "ME-02"


def runs_on_bench(db) -> list[tuple[bool, bool | None, dict[str, tuple[str, str]]]]:  # type: ignore[no-untyped-def]
    """(signed, passed, answers) of today's runs on the bench, oldest first."""
    engine = make_engine(f"sqlite:///{db}")
    with read_session(engine) as session:
        bench_id = session.exec(select(Bench.id).where(Bench.code == BENCH)).one()
        runs = session.exec(select(ChecklistRun).where(ChecklistRun.bench_id == bench_id, ChecklistRun.run_date == FIXED_NOW.date())
                            .order_by(ChecklistRun.id)).all()
        result = []
        for run in runs:
            answers = session.exec(select(ChecklistItem.key, ChecklistAnswer.answer, ChecklistAnswer.reason)
                                   .join(ChecklistItem, ChecklistItem.id == ChecklistAnswer.item_id)
                                   .where(ChecklistAnswer.run_id == run.id)).all()
            result.append((run.signed_at is not None, run.passed, {key: (answer, reason) for key, answer, reason in answers}))
    engine.dispose()
    return result


def rows(app) -> list[list[str]]:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#checklist-items", DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def shown(static: Static) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(static.content)
    return console.export_text()


def notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(notification.message) for notification in app._notifications]


async def open_checklist(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    app.open_bench(BENCH)
    await settle(app, pilot)
    await press(app, pilot, "c")
    assert isinstance(app.screen, ChecklistRunScreen)


async def go_to(app, pilot, row: int) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one("#checklist-items", DataTable).move_cursor(row=row)
    await settle(app, pilot)


async def test_a_run_from_the_keyboard_refusals_reasons_and_sign_off(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = len(runs_on_bench(demo_db))
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.open_bench(BENCH)
        await settle(app, pilot)
        assert before == 0 and "No checklist run on this bench today." in shown(app.screen.query_one("#runs", Static))
        await press(app, pilot, "c")
        listed = rows(app)
        assert listed[0][:3] == ["? to answer", "Q", "critical"] and listed[0][3].startswith("Every measuring instrument")
        # What is checked of one watch is asked once for its order (order_preparation), not here.
        assert not [row for row in listed if row[3].startswith(("Repair order open", "Mainspring let down"))]
        assert "Not started" in str(app.screen.query_one("#checklist-summary", Static).render())

        await press(app, pilot, "a")  # a critical item cannot be not applicable: refused at once
        assert isinstance(app.screen, ChecklistRunScreen)
        assert "item 'instruments_in_calibration' is critical: it cannot be not applicable" in notices(app)[-1]
        assert len(runs_on_bench(demo_db)) == before  # a refused first answer starts no run

        await press(app, pilot, "o")
        assert rows(app)[0][0] == "✓ OK"
        assert app.screen.query_one("#checklist-items", DataTable).cursor_row == 1

        await press(app, pilot, "s")  # required items are still unanswered: refused before any "sign?" (issue 17, item 10)
        assert isinstance(app.screen, ChecklistRunScreen)
        assert "cannot sign off: item 'lubricants_in_date'" in notices(app)[-1]
        lubricants = next(i for i, row in enumerate(listed) if app.screen.sheet.items[i].key == "lubricants_in_date")
        assert app.screen.query_one("#checklist-items", DataTable).cursor_row == lubricants

        lighting = next(i for i, row in enumerate(listed) if row[3].startswith("Illuminance"))
        await go_to(app, pilot, lighting)
        await press(app, pilot, "n")
        assert isinstance(app.screen, FormModal)
        await press(app, pilot, "enter")  # no reason: the form stays and says so
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "450 lx at the task")
        await press(app, pilot, "enter")
        assert isinstance(app.screen, ChecklistRunScreen)
        assert rows(app)[lighting][0] == "✖ not OK"
        assert "Reason: 450 lx at the task" not in str(app.screen.query_one("#checklist-item", Static).render())
        await go_to(app, pilot, lighting)
        assert "Reason: 450 lx at the task" in str(app.screen.query_one("#checklist-item", Static).render())

        for row, line in enumerate(rows(app)):
            if line[0] == "? to answer" and line[2] != "optional":
                await go_to(app, pilot, row)
                await press(app, pilot, "o")
        await press(app, pilot, "s")
        assert isinstance(app.screen, ConfirmModal) and app.focused is not None and app.focused.id == "no"
        await press(app, pilot, "enter")  # the default is No: nothing signed
        assert runs_on_bench(demo_db)[-1][0] is False
        await press(app, pilot, "s", "y")
        signed, passed, answers = runs_on_bench(demo_db)[-1]
        assert (signed, passed) == (True, False)
        assert answers["lighting_adequate"] == ("not_ok", "450 lx at the task")
        assert "Signed off at" in str(app.screen.query_one("#checklist-summary", Static).render())

        await go_to(app, pilot, lighting)
        await press(app, pilot, "o")  # frozen: the keys do nothing any more
        assert runs_on_bench(demo_db)[-1][2]["lighting_adequate"][0] == "not_ok"

        await press(app, pilot, "escape")
        assert isinstance(app.screen, BenchDetailScreen)
        runs_table = shown(app.screen.query_one("#runs", Static))
        assert "Bench opening" in runs_table and "failed" in runs_table
    assert len(runs_on_bench(demo_db)) == before + 1


async def test_an_optional_item_not_applicable_with_a_reason_and_the_run_resumed(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checklist(app, pilot)
        food = next(i for i, row in enumerate(rows(app)) if row[3].startswith("No food"))
        await go_to(app, pilot, food)
        await press(app, pilot, "a")
        assert isinstance(app.screen, FormModal)
        await type_text(app, pilot, "kitchen upstairs")
        await press(app, pilot, "enter")
        assert rows(app)[food][0] == "– n/a"
        await press(app, pilot, "escape")
        await press(app, pilot, "c")  # today's unsigned run is taken up again, not a new one
        assert rows(app)[food][0] == "– n/a"
        assert "Started at" in str(app.screen.query_one("#checklist-summary", Static).render())
    assert runs_on_bench(demo_db)[-1][2]["no_food_at_bench"] == ("not_applicable", "kitchen upstairs")


async def test_items_in_french(demo_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checklist(app, pilot)
        assert rows(app)[0][3].startswith("Chaque instrument de mesure")


async def test_readonly_shows_the_checklist_but_changes_nothing(demo_db) -> None:  # type: ignore[no-untyped-def]
    before = runs_on_bench(demo_db)
    app = make_app(demo_db, readonly=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_checklist(app, pilot)
        await press(app, pilot, "o", "n", "a", "s")
        assert isinstance(app.screen, ChecklistRunScreen)
        assert not isinstance(app.focused, Input)
        assert rows(app)[0][0] == "? to answer"
    assert runs_on_bench(demo_db) == before
