"""The tools list sorted by type (its name in the interface language), by where a tool is (the
code of its place), by status (its word) or by maintenance state, read group by group (services/common/ranked_groups.py): every page, in both
directions, is the slice of the order a reader expects, and so is the page opened on a kept row,
whether the list is read whole (a short list) or walked group by group (a long one)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import Engine, event, select, text

from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.i18n import _, language, set_language
from atelier_tui.services.common import ranked_groups
from atelier_tui.services.common.paging import count_ceiling, fold
from atelier_tui.services.tools.filters import find_tools
from atelier_tui.services.tools.maintenance_state import URGENCY, maintenance_states
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Tool
from atelier_tui.store.engine import write_session
from atelier_tui.wording.vocabulary import WORDS
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

TODAY = FIXED_NOW.date()
LIMIT = 7
SORTS = ("type", "where", "status", "maintenance")


@pytest.fixture(params=["walked", "read whole"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The demo's list is short: the walk is taken by lowering the length read whole to none."""
    if request.param == "walked":
        monkeypatch.setattr(ranked_groups, "IN_MEMORY_UP_TO", 0)
    return str(request.param)


@pytest.fixture
def every_kind_of_place(demo_engine: Engine) -> Engine:
    """Tools at no place, kept in a location, checked out away from their location, at their own
    bench; and a location whose code differs from a bench's by its case only (one group)."""
    tags = "SELECT asset_tag FROM tool ORDER BY asset_tag"
    with write_session(demo_engine) as session:
        session.execute(text(f"UPDATE tool SET bench_id = NULL, home_location_id = NULL, home_bench_id = NULL "
                             f"WHERE asset_tag IN ({tags} LIMIT 4)"))
        session.execute(text(f"UPDATE tool SET bench_id = NULL, home_bench_id = NULL, "
                             f"home_location_id = (SELECT id FROM location WHERE code = 'C1') WHERE asset_tag IN ({tags} LIMIT 9 OFFSET 4)"))
        session.execute(text(f"UPDATE tool SET bench_id = (SELECT id FROM bench WHERE code = 'ME-02'), "
                             f"home_location_id = (SELECT id FROM location WHERE code = 'C1-D1') WHERE asset_tag IN ({tags} LIMIT 5 OFFSET 13)"))
        session.execute(text(f"UPDATE tool SET bench_id = NULL, home_location_id = NULL, "
                             f"home_bench_id = (SELECT id FROM bench WHERE code = 'ME-01') WHERE asset_tag IN ({tags} LIMIT 6 OFFSET 18)"))
        session.execute(text(f"UPDATE tool SET bench_id = NULL, home_location_id = (SELECT id FROM location WHERE code = 'C1-D2') "
                             f"WHERE asset_tag IN ({tags} LIMIT 6 OFFSET 24)"))
        session.execute(text("UPDATE location SET code = 'me-01' WHERE code = 'C1-D2'"))
    return demo_engine


def _expected(engine: Engine, sort: str, descending: bool, query: str = "") -> list[str]:
    """The tags in the order a reader expects, worked out here from plain rows: the type's name
    (French when the interface is), the place's code or the status's word, accents and case
    folded, or the maintenance state, most urgent first (as tools.maintenance_state gives it);
    then the tag."""
    shown = {row.asset_tag for row in find_tools(engine, TODAY, query, limit=1000).rows}
    with engine.connect() as connection:
        rows = connection.execute(text(
            "SELECT tool.asset_tag, tool_type.id, tool_type.name_en, tool_type.name_fr, "
            "coalesce(now_on.code, location.code, home_bench.code, ''), tool.status FROM tool "
            "JOIN tool_type ON tool_type.id = tool.tool_type_id "
            "LEFT JOIN bench now_on ON now_on.id = tool.bench_id "
            "LEFT JOIN location ON location.id = tool.home_location_id "
            "LEFT JOIN bench home_bench ON home_bench.id = tool.home_bench_id")).all()
    with read_rows(engine) as session:
        states = maintenance_states(session, TODAY)
        tags = dict(session.execute(select(Tool.asset_tag, Tool.id)).all())
    urgency = {state: rank for rank, state in enumerate(URGENCY)}

    def key(row: Any) -> tuple[Any, ...]:
        name = row[3] if language() == "fr" and row[3] else row[2]
        if sort == "maintenance":
            return urgency[states[tags[row[0]]]], row[0]
        if sort == "status":
            return fold(_(WORDS[ToolStatus][row[5]])), row[0]
        return (fold(name), row[1], row[0]) if sort == "type" else (fold(row[4]), row[0])

    ordered = [row[0] for row in sorted(rows, key=key) if row[0] in shown]
    return ordered[::-1] if descending else ordered


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("sort", SORTS)
def test_every_page_is_the_slice_of_the_order_a_reader_expects(every_kind_of_place: Engine, reading: str, sort: str,
                                                               language: str) -> None:
    set_language(language)
    for descending in (False, True):
        expected = _expected(every_kind_of_place, sort, descending)
        assert len(expected) > 15 * LIMIT
        for offset in range(0, len(expected) + LIMIT, LIMIT):
            page = find_tools(every_kind_of_place, TODAY, "", sort=sort, descending=descending, offset=offset, limit=LIMIT)
            assert [row.asset_tag for row in page.rows] == expected[offset:offset + LIMIT], (descending, offset)
            assert (page.total, page.more) == (len(expected), False)


@pytest.mark.parametrize("sort", SORTS)
def test_the_list_opens_on_the_page_of_the_kept_row(every_kind_of_place: Engine, reading: str, sort: str) -> None:
    set_language("en")
    for descending in (False, True):
        expected = _expected(every_kind_of_place, sort, descending)
        # At no place, in the merged group, deep in the list, first and last.
        kept = [expected[0], expected[-1], expected[len(expected) // 2], expected[LIMIT - 1], expected[LIMIT],
                "AT-00001", "AT-00020", "AT-00027"]
        for tag in kept:
            page = find_tools(every_kind_of_place, TODAY, "", sort=sort, descending=descending, offset=LIMIT * 3,
                              limit=LIMIT, around=tag)
            offset = expected.index(tag) // LIMIT * LIMIT
            assert (page.offset, [row.asset_tag for row in page.rows]) == (offset, expected[offset:offset + LIMIT]), (descending, tag)
        # A tool not in the list: the page asked for.
        page = find_tools(every_kind_of_place, TODAY, "", sort=sort, descending=descending, offset=LIMIT * 3, limit=LIMIT, around="AT-NONE")
        assert [row.asset_tag for row in page.rows] == expected[LIMIT * 3:LIMIT * 4]


@pytest.mark.parametrize("query", ["status:in_service", "ME-0", "location:C1"])
@pytest.mark.parametrize("sort", SORTS)
def test_a_filtered_list_keeps_the_order(every_kind_of_place: Engine, reading: str, sort: str, query: str) -> None:
    set_language("en")
    expected = _expected(every_kind_of_place, sort, False, query)
    assert len(expected) > LIMIT
    pages = [find_tools(every_kind_of_place, TODAY, query, sort=sort, offset=offset, limit=LIMIT)
             for offset in range(0, len(expected), LIMIT)]
    assert [row.asset_tag for page in pages for row in page.rows] == expected
    kept = expected[-2]
    page = find_tools(every_kind_of_place, TODAY, query, sort=sort, limit=LIMIT, around=kept)
    assert page.offset == (len(expected) - 2) // LIMIT * LIMIT and kept in [row.asset_tag for row in page.rows]


@pytest.mark.parametrize("sort", SORTS)
def test_a_capped_count_says_the_same_when_the_kept_row_is_past_it(every_kind_of_place: Engine, reading: str, sort: str) -> None:
    """A count stops at its cap, or at the end of the page shown: the page of a kept row far down
    the list says as much as a count at that page would."""
    set_language("en")
    expected = _expected(every_kind_of_place, sort, False)
    cap = 2 * LIMIT
    for position in (len(expected) - 1, len(expected) - LIMIT - 3, cap + 1, 3):
        page = find_tools(every_kind_of_place, TODAY, "", sort=sort, limit=LIMIT, count_cap=cap, around=expected[position])
        ceiling = count_ceiling(cap, page.offset, LIMIT)
        assert (page.total, page.more) == (min(len(expected), ceiling), len(expected) > ceiling), position


@pytest.mark.sqlite_only("reads SQLite's query plans")
@pytest.mark.parametrize("sort", ["type", "where", "status"])  # the maintenance states are ids worked out in Python
def test_walking_the_groups_reads_only_the_groups_it_needs(every_kind_of_place: Engine, sort: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Each group's tools are found through an index on what makes the group (the type; the bench
    a tool is on, the location or the bench keeping it; the status), never by reading every tool,
    nor every tool at home: on 100,000 tools such a read costs what this walk saves."""
    monkeypatch.setattr(ranked_groups, "IN_MEMORY_UP_TO", 0)
    statements: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(every_kind_of_place, "before_cursor_execute", record)
    try:
        find_tools(every_kind_of_place, TODAY, "", sort=sort, offset=3 * LIMIT, limit=LIMIT)
        find_tools(every_kind_of_place, TODAY, "", sort=sort, descending=True, limit=LIMIT, around="AT-00077")
    finally:
        event.remove(every_kind_of_place, "before_cursor_execute", record)
    walked = [(statement, parameters) for statement, parameters in statements if re.search(r"tool\.\w+ IN \(", statement)]
    assert len(walked) >= 5
    with every_kind_of_place.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in walked:
            plan = " | ".join(row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "SCAN tool" not in plan, (statement, plan)
            for column in set(re.findall(r"tool\.(\w+) IN \(", statement)):
                assert f"{column}=?" in plan, (column, statement, plan)


@pytest.mark.sqlite_only("reads SQLite's query plans")
def test_a_group_of_most_tools_is_read_in_order_up_to_the_page(every_kind_of_place: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sorted by maintenance, most tools are ok or have no plan. Such a group is read on its own,
    walking the asset tags, and the read stops at the page: sorted together with another group,
    every tool of it would be read and sorted to show a page."""
    monkeypatch.setattr(ranked_groups, "IN_MEMORY_UP_TO", 0)
    statements: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    expected = _expected(every_kind_of_place, "maintenance", False)
    event.listen(every_kind_of_place, "before_cursor_execute", record)
    try:
        for descending in (False, True):
            for offset in (0, 5 * LIMIT):
                find_tools(every_kind_of_place, TODAY, "", sort="maintenance", descending=descending, offset=offset, limit=LIMIT)
            for kept in expected[::25]:
                find_tools(every_kind_of_place, TODAY, "", sort="maintenance", descending=descending, limit=LIMIT, around=kept)
    finally:
        event.remove(every_kind_of_place, "before_cursor_execute", record)
    pages = [(statement, parameters) for statement, parameters in statements
             if statement.startswith("SELECT tool.id \nFROM tool") and "ORDER BY" in statement]
    with every_kind_of_place.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        plans = [" | ".join(row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters))
                 for statement, parameters in pages]
    walking = [plan for plan in plans if "SCAN tool" in plan]
    assert walking, plans
    assert all("TEMP B-TREE" not in plan for plan in walking), walking


@pytest.mark.sqlite_only("reads SQLite's query plans")
def test_the_sort_by_use_reads_the_tools_in_that_order(every_kind_of_place: Engine) -> None:
    """Sorted by use, a page and the place of the row kept under the cursor are read through
    ix_tool_usage, not by sorting every tool."""
    statements: list[tuple[str, Any]] = []

    def record(_connection: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(every_kind_of_place, "before_cursor_execute", record)
    try:
        page = find_tools(every_kind_of_place, TODAY, "", sort="usage", descending=True, limit=LIMIT, around="AT-00077")
    finally:
        event.remove(every_kind_of_place, "before_cursor_execute", record)
    assert "AT-00077" in [row.asset_tag for row in page.rows]
    reads = [(statement, parameters) for statement, parameters in statements
             if re.search(r"tool\.usage_count [<>]|ORDER BY tool\.usage_count", statement)]
    assert len(reads) == 2
    with every_kind_of_place.connect() as connection:
        cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
        for statement, parameters in reads:
            plan = " | ".join(row[3] for row in cursor.execute("EXPLAIN QUERY PLAN " + statement, parameters))
            assert "ix_tool_usage" in plan, (statement, plan)
