"""Importing catalogs: an upsert by key of every entry of the files, in one transaction.

A file with any error changes nothing: the files are read and checked completely before the
transaction begins."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, func
from sqlmodel import Session, SQLModel, select

from atelier_tui.catalogs import CatalogBundle, read_catalogs
from atelier_tui.catalogs.references import KnownKeys
from atelier_tui.domain.units import to_micro
from atelier_tui.progress import Progress, silent
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.write_waits import CATALOG_IMPORT, long_write
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.due_store import settle_due
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    AttributeDefinition,
    Calibre,
    Capability,
    ChecklistItem,
    ChecklistRun,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    SupplyAlias,
    SupplyType,
    ToolType,
    ToolTypeCapability,
)


class CatalogImportError(ServiceError):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class ImportSummary:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)


def known_keys(session: Session) -> KnownKeys:
    known = KnownKeys()
    known.attributes = dict(session.exec(select(AttributeDefinition.key, AttributeDefinition.unit)).all())
    known.capabilities = set(session.exec(select(Capability.key)).all())
    known.tool_types = set(session.exec(select(ToolType.key)).all())
    known.supply_types = dict(session.exec(select(SupplyType.key, SupplyType.stock_unit)).all())
    cells = session.exec(select(SupplyType.id, SupplyType.key, SupplyType.iec_code).where(SupplyType.category == "battery")).all()
    key_of = {id_: key for id_, key, _iec in cells}
    known.cell_names = {key: [("iec_code", iec)] if iec else [] for _id, key, iec in cells}
    for supply_id, alias in session.exec(select(SupplyAlias.supply_type_id, SupplyAlias.alias).where(
            SupplyAlias.supply_type_id.in_(list(key_of)))):
        known.cell_names[key_of[supply_id]].append(("aliases", alias))
    known.checklists = set(session.exec(select(ChecklistTemplate.key)).all())
    for facts in session.exec(select(InterventionType.facts)).all():
        known.facts.update(facts)
    return known


def check_catalogs(engine: Engine | None, paths: list[Path]) -> CatalogBundle:
    """Read and check files; references may point at what the database already holds."""
    if engine is None:
        return read_catalogs(paths)
    with read_session(engine) as session:
        known = known_keys(session)
    return read_catalogs(paths, known)


def import_catalogs(
    engine: Engine, paths: list[Path], actor: Actor, now: datetime, progress: Progress = silent
) -> ImportSummary:
    """`progress` hears the files checked (catalogs.check), then each entry written (catalogs.write)."""
    require(actor, "catalog.import")
    progress("catalogs.check", 0, 1)
    bundle = check_catalogs(engine, paths)
    progress("catalogs.check", 1, 1)
    if not bundle.ok:
        raise CatalogImportError([str(error) for error in bundle.errors])
    summary = ImportSummary()
    with write_session(engine, long_write(actor.login, CATALOG_IMPORT, now)) as session:
        _Upserter(session, actor, now, summary, progress, sum(bundle.counts().values())).run(bundle.entries)
        settle_due(session)  # the plans written move the stored due rows of their types' tools
    return summary


class _Upserter:
    def __init__(
        self, session: Session, actor: Actor, now: datetime, summary: ImportSummary, progress: Progress = silent,
        total: int = 0,
    ) -> None:
        self.session = session
        self.actor = actor
        self.now = now
        self.summary = summary
        self.progress = progress
        self.total = total
        self.done = 0

    def _written(self) -> None:
        self.done += 1
        self.progress("catalogs.write", self.done, self.total)

    def run(self, entries: dict[str, dict[str, dict[str, Any]]]) -> None:
        for row in entries["attribute"].values():
            self.upsert(AttributeDefinition, "attribute", row)
        capability_ids = {row["key"]: self.upsert(Capability, "capability", row).id for row in entries["capability"].values()}
        capability_ids.update(dict(self.session.exec(select(Capability.key, Capability.id)).all()))
        for row in entries["tool_type"].values():
            columns = {k: v for k, v in row.items() if k != "capabilities"}
            tool_type = self.upsert(ToolType, "tool_type", columns)
            self.session.exec(delete(ToolTypeCapability).where(ToolTypeCapability.tool_type_id == tool_type.id))
            for capability in row["capabilities"]:
                self.session.add(ToolTypeCapability(tool_type_id=tool_type.id, capability_id=capability_ids[capability]))
        for row in entries["supply_type"].values():
            columns = {k: v for k, v in row.items() if k not in ("aliases", "reorder_point")}
            columns["reorder_point_micro"] = to_micro(row["reorder_point"])
            supply = self.upsert(SupplyType, "supply_type", columns)
            self.session.exec(delete(SupplyAlias).where(SupplyAlias.supply_type_id == supply.id))
            for alias in dict.fromkeys(row["aliases"]):
                self.session.add(SupplyAlias(supply_type_id=supply.id, alias=alias))
        self.session.flush()
        supply_ids = dict(self.session.exec(select(SupplyType.key, SupplyType.id)).all())
        for row in entries["calibre"].values():
            columns = {k: v for k, v in row.items() if k != "battery"}
            columns["battery_supply_type_id"] = supply_ids.get(row["battery"]) if row["battery"] else None
            self.upsert(Calibre, "calibre", columns)
        for row in entries["checklist"].values():
            self.upsert_checklist(row)
        for row in entries["intervention"].values():
            columns = {k: v for k, v in row.items() if k not in ("tools", "supplies")}
            columns["tool_requirements"] = row["tools"]
            columns["supply_requirements"] = row["supplies"]
            self.upsert(InterventionType, "intervention_type", columns)
        tool_type_ids = dict(self.session.exec(select(ToolType.key, ToolType.id)).all())
        own = set(self.session.exec(select(MaintenancePlan.key).where(MaintenancePlan.tool_id.is_not(None))).all())
        taken = sorted(own & set(entries["maintenance_plan"]))
        if taken:  # upserting it would turn one tool's plan into its whole type's
            raise CatalogImportError([f"maintenance_plan '{key}': the key of a tool's own plan (atelier maintenance plan list); "
                                      "give the catalog's plan another key" for key in taken])
        for row in entries["maintenance_plan"].values():
            columns = {k: v for k, v in row.items() if k != "tool_type"}
            columns["tool_type_id"] = tool_type_ids[row["tool_type"]]
            self.upsert(MaintenancePlan, "maintenance_plan", columns)

    def upsert(self, model: type[SQLModel], entity: str, columns: dict[str, Any]) -> Any:
        self._written()
        key = columns["key"]
        existing = self.session.exec(select(model).where(model.key == key)).first()  # type: ignore[attr-defined]
        if existing is None:
            row = model(**columns)
            self.session.add(row)
            self.session.flush()
            audit.record(self.session, self.actor, self.now, "create", entity, key, after=audit.snapshot(row))
            self.summary.created[entity] += 1
            return row
        changed = {name: value for name, value in columns.items() if getattr(existing, name) != value}
        if not changed:
            self.summary.unchanged[entity] += 1
            return existing
        before = audit.snapshot(existing)
        for name, value in changed.items():
            setattr(existing, name, value)
        if hasattr(existing, "version"):
            existing.version += 1
        self.session.add(existing)
        self.session.flush()
        audit.record(self.session, self.actor, self.now, "update", entity, key, before=before, after=audit.snapshot(existing))
        self.summary.updated[entity] += 1
        return existing

    def upsert_checklist(self, row: dict[str, Any]) -> None:
        """Checklists are versioned: a version used by a run is frozen; a new version number
        becomes the current one."""
        self._written()
        key, version = row["key"], row["version"]
        items = row["items"]
        columns = {k: v for k, v in row.items() if k != "items"}
        existing = self.session.exec(
            select(ChecklistTemplate).where(ChecklistTemplate.key == key, ChecklistTemplate.version == version)
        ).first()
        if existing is not None:
            stored = self.session.exec(
                select(ChecklistItem).where(ChecklistItem.template_id == existing.id).order_by(ChecklistItem.position)
            ).all()
            same_items = [self._item_columns(item) for item in stored] == items
            same_head = all(getattr(existing, k) == v for k, v in columns.items())
            if same_items and same_head and existing.is_current:
                self.summary.unchanged["checklist"] += 1
                return
            runs = self.session.exec(select(func.count()).where(ChecklistRun.template_id == existing.id)).one()
            if runs and not (same_items and same_head):
                raise CatalogImportError(
                    [f"checklist '{key}' version {version} is used by {runs} run(s) and cannot change: give it version {version + 1}"]
                )
        before = audit.snapshot(existing)
        for older in self.session.exec(select(ChecklistTemplate).where(ChecklistTemplate.key == key)).all():
            older.is_current = False
            self.session.add(older)
        template = existing or ChecklistTemplate(**columns)
        for name, value in columns.items():
            setattr(template, name, value)
        template.is_current = True
        self.session.add(template)
        self.session.flush()
        self.session.exec(delete(ChecklistItem).where(ChecklistItem.template_id == template.id))
        for item in items:
            self.session.add(ChecklistItem(template_id=template.id, **item))
        after = audit.snapshot(template) | {"items": [item["key"] for item in items]}
        audit.record(self.session, self.actor, self.now, "update" if existing else "create", "checklist", f"{key}@{version}", before, after)
        (self.summary.updated if existing else self.summary.created)["checklist"] += 1

    @staticmethod
    def _item_columns(item: ChecklistItem) -> dict[str, Any]:
        return {name: getattr(item, name) for name in ("key", "position", "tag", "level", "text_en", "text_fr", "conditions", "measured")}
