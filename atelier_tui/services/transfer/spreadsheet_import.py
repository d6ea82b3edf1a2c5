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

Receipt and acquisition dates are today or before, an expiry is not before its receipt, and a
tool said checked_out must already be on a bench (the sheet has no bench column).

A blank cell leaves an existing row's value as it is (a new row gets the default). Each row is
reported as create, update, unchanged or reject (with `file:line: reason`); a key that appears on
two rows rejects both. A dry run writes nothing. A real run writes nothing unless every row is
valid; then all rows go in one transaction, with an audit event per created or updated row and,
for lots, the stock movement that brings the ledger to the stated quantity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Engine

from atelier_tui.i18n import _
from atelier_tui.progress import Progress, silent
from atelier_tui.services.common.write_waits import SPREADSHEET_IMPORT, long_write
from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.due_store import settle_due
from atelier_tui.services.permissions import require
from atelier_tui.services.transfer._apply import Planned, apply_planned, preview_action
from atelier_tui.services.transfer._entries import Refs, plan_lot, plan_tool
from atelier_tui.services.transfer.fields import FieldReader, Problems
from atelier_tui.services.transfer.refs import Catalog, WorkshopKeys
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.textfiles import read_csv_table

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


@dataclass(frozen=True)
class _Sheet:
    what: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    key_label: str  # how a duplicate key is named in its refusal
    plan: Callable[[FieldReader, Refs], Planned]


TOOLS = _Sheet("tools", ("asset_tag", "tool_type", "serial", "maker", "home"), ("status", "acquired_on"), "asset_tag", plan_tool)
LOTS = _Sheet(
    "lots", ("supply", "lot_number", "quantity", "location", "received_on"), ("expires_on", "opened_on"), "lot", plan_lot
)


def _row_line(line: int, _field: str) -> int:
    """Every field of a spreadsheet row is on the row's line."""
    return line


def _reject_duplicates(plans: dict[int, Planned], problems: Problems, key_label: str) -> None:
    lines_of: dict[str, list[int]] = {}
    for line, planned in plans.items():
        if planned.key:
            lines_of.setdefault(planned.key, []).append(line)
    for key, lines in lines_of.items():
        for line in lines if len(lines) > 1 else []:
            others = ", ".join(str(other) for other in lines if other != line)
            problems.add(line, _("{field} '{given}' is also on line {others}").format(field=key_label, given=key, others=others))


def _import(
    engine: Engine, text: str, source: str, actor: Actor, now: datetime, dry_run: bool, sheet: _Sheet,
    progress: Progress = silent,
) -> CsvReport:
    require(actor, "spreadsheet.import")
    table = read_csv_table(text, source, sheet.what, sheet.required, sheet.optional)
    if table.errors:
        return CsvReport(source, dry_run, [], [str(error) for error in table.errors])
    problems = Problems(source)
    for bad_row in table.bad_rows:
        problems.add(bad_row.line, bad_row.message)
    # A dry run only reads; a real run holds the write lock from its first read to its commit.
    session_of = read_session(engine) if dry_run else write_session(engine, long_write(actor.login, SPREADSHEET_IMPORT, now))
    with session_of as session:
        refs = Refs(Catalog.load(session), WorkshopKeys.load(session), {}, now.date())
        plans: dict[int, Planned] = {}
        for line, cells in table.rows:
            reader = FieldReader(cells, partial(_row_line, line), problems, whole_row=False)
            plans[line] = sheet.plan(reader, refs)
            plans[line].line = line
        _reject_duplicates(plans, problems, sheet.key_label)
        rows = []
        every_line = sorted([line for line, _cells in table.rows] + [bad_row.line for bad_row in table.bad_rows])
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
        settle_due(session)  # the tools written move their stored due rows
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
