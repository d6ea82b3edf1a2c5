"""How far a filtered list counts its rows ("1–100 of 1,000+"), and the open orders list walking
the open orders' own index: what keeps a keystroke in the filter as quick in a workshop ten
times the size, without a total that says less than it knows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import select

from atelier_tui.services.common.substring import TEXT_COUNT_CAP
from atelier_tui.services.orders.filters import find_orders
from atelier_tui.services.orders.queries import list_orders
from atelier_tui.services.tools.filters import find_tools
from atelier_tui.services.tools.queries import list_tools
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import RepairOrder, Site, Tool, ToolType
from tests.support.fixed_time import FIXED_NOW

TODAY = FIXED_NOW.date()


@pytest.mark.backends
def test_a_text_shorter_than_a_trigram_is_counted_to_the_end_of_the_page(demo_engine: Engine) -> None:
    # No index narrows two characters: an exact count would read every row of the table.
    page = list_tools(demo_engine, TODAY, text="AT", limit=10)
    assert (page.total, page.more, len(page.rows)) == (10, True, 10)
    further = list_tools(demo_engine, TODAY, text="AT", offset=20, limit=10)
    assert (further.total, further.more) == (30, True)
    orders = find_orders(demo_engine, TODAY, "status:all OR", limit=5)
    assert (orders.total, orders.more) == (5, True)
    # Fewer matches than a page: the count is exact, and says so.
    exact = list_tools(demo_engine, TODAY, text="AT", limit=10, count_cap=None)
    rare = list_tools(demo_engine, TODAY, text="zq", limit=10)
    assert exact.total > 30 and not exact.more
    assert (rare.total, rare.more) == (0, False)


@pytest.mark.backends
def test_a_text_the_index_narrows_counts_up_to_a_thousand(demo_engine: Engine) -> None:
    with write_session(demo_engine) as session:
        site_id = session.exec(select(Site.id)).first()
        type_id = session.exec(select(ToolType.id).where(ToolType.key == "screwdriver_100")).one()
        session.add_all([Tool(asset_tag=f"AT-Q{number:05d}", tool_type_id=type_id, site_id=site_id)
                         for number in range(TEXT_COUNT_CAP + 50)])
    everything = list_tools(demo_engine, TODAY, limit=10)
    assert everything.total > TEXT_COUNT_CAP + 50 and not everything.more  # without a text: every tool
    matching = list_tools(demo_engine, TODAY, text="AT-Q", limit=10)
    assert (matching.total, matching.more) == (TEXT_COUNT_CAP, True)
    assert find_tools(demo_engine, TODAY, "AT-Q0", limit=10).total == TEXT_COUNT_CAP
    assert list_tools(demo_engine, TODAY, text="AT-Q", limit=10, count_cap=None).total == TEXT_COUNT_CAP + 50
    assert list_tools(demo_engine, TODAY, text="AT-Q0104", limit=10).total == 10  # a few: exact


def _statements_of(engine: Engine, call: object) -> list[tuple[str, object]]:
    seen: list[tuple[str, object]] = []

    def remember(_connection: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", remember)
    try:
        call()  # type: ignore[operator]
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return seen


def test_the_open_orders_list_walks_the_open_orders_by_deadline(demo_db: object) -> None:
    from atelier_tui.store.engine import make_engine

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with write_session(engine) as session:  # a history of closed orders, due before every open one
            site_id = session.exec(select(Site.id)).first()
            session.add_all([RepairOrder(reference=f"OR-H-{number:04d}", site_id=site_id, brand="Omega", status="done",
                                         received_on=TODAY - timedelta(days=400), deadline=TODAY - timedelta(days=300))
                             for number in range(300)])
        page = find_orders(engine, TODAY, "", limit=20)
        assert page.rows and all(row.status not in ("done", "returned", "cancelled") for row in page.rows)
        assert [row.deadline for row in page.rows] == sorted(row.deadline for row in page.rows)
        listed = _statements_of(engine, lambda: find_orders(engine, TODAY, "", limit=20))
        with engine.connect() as connection:
            plans = [" ".join(str(step[-1]) for step in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters))
                     for sql, parameters in listed if sql.lstrip().upper().startswith("SELECT")]
        # The page and its count both read the open orders' index, never the closed history.
        assert plans and all("ix_repair_order_open_by_deadline" in plan for plan in plans), plans
        assert list_orders(engine, TODAY, open_only=True, limit=20).rows == page.rows
        with engine.connect() as connection:
            open_count = connection.execute(text("SELECT count(*) FROM repair_order WHERE status NOT IN ('done', 'returned', 'cancelled')")).scalar_one()
        assert find_orders(engine, TODAY, "", limit=20).total == open_count
    finally:
        engine.dispose()
