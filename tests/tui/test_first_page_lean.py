"""The workstation's first page answers without the ORM (issue 20, "a lean read path"): in a fresh
interpreter, the dashboard (a lead's and a technician's) and the tools view show their first rows,
and finish everything their first screen does (who is at the keyboard, the live refresh's change
mark), without loading SQLModel, pydantic, sqlalchemy.orm or the SQLModel table classes. The rows
are the workshop's, as a plain SQL query reads them. A change made from that screen still works:
the ORM loads when it comes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.fixed_time import FIXED_NOW

REPOSITORY = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: the workstation on the demo, through Pilot, until its first rows are
# on the screen; then what it shows, and which of the write path's modules were loaded at that
# moment and once every worker of the first screen has finished. With "write": put the first tool
# out of service from the tools view, as a person would.
_PROBE = """
import asyncio, json, sys

def write_path_modules():
    return sorted(name for name in sys.modules if name.split(".")[0] in ("sqlmodel", "pydantic")
                  or name.startswith("sqlalchemy.orm") or name.startswith("atelier_tui.store.")
                  and (name.endswith("_models") or name in ("atelier_tui.store.models", "atelier_tui.store.engine")))

async def main(db, login, view, write, filtering=False):
    from tests.support.polling import wait_until_async
    from tests.tui.helpers import make_app, settle
    from atelier_tui.tui.widgets.dashboard_section import DashboardSection
    from atelier_tui.tui.widgets.fast_table import FastTable, cell_text

    app = make_app(db, login=login, first_view=view)
    seen = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until_async(lambda: getattr(app, "ready_ms", None) is not None,  # logged once the first rows are mounted
                               60, "the first rows were never mounted")
        seen["at_first_rows"] = write_path_modules()
        seen["sqlalchemy_at_first_rows"] = "sqlalchemy" in sys.modules
        await settle(app, pilot)
        seen["after_first_screen"] = write_path_modules()
        seen["sqlalchemy_after_first_screen"] = "sqlalchemy" in sys.modules
        seen["identified"] = app.context.role
        if view == "dashboard":
            seen["sections"] = {section.id: [row.key for row in section.rows] for section in app.screen.query(DashboardSection)}
        else:
            table = app.screen.query_one(FastTable)
            seen["rows"] = [[cell_text(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
            seen["info"] = str(app.screen.query_one("#page-info").render())
        if filtering:
            await pilot.press("slash")
            await wait_until_async(lambda: "sqlalchemy" in sys.modules, 60, "opening the filter never loaded SQLAlchemy")
            seen["loaded_before_typing"] = app.screen.query_one("#filter").value == ""
        if write:
            for key in ("x", *"blade chipped", "enter"):
                await pilot.press(key)
                await settle(app, pilot)
            table = app.screen.query_one(FastTable)
            seen["first_row_after_write"] = [cell_text(cell) for cell in table.get_row_at(0)]
            seen["after_write"] = write_path_modules()
    print(json.dumps(seen))

asyncio.run(main(*json.loads(sys.argv[1])))
"""


def _workstation(db: Path, login: str, view: str, write: bool = False, filtering: bool = False) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps([str(db), login, view, write, filtering])], cwd=REPOSITORY,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _query(db: Path, sql: str, *parameters: Any) -> list[Any]:
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute(sql, parameters)]
    finally:
        connection.close()


_OPEN = "repair_order.status NOT IN ('done', 'returned', 'cancelled')"


def test_a_leads_dashboard_shows_its_rows_without_the_orm(demo_db: Path) -> None:
    shown = _workstation(demo_db, "cmartin", "dashboard")
    assert shown["at_first_rows"] == [] and shown["after_first_screen"] == [], shown
    # Not even SQLAlchemy: every section is read as read statements on sqlite3 (store/lean_reader.py).
    assert not shown["sqlalchemy_at_first_rows"] and not shown["sqlalchemy_after_first_screen"], shown
    assert shown["identified"] == "lead"
    sections = shown["sections"]
    assert sections["section-out-of-service"] == _query(
        demo_db, "SELECT asset_tag FROM tool WHERE status = 'out_of_service' ORDER BY asset_tag")
    assert sections["section-out-of-service"], "the demo has tools out of service"
    near = (FIXED_NOW.astimezone().date() + timedelta(days=3)).isoformat()
    late = _query(demo_db, f"SELECT reference FROM repair_order WHERE {_OPEN} AND deadline <= ?", near)
    assert late and sorted(sections["section-late"]) == sorted(late)


def test_a_technicians_dashboard_shows_their_orders_and_bench_without_the_orm(demo_db: Path) -> None:
    shown = _workstation(demo_db, "tmoreau", "dashboard")
    assert shown["at_first_rows"] == [] and shown["after_first_screen"] == [], shown
    assert not shown["sqlalchemy_at_first_rows"] and not shown["sqlalchemy_after_first_screen"], shown
    assert shown["identified"] == "technician"
    sections = shown["sections"]
    theirs = _query(demo_db, f"SELECT reference FROM repair_order JOIN staff ON staff.id = repair_order.technician_id "
                             f"WHERE staff.login = 'tmoreau' AND {_OPEN}")
    assert theirs and sorted(sections["section-orders"]) == sorted(theirs)
    assert sections["section-bench"] == _query(
        demo_db, "SELECT bench.code FROM bench JOIN staff ON staff.id = bench.technician_id WHERE staff.login = 'tmoreau'")
    assert sections["section-tools"] == _query(
        demo_db, "SELECT tool.asset_tag FROM tool JOIN bench ON bench.id = tool.bench_id JOIN staff ON staff.id = "
                 "bench.technician_id WHERE staff.login = 'tmoreau' ORDER BY tool.asset_tag")


@pytest.mark.parametrize("view", ["benches", "supplies", "orders"])
def test_the_other_lists_first_page_needs_no_orm_either(demo_db: Path, view: str) -> None:
    shown = _workstation(demo_db, "cmartin", view)
    assert shown["at_first_rows"] == [] and shown["after_first_screen"] == [], shown
    assert shown["rows"], f"the {view} view showed no row"


def test_the_tools_view_shows_its_first_page_without_the_orm_and_a_change_loads_it(demo_db: Path) -> None:
    shown = _workstation(demo_db, "cmartin", "tools", write=True)
    assert shown["at_first_rows"] == [] and shown["after_first_screen"] == [], shown
    # Not even SQLAlchemy: the first page, who is at the keyboard and the change mark are read
    # statements, run on sqlite3 (store/lean_reader.py).
    assert not shown["sqlalchemy_at_first_rows"] and not shown["sqlalchemy_after_first_screen"], shown
    tags = _query(demo_db, "SELECT asset_tag FROM tool ORDER BY asset_tag")
    assert [row[0] for row in shown["rows"]] == tags[:100]
    assert shown["info"].startswith(f"1–100 of {len(tags)}")
    # The change: stored, shown in the row, and made through the write path, loaded on demand.
    assert _query(demo_db, "SELECT status || ' ' || status_reason FROM tool WHERE asset_tag = ?", tags[0]) == [
        "out_of_service blade chipped"]
    assert shown["first_row_after_write"][0] == tags[0] and shown["first_row_after_write"][2].endswith("out of service")
    assert "sqlmodel" in shown["after_write"] and "atelier_tui.store.models" in shown["after_write"]


def test_opening_the_filter_loads_the_query_layer_before_the_first_letter(demo_db: Path) -> None:
    """A filtered page is SQLAlchemy's: the workstation starts loading it as the filter opens, not
    when the first letter is typed."""
    shown = _workstation(demo_db, "cmartin", "tools", filtering=True)
    assert not shown["sqlalchemy_after_first_screen"], shown
    assert shown["loaded_before_typing"], shown
