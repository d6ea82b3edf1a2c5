"""Each key of each list on the demo workshop: the tools, orders and supplies a person asks for,
and sorting by any column (type and supply names in the interface language, maintenance by
urgency, status by the work's course)."""

from __future__ import annotations

import pytest

from atelier_tui.domain.vocabulary import OrderStatus, ToolStatus
from atelier_tui.i18n import localized, set_language
from atelier_tui.services.common.paging import fold
from atelier_tui.services.context import ServiceError
from atelier_tui.services.orders.filters import find_orders
from atelier_tui.services.orders.start import STARTABLE_STATUSES
from atelier_tui.services.stock.filters import find_supplies
from atelier_tui.services.tools.filters import find_tools
from atelier_tui.services.tools.maintenance_state import URGENCY
from atelier_tui.wording.supply_categories import SUPPLY_CATEGORY_WORDS
from atelier_tui.wording.vocabulary import word
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

TODAY = FIXED_NOW.date()
CLOSED = {OrderStatus.DONE, OrderStatus.RETURNED, OrderStatus.CANCELLED}


def state_words(category: str) -> str:
    from atelier_tui.i18n import _

    return _(SUPPLY_CATEGORY_WORDS[category])


def every_tool(engine, query: str = "", **sort):  # type: ignore[no-untyped-def]
    return find_tools(engine, TODAY, query, limit=1000, **sort).rows


def every_order(engine, query: str = "", **options):  # type: ignore[no-untyped-def]
    return find_orders(engine, TODAY, query, limit=1000, **options).rows


def test_tools_by_bench_location_status_and_maintenance(demo_engine) -> None:  # type: ignore[no-untyped-def]
    tools = every_tool(demo_engine)
    on_me01 = {t.asset_tag for t in tools if t.where == "ME-01"}
    overdue = {t.asset_tag for t in tools if t.maintenance == "overdue"}
    assert on_me01 and overdue and on_me01 & overdue and overdue - on_me01
    assert {t.asset_tag for t in every_tool(demo_engine, "bench:ME-01")} == on_me01
    assert {t.asset_tag for t in every_tool(demo_engine, "bench:me-01")} == on_me01
    assert {t.asset_tag for t in every_tool(demo_engine, "status:overdue")} == overdue
    assert {t.asset_tag for t in every_tool(demo_engine, "maintenance:overdue")} == overdue
    assert {t.asset_tag for t in every_tool(demo_engine, "status:overdue bench:ME-01")} == on_me01 & overdue
    soon = {t.asset_tag for t in tools if t.maintenance in ("due_soon", "due")}
    assert {t.asset_tag for t in every_tool(demo_engine, "maintenance:due_soon,due")} == soon
    out = {t.asset_tag for t in tools if t.status == "checked_out"}
    assert out and {t.asset_tag for t in every_tool(demo_engine, "status:checked_out")} == out
    # A cabinet holds its drawers: C1 is C1, C1-D1, C1-D2...; C1-D1 alone is that drawer.
    in_c1 = {t.asset_tag for t in tools if t.where == "C1" or t.where.startswith("C1-")}
    assert {t.where for t in tools if t.asset_tag in in_c1} > {"C1-D1"}
    assert {t.asset_tag for t in every_tool(demo_engine, "location:C1")} == in_c1
    assert {t.where for t in every_tool(demo_engine, "location:C1-D1")} == {"C1-D1"}
    assert every_tool(demo_engine, "bench:ZZ-99") == []


def test_free_text_finds_the_tools_of_a_bench_by_its_code(demo_engine) -> None:  # type: ignore[no-untyped-def]
    on_me01 = {t.asset_tag for t in every_tool(demo_engine) if t.where == "ME-01"}
    assert {t.asset_tag for t in every_tool(demo_engine, "ME-01")} == on_me01
    page = find_tools(demo_engine, TODAY, "ME-01", limit=10)
    assert page.total == len(on_me01)


def test_tools_by_type_name(demo_engine) -> None:  # type: ignore[no-untyped-def]
    found = every_tool(demo_engine, "type:timegrapher")
    assert found and {t.type_key for t in found} == {t.type_key for t in every_tool(demo_engine) if "timegrapher" in t.type_name_en.lower()}


def test_tools_sorted_by_maintenance_most_urgent_first_and_reversed(demo_engine) -> None:  # type: ignore[no-untyped-def]
    rank = {state: index for index, state in enumerate(URGENCY)}
    ascending = [rank[t.maintenance] for t in every_tool(demo_engine, sort="maintenance")]
    assert ascending == sorted(ascending) and ascending[0] == rank["overdue"]
    descending = [rank[t.maintenance] for t in every_tool(demo_engine, sort="maintenance", descending=True)]
    assert descending == sorted(descending, reverse=True)
    # Paged: the second page goes on where the first stopped.
    first = find_tools(demo_engine, TODAY, "", sort="maintenance", limit=20)
    second = find_tools(demo_engine, TODAY, "", sort="maintenance", offset=20, limit=20)
    assert [rank[t.maintenance] for t in first.rows + second.rows] == ascending[:40]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_tools_sorted_by_type_follow_the_names_in_the_interface_language(demo_engine, language: str) -> None:  # type: ignore[no-untyped-def]
    set_language(language)
    names = [localized(t.type_name_en, t.type_name_fr) for t in every_tool(demo_engine, sort="type")]
    assert names == sorted(names, key=fold)
    if language == "fr":
        assert names != sorted(names)  # 'Établi' sorts with the E, not after the z as bytes would
    reversed_names = [localized(t.type_name_en, t.type_name_fr) for t in every_tool(demo_engine, sort="type", descending=True)]
    assert reversed_names == sorted(names, key=fold, reverse=True)


def test_tools_sorted_by_each_column(demo_engine) -> None:  # type: ignore[no-untyped-def]
    usage = [t.usage_count for t in every_tool(demo_engine, sort="usage", descending=True)]
    assert usage == sorted(usage, reverse=True) and usage[0] > usage[-1]
    set_language("fr")  # by the words shown: "en service" before "sorti"
    statuses = [word(ToolStatus, t.status) for t in every_tool(demo_engine, sort="status")]
    assert statuses == sorted(statuses, key=fold) and statuses[0] != statuses[-1]


def test_orders_hide_the_closed_ones_unless_a_status_asks(demo_engine) -> None:  # type: ignore[no-untyped-def]
    every = every_order(demo_engine, "status:all")
    closed = [o for o in every if o.status in CLOSED]
    assert closed
    assert {o.reference for o in every_order(demo_engine)} == {o.reference for o in every if o.status not in CLOSED}
    assert {o.reference for o in every_order(demo_engine, "status:done")} == {o.reference for o in every if o.status == "done"}
    assert {o.status for o in every_order(demo_engine, "status:ready,accepted")} == {"ready", "accepted"}


def test_orders_mine_technician_and_bench(demo_engine) -> None:  # type: ignore[no-untyped-def]
    every = every_order(demo_engine, "status:all")
    theirs = {o.reference for o in every if o.technician == "Thomas Moreau" and o.status not in CLOSED}
    assert theirs
    assert {o.reference for o in every_order(demo_engine, "mine", login="tmoreau")} == theirs
    assert {o.reference for o in every_order(demo_engine, "technician:tmoreau")} == theirs
    assert {o.reference for o in every_order(demo_engine, "technician:moreau")} == theirs  # by the name
    assert every_order(demo_engine, "mine", login="nobody") == []
    on_bench = {o.reference for o in every if o.bench_code == "ME-01" and o.status not in CLOSED}
    assert on_bench and {o.reference for o in every_order(demo_engine, "bench:ME-01")} == on_bench


def test_orders_by_readiness_split_the_open_orders(demo_engine) -> None:  # type: ignore[no-untyped-def]
    go = every_order(demo_engine, "readiness:go")
    no_go = every_order(demo_engine, "readiness:no-go")
    unchecked = every_order(demo_engine, "readiness:not_checked")
    assert go and no_go and unchecked
    assert all(o.status in STARTABLE_STATUSES and o.bench_code for o in go + no_go)
    assert all(not (o.status in STARTABLE_STATUSES and o.bench_code) for o in unchecked)
    assert sorted(o.reference for o in go + no_go + unchecked) == sorted(o.reference for o in every_order(demo_engine))
    assert {o.reference for o in every_order(demo_engine, "readiness:go,no_go")} == {o.reference for o in go + no_go}


def test_orders_free_text_finds_customer_reference_and_case_serial(demo_engine) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from atelier_tui.store.engine import read_session
    from atelier_tui.store.models import RepairOrder

    with read_session(demo_engine) as session:
        reference, customer, serial = session.execute(
            select(RepairOrder.reference, RepairOrder.customer_ref, RepairOrder.case_serial)
            .where(RepairOrder.status.not_in(CLOSED)).order_by(RepairOrder.reference)
        ).first()
    assert [o.reference for o in every_order(demo_engine, customer)] == [reference]
    assert [o.reference for o in every_order(demo_engine, serial.lower())] == [reference]


def test_orders_sorted_by_each_column(demo_engine) -> None:  # type: ignore[no-untyped-def]
    course = list(OrderStatus)
    statuses = [course.index(o.status) for o in every_order(demo_engine, "status:all", sort="status")]
    assert statuses == sorted(statuses) and statuses[0] < statuses[-1]
    references = [o.reference for o in every_order(demo_engine, sort="reference", descending=True)]
    assert references == sorted(references, reverse=True)
    deadlines = [o.deadline for o in every_order(demo_engine)]
    assert deadlines == sorted(deadlines)
    with pytest.raises(ServiceError, match="sort: 'colour'"):
        find_orders(demo_engine, TODAY, "", sort="colour")


def test_supplies_by_category_location_state_and_expired(demo_engine) -> None:  # type: ignore[no-untyped-def]
    every = find_supplies(demo_engine, TODAY, "", limit=1000).rows
    batteries = {s.key for s in every if s.category == "battery"}
    assert batteries and {s.key for s in find_supplies(demo_engine, TODAY, "category:battery", limit=1000).rows} == batteries
    expired = {s.key for s in every if s.expired_lots}
    assert expired and {s.key for s in find_supplies(demo_engine, TODAY, "expired", limit=1000).rows} == expired
    low = {s.key for s in every if s.state == "low"}
    assert low and {s.key for s in find_supplies(demo_engine, TODAY, "state:low", limit=1000).rows} == low
    in_c2 = find_supplies(demo_engine, TODAY, "location:C2", limit=1000).rows  # the cabinet and its drawers
    in_drawer = find_supplies(demo_engine, TODAY, "location:C2-D1", limit=1000).rows
    assert in_drawer and {s.key for s in in_drawer} < {s.key for s in in_c2} and all(s.lots for s in in_c2)
    assert {s.key for s in find_supplies(demo_engine, TODAY, "location:ME-01", limit=1000).rows}  # a bench's lots
    set_language("fr")
    assert {s.key for s in find_supplies(demo_engine, TODAY, "catégorie:pile", limit=1000).rows} == batteries


def test_supplies_sorted_by_name_in_french_and_by_stock(demo_engine) -> None:  # type: ignore[no-untyped-def]
    set_language("fr")
    names = [s.name_fr or s.name_en for s in find_supplies(demo_engine, TODAY, "", sort="name", limit=1000).rows]
    assert names == sorted(names, key=fold)
    categories = [state_words(s.category) for s in find_supplies(demo_engine, TODAY, "", sort="category", limit=1000).rows]
    assert categories == sorted(categories, key=fold) and categories[0] != categories[-1]
    on_hand = [s.lots for s in find_supplies(demo_engine, TODAY, "", sort="lots", descending=True, limit=1000).rows]
    assert on_hand == sorted(on_hand, reverse=True) and on_hand[0] > 0


def test_supplies_sorted_by_state_most_urgent_first_and_by_reorder_point(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """The State column as it reads: out of stock, low, expired lots in stock, ok, not stocked."""
    urgency = ["out", "low", "expired", "ok", "not_stocked"]
    rows = find_supplies(demo_engine, TODAY, "", sort="state", limit=1000).rows
    shown = ["expired" if s.expired_lots and s.state == "ok" else s.state for s in rows]
    ranks = [urgency.index(state) for state in shown]
    assert ranks == sorted(ranks) and shown[0] == "out" and {"low", "ok"} <= set(shown)
    reversed_rows = find_supplies(demo_engine, TODAY, "", sort="state", descending=True, limit=1000).rows
    assert [s.key for s in reversed_rows] == [s.key for s in rows][::-1]
    points = [s.reorder_point for s in find_supplies(demo_engine, TODAY, "", sort="reorder_point", limit=1000).rows]
    assert points == sorted(points) and points[0] < points[-1]


def planner_items(engine, query: str = "", ahead_weeks: int = 4):  # type: ignore[no-untyped-def]
    from atelier_tui.services.maintenance.planner import planner

    plan = planner(engine, TODAY, query=query, ahead_weeks=ahead_weeks)
    horizons = {"overdue": plan.overdue, "this_week": plan.this_week, "ahead": plan.next_four_weeks}
    return {name: [(i.asset_tag, i.plan_key) for g in groups for i in g.items] for name, groups in horizons.items()}, plan.apart


def test_planner_by_tool_bench_plan_and_state(demo_engine) -> None:  # type: ignore[no-untyped-def]
    every, apart = planner_items(demo_engine)
    assert apart
    found, found_apart = planner_items(demo_engine, "bench:ME-01 state:overdue")
    assert found["overdue"] and found["this_week"] == found["ahead"] == [] and found_apart == []
    assert set(found["overdue"]) < set(every["overdue"])
    timegraphers, _ = planner_items(demo_engine, "tool:timegrapher plan:calibration")
    assert {plan for horizon in timegraphers.values() for _tag, plan in horizon} == {"timegrapher_calibration"}
    by_text, _ = planner_items(demo_engine, "AT-00046")
    assert {tag for horizon in by_text.values() for tag, _plan in horizon} == {"AT-00046"}


def test_planner_looks_three_months_or_a_year_ahead(demo_engine) -> None:  # type: ignore[no-untyped-def]
    four = set(planner_items(demo_engine)[0]["ahead"])
    quarter = set(planner_items(demo_engine, ahead_weeks=13)[0]["ahead"])
    year = set(planner_items(demo_engine, ahead_weeks=52)[0]["ahead"])
    assert four < quarter < year
    assert any(plan == "caliper_verification" for _tag, plan in year - quarter)  # a yearly verification
    with pytest.raises(ServiceError, match="ahead: 8 weeks is not one of 4, 13, 52"):
        planner_items(demo_engine, ahead_weeks=8)
