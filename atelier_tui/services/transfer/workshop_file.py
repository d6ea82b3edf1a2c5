"""The workshop's own data in and out: `atelier export FILE.toml` and `atelier import FILE.toml`.

Format (TOML, UTF-8). An optional `format = 1` at the top, then one table per entry:

    [[site]]      code (key), name
    [[location]]  code (key), site, name, kind (default "cabinet")
    [[staff]]     login (key), site, display_name, role (technician | lead | admin | gateway),
                  level (1..3, default 1), movement_kinds (["manual", "automatic", "quartz"]),
                  active (default true)
    [[bench]]     code (key), site, name, zone, features (["esd", ...]), status (open | closed |
                  maintenance), technician (a staff login)
    [[tool]]      asset_tag (key), site, tool_type (catalog key), serial, maker, home (a location
                  or bench code), bench (the bench it is checked out to), status (in_service |
                  checked_out | in_maintenance | out_of_service | retired), status_reason,
                  usage_count, acquired_on, and a sub-table [tool.attributes] of quantities
                  (blade_width = "1.00 mm")
    [[tool_plan]] key (key), tool (asset tag), kind (cleaning | maintenance | verification |
                  calibration), name_en, name_fr, every_days, every_uses, anchor (completion |
                  fixed), grace_days, blocking (default true), active (default true; false:
                  retired), steps ([{ en, fr }]), test_points ([{ key, name_en, name_fr,
                  nominal = "2.0 bar", tolerance = "0.05 bar" }]): a tool's own plan, which
                  replaces its type's plans of the same kind (docs/maintenance.md)
    [[lot]]       supply (catalog key, alias or IEC code) + lot_number (together the key), site,
                  location, bench, quantity (with its unit: "10 piece", "0.5 ml"), received_on,
                  expires_on, opened_on, status (available | quarantined | disposed)
    [[order]]     reference (key), site, status, received_on, deadline, level, customer_ref,
                  brand, model, case_serial, calibre (catalog key), movement_kind, interventions
                  (catalog keys, in order), water_resistance ("5 ATM", "50 m", "3 bar",
                  "water resistant"), battery (the cell read on the old one: IEC code or
                  3-digit number; empty: the calibre's),
                  case_diameter, gasket_inner_diameter, gasket_section, crystal_diameter,
                  lug_width, crystal_thickness, crystal_gasket_outer_diameter,
                  crystal_gasket_inner_diameter, crystal_gasket_height, crown_diameter,
                  crown_tube_diameter, crown_gasket_inner_diameter, crown_gasket_section
                  (lengths: "40 mm"), crystal_material (sapphire | mineral | acrylic),
                  crystal_shape (flat | domed | box), crown_type (plain | sealed | screw_down),
                  case_back (snap_on | screw_down | screwed), vintage, luminous, bench,
                  technician, reception_notes, grade (standard | elabore | top | chronometer,
                  as the calibre's tolerances define it; empty: the calibre's own), estimate
                  (the order's own bench time: "3 h", "2 workday"; empty: its interventions')

Entries refer to each other and to the catalogs by human key only; dates are TOML dates
(2025-03-14) or ISO strings; receipt and acquisition dates are today or before, a lot's expiry
is not before its receipt, a checked_out tool names its bench. An entry describes the whole row: a field left out takes its
default (empty, none, 0). Unknown fields and tables are errors, so a typo never loses data.
Reservations, checklists, sheets and maintenance history are not part of the file.

Import is an upsert by key in one transaction, with an audit event per created or updated row.
A lot's quantity is reached through the ledger: a receipt when the lot is new, an adjustment
(reason "import") when it differs. Any error, reported as `source:line: message`, means nothing
is written.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy import Engine

from atelier_tui.i18n import _
from atelier_tui.progress import Progress, silent
from atelier_tui.services.common.write_waits import WORKSHOP_IMPORT, long_write
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.due_store import settle_due
from atelier_tui.services.permissions import require
from atelier_tui.services.transfer._apply import Planned, apply_planned
from atelier_tui.services.transfer._entries import KEY_FIELDS, KINDS, PLANNERS, Refs
from atelier_tui.services.transfer._export import FORMAT_VERSION, export_workshop
from atelier_tui.services.transfer.fields import FieldReader, Problems
from atelier_tui.services.transfer.refs import Catalog, WorkshopKeys
from atelier_tui.store.engine import write_session
from atelier_tui.textfiles import LineError, TomlFile, parse_toml

__all__ = ["Change", "ImportReport", "WorkshopFileError", "export_workshop", "import_workshop"]


class WorkshopFileError(ServiceError):
    """The file was refused; nothing was written. One `source:line: message` per error."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Change:
    kind: str
    key: str
    action: str  # create | update | unchanged
    line: int


@dataclass(frozen=True)
class ImportReport:
    source: str
    changes: list[Change]

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)

    def summary(self) -> str:
        counts = Counter(change.action for change in self.changes)
        return _("{source}: {created} created, {updated} updated, {unchanged} unchanged").format(
            source=self.source, created=counts["create"], updated=counts["update"], unchanged=counts["unchanged"])


def _parse(text: str, source: str) -> TomlFile:
    parsed = parse_toml(text, source)
    if isinstance(parsed, LineError):
        raise WorkshopFileError([str(parsed)])
    return parsed


def _check_top_level(file: TomlFile, problems: Problems) -> None:
    for name, value in file.data.items():
        line = file.top_level_line(name)
        if name == "format":
            if type(value) is not int or value != FORMAT_VERSION:
                problems.add(line, _("format {given} is not one this atelier reads (format = {version})").format(
                    given=repr(value), version=FORMAT_VERSION))
        elif name not in KINDS:
            problems.add(line, _("unknown table '{given}'; a workshop file has {kinds}").format(given=name, kinds=", ".join(KINDS)))
        elif not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            problems.add(line, _("{field} must be a list of tables, written [[{field}]]").format(field=name))


def _keys_in_file(document: dict[str, Any]) -> dict[str, set[str]]:
    return {
        # An entry without its key (or with one that is not text) names nothing: its own line says so.
        kind: {entry[KEY_FIELDS[kind]] for entry in document.get(kind, [])
               if isinstance(entry, dict) and isinstance(entry.get(KEY_FIELDS[kind]), str)}
        for kind in KINDS
        if isinstance(document.get(kind), list)
    }


def _plan(file: TomlFile, refs: Refs, problems: Problems, progress: Progress = silent) -> list[Planned]:
    document = file.data
    plan: list[Planned] = []
    first_line: dict[tuple[str, str], int] = {}
    total = sum(len(document.get(kind, [])) for kind in KINDS)
    checked = 0
    for kind in KINDS:
        entries = document.get(kind, [])
        for index, data in enumerate(entries):
            progress("workshop.check", checked, total)
            checked += 1
            key_field = KEY_FIELDS[kind]
            start = file.entry_line(kind, index, key_field)
            reader = FieldReader(data, partial(file.field_in_entry, start, kind), problems)
            planned = PLANNERS[kind](reader, refs)
            reader.finish(f"[[{kind}]]")
            planned.line = start
            seen = first_line.setdefault((kind, planned.key), start)
            if planned.key and seen != start:
                problems.add(seen, _("{kind} '{given}' is defined again on line {line}").format(kind=kind, given=planned.key, line=start))
                problems.add(start, _("{kind} '{given}' is already defined on line {line}").format(kind=kind, given=planned.key, line=seen))
            if reader.ok:
                plan.append(planned)
    return plan


def import_workshop(
    engine: Engine, text: str, source: str, actor: Actor, now: datetime, progress: Progress = silent
) -> ImportReport:
    """Upsert every entry of a workshop file in one transaction, or nothing at all. `progress` hears
    each entry checked (workshop.check), then each one written (workshop.write)."""
    require(actor, "workshop.import")
    file = _parse(text, source)
    problems = Problems(source)
    _check_top_level(file, problems)
    if problems:
        raise WorkshopFileError(problems.messages())
    with write_session(engine, long_write(actor.login, WORKSHOP_IMPORT, now)) as session:
        refs = Refs(Catalog.load(session), WorkshopKeys.load(session), _keys_in_file(file.data), now.date())
        plan = _plan(file, refs, problems, progress)
        if problems:
            # Raised before the first write; leaving the block rolls the transaction back.
            raise WorkshopFileError(problems.messages())
        changes = []
        for done, planned in enumerate(plan):
            progress("workshop.write", done, len(plan))
            action = apply_planned(session, planned, refs.keys, actor, now, source)
            changes.append(Change(planned.kind, planned.key, action, planned.line))
        settle_due(session)  # the tools and tool plans written move their stored due rows
        progress("workshop.write", len(plan), len(plan))
    return ImportReport(source, changes)
