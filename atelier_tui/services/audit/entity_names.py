"""What the audit trail's entries are about, by the names people know: the trail keeps a catalog
entry's key (`battery_change`, `battery_sr920sw/L-7`) as it was recorded, for its hash chain; a
reader sees the catalog's name in the interface language. An entry the catalog no longer has is
shown by its key."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from atelier_tui.i18n import _, localized
from atelier_tui.store.models import (
    AttributeDefinition,
    Calibre,
    Capability,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    SupplyType,
    ToolType,
)

# The trail's entities whose key is a catalog entry's key.
_CATALOG: dict[str, Any] = {
    "tool_type": ToolType,
    "supply_type": SupplyType,
    "capability": Capability,
    "attribute": AttributeDefinition,
    "calibre": Calibre,
    "intervention_type": InterventionType,
    "maintenance_plan": MaintenancePlan,
    "checklist": ChecklistTemplate,
}
# A lot is recorded as "supply_key/lot_number": shown as the supply's name and the lot number.
_LOT = "lot"
# A checklist is recorded as "key@version": shown as its name and its version.
_CHECKLIST = "checklist"


def _catalog_key(entity: str, key: str) -> tuple[str, str] | None:
    if entity == _CHECKLIST:
        return entity, key.split("@", 1)[0]
    if entity in _CATALOG:
        return entity, key
    if entity == _LOT and "/" in key:
        return "supply_type", key.split("/", 1)[0]
    return None


def _shown(entity: str, key: str, name: str) -> str:
    if entity == _LOT:
        return f"{name} {key.split('/', 1)[1]}"
    if entity == _CHECKLIST and "@" in key:
        return _("{name}, version {version}").format(name=name, version=key.split("@", 1)[1])
    return name


def entity_names(session: Session, entries: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(entity, key) -> the name a reader knows it by, for the entries that are catalog entries
    (one query per catalog table); the others are not in the answer."""
    entries = set(entries)
    wanted: dict[str, set[str]] = {}
    for entity, key in entries:
        found = _catalog_key(entity, key)
        if found is not None:
            wanted.setdefault(found[0], set()).add(found[1])
    names: dict[tuple[str, str], str] = {}
    for entity, keys in wanted.items():
        model = _CATALOG[entity]
        # a checklist's versions share its key: the newest one's name, read last
        newest_last = model.version if model is ChecklistTemplate else model.id
        for key, name_en, name_fr in session.execute(
                select(model.key, model.name_en, model.name_fr).where(model.key.in_(keys)).order_by(newest_last)):
            names[(entity, key)] = localized(name_en, name_fr) or key
    shown = {}
    for entity, key in entries:
        found = _catalog_key(entity, key)
        if found is None or found not in names:
            continue
        shown[(entity, key)] = _shown(entity, key, names[found])
    return shown
