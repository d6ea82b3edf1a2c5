"""Tools and lots from a spreadsheet (CSV), for a workshop leaving one.

The first row names the columns (any order, any case); the separator is a comma, a semicolon or
a tab, whichever the header uses. Dates are YYYY-MM-DD.

tools.csv
    asset_tag    the key: an existing tag updates that tool
    tool_type    a tool type key of the catalog ("timegrapher")
    serial       may be blank
    maker        may be blank
    home         a location or bench code; the tool belongs to that place's site
    status       optional column: in_service (default) | checked_out | in_maintenance |
                 out_of_service | retired
    acquired_on  optional column

lots.csv
    supply       a supply key of the catalog, one of its aliases ("371") or its IEC code ("SR920SW")
    lot_number   with the supply, the key: an existing lot is updated
    quantity     with its unit, in any unit of the supply's kind: "20 piece", "5 ml", "0,5 ml"
    location     a location or bench code; the lot belongs to that place's site
    received_on
    expires_on   optional column
    opened_on    optional column

A blank cell leaves an existing row's value as it is (a new row gets the default). Each row is
reported as create, update, unchanged or reject (with `file:line: reason`); a key that appears on
two rows rejects both. A dry run writes nothing. A real run writes nothing unless every row is
valid; then all rows go in one transaction, with an audit event per created or updated row and,
for lots, the stock movement that brings the ledger to the stated quantity.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Engine

from atelier_tui.progress import Progress, silent
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.services.transfer._apply import Planned, apply_planned, preview_action
from atelier_tui.services.transfer._entries import Refs, catalog_ref, home_ref, lot_quantity
from atelier_tui.services.transfer.fields import TOOL_STATUSES, FieldReader, Problems
from atelier_tui.services.transfer.refs import Catalog, WorkshopKeys
from atelier_tui.services.common.write_waits import SPREADSHEET_IMPORT, long_write
from atelier_tui.store.engine import read_session, write_session

__all__ = ["CsvReport", "CsvRow", "import_lots_csv", "import_tools_csv"]


@dataclass(frozen=True)
class CsvRow:
    line: int
    key: str
    action: str  # create | update | unchanged | reject
    reasons: tuple[str, ...] = ()  # for a reject: `source:line: reason`, one per problem


@dataclass(frozen=True)
class CsvReport:
    source: str
    dry_run: bool
    rows: list[CsvRow]
    errors: list[str] = field(default_factory=list)  # the file as a whole (header, encoding)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and all(row.action != "reject" for row in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def lines(self) -> list[str]:
        """What to print: one line per row, and every reason of every reject."""
        out = list(self.errors)
        for row in self.rows:
            out.extend(row.reasons if row.action == "reject" else [f"{self.source}:{row.line}: {row.action} {row.key}"])
        return out


def _row_line(line: int, _field: str) -> int:
    """Every field of a spreadsheet row is on the row's line."""
    return line


def _site_of(refs: Refs, location: str | None, bench: str | None) -> str | None:
    if location:
        return refs.keys.site_of.get(("location", location))
    return refs.keys.site_of.get(("bench", bench)) if bench else None


def _plan_tool(r: FieldReader, refs: Refs) -> Planned:
    tag = r.text("asset_tag", True)
    values: dict[str, Any] = {"asset_tag": tag, "tool_type_id": catalog_ref(r, "tool_type", refs.catalog.tool_types, True)}
    location, bench = home_ref(r, refs, "home", True)
    for name in ("serial", "maker"):
        if r.given(name):
            values[name] = r.text(name)
    if r.given("status"):
        values["status"] = r.choice("status", TOOL_STATUSES, "in_service")
    if r.given("acquired_on"):
        values["acquired_on"] = r.day("acquired_on")
    refs_ = {
        "site_id": ("site", _site_of(refs, location, bench)),
        "home_location_id": ("location", location),
        "home_bench_id": ("bench", bench),
    }
    return Planned("tool", tag, 0, values, refs_)


def _plan_lot(r: FieldReader, refs: Refs) -> Planned:
    name = r.text("supply", True)
    supply, refusal = refs.catalog.find_supply(name) if name else (None, "")
    if refusal:
        r.fail("supply", refusal)
    lot_number = r.text("lot_number", True)
    location, bench = home_ref(r, refs, "location", True)
    quantity = None
    if supply is not None:
        quantity = lot_quantity(r, refs.catalog, supply.id, lot_number, supply.stock_unit)
        if quantity is None and not r.given("quantity"):
            r.fail("quantity", "quantity is required")
    values = {
        "supply_type_id": supply.id if supply else None,
        "lot_number": lot_number,
        "received_on": r.day("received_on", True),
    }
    for optional in ("expires_on", "opened_on"):
        if r.given(optional):
            values[optional] = r.day(optional)
    refs_ = {
        "site_id": ("site", _site_of(refs, location, bench)),
        "location_id": ("location", location),
        "bench_id": ("bench", bench),
    }
    key = f"{supply.key if supply else name}/{lot_number}"
    return Planned("lot", key, 0, values, refs_, quantity_micro=quantity)


@dataclass(frozen=True)
class _Sheet:
    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    key_label: str  # how a duplicate key is named in its refusal
    plan: Callable[[FieldReader, Refs], Planned]


TOOLS = _Sheet("tools", ("asset_tag", "tool_type", "serial", "maker", "home"), ("status", "acquired_on"), "asset_tag", _plan_tool)
LOTS = _Sheet(
    "lots", ("supply", "lot_number", "quantity", "location", "received_on"), ("expires_on", "opened_on"), "lot", _plan_lot
)


@dataclass
class _Table:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    bad_rows: list[tuple[int, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _read_table(text: str, source: str, sheet: _Sheet) -> _Table:
    text = text.removeprefix("\ufeff")  # spreadsheets often save UTF-8 with a byte-order mark
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = _Table()
    try:
        return _read_rows(reader, source, sheet, table)
    except csv.Error as error:  # a cell past the csv module's limit (131,072 characters), a stray NUL
        table.errors.append(f"{source}:{reader.line_num}: this row cannot be read as CSV ({error})")
        return table


def _read_rows(reader: Any, source: str, sheet: _Sheet, table: _Table) -> _Table:  # a csv reader
    header = [name.strip().lower() for name in next(reader, [])]
    columns = sheet.required + sheet.optional
    missing = [name for name in sheet.required if name not in header]
    if missing:
        table.errors.append(
            f"{source}:1: missing column {', '.join(missing)}; {sheet.what} columns are "
            f"{', '.join(sheet.required)} (optional: {', '.join(sheet.optional)})"
        )
    seen: set[str] = set()
    for name in header:
        if name not in columns:
            table.errors.append(f"{source}:1: unknown column '{name}'")
        elif name in seen:
            table.errors.append(f"{source}:1: column '{name}' appears twice")
        seen.add(name)
    if table.errors:
        return table
    line = reader.line_num + 1
    for cells in reader:
        # A quoted cell may span lines: the row is known by the line where it starts.
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            table.bad_rows.append((start, f"this row has {len(cells)} cells; the header has {len(header)}"))
            continue
        table.rows.append((start, {name: cell.strip() for name, cell in zip(header, cells) if cell.strip()}))
    return table


def _reject_duplicates(plans: dict[int, Planned], problems: Problems, key_label: str) -> None:
    lines_of: dict[str, list[int]] = {}
    for line, planned in plans.items():
        if planned.key:
            lines_of.setdefault(planned.key, []).append(line)
    for key, lines in lines_of.items():
        for line in lines if len(lines) > 1 else []:
            others = ", ".join(str(other) for other in lines if other != line)
            problems.add(line, f"{key_label} '{key}' is also on line {others}")


def _import(
    engine: Engine, text: str, source: str, actor: Actor, now: datetime, dry_run: bool, sheet: _Sheet,
    progress: Progress = silent,
) -> CsvReport:
    require(actor, "spreadsheet.import")
    table = _read_table(text, source, sheet)
    if table.errors:
        return CsvReport(source, dry_run, [], table.errors)
    problems = Problems(source)
    for line, reason in table.bad_rows:
        problems.add(line, reason)
    # A dry run only reads; a real run holds the write lock from its first read to its commit.
    session_of = read_session(engine) if dry_run else write_session(engine, long_write(actor.login, SPREADSHEET_IMPORT, now))
    with session_of as session:
        refs = Refs(Catalog.load(session), WorkshopKeys.load(session), {})
        plans: dict[int, Planned] = {}
        for line, cells in table.rows:
            reader = FieldReader(cells, partial(_row_line, line), problems)
            plans[line] = sheet.plan(reader, refs)
            plans[line].line = line
        _reject_duplicates(plans, problems, sheet.key_label)
        rows = []
        every_line = sorted([line for line, _cells in table.rows] + [line for line, _reason in table.bad_rows])
        for checked, line in enumerate(every_line):
            progress("rows.check", checked, len(every_line))
            key = plans[line].key if line in plans else ""
            if problems.at(line):
                rows.append(CsvRow(line, key, "reject", tuple(problems.at(line))))
            else:
                rows.append(CsvRow(line, key, preview_action(session, plans[line], refs.keys)))
        if dry_run or any(row.action == "reject" for row in rows):
            return CsvReport(source, dry_run, rows)
        applied = []
        for done, row in enumerate(rows):
            progress("rows.write", done, len(rows))
            applied.append(CsvRow(row.line, row.key, apply_planned(session, plans[row.line], refs.keys, actor, now, source)))
        progress("rows.write", len(rows), len(rows))
    return CsvReport(source, dry_run, applied, written=True)


def import_tools_csv(
    engine: Engine, text: str, source: str, actor: Actor, now: datetime, dry_run: bool = False,
    progress: Progress = silent,
) -> CsvReport:
    """`progress` hears each row checked (rows.check), then each one written (rows.write)."""
    return _import(engine, text, source, actor, now, dry_run, TOOLS, progress)


def import_lots_csv(
    engine: Engine, text: str, source: str, actor: Actor, now: datetime, dry_run: bool = False,
    progress: Progress = silent,
) -> CsvReport:
    """`progress` hears each row checked (rows.check), then each one written (rows.write)."""
    return _import(engine, text, source, actor, now, dry_run, LOTS, progress)
