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
