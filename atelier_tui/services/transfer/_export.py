"""Writing the workshop's own data as a workshop file (format in services/transfer/workshop_file.py).

The output is deterministic (entries sorted by human key, fields in a fixed order, defaults left
out), so that export, import into an empty database, export again gives the same bytes."""

from __future__ import annotations

from typing import Any

import tomli_w
from sqlalchemy import Engine
from sqlmodel import Session, select

from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.transfer.fields import CASE_PART_LENGTHS, CASE_PART_WORDS, micro_text, number_text
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import (
    Bench,
    Calibre,
    InterventionType,
    Location,
    Lot,
    MaintenancePlan,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    SupplyType,
    Tool,
    ToolType,
)
from atelier_tui.wording.status_reasons import shown_reason

FORMAT_VERSION = 1
HEADER = (
    "# atelier workshop file: sites, locations, staff, benches, tools, tools' own maintenance plans, lots and repair orders.\n"
    "# Import with `atelier import FILE.toml`; format described in atelier_tui/services/transfer/workshop_file.py.\n"
)


class _Names:
    """Row id -> human key, for every table an entry may refer to."""

    def __init__(self, session: Session) -> None:
        def keys(model: Any, column: str) -> dict[int, str]:
            return {row.id: getattr(row, column) for row in session.exec(select(model))}

        self.site = keys(Site, "code")
        self.location = keys(Location, "code")
        self.bench = keys(Bench, "code")
        self.staff = keys(Staff, "login")
        self.tool_type = keys(ToolType, "key")
        self.calibre = keys(Calibre, "key")
        self.intervention = keys(InterventionType, "key")
        self.supplies = {row.id: row for row in session.exec(select(SupplyType))}


def _omit_defaults(entry: dict[str, Any]) -> dict[str, Any]:
    """TOML has no null, and an absent field means its default on import."""
    return {name: value for name, value in entry.items() if value is not None and value != "" and value != [] and value != {}}


def _attribute_text(value: Any) -> str:
    if isinstance(value, dict) and value.get("text"):
        return str(value["text"])
    if isinstance(value, dict) and "value" in value:
        return number_text(float(value["value"]), str(value.get("unit", "")))
    return str(value)


def _sites(session: Session, names: _Names) -> list[dict[str, Any]]:
    return [{"code": row.code, "name": row.name} for row in session.exec(select(Site).order_by(Site.code))]


def _locations(session: Session, names: _Names) -> list[dict[str, Any]]:
    return [
        {"code": row.code, "site": names.site[row.site_id], "name": row.name, "kind": row.kind}
        for row in session.exec(select(Location).order_by(Location.code))
    ]


def _staff(session: Session, names: _Names) -> list[dict[str, Any]]:
    return [
        {
            "login": row.login, "site": names.site[row.site_id], "display_name": row.display_name,
            "role": row.role, "level": row.level, "movement_kinds": list(row.movement_kinds), "active": row.active,
        }
        for row in session.exec(select(Staff).order_by(Staff.login))
    ]


def _benches(session: Session, names: _Names) -> list[dict[str, Any]]:
    return [
        {
            "code": row.code, "site": names.site[row.site_id], "name": row.name, "zone": row.zone,
            "features": list(row.features), "status": row.status, "technician": names.staff.get(row.technician_id),
        }
        for row in session.exec(select(Bench).order_by(Bench.code))
    ]


def _tools(session: Session, names: _Names) -> list[dict[str, Any]]:
    entries = []
    # a reason kept as its maintenance record goes out as its sentence: the file has no record ids
    reasons = record_findings(session, session.exec(select(Tool.status_record_id).where(Tool.status_record_id.is_not(None))))
    for row in session.exec(select(Tool).order_by(Tool.asset_tag)):
        home = names.location.get(row.home_location_id) or names.bench.get(row.home_bench_id)
        entries.append({
            "asset_tag": row.asset_tag, "site": names.site[row.site_id], "tool_type": names.tool_type[row.tool_type_id],
            "serial": row.serial, "maker": row.maker, "home": home, "bench": names.bench.get(row.bench_id),
            "status": row.status, "status_reason": shown_reason(row.status_reason, row.status_record_id, reasons), "usage_count": row.usage_count,
            "acquired_on": row.acquired_on,
            "attributes": {key: _attribute_text(value) for key, value in sorted(row.attributes.items())},
        })
    return entries


def _tool_plans(session: Session, names: _Names) -> list[dict[str, Any]]:
    tags = dict(session.exec(select(Tool.id, Tool.asset_tag)).all())
    return [
        {
            "key": row.key, "tool": tags[row.tool_id], "kind": row.kind, "name_en": row.name_en, "name_fr": row.name_fr,
            "every_days": row.every_days, "every_uses": row.every_uses, "anchor": row.anchor, "grace_days": row.grace_days,
            "blocking": row.blocking, "active": row.active, "steps": list(row.steps),
            "test_points": [{"key": point["key"], "name_en": point["name_en"], "name_fr": point["name_fr"],
                             "nominal": point["nominal"]["text"], "tolerance": point["tolerance"]["text"]} for point in row.test_points],
        }
        for row in session.exec(select(MaintenancePlan).where(MaintenancePlan.tool_id.is_not(None)).order_by(MaintenancePlan.key))
    ]


def _lots(session: Session, names: _Names) -> list[dict[str, Any]]:
    entries = []
    for row in session.exec(select(Lot)):
        supply = names.supplies[row.supply_type_id]
        entries.append({
            "supply": supply.key, "lot_number": row.lot_number, "site": names.site[row.site_id],
            "location": names.location.get(row.location_id), "bench": names.bench.get(row.bench_id),
            "quantity": micro_text(row.quantity_micro, supply.stock_unit), "received_on": row.received_on,
            "expires_on": row.expires_on, "opened_on": row.opened_on, "status": row.status,
        })
    return sorted(entries, key=lambda entry: (entry["supply"], entry["lot_number"]))


def _orders(session: Session, names: _Names) -> list[dict[str, Any]]:
    interventions: dict[int, list[str]] = {}
    for link in session.exec(select(OrderIntervention).order_by(OrderIntervention.order_id, OrderIntervention.position)):
        interventions.setdefault(link.order_id, []).append(names.intervention[link.intervention_type_id])
    entries = []
    for row in session.exec(select(RepairOrder).order_by(RepairOrder.reference)):
        water = row.water_resistance_text or (
            number_text(row.water_resistance_bar, "bar") if row.water_resistance_bar is not None else None
        )
        entry = {
            "reference": row.reference, "site": names.site[row.site_id], "status": row.status,
            "received_on": row.received_on, "deadline": row.deadline, "level": row.level,
            "customer_ref": row.customer_ref, "brand": row.brand, "model": row.model, "case_serial": row.case_serial,
            "calibre": names.calibre.get(row.calibre_id), "movement_kind": row.movement_kind,
            "interventions": interventions.get(row.id, []), "water_resistance": water, "battery": row.battery,
        }
        for name in ("case_diameter", "gasket_inner_diameter", "gasket_section", "crystal_diameter", "lug_width",
                     *CASE_PART_LENGTHS):
            value = getattr(row, f"{name}_mm")
            entry[name] = number_text(value, "mm") if value is not None else None
        for name in CASE_PART_WORDS:
            entry[name] = getattr(row, name)
        entry.update({
            "vintage": row.vintage, "luminous": row.luminous, "bench": names.bench.get(row.bench_id),
            "technician": names.staff.get(row.technician_id), "reception_notes": row.reception_notes,
            "grade": row.grade, "estimate": row.estimate_text,
        })
        entries.append(entry)
    return entries


_SECTIONS = (
    ("site", _sites), ("location", _locations), ("staff", _staff), ("bench", _benches),
    ("tool", _tools), ("tool_plan", _tool_plans), ("lot", _lots), ("order", _orders),
)


def _inline(value: dict[str, Any]) -> str:
    return "{ " + ", ".join(tomli_w.dumps({name: item}).strip() for name, item in value.items()) + " }"


def _render_entry(kind: str, entry: dict[str, Any]) -> str:
    """One `[[kind]]` table per entry, even a short one: a header per entry is what lets an import
    error name its line. Lists of tables (a plan's steps and test points) are written inline, one
    per line, whatever their length: tomli_w would write long ones as `[[name]]` tables, which
    would belong to no entry."""
    entry = _omit_defaults(entry)
    tables = {name: value for name, value in entry.items() if isinstance(value, dict)}
    listed = {name: value for name, value in entry.items() if isinstance(value, list) and value and isinstance(value[0], dict)}
    plain = {name: value for name, value in entry.items() if name not in tables and name not in listed}
    text = f"[[{kind}]]\n{tomli_w.dumps(plain)}"
    for name, rows in listed.items():
        text += f"{name} = [\n" + "".join(f"    {_inline(row)},\n" for row in rows) + "]\n"
    for name, table in tables.items():
        text += f"\n[{kind}.{name}]\n{tomli_w.dumps(table)}"
    return text


def export_workshop(engine: Engine) -> str:
    with read_session(engine) as session:
        names = _Names(session)
        sections = [(kind, build(session, names)) for kind, build in _SECTIONS]
    parts = [HEADER + tomli_w.dumps({"format": FORMAT_VERSION})]
    for kind, entries in sections:
        parts.extend(_render_entry(kind, entry) for entry in entries)
    return "\n".join(parts)
