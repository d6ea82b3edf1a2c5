"""The stored due rows (store: StoredDue): where each plan of each tool stands, kept in step
with what moves it so that a due list reads a window of dates through an index.

`recompute_due` is the one function that writes them: for the given tools, every row is computed
afresh by the schedule (`schedule.computed_schedule`) and replaces what was stored; a tool's whole
set of rows is the unit, so a plan that stopped applying loses its row. `settle_due` recomputes the
tools the triggers of store.due_marks marked since (every service that writes what the schedule
reads calls it before its transaction ends); `recompute_all` rebuilds everything (the migration,
the demo, a catalog import).

`stored_schedule` reads them back as `schedule.Slot`s; a marked tool, or one missing a row, is
computed afresh instead, so that a write made outside the services is never read as current."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.due import DUE_SOON_DAYS, PlanSpec, alert_by_uses, plan_due_as_stored
from atelier_tui.services.maintenance.schedule import ActivePlans, Slot, active_plans, computed_schedule, plans_of
from atelier_tui.store.database import connection_of
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession, or the lean one: no SQLAlchemy to import
    from sqlalchemy import CompoundSelect, Select
    from sqlalchemy.orm import Session

# The stored fields do not depend on the day the schedule is computed (see `stored_fields`); the
# computation still asks for one.
_ANY_DAY = date(2000, 1, 1)
_CHUNK = 500  # tool ids per statement: well under SQLite's bound-parameter limit

FIELDS = ("every_days", "starts_on", "last_done_at", "last_record_id", "next_due_on", "uses_left", "usage_seen",
          "rescheduled", "reschedule_reason", "attention")


def stored_fields(s: Slot, usage: int) -> dict[str, Any]:
    """The row of one computed slot, for a tool whose counter reads `usage`."""
    due = s.due
    never_done = due.last_done is None and not due.rescheduled
    return {
        "tool_id": s.tool_id, "plan_id": s.plan_id, "every_days": s.spec.every_days, "starts_on": s.spec.starts_on,
        "last_done_at": due.last_done, "last_record_id": s.last_record_id,
        # A plan never done is due on whatever day it is read: no date is stored for it.
        "next_due_on": None if never_done else due.next_due_on,
        "uses_left": due.uses_left, "usage_seen": usage, "rescheduled": due.rescheduled,
        "reschedule_reason": s.reschedule_reason, "attention": never_done or alert_by_uses(s.spec, due.uses_left),
    }


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start:start + _CHUNK])


def computed_rows(session: Session, tool_ids: Iterable[int] | None, plans: ActivePlans | None = None) -> list[dict[str, Any]]:
    """The rows the schedule gives now for these tools (None: every tool)."""
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Tool

    query = select(Tool.id, Tool.tool_type_id, Tool.usage_count, Tool.status)
    if tool_ids is not None:
        query = query.where(Tool.id.in_(bindparam("ids", expanding=True)))
    params = {"ids": list(tool_ids)} if tool_ids is not None else {}
    tools = [tuple(row) for row in session.connection().execute(query, params)]
    usage = {tool[0]: tool[2] for tool in tools}
    slots = computed_schedule(session, tools, _ANY_DAY, every_tool=tool_ids is None, plans=plans)
    return [stored_fields(s, usage[tool_id]) for tool_id, tool_slots in slots.items() for s in tool_slots]


def recompute_due(session: Session, tool_ids: Iterable[int]) -> None:
    """Replace the stored rows of these tools by what the schedule gives now, and clear their marks."""
    from sqlalchemy import delete, insert

    from atelier_tui.store.core_tables import StoredDue, StoredDueStale

    ids = sorted(set(tool_ids))
    if not ids:
        return
    session.flush()
    connection = session.connection()
    plans = active_plans(session)
    for chunk in _chunks(ids):
        connection.execute(delete(StoredDue).where(StoredDue.tool_id.in_(chunk)))
        rows = computed_rows(session, chunk, plans)
        if rows:
            connection.execute(insert(StoredDue), rows)
        connection.execute(delete(StoredDueStale).where(StoredDueStale.tool_id.in_(chunk)))


def recompute_all(session: Session) -> None:
    """Rebuild every stored row (a new or rebuilt workshop)."""
    from sqlalchemy import delete, insert

    from atelier_tui.store.core_tables import StoredDue, StoredDueStale

    session.flush()
    connection = session.connection()
    connection.execute(delete(StoredDue))
    rows = computed_rows(session, None)
    for start in range(0, len(rows), _CHUNK):
        connection.execute(insert(StoredDue), rows[start:start + _CHUNK])
    connection.execute(delete(StoredDueStale))


# Built once with the ids as an expanding parameter: building a statement per call (a readiness
# check reads the rows of a few tools, several times per order) cost more than running it.
@read_statement
def _every_stale() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import StoredDueStale

    return select(StoredDueStale.tool_id)


@read_statement
def _stale_among() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.store.core_tables import StoredDueStale

    return _every_stale.core().where(StoredDueStale.tool_id.in_(bindparam("ids", expanding=True)))


def stale_tools(session: Session, tool_ids: Iterable[int] | None = None) -> set[int]:
    session.flush()
    connection = connection_of(session)
    if tool_ids is None:
        return set(connection.execute(_every_stale).scalars())
    stale: set[int] = set()
    for chunk in _chunks(sorted(set(tool_ids))):
        stale.update(connection.execute(_stale_among, {"ids": chunk}).scalars())
    return stale


def settle_due(session: Session) -> None:
    """Recompute the tools whose rows this transaction's writes moved (the triggers marked them)."""
    recompute_due(session, stale_tools(session))


@read_statement
def _stored() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import StoredDue

    return select(*(getattr(StoredDue, name) for name in ("tool_id", "plan_id", *FIELDS)))


@read_statement
def _stored_among() -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.store.core_tables import StoredDue

    return _stored.core().where(StoredDue.tool_id.in_(bindparam("ids", expanding=True)))


def stored_rows(session: Session, tool_ids: Iterable[int] | Select | CompoundSelect | None) -> dict[tuple[int, int], tuple]:
    """(tool id, plan id) -> the stored values in the order of FIELDS, of these tools (a statement
    selecting their ids, or None: of every tool). Plain tuples, fetched at once: a due list reads
    thousands, and a result row's named access cost more than the query."""
    connection = connection_of(session)
    if tool_ids is None:
        statements: list[Any] = [_stored]
    elif not isinstance(tool_ids, Iterable):  # a statement selecting the ids
        from atelier_tui.store.core_tables import StoredDue

        statements = [_stored.core().where(StoredDue.tool_id.in_(tool_ids))]
    else:
        return {(row[0], row[1]): tuple(row)[2:] for chunk in _chunks(sorted(set(tool_ids)))
                for row in connection.execute(_stored_among, {"ids": chunk}).all()}
    return {(row[0], row[1]): tuple(row)[2:] for statement in statements for row in connection.execute(statement).all()}


# The stored rows of some tools and, as rows with no plan, their marks: one statement where two
# would cost twice SQLAlchemy's own time per statement (a readiness check names a few tools at a
# time, several times per order).
@read_statement
def _stored_and_marked() -> Any:
    from sqlalchemy import bindparam, null, select, union_all

    from atelier_tui.store.core_tables import StoredDueStale

    return union_all(
        _stored_among.core(),
        select(StoredDueStale.tool_id, *(null() for _name in ("plan_id", *FIELDS)))
        .where(StoredDueStale.tool_id.in_(bindparam("marked_ids", expanding=True))),
    )


def _named_rows(session: Session, tool_ids: list[int]) -> tuple[dict[tuple[int, int], tuple], set[int]]:
    """`stored_rows` and `stale_tools` of these tools, read together."""
    session.flush()
    connection = connection_of(session)
    rows: dict[tuple[int, int], tuple] = {}
    stale: set[int] = set()
    for chunk in _chunks(sorted(set(tool_ids))):
        for row in connection.execute(_stored_and_marked, {"ids": chunk, "marked_ids": chunk}).all():
            if row[1] is None:
                stale.add(row[0])
            else:
                rows[(row[0], row[1])] = tuple(row)[2:]
    return rows, stale


def window_end(today: date, within_days: int) -> date:
    """The last day of a window of `within_days` from `today`, as `window_tools` reads it: never
    less than "soon" (DUE_SOON_DAYS)."""
    return today + timedelta(days=max(within_days, DUE_SOON_DAYS))


def tools_due_by(until: Any) -> CompoundSelect:
    """`window_tools` ending on `until` (a date, or a bound parameter of a read statement)."""
    from sqlalchemy import select, union

    from atelier_tui.store.core_tables import StoredDue, StoredDueStale

    return union(select(StoredDue.tool_id).where(StoredDue.next_due_on <= until),
                 select(StoredDue.tool_id).where(StoredDue.attention.is_(True)),
                 select(StoredDueStale.tool_id))


def window_tools(today: date, within_days: int) -> CompoundSelect:
    """The ids of the tools with a plan that may be other than ok, or due within `within_days`
    of `today` (0: not ok today): not ok whatever the date, due by the window's end or within
    "soon" of today (never more than DUE_SOON_DAYS), or marked as moved and not stored yet. Each
    part reads an index; the rows of these tools still say, on the day, which plans are listed."""
    return tools_due_by(window_end(today, within_days))


@read_statement
def _stored_by() -> Any:
    """The stored rows of the tools of a window ending on `until` (`tools_due_by`)."""
    from sqlalchemy import Date, bindparam

    from atelier_tui.store.core_tables import StoredDue

    return _stored.core().where(StoredDue.tool_id.in_(tools_due_by(bindparam("until", type_=Date))))


class _Specs:
    """The plan's spec with the interval in force and the calendar's start: one per variant, not
    one per tool (a due list reads thousands)."""

    def __init__(self) -> None:
        self._made: dict[tuple[int, int | None, date | None], PlanSpec] = {}

    def get(self, plan_id: int, spec: PlanSpec, every_days: int | None, starts_on: date | None) -> PlanSpec:
        key = (plan_id, every_days, starts_on)
        made = self._made.get(key)
        if made is None:
            made = spec if (spec.every_days, spec.starts_on) == (every_days, starts_on) else \
                replace(spec, every_days=every_days, starts_on=starts_on)
            self._made[key] = made
        return made


def slot_of(tool_id: int, plan_id: int, values: tuple, spec: PlanSpec, usage: int, today: date) -> Slot:
    """Stored values (`stored_rows`) as the schedule's Slot on `today`, for a tool whose counter
    now reads `usage`."""
    _days, _starts, last_done_at, last_record_id, next_due_on, uses_left, usage_seen, rescheduled, reason, _attention = values
    if uses_left is not None and last_done_at is not None:
        uses_left -= usage - usage_seen  # the uses since the row was stored
    due = plan_due_as_stored(spec, last_done_at, next_due_on, uses_left, rescheduled, today)
    return Slot(tool_id, plan_id, spec, spec.every_days, due, last_record_id, reason if rescheduled else "")


def stored_schedule(
    session: Session, tools: list[tuple[int, int, int, str]], today: date, every_tool: bool, plans: ActivePlans,
    until: date | None = None,
) -> dict[int, list[Slot]]:
    """`schedule.schedule_for` from the stored rows; `tools` are not retired and have plans.
    `until`: these tools are among those of the window ending that day (`window_tools`), whose
    rows are read in the database rather than named one by one."""
    if until is not None:
        # Marks are few (a write outside the services): reading them all is cheaper than naming tools.
        stale = stale_tools(session)
        rows = {(row[0], row[1]): tuple(row)[2:] for row in connection_of(session).execute(_stored_by, {"until": until}).all()}
    elif every_tool:
        stale, rows = stale_tools(session), stored_rows(session, None)
    else:
        rows, stale = _named_rows(session, [t[0] for t in tools])
    specs = _Specs()
    slots: dict[int, list[Slot]] = {}
    afresh: list[tuple[int, int, int, str]] = []
    for tool in tools:
        tool_id, type_id, usage, _status = tool
        if tool_id in stale:
            afresh.append(tool)
            continue
        tool_slots = []
        for plan_id, spec in plans_of(plans, tool_id, type_id):
            values = rows.get((tool_id, plan_id))
            if values is None:
                break
            s = slot_of(tool_id, plan_id, values, specs.get(plan_id, spec, values[0], values[1]), usage, today)
            s.plan_days = spec.every_days  # the plan's own, not the interval in force
            tool_slots.append(s)
        else:
            slots[tool_id] = tool_slots
            continue
        afresh.append(tool)
    if afresh:
        slots.update(computed_schedule(session, afresh, today, plans=plans))
    return slots
