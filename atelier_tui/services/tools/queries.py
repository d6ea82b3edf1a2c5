"""Reading tools for the screens: a filtered, sorted page of plain rows, and one tool in full.

Lists select columns, never ORM objects, and filter, sort and count in SQL; maintenance states
are computed only for the rows of the page (see shared/engineering-notes.md)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, Select, and_, func, or_, select

from atelier_tui.domain.due import PlanDue
from atelier_tui.domain.inventory import MetrologyOverride
from atelier_tui.i18n import _
from atelier_tui.services.common.paging import Page, check_window, count_ceiling, fold, utc
from atelier_tui.services.common.ranked_groups import Grouping, grouped_page
from atelier_tui.services.common.row_position import page_offset_of
from atelier_tui.services.common.substring import (
    COUNT_CAP,
    PROBE_CAP,
    WALK_FROM,
    TextMatch,
    capped_count,
    text_count_cap,
    text_match,
)
from atelier_tui.services.context import ServiceError
from atelier_tui.services.maintenance.schedule import plan_dues
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.tools.overrides import SERVING_STATUSES, overrides_of
from atelier_tui.services.tools.rows import ToolRow, tool_row, tool_rows
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import (
    Bench,
    Capability,
    Location,
    MaintenancePlan,
    MaintenanceRecord,
    Staff,
    Tool,
    ToolType,
    ToolTypeCapability,
    aliased,
)

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class CapabilityRow:
    key: str
    name_en: str
    name_fr: str


@dataclass(frozen=True)
class MaintenanceHistoryRow:
    performed_at: datetime
    plan_key: str | None  # None for a record not tied to a plan
    plan_name_en: str
    plan_name_fr: str
    result: str
    performed_by: str | None  # None when an outside laboratory did it
    certificate_ref: str
    scheduled: bool


@dataclass(frozen=True)
class ToolDetail:
    row: ToolRow
    serial: str
    maker: str
    acquired_on: date | None
    attributes: dict[str, dict[str, Any]]  # key -> {"value", "unit", "text"}, the tool's own over its type's
    capabilities: list[CapabilityRow]
    plans: list[PlanDue]
    history: list[MaintenanceHistoryRow]  # newest first
    override: MetrologyOverride | None = None  # in service by a lead's override after a failed calibration


_current_bench = aliased(Bench)
_home_bench = aliased(Bench)
_home = func.coalesce(Location.code, _home_bench.code, "")
_where = func.coalesce(_current_bench.code, Location.code, _home_bench.code, "")
SORTS = {
    "asset_tag": Tool.asset_tag,
    "type": ToolType.key,
    "status": Tool.status,
    "where": _where,
    "usage": Tool.usage_count,
}


def row_query() -> Select:
    """id, type id, the columns of ToolRow up to usage_count, then the record behind the status."""
    return (
        select(
            Tool.id, Tool.tool_type_id, Tool.asset_tag, ToolType.key, ToolType.name_en, ToolType.name_fr,
            ToolType.category, ToolType.measuring, Tool.status, Tool.status_reason, _where.label("where"),
            _home.label("home"), Tool.usage_count, Tool.status_record_id,
        )
        .join(ToolType, ToolType.id == Tool.tool_type_id)
        .outerjoin(_current_bench, _current_bench.id == Tool.bench_id)
        .outerjoin(Location, Location.id == Tool.home_location_id)
        .outerjoin(_home_bench, _home_bench.id == Tool.home_bench_id)
    )


def _narrow(query: Select, sort: str | None, bench_code: str | None) -> Select:
    """`query` over tools with only the joins that sorting by `sort` and filtering need."""
    query = query.select_from(Tool)
    if sort == "type":
        query = query.join(ToolType, ToolType.id == Tool.tool_type_id)
    if sort == "where":
        query = (
            query.outerjoin(_current_bench, _current_bench.id == Tool.bench_id)
            .outerjoin(Location, Location.id == Tool.home_location_id)
            .outerjoin(_home_bench, _home_bench.id == Tool.home_bench_id)
        )
    elif bench_code is not None:
        query = query.join(_current_bench, _current_bench.id == Tool.bench_id)
    return query


def _type_ids_matching(session: Session, text: str) -> list[int]:
    # Type names carry accents and capitals SQLite's lower() cannot fold; the catalog is small
    # enough to match in Python.
    wanted = fold(text.strip())
    return [
        type_id
        for type_id, *names in session.execute(select(ToolType.id, ToolType.key, ToolType.name_en, ToolType.name_fr))
        if any(wanted in fold(name) for name in names)
    ]


@dataclass(frozen=True)
class _TextFilter:
    narrow: Any  # through the substring index
    scan: Any  # the same rows, for a plan that reads the table in order
    estimate: int  # rows it may find, each source counted up to PROBE_CAP + 1
    match: TextMatch  # the text's own match (how far its count may go: text_count_cap)
    by_type: Any = None  # the tools whose type's name matches: some of the rows, found through an index
    typed: int = 0  # how many, counted up to PROBE_CAP + 1


def _place_filter(session: Session, text: str) -> Any:
    """The tools on (or belonging to) a bench, or kept in a location, whose code contains `text`
    (None: no such place). Benches and locations are tens of rows: matched in Python."""
    wanted = fold(text.strip())
    benches = [i for i, code in session.execute(select(Bench.id, Bench.code)) if wanted in fold(code)]
    locations = [i for i, code in session.execute(select(Location.id, Location.code)) if wanted in fold(code)]
    found: list[Any] = []
    if benches:
        found.append(func.coalesce(Tool.bench_id, Tool.home_bench_id).in_(benches))
    if locations:
        found.append(and_(Tool.bench_id.is_(None), Tool.home_location_id.in_(locations)))
    return or_(*found) if found else None


def _text_filter(session: Session, text: str, places: bool = False) -> _TextFilter:
    match = text_match(session, Tool, [Tool.asset_tag, Tool.serial, Tool.maker], text)
    type_ids = _type_ids_matching(session, text)
    by_place = _place_filter(session, text) if places else None
    if by_place is not None:
        # A bench's or location's tools are tens: they join the index's own matches.
        match = TextMatch(or_(match.indexed, by_place), or_(match.plain, by_place), match.candidates, match.scans)
    if not type_ids:
        return _TextFilter(match.indexed, match.plain, match.candidates, match)
    by_type = Tool.tool_type_id.in_(type_ids)
    typed = session.execute(select(func.count()).select_from(select(Tool.id).where(by_type).limit(PROBE_CAP + 1).subquery())).scalar_one()
    return _TextFilter(or_(match.indexed, by_type), or_(match.plain, by_type), match.candidates + typed, match, by_type, typed)


def list_tools(
    engine: Engine, today: date, text: str = "", sort: str = "asset_tag", descending: bool = False,
    offset: int = 0, limit: int = 500, bench_code: str | None = None, status: str | None = None,
    count_cap: int | None = COUNT_CAP,
) -> Page[ToolRow]:
    """A page of tools. `text` matches asset tag, serial, maker and the type's key and names
    (accents and case ignored for those); `bench_code` keeps the tools on that bench now. The
    total is exact up to `count_cap` (None: always), beyond it Page.more says there are more."""
    with read_rows(engine) as session:
        return list_tools_in(session, today, text, sort, descending, offset, limit, bench_code, status, count_cap)


def list_tools_in(
    session: Session, today: date, text: str = "", sort: str = "asset_tag", descending: bool = False,
    offset: int = 0, limit: int = 500, bench_code: str | None = None, status: str | None = None,
    count_cap: int | None = None, conditions: Sequence[Any] = (), places: bool = False,
    around: str | None = None, grouping: Grouping[Any] | None = None,
) -> Page[ToolRow]:
    """list_tools inside a caller's read transaction (dashboards). `conditions` narrow further
    (services/tools/filters.py), `grouping` sorts instead of `sort`
    (services/tools/sort_groups.py), `places` lets the text find the tools of a bench or
    location by its code, `around` (an asset tag) asks for the page holding that tool instead of
    the one at `offset`, when the tool is among the rows."""
    if sort not in SORTS:
        raise ServiceError(_("sort: '{given}' is not one of {choices}").format(given=sort, choices=", ".join(SORTS)), field="sort")
    check_window(offset, limit)
    filters = []
    if bench_code is not None:
        filters.append(_current_bench.code == bench_code)
    if status is not None:
        filters.append(Tool.status == status)
    filters.extend(conditions)
    counted = paged = filters
    found = None
    if text.strip():
        found = _text_filter(session, text, places)
        count_cap = text_count_cap(found.match, count_cap)
        # A text in many rows: counting up to the cap, or walking the asset tags to the page, meets
        # enough of them sooner than fetching every row the index holds it in.
        counted = [*filters, found.scan if count_cap is not None and found.estimate > PROBE_CAP else found.narrow]
        walks_tags = sort == "asset_tag" and grouping is None
        paged = [*filters, found.scan if walks_tags and found.estimate > WALK_FROM else found.narrow]
    tally = _Tally(session, counting_statement(bench_code), found, filters, counted, limit, count_cap)
    if grouping is not None:
        total, more = tally.at(offset)
        rows_in_list = _narrow(select(Tool.id), None, bench_code).where(*paged)
        page = grouped_page(session, rows_in_list, grouping, Tool.id, Tool.asset_tag, descending, offset, limit, around,
                            total=None if more else total)
        if more:  # the count stopped at `total`, a ceiling set by the page asked for (paging.count_ceiling)
            ceiling = count_ceiling(count_cap or 0, page.offset, limit)
            # The kept row's page may end past that: the rows before the page are its offset, and
            # the walk saw whether any follow it. Otherwise more rows than this ceiling match too.
            total, more = (page.offset + len(page.ids), page.followed) if ceiling > total else (ceiling, True)
        position = {tool_id: index for index, tool_id in enumerate(page.ids)}
        shown = sorted(session.execute(row_query().where(Tool.id.in_(page.ids))).all(), key=lambda row: position[row[0]])
        return Page(tool_rows(session, shown, today), total, page.offset, limit, more)
    key = SORTS[sort]
    ordered = (lambda column: column.desc()) if descending else (lambda column: column.asc())
    if around is not None:
        rows_in_order = _narrow(select(Tool.id), sort, bench_code).where(*paged)
        offset = page_offset_of(session, rows_in_order, Tool.asset_tag, [ordered(key), ordered(Tool.asset_tag)], around, limit, offset)
    total, more = tally.at(offset)
    rows = session.execute(page_statement(key, descending, sort, bench_code, paged, offset, limit)).all()
    return Page(tool_rows(session, rows, today), total, offset, limit, more)


@dataclass(frozen=True)
class _Tally:
    """How many tools the list holds, counted up to its cap (or to the end of the page at an offset)."""

    session: Session
    counting: Select
    found: _TextFilter | None
    filters: Sequence[Any]
    counted: Sequence[Any]
    limit: int
    cap: int | None

    def at(self, offset: int) -> tuple[int, bool]:
        if self.found is not None and self.found.typed > PROBE_CAP and self.cap is not None:
            # The tools of the matching types alone may pass the cap: then so do all the matches.
            total, more = capped_count(self.session, self.counting.where(*self.filters, self.found.by_type), offset, self.limit, self.cap)
            if more:
                return total, more
        return capped_count(self.session, self.counting.where(*self.counted), offset, self.limit, self.cap)


def counting_statement(bench_code: str | None) -> Select:
    """The ids of the tools a list counts (before its filters)."""
    return _narrow(select(Tool.id), sort=None, bench_code=bench_code)


def page_statement(key: Any, descending: bool, sort: str | None, bench_code: str | None, paged: Sequence[Any], offset: Any,
                   limit: Any) -> Select:
    """The wide rows (row_query) of one page of tools sorted by `key` then asset tag. The page is
    sorted and cut on narrow rows first, then the wide ones fetched for it only: sorting 10,000
    rows with every name attached costs twice as much."""
    ordered = (lambda column: column.desc()) if descending else (lambda column: column.asc())
    page = (
        _narrow(select(Tool.id.label("page_id"), key.label("sort_key"), Tool.asset_tag.label("sort_tag")), sort, bench_code)
        .where(*paged)
        .order_by(ordered(key), ordered(Tool.asset_tag))
        .offset(offset)
        .limit(limit)
        .subquery()
    )
    return row_query().join(page, page.c.page_id == Tool.id).order_by(ordered(page.c.sort_key), ordered(page.c.sort_tag))


def tool_detail(engine: Engine, asset_tag: str, today: date) -> ToolDetail | None:
    with read_rows(engine) as session:
        row = session.execute(row_query().where(Tool.asset_tag == asset_tag)).first()
        if row is None:
            return None
        tool_id, type_id = row[0], row[1]
        plans = plan_dues(session, [(tool_id, type_id, row.usage_count, row.status)], today).get(tool_id, [])
        serial, maker, acquired_on, own_attributes, type_attributes = session.execute(
            select(Tool.serial, Tool.maker, Tool.acquired_on, Tool.attributes, ToolType.attributes)
            .join(ToolType, ToolType.id == Tool.tool_type_id)
            .where(Tool.id == tool_id)
        ).one()
        capabilities = [
            CapabilityRow(*columns)
            for columns in session.execute(
                select(Capability.key, Capability.name_en, Capability.name_fr)
                .join(ToolTypeCapability, ToolTypeCapability.capability_id == Capability.id)
                .where(ToolTypeCapability.tool_type_id == type_id)
                .order_by(Capability.key)
            )
        ]
        history = [
            MaintenanceHistoryRow(utc(at), key, name_en or "", name_fr or "", result, by, certificate or "", scheduled)
            for at, key, name_en, name_fr, result, by, certificate, scheduled in session.execute(
                select(
                    MaintenanceRecord.performed_at, MaintenancePlan.key, MaintenancePlan.name_en, MaintenancePlan.name_fr,
                    MaintenanceRecord.result, Staff.display_name, MaintenanceRecord.certificate_ref, MaintenanceRecord.scheduled,
                )
                .outerjoin(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
                .outerjoin(Staff, Staff.id == MaintenanceRecord.performed_by_id)
                .where(MaintenanceRecord.tool_id == tool_id)
                .order_by(MaintenanceRecord.performed_at.desc(), MaintenanceRecord.id.desc())
            )
        ]
        override = overrides_of(session, {tool_id: asset_tag}).get(tool_id) if row.status in SERVING_STATUSES else None
        reasons = record_findings(session, [row.status_record_id])
    return ToolDetail(
        tool_row(row, plans, reasons, override), serial, maker, acquired_on, {**(type_attributes or {}), **(own_attributes or {})},
        capabilities, plans, history, override,
    )


def tool_version(engine: Engine, asset_tag: str) -> int | None:
    """The version of the tool as a form opens on it (None: no such tool)."""
    with read_rows(engine) as session:
        return session.execute(select(Tool.version).where(Tool.asset_tag == asset_tag)).scalar_one_or_none()
