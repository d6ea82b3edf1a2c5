"""The trigram index behind the lists' filters and the palette finds exactly what the plain LIKE
found, and follows every change of a row (triggers on SQLite, GIN indexes on PostgreSQL)."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlmodel import select

from atelier_tui.services.common.paging import MAX_PAGE
from atelier_tui.services.orders.queries import list_orders
from atelier_tui.services.overview.search import search
from atelier_tui.services.tools.queries import list_tools
from atelier_tui.store import migrate, search_index
from atelier_tui.store.engine import make_engine, write_session
from atelier_tui.store.models import RepairOrder, Site, Tool, ToolType
from tests.support.fixed_time import FIXED_NOW

TODAY = FIXED_NOW.date()

# What people type: codes whole and in part, any case, accents given or left out, the LIKE
# wildcards % and _ (taken literally), FTS5's own syntax (taken literally too), non-Latin text,
# and searches too short for a trigram.
QUERIES = [
    "AT-0", "at-0001", "AT-00012", "AT-", "00", "1", "bergeon", "BERGEON", "Witschi", "fl-20", "OR-2026", "or-2026-000",
    "longines", "LONGINES", "seamaster (1962)", "cli-1", "Glashütte", "GLASHÜTTE", "glashutte", "ütte", "Ü", "ü",
    "50%", "50%-", "%", "%%%", "_", "A_B", "a_b", "a\\b", "\\", "精工", "精工舎", "工舎", "Ωmega", "ωmega", "ΩMEGA",
    '"quoted"', 'a"b', '"', "a*", "NEAR", "AND", "x:y", "^ab", "(ab)", "  AT-0  ", "zzz-nothing", "ab", "e", "Ö-", "straße",
    "STRASSE", "İstanbul", "i̇stanbul",
]

UNUSUAL = [
    # (asset tag, serial, maker): accents, the wildcards, FTS5 syntax, non-Latin scripts
    ("AT-U0001", "GL-50%-A_B", "Glashütte Original"),
    ("AT-U0002", "a\\b-\"quoted\"-NEAR", "精工舎 (Seikosha)"),
    ("AT-U0003", "X:Y^AB(AB)", "Ωmega Straße"),
    ("AT-U0004", "A%B_C", "İstanbul Saat"),
]


def _add_unusual_rows(engine: Engine) -> None:
    with write_session(engine) as session:
        site_id = session.exec(select(Site.id)).first()
        type_id = session.exec(select(ToolType.id).where(ToolType.key == "screwdriver_100")).one()
        session.add_all([Tool(asset_tag=tag, serial=serial, maker=maker, tool_type_id=type_id, site_id=site_id)
                         for tag, serial, maker in UNUSUAL])
        session.add_all([
            RepairOrder(reference="OR-U-0001", site_id=site_id, brand="Glashütte", model="Senator 50%", customer_ref="精工-7",
                        case_serial="Ωmega_1", received_on=TODAY, deadline=TODAY + timedelta(days=3)),
            RepairOrder(reference="OR-U-0002", site_id=site_id, brand="A_B", model='say "quoted"', customer_ref="straße",
                        received_on=TODAY, deadline=TODAY + timedelta(days=4)),
        ])


def _every_tool(engine: Engine, query: str) -> tuple[int, list[str]]:
    tags: list[str] = []
    while True:
        page = list_tools(engine, TODAY, text=query, offset=len(tags), limit=MAX_PAGE, count_cap=None)
        tags += [row.asset_tag for row in page.rows]
        if len(tags) >= page.total:
            return page.total, tags


def _every_order(engine: Engine, query: str) -> tuple[int, list[str]]:
    references: list[str] = []
    while True:
        page = list_orders(engine, TODAY, text=query, offset=len(references), limit=MAX_PAGE, count_cap=None)
        references += [row.reference for row in page.rows]
        if len(references) >= page.total:
            return page.total, references


def _answers(engine: Engine, query: str) -> tuple[Any, ...]:
    return _every_tool(engine, query), _every_order(engine, query), search(engine, query, limit=100)


def test_the_index_finds_what_the_plain_like_finds(demo_db: Path, tmp_path: Path) -> None:
    indexed = make_engine(f"sqlite:///{demo_db}")
    _add_unusual_rows(indexed)
    plain_path = tmp_path / "plain.db"
    indexed.dispose()
    shutil.copyfile(demo_db, plain_path)
    plain = make_engine(f"sqlite:///{plain_path}")
    with plain.begin() as connection:
        search_index.drop_sqlite_index(connection)
    indexed = make_engine(f"sqlite:///{demo_db}")
    with indexed.connect() as connection, plain.connect() as other:
        assert search_index.sqlite_index_present(connection) and not search_index.sqlite_index_present(other)
    try:
        found_something = 0
        for query in QUERIES:
            expected = _answers(plain, query)
            assert _answers(indexed, query) == expected, query
            found_something += bool(expected[0][0] or expected[1][0])
        assert found_something > len(QUERIES) // 2  # the queries do find rows: the comparison says something
        # The unusual rows are found by what people would type.
        assert _every_tool(indexed, "50%-a_b")[1] == ["AT-U0001"]
        assert _every_tool(indexed, "精工舎")[1] == ["AT-U0002"]
        assert _every_order(indexed, "enator 50%")[1] == ["OR-U-0001"]
    finally:
        indexed.dispose()
        plain.dispose()


def test_the_index_follows_added_changed_and_deleted_rows(demo_engine: Engine) -> None:
    _add_unusual_rows(demo_engine)
    assert _every_tool(demo_engine, "Glashütte Orig")[1] == ["AT-U0001"]
    with write_session(demo_engine) as session:
        tool = session.exec(select(Tool).where(Tool.asset_tag == "AT-U0001")).one()
        tool.maker, tool.serial = "Nomos Glashütte", "NO-123456"
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == "OR-U-0002")).one()
        session.delete(order)
    assert _every_tool(demo_engine, "Glashütte Orig") == (0, [])
    assert _every_tool(demo_engine, "GL-50%") == (0, [])
    assert _every_tool(demo_engine, "nomos glash")[1] == ["AT-U0001"]
    assert _every_tool(demo_engine, "no-123456")[1] == ["AT-U0001"]
    assert _every_order(demo_engine, "OR-U-000") == (1, ["OR-U-0001"])


def test_an_upgrade_indexes_the_rows_already_there(demo_db: Path) -> None:
    """A workshop at the revision before the index: its rows are found through the index once
    upgraded, and nothing else changes."""
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        # Read by this code before going back: it reads tables of later revisions (the stored due rows).
        expected = _every_tool(engine, "bergeon"), _every_order(engine, "OR-2026-001")
        migrate.downgrade(engine, "0015_alert_acknowledgements")
        with engine.connect() as connection:
            assert not search_index.sqlite_index_present(connection)
            before = {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in search_index.SEARCHED}
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    engine = make_engine(f"sqlite:///{demo_db}")  # a new process, as after `atelier db upgrade`
    try:
        with engine.connect() as connection:
            assert search_index.sqlite_index_present(connection)
            for table, count in before.items():
                index = search_index.index_table(table)
                assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == count
                # FTS5's own consistency check: the index holds exactly the table's rows.
                connection.execute(text(f"INSERT INTO {index}({index}) VALUES ('integrity-check')"))
                assert connection.execute(text(f"SELECT count(*) FROM {index}_docsize")).scalar_one() == count
        assert (_every_tool(engine, "bergeon"), _every_order(engine, "OR-2026-001")) == expected
        assert expected[0][0] > 0 and expected[1][0] > 0
    finally:
        engine.dispose()


def test_a_long_list_counts_up_to_the_cap_and_says_there_are_more(demo_engine: Engine) -> None:
    page = list_tools(demo_engine, TODAY, text="AT-0", limit=10, count_cap=40)
    assert (page.total, page.more, len(page.rows)) == (40, True, 10)
    # Paging on past the cap: the count reaches the page asked for.
    page = list_tools(demo_engine, TODAY, text="AT-0", offset=60, limit=10, count_cap=40)
    assert (page.total, page.more) == (70, True)
    exact = list_tools(demo_engine, TODAY, text="AT-0", limit=10, count_cap=None)
    assert exact.total > 70 and not exact.more
    assert list_tools(demo_engine, TODAY, text="AT-0", limit=10, count_cap=exact.total).total == exact.total
    orders = list_orders(demo_engine, TODAY, text="OR-", limit=5, count_cap=10)
    assert (orders.total, orders.more) == (10, True)
