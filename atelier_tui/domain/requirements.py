"""What a repair order needs of a bench: tool capabilities with bounds, supplies with quantities,
checklists, bench features and the technician's level.

Pure: the caller hands over the order, its calibre, its interventions and the catalog as plain
values. Everything the rules say comes from the catalogs (docs/catalog-format.md); this module
only reads the `when` conditions, resolves the watch's values into bounds and picks the supply
types that serve each need."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

# The needs are this module's results: importers may take them from here.
from atelier_tui.domain.case_parts import asked_fields, case_facts, differences
from atelier_tui.domain.checklists import applicability
from atelier_tui.domain.needs import BLOCKING_PART_PROBLEMS
from atelier_tui.domain.needs import AttributeBound as AttributeBound
from atelier_tui.domain.needs import CapabilityNeed as CapabilityNeed
from atelier_tui.domain.needs import ChecklistNeed as ChecklistNeed
from atelier_tui.domain.needs import Requirements as Requirements
from atelier_tui.domain.needs import SupplyNeed as SupplyNeed
from atelier_tui.domain.vocabulary import Luminous, MovementKind
from atelier_tui.domain.work_plan import RunningIn, bench_minutes, running_in_minutes

# Marked only "water resistant" without a figure: tested at 2 bar (domain brief §6.1).
UNMARKED_TEST_PRESSURE_BAR = 2.0
# Quartz movements that store their energy in a rechargeable cell: kinetic (charged by a rotor)
# and solar (charged by light). Makers warn that a primary cell charged there can burst.
RECHARGEABLE_MOVEMENTS = frozenset({MovementKind.KINETIC, MovementKind.SOLAR})
# A case marked "water resistant" without a figure, as people copy it from the case back. Any
# other text without a pressure ("not water resistant", "non étanche", "?") is no mark at all.
WATER_RESISTANT_MARKS = frozenset({"water resistant", "water-resistant", "water resist", "wr", "étanche", "etanche"})
# Self-luminous paints that are radioactive: the radium procedure (or tritium handling) holds
# whatever the watch's age; the condition is the material, not the watch being vintage.
RADIOACTIVE_LUMINOUS = frozenset({Luminous.RADIUM, Luminous.TRITIUM})


@dataclass(frozen=True)
class OrderSpec:
    reference: str
    movement_kind: str
    level: int
    deadline: date
    water_resistance_bar: float | None = None
    water_resistance_text: str = ""
    case_diameter_mm: float | None = None
    gasket_inner_diameter_mm: float | None = None
    gasket_section_mm: float | None = None
    crystal_diameter_mm: float | None = None
    lug_width_mm: float | None = None
    vintage: bool = False
    luminous: str = Luminous.NONE
    battery: str = ""  # as read on the old cell; empty: the calibre's
    # Planning (issues 16 and 21): the order's own bench-time estimate (None: its interventions').
    estimate_minutes: int | None = None
    # Case parts (issue 16): the crystal, the crown and the case back; None: not given.
    crystal_material: str | None = None
    crystal_shape: str | None = None
    crystal_thickness_mm: float | None = None
    crystal_gasket_outer_diameter_mm: float | None = None
    crystal_gasket_inner_diameter_mm: float | None = None
    crystal_gasket_height_mm: float | None = None
    crown_type: str | None = None
    crown_diameter_mm: float | None = None
    crown_tube_diameter_mm: float | None = None
    crown_gasket_inner_diameter_mm: float | None = None
    crown_gasket_section_mm: float | None = None
    case_back: str | None = None


@dataclass(frozen=True)
class CalibreSpec:
    key: str
    reference: str
    diameter_mm: float | None = None
    battery_key: str | None = None
    battery_alternatives: tuple[str, ...] = ()
    lubricants: tuple[str, ...] = ()
    mainspring: str | None = None
    stem: str | None = None
    movement_kind: str = ""
    power_reserve_h: float | None = None


@dataclass(frozen=True)
class InterventionSpec:
    key: str
    name_en: str
    name_fr: str
    level: int = 1
    estimated_minutes: int = 0
    checklists: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    bench_features: tuple[str, ...] = ()
    tool_requirements: tuple[Mapping[str, Any], ...] = ()
    supply_requirements: tuple[Mapping[str, Any], ...] = ()
    steps: int = 0
    running_in: RunningIn = field(default_factory=RunningIn)


@dataclass(frozen=True)
class SupplyInfo:
    key: str
    name_en: str
    name_fr: str
    category: str
    stock_unit: str
    attributes: Mapping[str, float] = field(default_factory=dict)  # in each attribute's unit
    drain: str | None = None  # cells: low (SW) | high (W)
    rechargeable: bool = False  # a secondary cell (kinetic, solar)
    fits: tuple[str, ...] = ()  # movements: the calibre keys it replaces
    iec_code: str = ""
    properties: Mapping[str, str] = field(default_factory=dict)  # crystals: material, shape; crowns: crown_type


@dataclass(frozen=True)
class ChecklistInfo:
    key: str
    name_en: str
    name_fr: str
    scope: str  # bench | order
    conditions: tuple[str, ...] = ()
    # Each item's key and the facts it applies under: a run counts for an order only if it
    # answered every item that applies to that order.
    items: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class RequirementCatalog:
    attribute_units: Mapping[str, str]
    attribute_names: Mapping[str, tuple[str, str]]
    capability_names: Mapping[str, tuple[str, str]]
    supplies: Mapping[str, SupplyInfo]
    # lower-cased key, IEC code or alias -> the supply keys it may mean (battery charts disagree)
    supply_names: Mapping[str, tuple[str, ...]]
    checklists: Mapping[str, ChecklistInfo]


def is_water_resistance_mark(text: str) -> bool:
    """Whether a text kept without a pressure is the mark "water resistant" itself."""
    return " ".join(text.casefold().split()) in WATER_RESISTANT_MARKS


def marked_water_resistant(order: OrderSpec) -> bool:
    """A positive pressure, or the bare mark: never any other text ("not water resistant")."""
    return bool(order.water_resistance_bar and order.water_resistance_bar > 0) or is_water_resistance_mark(order.water_resistance_text)


def watch_facts(order: OrderSpec) -> set[str]:
    """The watch facts interventions and checklists name in `when` (docs/catalog-format.md)."""
    facts = {f"movement:{order.movement_kind}"}
    if order.movement_kind in (MovementKind.MANUAL, MovementKind.AUTOMATIC):
        facts.add("mechanical")
    if order.movement_kind in RECHARGEABLE_MOVEMENTS:
        # Kinetic and solar movements are quartz movements: every quartz rule holds for them.
        facts |= {"movement:quartz", "rechargeable_cell"}
    if marked_water_resistant(order):
        facts.add("water_resistant")
    if order.vintage:
        facts.add("vintage")
    facts |= case_facts(order.crystal_material, order.crown_type, order.case_back)
    if order.luminous not in (Luminous.NONE, ""):
        facts.add("luminous")
        if order.luminous in RADIOACTIVE_LUMINOUS:
            facts |= {f"luminous:{order.luminous}", "radioactive_luminous"}
    return facts


def order_facts(order: OrderSpec, interventions: Iterable[InterventionSpec]) -> set[str]:
    """`when` conditions are judged on the watch's facts plus those its interventions bring."""
    return watch_facts(order) | {fact for intervention in interventions for fact in intervention.facts}


def watch_values(order: OrderSpec, calibre: CalibreSpec | None,
                 catalog: RequirementCatalog | None = None) -> dict[str, float | str | None]:
    test_pressure = order.water_resistance_bar if marked_water_resistant(order) else None
    if test_pressure is None and is_water_resistance_mark(order.water_resistance_text):
        test_pressure = UNMARKED_TEST_PRESSURE_BAR
    return {
        "watch.test_pressure": test_pressure,
        "watch.case_diameter": order.case_diameter_mm,
        "watch.gasket_inner_diameter": order.gasket_inner_diameter_mm,
        "watch.gasket_section": order.gasket_section_mm,
        "watch.crystal_diameter": order.crystal_diameter_mm,
        "watch.lug_width": order.lug_width_mm,
        "calibre.diameter": calibre.diameter_mm if calibre else None,
        "watch.crystal_material": order.crystal_material,
        "watch.crystal_shape": order.crystal_shape,
        "watch.crystal_thickness": order.crystal_thickness_mm,
        "watch.crystal_gasket_outer_diameter": order.crystal_gasket_outer_diameter_mm,
        "watch.crystal_gasket_inner_diameter": order.crystal_gasket_inner_diameter_mm,
        "watch.crystal_gasket_height": order.crystal_gasket_height_mm,
        "watch.crown_type": order.crown_type,
        "watch.crown_diameter": order.crown_diameter_mm,
        "watch.crown_tube_diameter": order.crown_tube_diameter_mm,
        "watch.crown_gasket_inner_diameter": order.crown_gasket_inner_diameter_mm,
        "watch.crown_gasket_section": order.crown_gasket_section_mm,
        # The crown's thread is the stem's: the calibre's stem gives it (its `diameter`).
        "calibre.stem_thread": _stem_thread(calibre, catalog),
    }


def _stem_thread(calibre: CalibreSpec | None, catalog: RequirementCatalog | None) -> float | None:
    stem = catalog.supplies.get(calibre.stem) if catalog and calibre and calibre.stem else None
    return stem.attributes.get("diameter") if stem else None


def _bounds(constraints: Mapping[str, Any], values: Mapping[str, float | str | None],
            catalog: RequirementCatalog) -> tuple[AttributeBound, ...]:
    bounds = []
    for attribute, sides in sorted(constraints.items()):
        resolved: dict[str, float | None] = {}
        unresolved = []
        for side in ("min", "max"):
            bound = sides.get(side)
            if bound is None:
                resolved[side] = None
            elif "ref" in bound:
                value = values.get(bound["ref"])
                resolved[side] = value if isinstance(value, float | int) else None
                if resolved[side] is None:
                    unresolved.append(bound["ref"])
            else:
                resolved[side] = bound["value"]
        name_en, name_fr = catalog.attribute_names.get(attribute, (attribute, attribute))
        bounds.append(AttributeBound(attribute, catalog.attribute_units.get(attribute, ""), resolved["min"], resolved["max"],
                                     tuple(unresolved), name_en, name_fr))
    return tuple(bounds)


def holds(need: Mapping[str, Any], facts: set[str]) -> bool:
    """A requirement holds when every fact of its `when` holds and none of its `unless` does
    (a vintage watch is never tested under water pressure)."""
    return set(need.get("when", [])) <= facts and not set(need.get("unless", [])) & facts


def capability_needs(interventions: Iterable[InterventionSpec], facts: set[str], values: Mapping[str, float | str | None],
                     catalog: RequirementCatalog) -> list[CapabilityNeed]:
    needs: dict[tuple[str, tuple[AttributeBound, ...]], tuple[int, list[str]]] = {}
    for intervention in interventions:
        for need in intervention.tool_requirements:
            if holds(need, facts):
                key = (need["capability"], _bounds(need.get("attributes", {}), values, catalog))
                count, by = needs.get(key, (0, []))
                needs[key] = (max(count, need.get("count", 1)), [*by, intervention.key])
    return [
        CapabilityNeed(key, *catalog.capability_names.get(key, (key, key)), count, bounds, tuple(dict.fromkeys(by)))
        for (key, bounds), (count, by) in needs.items()
    ]


def resolve_supply_name(name: str, catalog: RequirementCatalog) -> tuple[str, ...]:
    """The supply keys a typed name may mean: a key, an IEC code or an alias ("377" -> SR626SW)."""
    return catalog.supply_names.get(name.strip().lower(), ())


def takes_rechargeable_cell(order: OrderSpec, calibre: CalibreSpec | None) -> bool:
    return order.movement_kind in RECHARGEABLE_MOVEMENTS or (calibre is not None and calibre.movement_kind in RECHARGEABLE_MOVEMENTS)


@dataclass(frozen=True)
class _Named:
    """What a requirement names: the key it asks for, every key that serves it, its source, and
    what a person must settle first (see SupplyNeed)."""
    key: str | None
    accepted: tuple[str, ...]
    source: str
    alternatives: tuple[str, ...] = ()
    problem: str | None = None
    typed: str = ""
    expected: str | None = None


def _cell(order: OrderSpec, calibre: CalibreSpec | None, catalog: RequirementCatalog) -> _Named:
    """The cell to fit. The order's cell, typed from the old one, is a person's choice and wins;
    without one, the calibre's own cell only: its alternatives (another height or drain) wait
    until someone records one on the order. A primary cell never serves a rechargeable watch,
    nor the reverse."""
    rechargeable_watch = takes_rechargeable_cell(order, calibre)
    typed = order.battery.strip()
    if typed:
        accepted = resolve_supply_name(typed, catalog)
        if not accepted:
            return _Named(None, (), "order.battery", problem="unknown_name", typed=typed)
        cells = [catalog.supplies[key] for key in accepted if key in catalog.supplies]
        if cells and all(cell.rechargeable != rechargeable_watch for cell in cells):
            problem = "primary_cell_in_rechargeable_watch" if rechargeable_watch else "rechargeable_cell_in_primary_watch"
            return _Named(accepted[0], (), "order.battery", problem=problem, typed=typed,
                          expected=calibre.battery_key if calibre else None)
        fitting = tuple(cell.key for cell in cells if cell.rechargeable == rechargeable_watch) or accepted
        known = () if calibre is None or calibre.battery_key is None else (calibre.battery_key, *calibre.battery_alternatives)
        differs = bool(known) and not set(fitting) & set(known)
        return _Named(fitting[0], fitting, "order.battery", typed=typed, problem="not_the_calibres" if differs else None,
                      expected=calibre.battery_key if differs and calibre else None)
    if calibre is None:
        return _Named(None, (), "calibre.battery")
    if calibre.battery_key is None:
        return _Named(None, (), "calibre.battery", problem="calibre_gives_none")
    alternatives = tuple(key for key in dict.fromkeys(calibre.battery_alternatives) if key != calibre.battery_key)
    return _Named(calibre.battery_key, (calibre.battery_key,), "calibre.battery", alternatives=alternatives)


def _named_keys(requirement: Mapping[str, Any], order: OrderSpec, calibre: CalibreSpec | None,
                catalog: RequirementCatalog) -> list[_Named]:
    source = requirement.get("from")
    if source is None:
        key = requirement.get("supply")
        return [_Named(key, (key,) if key else (), "supply")]
    if source == "calibre.battery":
        return [_cell(order, calibre, catalog)]
    if calibre is None:
        return [_Named(None, (), source)]
    if source == "calibre.lubricants":
        return ([_Named(key, (key,), source) for key in calibre.lubricants]
                or [_Named(None, (), source, problem="calibre_gives_none")])
    if source == "calibre.movement":
        # A movement lists its own calibre first, then the calibres it is a drop-in for: the
        # calibre's own movement is taken first.
        fitting = tuple(supply.key for supply in sorted(
            (supply for supply in catalog.supplies.values() if calibre.key in supply.fits),
            key=lambda supply: (supply.fits[0] != calibre.key, supply.key)))
        return [_Named(fitting[0] if fitting else None, fitting, source, problem=None if fitting else "calibre_gives_none")]
    key = getattr(calibre, source.removeprefix("calibre."), None)
    return [_Named(key, (key,), source) if key else _Named(None, (), source, problem="calibre_gives_none")]


def _matching(category: str, match: Mapping[str, float | str | None], catalog: RequirementCatalog) -> tuple[str, ...]:
    return tuple(
        supply.key for supply in catalog.supplies.values()
        if supply.category == category and not differences(supply.attributes, supply.properties, match)
    )


def supply_needs(interventions: Iterable[InterventionSpec], facts: set[str], values: Mapping[str, float | str | None],
                 order: OrderSpec, calibre: CalibreSpec | None, catalog: RequirementCatalog) -> list[SupplyNeed]:
    needs: dict[tuple[Any, ...], dict[str, Any]] = {}
    for intervention in interventions:
        for need in intervention.supply_requirements:
            if not holds(need, facts):
                continue
            category = need.get("category", "")
            match = {name: values.get(ref) for name, ref in sorted(need.get("match", {}).items())}
            unresolved = tuple(ref for name, ref in sorted(need.get("match", {}).items()) if values.get(ref) is None)
            quantity = need.get("quantity") or {}
            if category:
                named = [_Named(None, () if unresolved else _matching(category, match, catalog), "category")]
            else:
                named = _named_keys(need, order, calibre, catalog)
            for item in named:
                waits = not item.accepted and not category and item.problem not in BLOCKING_PART_PROBLEMS
                entry = needs.setdefault((item.key or item.source, category, tuple(match.items())), {
                    "source": item.source, "key": item.key, "category": category, "match": match, "accepted": item.accepted,
                    "unresolved": unresolved or ((item.source,) if waits else ()),
                    "quantity": None, "unit": "", "by": [], "named": item, "if_needed": True,
                })
                # Shared with an intervention that always replaces the part: always needed.
                entry["if_needed"] = entry["if_needed"] and need.get("need") == "if_needed"
                # Two interventions of one job share a supply (one gasket serves both): the
                # larger quantity, not the sum.
                if quantity.get("value") is not None and (entry["quantity"] or 0) < quantity["value"]:
                    entry["quantity"], entry["unit"] = quantity["value"], quantity.get("unit", "")
                entry["by"].append(intervention.key)
    result = []
    for entry in needs.values():
        info = catalog.supplies.get(entry["key"] or "")
        name_en, name_fr, category = (info.name_en, info.name_fr, info.category) if info else ("", "", entry["category"])
        need_named: _Named = entry["named"]
        result.append(SupplyNeed(
            entry["source"], entry["key"], name_en, name_fr, entry["category"] or category, entry["match"],
            entry["quantity"], entry["unit"], tuple(dict.fromkeys(entry["by"])),
            accepted=entry["accepted"], unresolved=entry["unresolved"], alternatives=need_named.alternatives,
            problem=need_named.problem, typed=need_named.typed, calibre=calibre.reference if calibre else "",
            expected=need_named.expected, if_needed=entry["if_needed"],
        ))
    return result


def checklist_needs(interventions: Iterable[InterventionSpec], facts: set[str], catalog: RequirementCatalog) -> list[ChecklistNeed]:
    keys = dict.fromkeys(key for intervention in interventions for key in intervention.checklists)
    return [
        ChecklistNeed(key, info.name_en, info.name_fr, info.scope, info.items)
        for key in keys
        if (info := catalog.checklists.get(key)) is not None and applicability(info.conditions, (), (), facts).called_for
    ]


def derive_requirements(order: OrderSpec, calibre: CalibreSpec | None, interventions: list[InterventionSpec],
                        catalog: RequirementCatalog) -> Requirements:
    """What the interventions need for this watch; bounds and matches take the watch's values."""
    facts = order_facts(order, interventions)
    values = watch_values(order, calibre, catalog)
    return Requirements(
        facts=tuple(sorted(facts)),
        capabilities=capability_needs(interventions, facts, values, catalog),
        supplies=supply_needs(interventions, facts, values, order, calibre, catalog),
        checklists=checklist_needs(interventions, facts, catalog),
        bench_features=tuple(dict.fromkeys(feature for i in interventions for feature in i.bench_features)),
        level=max([order.level, *(i.level for i in interventions)]),
        estimated_minutes=bench_minutes((i.estimated_minutes for i in interventions), order.estimate_minutes),
        movement_kind=order.movement_kind,
        running_in_minutes=running_in_minutes((i.running_in for i in interventions), calibre.power_reserve_h if calibre else None),
        estimate_from_order=order.estimate_minutes is not None,
        asked=asked_fields(need.get("when", []) for i in interventions
                           for need in (*i.tool_requirements, *i.supply_requirements) if holds(need, facts)),
    )
