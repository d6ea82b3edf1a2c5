"""A long list sorted by the group each row belongs to (a tool's type, its place, its maintenance
state), the groups ranked as a reader expects (names folded for accents and case, in the
interface language; states by urgency), then by a unique column: read group by group, through
the index that finds a group's rows, instead of sorting every row.

A rank the database does not hold can only be a CASE over every group, worked out on every row:
on 100,000 tools that sort costs eight times the list's own sort by a stored key. Here a page
reads the groups it spans, a few at a time, and the page holding a given row is found by two
counts, then read backwards and forwards from that row. A short list (a filter leaving up to
IN_MEMORY_UP_TO rows) is read whole and sorted here: a filter leaving a few rows in each of many
groups would otherwise cost a statement for every few dozen groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import Select, and_, false, func, or_, select

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

G = TypeVar("G")

# Reading a thousand narrow rows and sorting them costs less than a millisecond or two.
IN_MEMORY_UP_TO = 1_000
# Groups are read 1, 2, 4 ... at a time up to this many: a page rarely spans more than a few,
# and a row's rank within a chunk is a CASE over the chunk's groups.
MOST_GROUPS_AT_ONCE = 64


@dataclass(frozen=True)
class Grouping(Generic[G]):
    """How rows fall into ranked groups. A row belongs to exactly one group of `ranked`."""

    ranked: Sequence[G]  # every group, first to last in ascending order
    # SQL: the rows of these groups, as conditions no row meets two of (each counted through
    # its own index: a count of their OR would merge the rows it finds before counting them)
    among: Callable[[Sequence[G]], list[Any]]
    rank: Callable[[Sequence[G]], Any]  # SQL: a row's position in this list of groups (for rows among them)
    columns: tuple[Any, ...]  # the columns telling a row's group
    group_of: Callable[[Sequence[Any]], G]  # a row's group from the values of `columns`
    # Groups that may hold most of the list, read in the tiebreak's order through an index: each
    # is read on its own, where the read stops at the page (among other groups, the chunk's
    # rows are sorted together: every row of such a group would be).
    alone: frozenset[G] = frozenset()


@dataclass(frozen=True)
class GroupedPage:
    ids: list[Any]  # the page's rows, in the list's order
    offset: int  # where the page starts: the requested offset, or the page of the kept row
    followed: bool  # rows come after the page


@dataclass(frozen=True)
class _Order(Generic[G]):
    session: Session
    rows: Select  # the list's rows: its joins and filters
    grouping: Grouping[G]
    id_column: Any
    tiebreak: Any  # unique: orders the rows of a group

    def count(self, groups: Sequence[G], condition: Any = None) -> int:
        """How many rows `groups` hold (and meet `condition`)."""
        held = 0
        for part in self.grouping.among(groups):
            counted = self.rows.with_only_columns(self.id_column).where(part if condition is None else and_(part, condition))
            held += int(self.session.execute(select(func.count()).select_from(counted.subquery())).scalar_one())
        return held

    def rows_of(self, groups: Sequence[G]) -> Any:
        parts = self.grouping.among(groups)
        return or_(*parts) if parts else false()

    def walk(self, groups: Sequence[G], descending: bool, need: int, skip: int = 0, first: Any = None) -> list[Any]:
        """The ids of `need` rows from the start of `groups` (in walking order), their tiebreaks
        descending or not, after `skip` rows; `first`: a condition the first group's rows meet."""
        found: list[Any] = []
        start, size = 0, 1
        while start < len(groups) and len(found) < need:
            chunk = self._chunk(groups, start, size)
            bound = first if start == 0 else None  # the first chunk is one group
            start, size = start + len(chunk), min(size * 2, MOST_GROUPS_AT_ONCE)
            if skip:
                held = self.count(chunk, bound)
                if held <= skip:
                    skip -= held
                    continue
            tiebreak = self.tiebreak.desc() if descending else self.tiebreak.asc()
            condition = self.rows_of(chunk) if bound is None else and_(self.rows_of(chunk), bound)
            order = [tiebreak] if len(chunk) == 1 else [self.grouping.rank(chunk), tiebreak]
            statement = self.rows.with_only_columns(self.id_column).where(condition).order_by(*order)
            found.extend(self.session.execute(statement.offset(skip).limit(need - len(found))).scalars())
            skip = 0
        return found

    def _chunk(self, groups: Sequence[G], start: int, size: int) -> Sequence[G]:
        """Up to `size` groups from `start`, a group read alone (Grouping.alone) on its own."""
        alone = self.grouping.alone
        if groups[start] in alone:
            return groups[start:start + 1]
        end = start + 1
        while end < min(start + size, len(groups)) and groups[end] not in alone:
            end += 1
        return groups[start:end]


def grouped_page(
    session: Session, rows: Select, grouping: Grouping[G], id_column: Any, tiebreak: Any, descending: bool,
    offset: int, limit: int, around: Any = None, total: int | None = None,
) -> GroupedPage:
    """The ids of the page of `rows` at `offset`, sorted by `grouping` then `tiebreak`
    (descending: both reversed); `around` (a tiebreak value): the page holding that row instead,
    when it is among the rows. `total`: how many rows there are, when known exactly."""
    if total is not None and total <= IN_MEMORY_UP_TO:
        return _sorted_here(session, rows, grouping, id_column, tiebreak, descending, offset, limit, around)
    order = _Order(session, rows, grouping, id_column, tiebreak)
    groups = list(reversed(grouping.ranked)) if descending else list(grouping.ranked)
    if around is not None:
        kept = session.execute(rows.with_only_columns(*grouping.columns).where(tiebreak == around)).first()
        if kept is not None:
            return _page_around(order, groups, descending, limit, around, grouping.group_of(kept))
    return _cut(order.walk(groups, descending, limit + 1, skip=offset), offset, limit)


def _cut(ids: list[Any], offset: int, limit: int) -> GroupedPage:
    """The page of a walk that read one row past it, if there was one."""
    return GroupedPage(ids[:limit], offset, len(ids) > limit)


def _page_around(order: _Order[G], groups: list[G], descending: bool, limit: int, around: Any, group: G) -> GroupedPage:
    at = groups.index(group)
    before_in_group = order.tiebreak > around if descending else order.tiebreak < around
    ahead = order.count([group], before_in_group) + (order.count(groups[:at]) if at else 0)
    offset = ahead // limit * limit
    backwards = order.walk(groups[at::-1], not descending, ahead - offset, first=before_in_group)
    onwards = order.walk(groups[at:], descending, limit - len(backwards) + 1, first=~before_in_group)
    return _cut([*reversed(backwards), *onwards], offset, limit)


def _sorted_here(
    session: Session, rows: Select, grouping: Grouping[G], id_column: Any, tiebreak: Any, descending: bool,
    offset: int, limit: int, around: Any,
) -> GroupedPage:
    position = {group: index for index, group in enumerate(grouping.ranked)}
    # Read in the database's order of the tiebreak, then ranked by group keeping that order
    # (sorted is stable): a collation may order tags otherwise than Python would.
    read = session.execute(rows.with_only_columns(id_column, tiebreak, *grouping.columns)
                           .order_by(tiebreak.desc() if descending else tiebreak.asc())).all()
    ordered = sorted(read, key=lambda row: position[grouping.group_of(row[2:])], reverse=descending)
    if around is not None:
        kept = next((index for index, row in enumerate(ordered) if row[1] == around), None)
        if kept is not None:
            offset = kept // limit * limit
    return _cut([row[0] for row in ordered[offset:offset + limit + 1]], offset, limit)
