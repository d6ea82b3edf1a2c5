"""The words of statuses and kinds on the screens come from the one vocabulary table: a plan's
kind is not read as a bench state, a watch without luminous material does not read 'no plan'."""

from __future__ import annotations

import io
import sqlite3

from rich.console import Console
from textual.widgets import Static

from tests.tui.helpers import make_app, settle


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=160, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def _one(db, sql: str) -> str:  # type: ignore[no-untyped-def]
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchone()[0]


async def test_a_maintenance_plan_reads_entretien_in_french_not_a_bench_state(demo_db) -> None:  # type: ignore[no-untyped-def]
    tag = _one(demo_db, "SELECT t.asset_tag FROM tool t JOIN tool_type y ON y.id = t.tool_type_id "
                        "WHERE y.key = 'cleaning_machine' AND t.status != 'retired' ORDER BY t.id")
    app = make_app(demo_db, language="fr")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        app.open_tool(tag)
        await settle(app, pilot)
        plans = shown(app, "#plans")
        assert "Renouvellement de la solution de lavage" in plans
        assert "entretien" in plans and "en maintenance" not in plans


async def test_a_vintage_watch_without_luminous_material_says_so(demo_db) -> None:  # type: ignore[no-untyped-def]
    reference = _one(demo_db, "SELECT reference FROM repair_order ORDER BY id")
    with sqlite3.connect(demo_db) as connection:
        connection.execute("UPDATE repair_order SET vintage = 1, luminous = 'none' WHERE reference = ?", (reference,))
    app = make_app(demo_db)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        app.open_order(reference)
        await settle(app, pilot)
        summary = shown(app, "#summary")
        assert "yes / no luminous material" in summary and "no plan" not in summary
