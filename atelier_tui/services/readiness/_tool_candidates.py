"""The tools the readiness check looks at for one order on one bench, read nearest first and only
as far as the verdict needs.

The tool matching (`domain.tool_matching.match_capability`) takes the tools on the bench first;
when they fall short, the store's free tools by location code then asset tag, tools with nothing
to watch before the others; only when the store has none that serves does it look at other
benches and at the unusable tools. So, per needed capability:

- the bench's tools are read (few: what one bench holds);
- if they do not serve every need of the capability, the store's tools of its types are read
  nearest first, a few per type (an index walk, no sort), then more, until as many tools with
  no problem at all as each need is short of are known: no tool further away can change the
  verdict then, as every one of them comes after those in the matching's order;
- if the whole store holds too few of those, it is read to its end (the matching takes a tool
  with nothing to watch wherever it is in the store, else the nearest that serves): the store
  then decides, as long as it has a tool that serves each need;
- if it has none, the other benches' tools are read nearest first (bench code, tag) until one in
  service that serves and that no work on its bench needs: the matching offers that one (for a
  capability only bench fixtures give, until fixtures that serve on three benches: the matching
  names those benches);
- without one, every tool of the capability is read, as the verdict then weighs them all (the
  fixtures of other benches, the closest to serving).

`every_tool_of` reads every tool of the needed capabilities at once: the reference the tests
compare the bounded read with."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import METROLOGY_KINDS, RecordFinding
from atelier_tui.domain.inventory import ToolView
from atelier_tui.domain.needs import CapabilityNeed
from atelier_tui.domain.requirements import Requirements
from atelier_tui.domain.tool_matching import tool_problems
from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.services.maintenance.schedule import ActivePlans, plan_dues
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.tools.overrides import SERVING_STATUSES, overrides_of
from atelier_tui.store.read_statements import TextStatement, read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

# Tools of one tool type read at first, in the store and on the other benches; each further read
# takes GROWTH times as many. The first that serve are most often among the first four: on the
# large demo, reading eight built the views of 105 tools per order, reading four 71, in as many
# statements (every tool read is weighed by the verdict).
FIRST_READ_PER_TYPE = 4
GROWTH = 4

# Sorts after every store location code in the matching's order (domain.tool_matching._sort_key
# puts a tool with no location there): a code at or above it is left to the full read.
NO_LOCATION = "~"

# The columns of every tool statement here, with their conversions (store/read_statements.TextStatement).
TOOL_COLUMNS: tuple[tuple[str, str | None], ...] = (
    ("id", None), ("asset_tag", None), ("tool_type_id", None), ("status", None), ("status_reason", None), ("usage_count", None),
    ("bench_id", None), ("home_bench_id", None), ("home_location_id", None), ("attributes", "json"), ("status_record_id", None),
)


def _tool_columns() -> list[Any]:
    from atelier_tui.store.core_tables import Tool

    return [Tool.__table__.c[name] for name, _conversion in TOOL_COLUMNS]


# Where a tool is now: the bench it is checked out to, else its home bench, else a store location
# (indexed as ix_tool_now_on).
@read_statement
def _on_bench() -> Any:
    from sqlalchemy import bindparam, func, select

    from atelier_tui.store.core_tables import Tool

    return select(*_tool_columns()).where(
        func.coalesce(Tool.bench_id, Tool.home_bench_id) == bindparam("bench"),
        Tool.tool_type_id.in_(bindparam("type_ids", expanding=True)), Tool.status != ToolStatus.RETIRED,
    )


# Free tools with no store location: the matching puts them after every location.
@read_statement
def _unplaced() -> Any:
    from sqlalchemy import bindparam, func, select

    from atelier_tui.store.core_tables import Tool

    return select(*_tool_columns()).where(
        Tool.tool_type_id.in_(bindparam("type_ids", expanding=True)), func.coalesce(Tool.bench_id, Tool.home_bench_id).is_(None),
        Tool.home_location_id.is_(None), Tool.status != ToolStatus.RETIRED,
    )


@read_statement
def _every() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import Tool

    return select(*_tool_columns()).where(Tool.tool_type_id.in_(bindparam("type_ids", expanding=True)),
                                          Tool.status != ToolStatus.RETIRED)


def dialect_of(session: Any) -> str:
    """The database's dialect, on the lean session as on SQLAlchemy's."""
    return getattr(session, "dialect_name", None) or str(session.get_bind().dialect.name)


@lru_cache(maxsize=256)
def store_statement(type_ids: tuple[int, ...], dialect: str) -> TextStatement:
    """The first :per_type free tools of each tool type in the store, by location code then asset
    tag, with the location's code. Each part walks ix_tool_type_place location by location in
    code order and stops at its LIMIT; on SQLite CROSS JOIN keeps that order of the loops (the
    planner would otherwise read every tool of the type and sort). PostgreSQL compares the codes
    byte by byte ("C"), as Python and SQLite do, not by its locale's rules."""
    join, byte_order = ("JOIN", ' COLLATE "C"') if dialect == "postgresql" else ("CROSS JOIN", "")
    names = ", ".join(f"tool.{name}" for name, _conversion in TOOL_COLUMNS)
    parts = [
        f"SELECT * FROM (SELECT {names}, location.code AS place_code FROM location {join} tool "
        "ON tool.home_location_id = location.id "
        f"WHERE tool.tool_type_id = {int(type_id)} AND coalesce(tool.bench_id, tool.home_bench_id) IS NULL "
        f"AND tool.status != 'retired' AND location.code{byte_order} < '{NO_LOCATION}' "
        f"ORDER BY location.code{byte_order}, tool.asset_tag{byte_order} LIMIT :per_type) AS store_{number}"
        for number, type_id in enumerate(type_ids)
    ]
    return TextStatement(" UNION ALL ".join(parts), (*TOOL_COLUMNS, ("place_code", None)))


@lru_cache(maxsize=256)
def bench_statement(type_ids: tuple[int, ...], dialect: str) -> TextStatement:
    """The first :per_type tools of each tool type on benches other than :bench, by bench code
    then asset tag, with the bench's code: bench by bench in code order, as store_statement."""
    join, byte_order = ("JOIN", ' COLLATE "C"') if dialect == "postgresql" else ("CROSS JOIN", "")
    # SQLite: `+bench.id` lets the planner probe ix_tool_type_place on (type, bench) for each
    # bench; compared with the bare column it probed the type alone, and read every tool of the
    # type once per bench (seconds on a workshop of 600 benches).
    bench_id = "bench.id" if dialect == "postgresql" else "+bench.id"
    names = ", ".join(f"tool.{name}" for name, _conversion in TOOL_COLUMNS)
    parts = [
        f"SELECT * FROM (SELECT {names}, bench.code AS place_code FROM bench {join} tool "
        f"ON coalesce(tool.bench_id, tool.home_bench_id) = {bench_id} "
        f"WHERE tool.tool_type_id = {int(type_id)} AND tool.status != 'retired' AND bench.id != :bench "
        f"ORDER BY bench.code{byte_order}, tool.asset_tag{byte_order} LIMIT :per_type) AS benches_{number}"
        for number, type_id in enumerate(type_ids)
    ]
    return TextStatement(" UNION ALL ".join(parts), (*TOOL_COLUMNS, ("place_code", None)))


@dataclass
class _Reader:
    """Tool rows read so far for one check, and their views (with plans and overrides)."""
    session: Session
    today: date
    plans: ActivePlans
    view_of: Callable[[Any, dict[int, list[Any]], dict[int, Any], dict[int, RecordFinding]], ToolView]
    views: dict[int, ToolView] = field(default_factory=dict)

    def add(self, rows: Iterable[Any]) -> list[ToolView]:
        """The views of `rows`, building those not seen yet (their plans read in one go)."""
        rows = list(rows)
        new = list({row.id: row for row in rows if row.id not in self.views}.values())
        if new:
            dues = plan_dues(self.session, [(r.id, r.tool_type_id, r.usage_count, r.status) for r in new], self.today,
                             plans=self.plans)
            # Only an instrument with a calibration or verification plan can be in service by an
            # override, and the override wrote its reason on the tool: the others are not looked up.
            overrides = overrides_of(self.session, {
                r.id: r.asset_tag for r in new
                if r.status in SERVING_STATUSES and r.status_reason and any(d.kind in METROLOGY_KINDS for d in dues.get(r.id, ()))})
            findings = record_findings(self.session, (r.status_record_id for r in new))
            for row in new:
                self.views[row.id] = self.view_of(row, dues, overrides, findings)
        return [self.views[row.id] for row in rows]


def _short(needs: Sequence[CapabilityNeed], on_bench: Sequence[ToolView], planned_end: date) -> list[tuple[CapabilityNeed, int]]:
    """The needs the bench's usable tools do not make up, each with how many tools it lacks."""
    lacking = [(need, need.count - sum(1 for tool in on_bench if need.key in tool.capabilities and _serves(tool, need, planned_end)))
               for need in needs]
    return [(need, count) for need, count in lacking if count > 0]


def _certain(rows: Sequence[Any], per_type: int, type_ids: Sequence[int]) -> tuple[list[Any], bool]:
    """The rows whose place in the order (place code, asset tag) is certain (no unread tool comes
    before them), in that order, and whether the place is read to its end for these types."""
    def key(row: Any) -> tuple[str, str]:
        return row.place_code, row.asset_tag
    ordered = sorted(rows, key=key)
    last: dict[int, Any] = {}
    count: dict[int, int] = {}
    for row in ordered:
        last[row.tool_type_id] = row
        count[row.tool_type_id] = count.get(row.tool_type_id, 0) + 1
    unfinished = [key(last[t]) for t in type_ids if count.get(t, 0) >= per_type]
    if not unfinished:
        return ordered, True
    edge = min(unfinished)
    return [row for row in ordered if key(row) <= edge], False


def _serves(tool: ToolView, need: CapabilityNeed, planned_end: date) -> bool:
    return not any(problem.blocking for problem in tool_problems(tool, need, planned_end))


def _served(tools: Sequence[ToolView], short: list[tuple[CapabilityNeed, int]], planned_end: date) -> bool:
    """Each need finds among `tools` as many with no problem at all as it is short of."""
    return all(sum(1 for tool in tools if not tool_problems(tool, need, planned_end)) >= lacking for need, lacking in short)


def nearest_tools(session: Session, requirements: Requirements, bench_id: int, types_by_capability: dict[str, list[int]],
                  plans: ActivePlans, today: date, planned_end: date,
                  view_of: Callable[[Any, dict[int, list[Any]], dict[int, Any], dict[int, RecordFinding]], ToolView],
                  needing: Callable[[set[int]], Callable[[int, frozenset[str]], tuple[str, ...]]],
                  fixture_types: frozenset[int] = frozenset()) -> tuple[ToolView, ...]:
    """The tools the verdict of `requirements` on bench `bench_id` depends on (module docstring).
    Every capability still short is read in one statement per round, and its plans with it.
    `needing(bench ids)` says which orders on those benches need a tool: (bench id, its
    capabilities) -> their references. `fixture_types`: the tool types that are part of their
    bench."""
    needs: dict[str, list[CapabilityNeed]] = {}
    for need in requirements.capabilities:
        if need.key in types_by_capability:
            needs.setdefault(need.key, []).append(need)
    if not needs:
        return ()
    reader = _Reader(session, today, plans, view_of)
    every_type = sorted({type_id for key in needs for type_id in types_by_capability[key]})
    on_bench = reader.add(session.execute(_on_bench, {"bench": bench_id, "type_ids": every_type}).all())
    pending = {key: short for key, capability_needs in needs.items() if (short := _short(capability_needs, on_bench, planned_end))}
    to_borrow: dict[str, list[CapabilityNeed]] = {}
    dialect = dialect_of(session)
    per_type = FIRST_READ_PER_TYPE
    while pending:
        type_ids = tuple(sorted({type_id for key in pending for type_id in types_by_capability[key]}))
        rows = session.execute(store_statement(type_ids, dialect), {"per_type": per_type}).all()
        reader.add(rows)
        unserved: dict[str, list[tuple[CapabilityNeed, int]]] = {}
        read_through: dict[str, tuple[list[ToolView], list[tuple[CapabilityNeed, int]]]] = {}
        for key, short in pending.items():
            types = types_by_capability[key]
            certain, finished = _certain([row for row in rows if row.tool_type_id in types], per_type, types)
            if _served([reader.views[row.id] for row in certain], short, planned_end):
                continue
            if finished:
                read_through[key] = ([reader.views[row.id] for row in certain], short)
            else:
                unserved[key] = short
        if read_through:
            # The whole store is read and has too few tools with nothing to watch: while it has
            # one that serves each need, the store alone decides; else every tool is weighed. The
            # tools with no place are read for all those capabilities at once.
            unplaced = session.execute(_unplaced, {"type_ids": sorted({type_id for key in read_through
                                                                       for type_id in types_by_capability[key]})}).all()
            reader.add(unplaced)
            for key, (stored, short) in read_through.items():
                types = types_by_capability[key]
                free = stored + [reader.views[row.id] for row in unplaced if row.tool_type_id in types]
                unmet = [need for need, _lacking in short if not any(_serves(tool, need, planned_end) for tool in free)]
                if unmet:
                    to_borrow[key] = unmet
        pending = unserved
        per_type *= GROWTH
    _read_other_benches(reader, to_borrow, types_by_capability, fixture_types, bench_id, planned_end, needing)
    return tuple(reader.views.values())


# A capability only fixtures give (an ESD mat, a lamp) sends the work to the first benches that
# have one (domain.tool_matching: `benches[:3]`).
BENCHES_NAMED = 3


def _fixtures_decide(offered: Sequence[tuple[Any, ToolView]], need: CapabilityNeed, planned_end: date) -> bool:
    """Fixtures that serve on as many benches as a verdict names are read."""
    return len({tool.bench for _row, tool in offered if _serves(tool, need, planned_end)}) >= BENCHES_NAMED


def _read_other_benches(reader: _Reader, pending: dict[str, list[CapabilityNeed]], types_by_capability: dict[str, list[int]],
                        fixture_types: frozenset[int], bench_id: int, planned_end: date,
                        needing: Callable[[set[int]], Callable[[int, frozenset[str]], tuple[str, ...]]]) -> None:
    """For the needs the store cannot serve: the other benches' tools nearest first (by bench
    code, then tag) until one in service, not a fixture, that serves and that no work on its
    bench needs: the matching offers it, the tools after it change nothing. Without one,
    every tool is read (fixtures, the closest to serving)."""
    session = reader.session
    dialect = dialect_of(session)
    per_type = FIRST_READ_PER_TYPE
    while pending:
        type_ids = tuple(sorted({type_id for key in pending for type_id in types_by_capability[key]}))
        rows = session.execute(bench_statement(type_ids, dialect), {"per_type": per_type, "bench": bench_id}).all()
        reader.add(rows)
        needed_by = needing({row.bench_id or row.home_bench_id for row in rows})
        unserved: dict[str, list[CapabilityNeed]] = {}
        whole: set[int] = set()
        for key, needs in pending.items():
            types = types_by_capability[key]
            certain, finished = _certain([row for row in rows if row.tool_type_id in types], per_type, types)
            offered = [(row, reader.views[row.id]) for row in certain]
            if all(_fixtures_decide(offered, need, planned_end) if set(types) <= fixture_types else
                   any(tool.status == ToolStatus.IN_SERVICE and not tool.fixture and _serves(tool, need, planned_end)
                       and not needed_by(row.bench_id or row.home_bench_id, tool.capabilities) for row, tool in offered)
                   for need in needs):
                continue
            if finished:
                whole.update(types)
            else:
                unserved[key] = needs
        if whole:
            reader.add(session.execute(_every, {"type_ids": sorted(whole)}).all())
        pending = unserved
        per_type *= GROWTH


def every_tool_of(session: Session, requirements: Requirements, types_by_capability: dict[str, list[int]], plans: ActivePlans,
                  today: date, view_of: Callable[[Any, dict[int, list[Any]], dict[int, Any], dict[int, RecordFinding]], ToolView]) -> tuple[ToolView, ...]:
    """Every tool of the needed capabilities, retired ones aside: what the bounded read must give
    the same verdict as (read only by the tests)."""
    type_ids = sorted({type_id for need in requirements.capabilities for type_id in types_by_capability.get(need.key, ())})
    if not type_ids:
        return ()
    reader = _Reader(session, today, plans, view_of)
    return tuple(reader.add(session.execute(_every, {"type_ids": type_ids}).all()))
