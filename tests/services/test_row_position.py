"""After a new sort a list opens on the page of the row the cursor was on: the row's place is the
count of rows sorting before it, and it must be the place the database's own ORDER BY gives it,
NULLs included (first on SQLite, last on PostgreSQL), ascending or descending, on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from atelier_tui.services.common.row_position import page_offset_of
from atelier_tui.services.orders.filters import ORDER_SORTS, find_orders
from atelier_tui.services.stock.filters import SUPPLY_SORTS, find_supplies
from atelier_tui.services.tools.filters import TOOL_SORTS, find_tools
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import RepairOrder
from atelier_tui.store.engine import write_session
from tests.support.fixed_time import FIXED_NOW

TODAY = FIXED_NOW.date()
LIMIT = 3

# Orderings over columns that hold NULLs (no bench, no technician, no calibre yet), each ending
# on the unique reference, as every list's order does.
ORDERINGS = [
    lambda: [RepairOrder.bench_id.asc(), RepairOrder.reference.asc()],
    lambda: [RepairOrder.bench_id.desc(), RepairOrder.reference.asc()],
    lambda: [RepairOrder.technician_id.asc(), RepairOrder.deadline.desc(), RepairOrder.reference.desc()],
    lambda: [RepairOrder.calibre_id.desc(), RepairOrder.technician_id.asc(), RepairOrder.reference.asc()],
    lambda: [RepairOrder.deadline, RepairOrder.reference],
    lambda: [func.coalesce(RepairOrder.bench_id, 0).desc(), RepairOrder.status.asc(), RepairOrder.reference.asc()],
]


def _places_by_the_database(session: Any, order: list[Any]) -> dict[str, int]:
    numbered = select(RepairOrder.reference, func.row_number().over(order_by=order)).select_from(RepairOrder)
    return {reference: position - 1 for reference, position in session.execute(numbered)}


@pytest.mark.backends
@pytest.mark.parametrize("ordering", range(len(ORDERINGS)))
def test_every_rows_page_is_the_one_the_databases_order_puts_it_on(demo_engine: Engine, ordering: int) -> None:
    with write_session(demo_engine) as session:  # NULLs in every column the orderings read
        session.execute(text("UPDATE repair_order SET bench_id = NULL, technician_id = NULL WHERE reference IN "
                             "(SELECT reference FROM repair_order ORDER BY reference LIMIT 6)"))
        session.execute(text("UPDATE repair_order SET calibre_id = NULL WHERE reference IN "
                             "(SELECT reference FROM repair_order ORDER BY reference DESC LIMIT 4)"))
    order = ORDERINGS[ordering]()
    with read_rows(demo_engine) as session:
        places = _places_by_the_database(session, order)
        assert len(places) > 3 * LIMIT
        rows = select(RepairOrder.id).select_from(RepairOrder)
        for reference, place in places.items():
            assert page_offset_of(session, rows, RepairOrder.reference, order, reference, LIMIT, -1) == place // LIMIT * LIMIT, reference
        assert page_offset_of(session, rows, RepairOrder.reference, order, "OR-NONE", LIMIT, 42) == 42


@pytest.mark.backends
def test_after_each_sort_of_each_list_the_kept_row_is_on_the_page_shown(demo_engine: Engine) -> None:
    lists = [
        (find_tools, TOOL_SORTS, ["AT-00001", "AT-00046", "AT-00077", "AT-00150"], lambda row: row.asset_tag),
        (find_orders, tuple(ORDER_SORTS), ["OR-2026-0001", "OR-2026-0008", "OR-2026-0025"], lambda row: row.reference),
        (find_supplies, SUPPLY_SORTS, ["battery_sr626sw", "moebius_9010"], lambda row: row.key),
    ]
    for find, sorts, keys, key_of in lists:
        for sort in sorts:
            for descending in (False, True):
                for key in keys:
                    page = find(demo_engine, TODAY, "" if find is not find_orders else "status:all", sort=sort,
                                descending=descending, limit=10, around=key)
                    assert key in [key_of(row) for row in page.rows], (find.__name__, sort, descending, key)
                    assert page.offset % 10 == 0
