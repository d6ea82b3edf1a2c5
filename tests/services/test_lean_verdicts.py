"""The lean session (store/lean_reader.py: read statements on sqlite3, no SQLAlchemy) gives every
order of the demo the verdict SQLAlchemy gives running the same statements, on the order's bench
and on another one; and the sheet `order check --json` shows beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.sheets.queries import sheet_of
from atelier_tui.store.core_engine import make_engine, read_rows
from atelier_tui.store.database import Database
from atelier_tui.store.lean_reader import lean_session
from tests.support.fixed_time import FIXED_NOW


def test_every_order_has_the_same_verdict_and_sheet_on_either_path(demo_db: Path) -> None:
    connection = sqlite3.connect(demo_db)
    try:
        orders = connection.execute("SELECT repair_order.reference, bench.code FROM repair_order LEFT JOIN bench ON bench.id = "
                                    "repair_order.bench_id ORDER BY repair_order.reference").fetchall()
        other = connection.execute("SELECT code FROM bench ORDER BY code LIMIT 1").fetchone()[0]
    finally:
        connection.close()
    assert len(orders) >= 20 and sum(1 for _reference, bench in orders if bench) >= 10
    database = Database(f"sqlite:///{demo_db}")
    engine = make_engine(database.url)
    today = FIXED_NOW.astimezone().date()
    compared = 0
    with lean_session(str(demo_db)) as lean_reads, read_rows(engine) as sqlalchemy_reads:
        lean, reference_side = Assessor(lean_reads), Assessor(sqlalchemy_reads, on_sqlite3=False)  # type: ignore[arg-type]
        assert type(reference_side._reads).__name__ == "ReadSession"
        for reference, bench in orders:
            for code in (bench or other, other):
                verdict = lean.assess(lean.order(reference), code, FIXED_NOW, today)
                assert verdict == reference_side.assess(reference_side.order(reference), code, FIXED_NOW, today), (reference, code)
                compared += 1
    for reference, _bench in orders:
        assert sheet_of(database, reference, with_parts=False) == sheet_of(engine, reference, with_parts=False), reference
    engine.dispose()
    assert compared == 2 * len(orders)


@pytest.mark.backends
def test_the_read_statements_answer_alike_on_either_database(demo_engine, backend: str) -> None:  # type: ignore[no-untyped-def]
    """What the workstation's first page and `order check` read through a Database (the lean
    session on SQLite, SQLAlchemy running the read statements on PostgreSQL) is what the same
    services read through SQLAlchemy's engine."""
    from atelier_tui.services.audit.change_mark import change_mark
    from atelier_tui.services.readiness.check import check_order
    from atelier_tui.services.staff.identity import who_is
    from atelier_tui.services.tools.filters import find_tools
    from atelier_tui.services.tools.first_page import first_tools_page

    database = Database(demo_engine.url.render_as_string(hide_password=False))
    today = FIXED_NOW.astimezone().date()
    for descending, offset in ((False, 0), (False, 100), (True, 0)):
        lean_page = first_tools_page(database, today, descending, offset, 100)
        full_page = find_tools(demo_engine, today, "", descending=descending, offset=offset, limit=100)
        assert lean_page == full_page and lean_page.rows, (backend, descending, offset)
    assert who_is(database, "cmartin") == who_is(demo_engine, "cmartin") is not None
    assert change_mark(database) == change_mark(demo_engine) and change_mark(database).last_id > 0
    with read_rows(demo_engine) as session:
        pairs = [(reference, bench) for reference, bench in session.execute(text(
            "SELECT repair_order.reference, bench.code FROM repair_order JOIN bench ON bench.id = repair_order.bench_id "
            "ORDER BY repair_order.reference")).all()]
    assert pairs
    for reference, bench in pairs:
        assert check_order(database, reference, bench, FIXED_NOW, today) == check_order(demo_engine, reference, bench, FIXED_NOW, today)
    if database.engine_made:
        database.engine.dispose()


@pytest.mark.backends
def test_the_read_commands_and_the_dashboards_read_alike_on_either_path(demo_engine, backend: str) -> None:  # type: ignore[no-untyped-def]
    """`order list`, `maintenance due` and the lead's and technicians' dashboards through a
    Database (the lean session on SQLite; SQLAlchemy running the read statements on PostgreSQL)
    read what the same services read through SQLAlchemy's engine; `order list` what the paged
    list of orders reads, page after page."""
    from atelier_tui.services.common.paging import MAX_PAGE
    from atelier_tui.services.maintenance.due import maintenance_due
    from atelier_tui.services.orders.queries import list_orders
    from atelier_tui.services.orders.rows import every_order
    from atelier_tui.services.overview.dashboard import lead_dashboard, technician_dashboard

    database = Database(demo_engine.url.render_as_string(hide_password=False))
    today = FIXED_NOW.astimezone().date()

    def paged(status: str | None, open_only: bool) -> list:  # type: ignore[type-arg]
        rows: list = []  # type: ignore[type-arg]
        while True:
            page = list_orders(demo_engine, today, status=status, open_only=open_only, offset=len(rows), limit=MAX_PAGE)
            rows.extend(page.rows)
            if not page.rows or (len(rows) >= page.total and not page.more):
                return rows

    for status in (None, "in_progress", "received", "done"):
        for open_only in (False, True):
            assert every_order(database, today, status, open_only) == paged(status, open_only), (backend, status, open_only)
    assert every_order(database, today, None, True), backend
    for within in (None, 0, 30):
        lean = maintenance_due(database, today, within, now=FIXED_NOW)
        assert lean == maintenance_due(demo_engine, today, within, now=FIXED_NOW), (backend, within)
        assert lean.items, (backend, within)
    lead = lead_dashboard(database, today, FIXED_NOW)
    assert lead == lead_dashboard(demo_engine, today, FIXED_NOW), backend
    assert lead.late_orders.rows and lead.out_of_service.rows and lead.maintenance.rows, backend
    with read_rows(demo_engine) as session:
        logins = list(session.execute(text("SELECT login FROM staff ORDER BY login")).scalars())
    assert logins
    for login in (*logins, "nobody"):
        assert technician_dashboard(database, login, today, FIXED_NOW) == technician_dashboard(demo_engine, login, today, FIXED_NOW), login
    if database.engine_made:
        database.engine.dispose()
