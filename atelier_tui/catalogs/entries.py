"""The shape of each kind of catalog entry (docs/catalog-format.md), read into plain rows.

References to other entries are kept as keys here and resolved in references.py, once every
file has been read."""

from __future__ import annotations

import re
from typing import Any

from atelier_tui.catalogs.fields import EntryReader, min_above_max
from atelier_tui.domain.case_parts import CATEGORY_PROPERTIES, PROPERTY_VALUES, WATCH_CHOICES

# Tolerances a calibre (or one of its grades) may give, with the unit each is kept in.
from atelier_tui.domain.measurements import GRADES, LEGACY_TOLERANCE_NAMES, QUANTITIES, TOLERANCE_UNITS
from atelier_tui.domain.plausibility import reversed_bounds
from atelier_tui.domain.vocabulary import (
    CaseBack,
    ChecklistScope,
    Drain,
    ItemLevel,
    ItemTag,
    MovementKind,
    PlanAnchor,
    PlanKind,
    WasteStream,
    values,
)
from atelier_tui.domain.work_plan import FROM_POWER_RESERVE

TOOL_CATEGORIES = frozenset({"hand_tool", "equipment", "instrument", "bench_fixture", "ppe"})
SUPPLY_CATEGORIES = frozenset(
    {"lubricant", "epilame", "cleaning_solution", "rinse_solution", "battery", "gasket", "crystal", "stem",
     "crown", "spring_bar", "mainspring", "strap", "consumable", "polishing", "movement"}
)
STOCK_UNITS = frozenset({"piece", "ml", "g", "l"})
HAZARDS = frozenset(
    {"flammable", "aspiration", "narcotic_vapour", "skin_drying", "aquatic", "battery", "corrosive", "mercury",
     "radioactive", "irritant"}
)
WASTE_STREAMS = frozenset(values(WasteStream))
# kinetic: a quartz movement charged by a rotor (Seiko Kinetic); solar: a quartz movement
# charged by light (Citizen Eco-Drive, Seiko Solar). Both store energy in a rechargeable cell.
MOVEMENT_KINDS = frozenset(values(MovementKind))
RECHARGEABLE_KINDS = frozenset({MovementKind.KINETIC, MovementKind.SOLAR})
# Silver-oxide cells: SW = low drain (analogue watches), W = high drain (IEC 60086-3 suffixes).
DRAINS = frozenset(values(Drain))
_SILVER_OXIDE_CODE = re.compile(r"^SR\d+(SW|W)$")
# Alkaline button cells (LR626, AG4) sag from 1.5 V: they are not equivalents of a silver-oxide
# watch cell, so a catalog may not list them as another name of one.
_ALKALINE_NAME = re.compile(r"^(AG|LR)\d", re.IGNORECASE)
CHECKLIST_SCOPES = frozenset(values(ChecklistScope))
ITEM_TAGS = frozenset(values(ItemTag))
ITEM_LEVELS = frozenset(values(ItemLevel))
PLAN_KINDS = frozenset(values(PlanKind))
PLAN_ANCHORS = frozenset(values(PlanAnchor))
# A supply requirement is "always" used, or used "if_needed": replaced only when the old part is
# found worn at opening (see docs/catalog-format.md).
SUPPLY_NEEDS = frozenset({"always", "if_needed"})
SUPPLY_SOURCES = frozenset({"calibre.battery", "calibre.lubricants", "calibre.mainspring", "calibre.stem", "calibre.movement"})
WATCH_VALUES = frozenset(
    {"watch.test_pressure", "watch.case_diameter", "watch.gasket_inner_diameter", "watch.gasket_section",
     "watch.crystal_diameter", "watch.lug_width", "calibre.diameter",
     "watch.crystal_thickness", "watch.crystal_gasket_outer_diameter", "watch.crystal_gasket_inner_diameter",
     "watch.crystal_gasket_height", "watch.crown_diameter", "watch.crown_tube_diameter",
     "watch.crown_gasket_inner_diameter", "watch.crown_gasket_section", "calibre.stem_thread"}
)
# The order's words (a crystal's material and shape, a crown's type) a supply's property must equal.
WATCH_WORDS = WATCH_CHOICES
WATCH_FACTS = frozenset(
    {"movement:manual", "movement:automatic", "movement:quartz", "movement:kinetic", "movement:solar", "mechanical",
     "rechargeable_cell", "water_resistant", "vintage", "luminous", "luminous:radium", "luminous:tritium",
     "radioactive_luminous",
     *(f"crystal:{value}" for value in PROPERTY_VALUES["material"]), *(f"crown:{value}" for value in PROPERTY_VALUES["crown_type"]),
     "crown:gasketed", *(f"case_back:{value}" for value in values(CaseBack)), "case_back:unknown"}
)


def read_attribute(r: EntryReader) -> dict[str, Any]:
    from atelier_tui.domain.units import is_unit

    name_en, name_fr = r.names()
    unit = r.text("unit", required=False)  # "" is a plain number (a magnification)
    if "unit" not in r.data:
        r.error(None, f"attribute '{r.data.get('key')}': 'unit' is missing")
    if unit and not is_unit(unit):
        r.error("unit", f"unit: '{unit}' is not a known unit")
    return {"key": r.key(), "name_en": name_en, "name_fr": name_fr, "unit": unit}


def read_capability(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()
    return {"key": r.key(), "name_en": name_en, "name_fr": name_fr}


def read_tool_type(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "category": r.choice("category", TOOL_CATEGORIES),
        "measuring": r.boolean("measuring"),
        "small": r.boolean("small"),
        "capabilities": r.strings("capabilities", required=True),
        "attributes": r.mapping("attributes"),  # parsed against attribute units in references.py
    }


def read_supply_type(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()
    stock_unit = r.choice("stock_unit", STOCK_UNITS)
    shelf_life = r.quantity("shelf_life", "day")
    after_opening = r.quantity("shelf_life_after_opening", "day")
    reorder = r.quantity("reorder_point", stock_unit) if stock_unit else None
    category = r.choice("category", SUPPLY_CATEGORIES)
    iec_code = r.text("iec_code", required=False) or None
    aliases = r.strings("aliases")
    drain = r.choice("drain", DRAINS, required=False) or None
    rechargeable = r.boolean("rechargeable")
    _check_cell(r, category, iec_code, aliases, drain, rechargeable)
    fits = r.strings("fits")
    if fits and category != "movement":
        r.error("fits", "fits: only a movement names the calibres it replaces")
    properties = _properties(r, category)
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "category": category,
        "stock_unit": stock_unit,
        "iec_code": iec_code,
        "aliases": aliases,
        "drain": drain,
        "rechargeable": rechargeable,
        "fits": fits,
        "properties": properties,
        "attributes": r.mapping("attributes"),
        "hazards": r.choices("hazards", HAZARDS),
        "waste_stream": r.choice("waste_stream", WASTE_STREAMS, required=False, default=WasteStream.GENERAL) or WasteStream.GENERAL,
        "shelf_life_days": round(shelf_life.value) if shelf_life else None,
        "shelf_life_after_opening_days": round(after_opening.value) if after_opening else None,
        "use_points": r.strings("use_points"),
        "reorder_point": reorder.value if reorder else 0.0,
    }


def _properties(r: EntryReader, category: str) -> dict[str, str]:
    """A crystal's material and shape, a crown's type: words a watch's order is matched on."""
    given = r.mapping("properties")
    wanted = CATEGORY_PROPERTIES.get(category, ())
    properties: dict[str, str] = {}
    for name, value in given.items():
        if name not in wanted:
            expected = f"a {category} gives {', '.join(wanted)}" if wanted else f"a {category} has no properties"
            r.error("properties", f"properties.{name}: {expected}")
        elif value not in PROPERTY_VALUES[name]:
            r.error("properties", f"properties.{name}: '{value}' is not one of {', '.join(PROPERTY_VALUES[name])}")
        else:
            properties[name] = value
    for name in wanted:
        if name not in given:
            r.error("properties", f"properties.{name}: missing; a {category} is matched on it "
                                  f"(one of {', '.join(PROPERTY_VALUES[name])})")
    return properties


def _check_cell(r: EntryReader, category: str, iec_code: str | None, aliases: list[str], drain: str | None,
                rechargeable: bool) -> None:
    """A cell's drain agrees with its IEC suffix; an alkaline cell is never another name of a
    cell; drain and rechargeable describe cells only."""
    for name in ("drain", "rechargeable"):
        if name in r.data and category != "battery":
            r.error(name, f"{name}: only a battery has a {name}")
    for alias in aliases:
        if _ALKALINE_NAME.match(alias.strip()):
            r.error("aliases", f"aliases: '{alias}' is an alkaline cell, not another name of this one; "
                               "give it its own entry if the workshop stocks it")
    match = _SILVER_OXIDE_CODE.match(iec_code or "")
    if match and not rechargeable:
        expected = "low" if match.group(1) == "SW" else "high"
        if drain != expected:
            r.error("drain" if "drain" in r.data else "iec_code",
                    f"drain: {iec_code} is a {expected}-drain cell (suffix {match.group(1)}); give drain = \"{expected}\"")
    if rechargeable and drain:
        r.error("drain", "drain: a rechargeable cell has no drain class")


def _read_tolerances(r: EntryReader, table: dict[str, Any], where: str) -> dict[str, Any]:
    tolerances: dict[str, Any] = {}
    for given_name, bounds in table.items():
        name = LEGACY_TOLERANCE_NAMES.get(given_name, given_name)
        unit = TOLERANCE_UNITS.get(name)
        if unit is None:
            r.error(given_name, f"{where}: '{given_name}' is not one of {', '.join(sorted(TOLERANCE_UNITS))}")
            continue
        if not isinstance(bounds, dict) or not bounds or set(bounds) - {"min", "max"}:
            r.error(given_name, f"{where}.{given_name}: expected {{ min = ..., max = ... }}")
            continue
        parsed = {side: r.parse(raw, unit, given_name, f"{where}.{given_name}.{side}") for side, raw in bounds.items()}
        if not all(parsed.values()):
            continue
        if "min" in parsed and "max" in parsed and reversed_bounds(parsed["min"].value, parsed["max"].value):
            r.error(given_name, min_above_max(f"{where}.{given_name}", parsed["min"].text, parsed["max"].text))
            continue
        tolerances[name] = {side: measured.as_dict() for side, measured in parsed.items()}
    return tolerances


def read_calibre(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()

    def value(name: str, unit: str) -> float | None:
        measured = r.quantity(name, unit)
        return measured.value if measured else None

    tolerances = _read_tolerances(r, r.mapping("tolerances"), "tolerances")
    grades: dict[str, Any] = {}
    for grade, table in r.mapping("grades").items():
        if grade not in GRADES:
            r.error("grades", f"grades: '{grade}' is not one of {', '.join(GRADES)}")
        elif not isinstance(table, dict):
            r.error("grades", f"grades.{grade}: expected a table of tolerances")
        else:
            grades[grade] = _read_tolerances(r, table, f"grades.{grade}")
    if grades:
        tolerances["grades"] = grades
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "reference": r.text("reference"), "maker": r.text("maker"),
        "movement_kind": r.choice("movement_kind", MOVEMENT_KINDS),
        "frequency_vph": value("frequency", "vph"),
        "jewels": r.integer("jewels", minimum=0),
        "diameter_mm": value("diameter", "mm"),
        "height_mm": value("height", "mm"),
        "power_reserve_h": value("power_reserve", "h"),
        "battery_life_months": value("battery_life", "month"),
        "lift_angle_deg": value("lift_angle", "deg"),
        "battery": r.text("battery", required=False) or None,
        "battery_alternatives": r.strings("battery_alternatives"),
        "lubricants": r.strings("lubricants"),
        "mainspring": r.text("mainspring", required=False) or None,
        "stem": r.text("stem", required=False) or None,
        "tolerances": tolerances,
    }


def read_intervention(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()
    duration = r.quantity("estimated_duration", "min", required=True)
    tools = []
    for position, raw in enumerate(r.tables("tools")):
        child = r.child("tools", position, raw)
        if child is not None:
            tools.append(
                {
                    "capability": child.text("capability"),
                    "count": child.integer("count", default=1, minimum=1),
                    "when": child.strings("when"),
                    "unless": child.strings("unless"),
                    "attributes": child.mapping("attributes"),  # checked in references.py
                    "_reader": child,
                }
            )
    supplies = []
    for position, raw in enumerate(r.tables("supplies")):
        child = r.child("supplies", position, raw)
        if child is not None:
            supplies.append(_read_supply_requirement(child))
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "movement_kinds": r.choices("movement_kinds", MOVEMENT_KINDS),
        "level": r.integer("level", required=True, default=1, minimum=1),
        "estimated_minutes": round(duration.value) if duration else 0,
        **_running_in(r),
        "checklists": r.strings("checklists"),
        "facts": r.strings("facts"),
        "bench_features": r.strings("bench_features"),
        "steps": r.bilingual_steps(),
        "tools": tools,
        "supplies": supplies,
    }


def _running_in(r: EntryReader) -> dict[str, Any]:
    """`running_in`: a duration ("24 h") or "calibre.power_reserve" (as long as the movement runs)."""
    raw = r.data.get("running_in")
    if raw is None:
        return {"running_in_minutes": 0, "running_in_from": ""}
    if raw == FROM_POWER_RESERVE:
        return {"running_in_minutes": 0, "running_in_from": FROM_POWER_RESERVE}
    measured = r.parse(raw, "min", "running_in", "running_in")
    if measured is not None and measured.value < 0:
        r.error("running_in", f"running_in: '{raw}' is negative; expected a duration (\"24 h\") or {FROM_POWER_RESERVE}")
        measured = None
    return {"running_in_minutes": round(measured.value) if measured else 0, "running_in_from": ""}


def _read_supply_requirement(child: EntryReader) -> dict[str, Any]:
    sources = [name for name in ("from", "supply", "category") if name in child.data]
    if len(sources) != 1:
        child.error(None, "supplies: give exactly one of 'from', 'supply' or 'category'")
    requirement: dict[str, Any] = {"when": child.strings("when"), "unless": child.strings("unless"), "_reader": child}
    if "from" in child.data:
        requirement["from"] = child.choice("from", SUPPLY_SOURCES)
    if "supply" in child.data:
        requirement["supply"] = child.text("supply")
    if "category" in child.data:
        requirement["category"] = child.choice("category", SUPPLY_CATEGORIES)
        match = child.mapping("match")
        for attribute, reference in match.items():
            if reference in WATCH_WORDS:
                if attribute not in PROPERTY_VALUES:
                    child.error("match", f"match.{attribute}: '{reference}' is a word; match it on one of "
                                         f"{', '.join(PROPERTY_VALUES)}")
            elif reference not in WATCH_VALUES:
                child.error("match", f"match.{attribute}: '{reference}' is not one of "
                                     f"{', '.join(sorted(WATCH_VALUES | WATCH_WORDS))}")
        requirement["match"] = match
    requirement["quantity_text"] = child.text("quantity", required=True)
    # "if_needed": a part replaced only when the old one is found worn (a case-back gasket at a
    # battery change); it is reserved when in stock, and its absence does not block the job.
    requirement["need"] = child.choice("need", SUPPLY_NEEDS, required=False, default="always") or "always"
    return requirement


def read_checklist(r: EntryReader) -> dict[str, Any]:
    name_en, name_fr = r.names()
    items = []
    seen: set[str] = set()
    for position, raw in enumerate(r.tables("items")):
        child = r.child("items", position, raw)
        if child is None:
            continue
        item_key = child.key()
        if item_key in seen:
            child.error("key", f"items: duplicate key '{item_key}' in checklist '{r.data.get('key')}'")
        seen.add(item_key)
        items.append(
            {
                "key": item_key,
                "position": position,
                "tag": child.choice("tag", ITEM_TAGS),
                "level": child.choice("level", ITEM_LEVELS),
                "text_en": child.text("text_en"),
                "text_fr": child.text("text_fr"),
                "conditions": child.strings("when"),
                "measured": child.choices("measured", frozenset(QUANTITIES)),
                "_reader": child,
            }
        )
    if not items:
        r.error("key", f"checklist '{r.data.get('key')}': has no items")
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "version": r.integer("version", default=1, minimum=1),
        "scope": r.choice("scope", CHECKLIST_SCOPES),
        "conditions": r.strings("when"),
        "items": items,
    }


def read_maintenance_plan(r: EntryReader) -> dict[str, Any]:
    from atelier_tui.domain.units import UnitError, unit_of

    name_en, name_fr = r.names()
    every_days = r.integer("every_days", default=None, minimum=0) or None
    every_uses = r.integer("every_uses", default=None, minimum=0) or None
    if every_days is None and every_uses is None:
        r.error(None, f"maintenance_plan '{r.data.get('key')}': give every_days, every_uses or both")
    test_points = []
    for position, raw in enumerate(r.tables("test_points")):
        child = r.child("test_points", position, raw)
        if child is None:
            continue
        nominal_text = child.text("nominal")
        unit = (unit_of(nominal_text) or "") if nominal_text else ""
        if nominal_text and not unit:
            child.error("nominal", str(UnitError("nominal", nominal_text, "is not a quantity", "a quantity with its unit")))
        nominal = child.quantity("nominal", unit, required=True) if unit else None
        tolerance = child.quantity("tolerance", unit, required=True) if nominal else None
        point_en, point_fr = child.names()
        if nominal and tolerance:
            test_points.append(
                {"key": child.key(), "name_en": point_en, "name_fr": point_fr,
                 "nominal": nominal.as_dict(), "tolerance": tolerance.as_dict()}
            )
    return {
        "key": r.key(), "name_en": name_en, "name_fr": name_fr,
        "tool_type": r.text("tool_type"),
        "kind": r.choice("kind", PLAN_KINDS),
        "every_days": every_days,
        "every_uses": every_uses,
        "anchor": r.choice("anchor", PLAN_ANCHORS, required=False, default=PlanAnchor.COMPLETION) or PlanAnchor.COMPLETION,
        # No grace unless the catalog gives one: a calibration past its date is past it.
        "grace_days": r.integer("grace_days", default=0, minimum=0) or 0,
        "blocking": r.boolean("blocking", default=True),
        # false: the plan is withdrawn (its check became a step of the interventions): it is no
        # longer due, and the records kept under it stay in each tool's history.
        "active": r.boolean("active", default=True),
        "steps": r.bilingual_steps(),
        "test_points": test_points,
    }


# Table name in the TOML file -> reader. The order is the order of import.
READERS = {
    "attribute": read_attribute,
    "capability": read_capability,
    "tool_type": read_tool_type,
    "supply_type": read_supply_type,
    "calibre": read_calibre,
    "checklist": read_checklist,
    "intervention": read_intervention,
    "maintenance_plan": read_maintenance_plan,
}
