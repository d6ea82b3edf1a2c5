"""Cross-references between catalog entries: a capability, supply, checklist or attribute named
anywhere must exist, in the files being read or already in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from atelier_tui.catalogs.entries import RECHARGEABLE_KINDS, WATCH_FACTS, WATCH_VALUES
from atelier_tui.catalogs.fields import EntryReader, min_above_max
from atelier_tui.domain.plausibility import reversed_bounds, shared_cell_names
from atelier_tui.i18n import _

# What a requirement's quantity may be counted in when the supply is chosen per watch.
_FLEXIBLE_UNITS = ("piece", "ml", "g")


@dataclass
class KnownKeys:
    """Keys that references may point at (entries being read plus those already stored)."""

    attributes: dict[str, str] = field(default_factory=dict)  # key -> unit
    capabilities: set[str] = field(default_factory=set)
    tool_types: set[str] = field(default_factory=set)
    supply_types: dict[str, str] = field(default_factory=dict)  # key -> stock unit
    cell_names: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # stored cell key -> [(iec_code|aliases, name)]
    checklists: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)

    def merge(self, entries: dict[str, dict[str, dict[str, Any]]]) -> None:
        self.attributes.update({k: row["unit"] for k, row in entries["attribute"].items()})
        self.capabilities.update(entries["capability"])
        self.tool_types.update(entries["tool_type"])
        self.supply_types.update({k: row["stock_unit"] for k, row in entries["supply_type"].items()})
        self.checklists.update(entries["checklist"])
        for row in entries["intervention"].values():
            self.facts.update(row["facts"])


def _missing(reader: EntryReader, field_name: str, what: str, names: list[str], known: Any) -> None:
    for name in names:
        if name not in known:
            reader.error(field_name, f"{field_name}: {what} '{name}' does not exist")


def _facts(reader: EntryReader, field_name: str, facts: list[str], known: KnownKeys) -> None:
    allowed = WATCH_FACTS | known.facts
    for fact in facts:
        if fact not in allowed:
            reader.error(field_name, f"{field_name}: condition '{fact}' is not a watch fact nor a fact of any intervention")


def _attribute_values(reader: EntryReader, values: dict[str, Any], known: KnownKeys) -> dict[str, Any]:
    parsed = {}
    for name, raw in values.items():
        unit = known.attributes.get(name)
        if unit is None:
            reader.error(f"attributes.{name}", f"attributes: '{name}' is not a defined attribute")
            continue
        measured = reader.parse(raw, unit, f"attributes.{name}", f"attributes.{name}")
        if measured:
            parsed[name] = measured.as_dict()
    return parsed


def _constraint(reader: EntryReader, values: dict[str, Any], known: KnownKeys) -> dict[str, Any]:
    """{attribute: {min|max: literal quantity or watch value}} of a tool requirement."""
    parsed: dict[str, Any] = {}
    for name, bounds in values.items():
        unit = known.attributes.get(name)
        if unit is None:
            reader.error("attributes", f"attributes: '{name}' is not a defined attribute")
            continue
        if not isinstance(bounds, dict) or not bounds or set(bounds) - {"min", "max"}:
            reader.error("attributes", f"attributes.{name}: expected {{ min = ..., max = ... }}")
            continue
        parsed[name] = {}
        for side, raw in bounds.items():
            if isinstance(raw, str) and raw.startswith(("watch.", "calibre.")):
                if raw not in WATCH_VALUES:
                    reader.error("attributes", f"attributes.{name}.{side}: '{raw}' is not one of {', '.join(sorted(WATCH_VALUES))}")
                parsed[name][side] = {"ref": raw}
                continue
            measured = reader.parse(raw, unit, "attributes", f"attributes.{name}.{side}")
            if measured:
                parsed[name][side] = measured.as_dict()
        low, high = parsed[name].get("min", {}), parsed[name].get("max", {})
        if "value" in low and "value" in high and reversed_bounds(low["value"], high["value"]):
            reader.error("attributes", min_above_max(f"attributes.{name}", low["text"], high["text"]))
    return parsed


def _requirement_quantity(reader: EntryReader, requirement: dict[str, Any], known: KnownKeys) -> dict[str, Any] | None:
    text = requirement.get("quantity_text", "")
    if not text:
        return None
    fixed = requirement.get("supply")
    if fixed and fixed in known.supply_types:
        unit = known.supply_types[fixed]
        measured = reader.parse(text, "ml" if unit == "l" else unit, "quantity", "quantity")
        return measured.as_dict() if measured else None
    for unit in _FLEXIBLE_UNITS:
        from atelier_tui.domain.units import UnitError, parse_quantity

        try:
            return parse_quantity(text, unit, "quantity").as_dict()
        except UnitError:
            continue
    reader.error("quantity", f"quantity: '{text}' is not a count (piece), a volume (ml) or a mass (g)")
    return None


def _cells_of_the_kind(reader: EntryReader, row: dict[str, Any], supplies: dict[str, dict[str, Any]]) -> None:
    """A kinetic or solar calibre takes a rechargeable cell, any other a primary one: makers warn
    that a silver-oxide cell charged in place of the secondary cell can burst. Checked against
    the cells read in the same import."""
    wants_rechargeable = row["movement_kind"] in RECHARGEABLE_KINDS
    for field_name, keys in (("battery", [row["battery"]] if row["battery"] else []),
                             ("battery_alternatives", row["battery_alternatives"])):
        for key in keys:
            cell = supplies.get(key)
            if cell is None or cell["category"] != "battery" or cell["rechargeable"] == wants_rechargeable:
                continue
            kind = "rechargeable" if wants_rechargeable else "primary"
            reader.error(field_name, f"{field_name}: a {row['movement_kind']} calibre takes a {kind} cell; '{key}' is not one")


def _cell_names(entries: dict[str, dict[str, Any]], readers: dict[tuple[str, str], EntryReader], known: KnownKeys) -> None:
    """An IEC code or alias names one cell, among the cells read and those already stored."""
    read = [(key, [("iec_code", row["iec_code"] or ""), *(("aliases", alias) for alias in row["aliases"])])
            for key, row in entries.items() if row["category"] == "battery"]
    stored = [(key, names) for key, names in known.cell_names.items() if key not in entries]
    for shared in shared_cell_names([*stored, *read]):
        if shared.key in entries:
            readers[("supply_type", shared.key)].error(shared.field, _(
                "{field}: '{name}' already names the cell '{other}'; an IEC code or alias names one cell").format(
                field=shared.field, name=shared.name, other=shared.first_key))


def resolve(entries: dict[str, dict[str, dict[str, Any]]], readers: dict[tuple[str, str], EntryReader], known: KnownKeys) -> None:
    """Check every reference and turn raw attribute values into quantities, in place."""
    for key, row in entries["tool_type"].items():
        reader = readers[("tool_type", key)]
        _missing(reader, "capabilities", "capability", row["capabilities"], known.capabilities)
        row["attributes"] = _attribute_values(reader, row["attributes"], known)
    for key, row in entries["supply_type"].items():
        row["attributes"] = _attribute_values(readers[("supply_type", key)], row["attributes"], known)
    _cell_names(entries["supply_type"], readers, known)
    for key, row in entries["calibre"].items():
        reader = readers[("calibre", key)]
        for field_name in ("battery", "mainspring", "stem"):
            if row[field_name]:
                _missing(reader, field_name, "supply", [row[field_name]], known.supply_types)
        _missing(reader, "battery_alternatives", "supply", row["battery_alternatives"], known.supply_types)
        _cells_of_the_kind(reader, row, entries["supply_type"])
        _missing(reader, "lubricants", "supply", row["lubricants"], known.supply_types)
    for key, row in entries["checklist"].items():
        _facts(readers[("checklist", key)], "when", row["conditions"], known)
        for item in row["items"]:
            _facts(item.pop("_reader"), "when", item["conditions"], known)
    for key, row in entries["intervention"].items():
        reader = readers[("intervention", key)]
        _missing(reader, "checklists", "checklist", row["checklists"], known.checklists)
        for tool in row["tools"]:
            child = tool.pop("_reader")
            _missing(child, "capability", "capability", [tool["capability"]], known.capabilities)
            _facts(child, "when", tool["when"], known)
            _facts(child, "unless", tool["unless"], known)
            tool["attributes"] = _constraint(child, tool["attributes"], known)
        for supply in row["supplies"]:
            child = supply.pop("_reader")
            if supply.get("supply"):
                _missing(child, "supply", "supply", [supply["supply"]], known.supply_types)
            _facts(child, "when", supply["when"], known)
            _facts(child, "unless", supply["unless"], known)
            supply["quantity"] = _requirement_quantity(child, supply, known)
            supply.pop("quantity_text", None)
    for key, row in entries["maintenance_plan"].items():
        _missing(readers[("maintenance_plan", key)], "tool_type", "tool type", [row["tool_type"]], known.tool_types)
