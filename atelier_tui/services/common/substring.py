"""Filtering by "contains" through the trigram index (store/search_index.py), and counts that
stay cheap however many rows match.

The index only narrows: a row is kept when the index finds the text in one of its columns and
the same LIKE as before matches it too. The results are those of the LIKE, whatever the index's
own idea of case (FTS5 folds every capital, SQLite's LIKE only ASCII ones); the index makes
them cheap to find. Fewer than three characters, or no index (an old SQLite): the LIKE alone.
On PostgreSQL the ILIKE is the query: pg_trgm's GIN indexes serve it as it is."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, and_, func, literal_column, or_, select, table

from atelier_tui.services.common.paging import COUNT_CAP as COUNT_CAP  # where the lists take it from
from atelier_tui.services.common.paging import capped_total, count_ceiling, like, like_pattern
from atelier_tui.store.search_index import (
    MIN_CHARACTERS,
    SEARCHED,
    index_state,
    index_table,
    sqlite_index_present,
)
from atelier_tui.store.search_index import TRIGRAM_SINCE as TRIGRAM_SINCE  # for the front ends' wording

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

_indexed: weakref.WeakKeyDictionary[Engine, bool] = weakref.WeakKeyDictionary()


def _engine(session: Session) -> Engine:
    bind = session.get_bind()
    return bind if isinstance(bind, Engine) else bind.engine


def _dialect(session: Session) -> str:
    return str(_engine(session).dialect.name)


def _has_index(session: Session) -> bool:
    engine = _engine(session)
    if engine.dialect.name != "sqlite":
        return False
    known = _indexed.get(engine)
    if known is None:
        known = _indexed[engine] = sqlite_index_present(session.connection())
    return known


def search_index_state(engine: Engine) -> tuple[str, str]:
    """(state, library version): how this database's filters find text (store.search_index.index_state;
    TRIGRAM_SINCE, imported here for the front ends, is the first SQLite with a trigram tokenizer)."""
    return index_state(engine)


def _phrase(text: str) -> str:
    """An FTS5 query for the text as one string (a phrase: its characters in a row), whatever it
    holds (quotes are doubled; %, _, * and the rest are plain characters inside a phrase)."""
    return '"' + text.replace('"', '""') + '"'


@dataclass(frozen=True)
class TextMatch:
    """How to find rows containing a text: `indexed` narrows through the index (the LIKE alone
    when there is none), `plain` is the LIKE alone, and `candidates` is how many rows the index
    holds the text in, counted up to PROBE_CAP + 1 (0 without an index). `scans`: no index
    narrows this text (shorter than a trigram, or an old SQLite), so counting its rows reads
    every row."""

    indexed: Any
    plain: Any
    candidates: int
    scans: bool = False


# A count under a text reads each row it counts (its LIKE is checked on the row): it stops at a
# thousand, "1–100 of 1,000+", where a list without a text counts on to COUNT_CAP through an
# index alone. A person refines a filter that matches more than a thousand rows.
TEXT_COUNT_CAP = 1_000
# The index's candidates are counted this far (a fraction of a millisecond): enough to tell a
# text in a few rows (the index finds them) from one in many rows (reading the table in order
# finds a page, or the counted rows, sooner than fetching every candidate).
PROBE_CAP = TEXT_COUNT_CAP
# A text the index holds in more rows than this: a list in an indexed order finds its page by
# walking that index (a few rows read per row shown) sooner than by sorting every match.
WALK_FROM = 1_000


def text_count_cap(match: TextMatch, cap: int | None) -> int | None:
    """How far a list filtered by `match` counts its rows, `cap` being how far it counts without
    a text (None: always exactly). A text no index narrows is counted to the end of the page
    asked for ("1–100 of 100+"): counting further would read every row of the table."""
    if cap is None:
        return None
    return 0 if match.scans else min(cap, TEXT_COUNT_CAP)


def text_match(session: Session, model: Any, columns: list[Any], text: str) -> TextMatch:
    """Rows of `model`'s table with `text` in one of `columns` (all in store.search_index.
    SEARCHED), case ignored as SQLite's LIKE ignores it (any_contains)."""
    pattern = like_pattern(text)
    plain = or_(*(like(session, column, pattern) for column in columns))
    needle = text.strip().lower()
    name = model.__tablename__
    if len(needle) < MIN_CHARACTERS:
        return TextMatch(plain, plain, 0, scans=True)
    if not _has_index(session):
        # PostgreSQL's pg_trgm indexes serve the ILIKE itself; an old SQLite has no index.
        return TextMatch(plain, plain, 0, scans=_dialect(session) == "sqlite")
    if not {column.key for column in columns} <= set(SEARCHED[name]):
        raise ValueError(f"{name}: only {', '.join(SEARCHED[name])} are indexed")
    index = table(index_table(name))
    rowids: Select[Any] = select(literal_column("rowid")).select_from(index).where(literal_column(index.name).op("MATCH")(_phrase(needle)))
    candidates = session.execute(select(func.count()).select_from(rowids.limit(PROBE_CAP + 1).subquery())).scalar_one()
    return TextMatch(and_(model.id.in_(rowids), plain), plain, candidates)


def indexed_contains(session: Session, model: Any, columns: list[Any], text: str) -> Any:
    """SQL: one of `columns` of `model`'s table contains `text`, found through the index (for
    a query that sorts whatever it finds, as the palette does)."""
    return text_match(session, model, columns, text).indexed


def capped_count(session: Session, rows: Select, offset: int, limit: int, cap: int | None) -> tuple[int, bool]:
    """(how many rows `rows` selects, whether there are more than that): exact up to `cap` (or
    up to the end of the page asked for, when that is further), else the count stops there.
    `cap` None: always exact."""
    if cap is None:
        return session.execute(select(func.count()).select_from(rows.subquery())).scalar_one(), False
    ceiling = count_ceiling(cap, offset, limit)
    return capped_total(session.execute(select(func.count()).select_from(rows.limit(ceiling + 1).subquery())).scalar_one(), ceiling)
