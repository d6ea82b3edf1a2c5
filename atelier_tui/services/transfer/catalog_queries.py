"""Reading the reference catalogs as the database holds them (what a workshop imports over): tool
types, supplies with their aliases, calibres, interventions with what they require, checklists
with their items and conditions, maintenance plans. Read only; entries come out as plain data,
keyed as in the catalog files, with references given by key (never by database id)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from atelier_tui.domain.units import from_micro
from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import (
    AttributeDefinition,
    Calibre,
    Capability,
    ChecklistItem,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    SupplyAlias,
    SupplyType,
    Tool,
    ToolType,
    ToolTypeCapability,
)

# The kinds as the catalog files name them, in the order `catalog validate` counts them.
KINDS = ("attribute", "capability", "tool_type", "supply_type", "calibre", "checklist", "intervention", "maintenance_plan")
# What a person may type instead: the plural, a dash for the underscore, the short words.
_SPOKEN = {"supply": "supply_type", "supplies": "supply_type", "plan": "maintenance_plan", "plans": "maintenance_plan",
           "tool": "tool_type", "tools": "tool_type", "calibers": "calibre", "caliber": "calibre"}
_MODELS: dict[str, Any] = {"attribute": AttributeDefinition, "capability": Capability, "tool_type": ToolType,
                           "supply_type": SupplyType, "calibre": Calibre, "checklist": ChecklistTemplate,
                           "intervention": InterventionType, "maintenance_plan": MaintenancePlan}
# Columns that say how the row is stored, not what the entry is.
_STORAGE = {"id", "version", "is_current", "reorder_point_micro"}


def catalog_kind(text: str) -> str:
    """The catalog kind a person typed ('supplies', 'tool-types', 'plans'), or a refusal naming it."""
    word = text.strip().lower().replace("-", "_")
    kind = _SPOKEN.get(word) or (word if word in KINDS else word[:-1] if word.endswith("s") and word[:-1] in KINDS else None)
    if kind is None:
        raise ServiceError(_("kind: '{given}' is not one of {kinds}").format(given=text, kinds=", ".join(KINDS)), field="kind")
    return kind


def _plain(row: Any) -> dict[str, Any]:
    fields = row.model_dump()
    if isinstance(row, MaintenancePlan):  # a plan's own kind (cleaning, calibration...), not the catalog's
        fields["plan_kind"] = fields.pop("kind")
    return {name: fields[name] for name in sorted(fields) if name not in _STORAGE and not name.endswith("_id")}


def _current(query: Any, kind: str) -> Any:
    return query.where(ChecklistTemplate.is_current.is_(True)) if kind == "checklist" else query


def _summary(kind: str, row: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": kind, "key": row.key}
    for name in ("name_en", "name_fr", "category", "stock_unit", "reference", "movement_kind", "scope", "unit"):
        if hasattr(row, name):
            data[name] = getattr(row, name)
    if kind == "checklist":
        data["version"] = row.version
    if kind == "maintenance_plan":
        data.update(plan_kind=row.kind, every_days=row.every_days, every_uses=row.every_uses, active=row.active)
    if kind == "intervention":
        data.update(level=row.level, estimated_minutes=row.estimated_minutes)
    return data


def list_catalog(engine: Engine, kind: str) -> list[dict[str, Any]]:
    """Every entry of one kind, by key: its names and the few fields that tell entries apart."""
    model = _MODELS[kind]
    with read_session(engine) as session:
        rows = session.execute(_current(select(model), kind).order_by(model.key)).scalars().all()
        return [_summary(kind, row) for row in rows]


def show_entry(engine: Engine, key: str, kind: str | None = None) -> dict[str, Any]:
    """One entry in full, found by key in every kind (or in `kind`); a key that names entries of
    several kinds is refused unless the kind is given."""
    kinds = (kind,) if kind else KINDS
    with read_session(engine) as session:
        found = []
        for each in kinds:
            model = _MODELS[each]
            row = session.execute(_current(select(model), each).where(model.key == key.strip())).scalars().first()
            if row is not None:
                found.append((each, row))
        if not found:
            raise ServiceError(_("key: no catalog entry has the key '{key}'").format(key=key), field="key")
        if len(found) > 1:
            raise ServiceError(_("key: '{key}' is the key of a {kinds}: give --kind").format(
                key=key, kinds=" / ".join(each for each, _row in found)), field="key")
        each, row = found[0]
        return {"kind": each, "key": row.key, **_plain(row), **_references(session, each, row)}


def _references(session: Any, kind: str, row: Any) -> dict[str, Any]:
    """What the entry refers to or holds, by key."""
    if kind == "tool_type":
        capabilities = session.execute(
            select(Capability.key).join(ToolTypeCapability, ToolTypeCapability.capability_id == Capability.id)
            .where(ToolTypeCapability.tool_type_id == row.id).order_by(Capability.key)).scalars().all()
        plans = session.execute(select(MaintenancePlan.key).where(MaintenancePlan.tool_type_id == row.id)
                                .order_by(MaintenancePlan.key)).scalars().all()
        return {"capabilities": list(capabilities), "plans": list(plans)}
    if kind == "supply_type":
        aliases = session.execute(select(SupplyAlias.alias).where(SupplyAlias.supply_type_id == row.id)
                                  .order_by(SupplyAlias.alias)).scalars().all()
        return {"aliases": list(aliases), "reorder_point": from_micro(row.reorder_point_micro)}
    if kind == "calibre":
        battery = session.get(SupplyType, row.battery_supply_type_id) if row.battery_supply_type_id else None
        return {"battery": battery.key if battery else None}
    if kind == "checklist":
        items = session.execute(select(ChecklistItem).where(ChecklistItem.template_id == row.id)
                                .order_by(ChecklistItem.position)).scalars().all()
        return {"version": row.version, "items": [_plain(item) for item in items]}
    if kind == "maintenance_plan":
        tool_type = session.get(ToolType, row.tool_type_id) if row.tool_type_id else None
        tool = session.get(Tool, row.tool_id) if row.tool_id else None
        return {"tool_type": tool_type.key if tool_type else None, "tool": tool.asset_tag if tool else None}
    return {}
