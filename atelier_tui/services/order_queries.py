"""Reading repair orders for the screens: a page of orders by deadline, and one order in full
with what its interventions require of the bench for this watch.

The requirements are listed, not matched against tools or stock: that is the readiness check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from atelier_tui.services.context import ServiceError
from atelier_tui.services.paging import Page, any_contains, check_window
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import (AttributeDefinition, Bench, Calibre, Capability, ChecklistTemplate, InterventionType,
                                     OrderIntervention, RepairOrder, Staff, SupplyType)

ORDER_STATUSES = ("received", "quoted", "accepted", "ready", "in_progress", "quality_control", "done", "returned", "cancelled")
CLOSED_STATUSES = ("done", "returned", "cancelled")


@dataclass(frozen=True)
class OrderRow:
    reference: str
    brand: str
    model: str
    calibre_reference: str | None
    movement_kind: str
    status: str
    deadline: date
    days_left: int  # negative when the deadline has passed
    bench_code: str | None
    technician: str | None


@dataclass(frozen=True)
class CalibreInfo:
    key: str
    reference: str
    name_en: str
    name_fr: str
    movement_kind: str
    frequency_vph: float | None
    battery_key: str | None


@dataclass(frozen=True)
class InterventionLine:
    key: str
    name_en: str
    name_fr: str
    level: int
    estimated_minutes: int
    steps: int


@dataclass(frozen=True)
class AttributeBound:
    """A bound taken from the watch stays None when the watch does not give it (see `unresolved`)."""
    attribute: str
    unit: str
    minimum: float | None
    maximum: float | None
    unresolved: tuple[str, ...] = ()


@dataclass(frozen=True)
class CapabilityNeed:
    key: str
    name_en: str
    name_fr: str
    count: int
    bounds: tuple[AttributeBound, ...]
    interventions: tuple[str, ...]


@dataclass(frozen=True)
class SupplyNeed:
    source: str  # supply (a fixed key) | calibre.battery | calibre.lubricants | ... | category
    supply_key: str | None  # None: chosen by category and match, or the calibre does not say
    name_en: str
    name_fr: str
    category: str
    match: dict[str, float | None]  # category needs: attribute -> the watch's value
    quantity: float | None
    unit: str
    interventions: tuple[str, ...]


@dataclass(frozen=True)
class ChecklistNeed:
    key: str
    name_en: str
    name_fr: str
    scope: str  # bench | order


@dataclass(frozen=True)
class Requirements:
    facts: tuple[str, ...]
    capabilities: list[CapabilityNeed]
    supplies: list[SupplyNeed]
    checklists: list[ChecklistNeed]
    bench_features: tuple[str, ...]
    level: int
    estimated_minutes: int


@dataclass(frozen=True)
class OrderDetail:
    row: OrderRow
    customer_ref: str
    case_serial: str
    received_on: date
    water_resistance_text: str
    water_resistance_bar: float | None
    case_diameter_mm: float | None
    gasket_inner_diameter_mm: float | None
    gasket_section_mm: float | None
    crystal_diameter_mm: float | None
    lug_width_mm: float | None
    vintage: bool
    luminous: str
    reception_notes: str
    calibre: CalibreInfo | None
    interventions: list[InterventionLine]
    requirements: Requirements


def _order_query() -> Select:
    return (
        select(
            RepairOrder.reference, RepairOrder.brand, RepairOrder.model, Calibre.reference, RepairOrder.movement_kind,
            RepairOrder.status, RepairOrder.deadline, Bench.code, Staff.display_name,
        )
        .outerjoin(Calibre, Calibre.id == RepairOrder.calibre_id)
        .outerjoin(Bench, Bench.id == RepairOrder.bench_id)
        .outerjoin(Staff, Staff.id == RepairOrder.technician_id)
    )


def _order_row(row: Any, today: date) -> OrderRow:
    reference, brand, model, calibre, kind, status, deadline, bench, technician = row
    return OrderRow(reference, brand, model, calibre, kind, status, deadline, (deadline - today).days, bench, technician)


def order_rows(session: Session, today: date, filters: list[Any], offset: int = 0, limit: int = 500) -> Page[OrderRow]:
    query = _order_query().where(*filters)
    total = session.execute(select(func.count()).select_from(query.subquery())).scalar_one()
    rows = session.execute(query.order_by(RepairOrder.deadline, RepairOrder.reference).offset(offset).limit(limit))
    return Page([_order_row(row, today) for row in rows], total, offset, limit)


def list_orders(
    engine: Engine, today: date, text: str = "", status: str | None = None, open_only: bool = False,
    offset: int = 0, limit: int = 500, technician: str | None = None, bench_code: str | None = None,
) -> Page[OrderRow]:
    """Orders by deadline. `text` matches reference, brand, model, customer and case references
    and the calibre; `technician` is a login."""
    if status is not None and status not in ORDER_STATUSES:
        raise ServiceError(f"status: '{status}' is not one of {', '.join(ORDER_STATUSES)}")
    check_window(offset, limit)
    with read_session(engine) as session:
        filters: list[Any] = []
        if text.strip():
            columns = [RepairOrder.reference, RepairOrder.brand, RepairOrder.model, RepairOrder.customer_ref,
                       RepairOrder.case_serial, Calibre.reference]
            filters.append(any_contains(session, columns, text))
        if status is not None:
            filters.append(RepairOrder.status == status)
        if open_only:
            filters.append(RepairOrder.status.not_in(CLOSED_STATUSES))
        if technician is not None:
            filters.append(Staff.login == technician)
        if bench_code is not None:
            filters.append(Bench.code == bench_code)
        return order_rows(session, today, filters, offset, limit)


def watch_facts(order: RepairOrder) -> set[str]:
    """The watch facts interventions and checklists name in `when` (docs/catalog-format.md)."""
    facts = {f"movement:{order.movement_kind}"}
    if order.movement_kind in ("manual", "automatic"):
        facts.add("mechanical")
    if order.water_resistance_bar or order.water_resistance_text.strip():
        facts.add("water_resistant")
    if order.vintage:
        facts.add("vintage")
    if order.luminous not in ("none", ""):
        facts.add("luminous")
        if order.luminous in ("radium", "tritium"):
            facts.add(f"luminous:{order.luminous}")
    return facts


def watch_values(order: RepairOrder, calibre: Calibre | None) -> dict[str, float | None]:
    test_pressure = order.water_resistance_bar
    if test_pressure is None and order.water_resistance_text.strip():
        test_pressure = 2.0  # marked only "water resistant": tested at 2 bar (domain brief §6.1)
    return {
        "watch.test_pressure": test_pressure,
        "watch.case_diameter": order.case_diameter_mm,
        "watch.gasket_inner_diameter": order.gasket_inner_diameter_mm,
        "watch.gasket_section": order.gasket_section_mm,
        "watch.crystal_diameter": order.crystal_diameter_mm,
        "watch.lug_width": order.lug_width_mm,
        "calibre.diameter": calibre.diameter_mm if calibre else None,
    }


def _bounds(constraints: dict[str, Any], values: dict[str, float | None], units: dict[str, str]) -> tuple[AttributeBound, ...]:
    bounds = []
    for attribute, sides in sorted(constraints.items()):
        resolved: dict[str, float | None] = {}
        unresolved = []
        for side in ("min", "max"):
            bound = sides.get(side)
            if bound is None:
                resolved[side] = None
            elif "ref" in bound:
                resolved[side] = values.get(bound["ref"])
                if resolved[side] is None:
                    unresolved.append(bound["ref"])
            else:
                resolved[side] = bound["value"]
        bounds.append(AttributeBound(attribute, units.get(attribute, ""), resolved["min"], resolved["max"], tuple(unresolved)))
    return tuple(bounds)


def _supply_keys(requirement: dict[str, Any], calibre: Calibre | None, battery_key: str | None) -> list[str | None]:
    """The supply keys a requirement names for this watch; [None] when nothing says which."""
    source = requirement.get("from")
    if source is None:
        return [requirement.get("supply")]  # a fixed key, or None for a category to match
    if calibre is None:
        return [None]
    if source == "calibre.battery":
        return [battery_key]
    if source == "calibre.lubricants":
        return list(calibre.lubricants) or [None]
    return [getattr(calibre, source.removeprefix("calibre."), None)]


def _capability_needs(session: Session, interventions: list[InterventionType], facts: set[str],
                      values: dict[str, float | None]) -> list[CapabilityNeed]:
    units = dict(session.execute(select(AttributeDefinition.key, AttributeDefinition.unit)).all())
    names = {key: (en, fr) for key, en, fr in session.execute(select(Capability.key, Capability.name_en, Capability.name_fr))}
    needs: dict[tuple[str, tuple[AttributeBound, ...]], tuple[int, list[str]]] = {}
    for intervention in interventions:
        for need in intervention.tool_requirements:
            if set(need.get("when", [])) <= facts:
                key = (need["capability"], _bounds(need.get("attributes", {}), values, units))
                count, by = needs.get(key, (0, []))
                needs[key] = (max(count, need.get("count", 1)), [*by, intervention.key])
    return [
        CapabilityNeed(key, *names.get(key, (key, key)), count, bounds, tuple(dict.fromkeys(by)))
        for (key, bounds), (count, by) in needs.items()
    ]


def _supply_needs(session: Session, interventions: list[InterventionType], facts: set[str], values: dict[str, float | None],
                  calibre: Calibre | None, battery_key: str | None) -> list[SupplyNeed]:
    needs: dict[tuple[Any, ...], dict[str, Any]] = {}
    for intervention in interventions:
        for need in intervention.supply_requirements:
            if not set(need.get("when", [])) <= facts:
                continue
            source = need.get("from") or ("category" if "category" in need else "supply")
            match = {name: values.get(ref) for name, ref in sorted(need.get("match", {}).items())}
            quantity = need.get("quantity") or {}
            for key in _supply_keys(need, calibre, battery_key):
                entry = needs.setdefault((key or source, need.get("category", ""), tuple(match.items())), {
                    "source": source, "key": key, "category": need.get("category", ""), "match": match,
                    "quantity": None, "unit": "", "by": [],
                })
                # Two interventions of one job share a supply (one gasket serves both): the
                # larger quantity, not the sum.
                if quantity.get("value") is not None and (entry["quantity"] or 0) < quantity["value"]:
                    entry["quantity"], entry["unit"] = quantity["value"], quantity.get("unit", "")
                entry["by"].append(intervention.key)
    keys = [entry["key"] for entry in needs.values() if entry["key"]]
    catalog = {key: (en, fr, category) for key, en, fr, category in session.execute(
        select(SupplyType.key, SupplyType.name_en, SupplyType.name_fr, SupplyType.category).where(SupplyType.key.in_(keys))
    )}
    needs_list = []
    for entry in needs.values():
        name_en, name_fr, category = catalog.get(entry["key"], ("", "", entry["category"]))
        needs_list.append(SupplyNeed(entry["source"], entry["key"], name_en, name_fr, entry["category"] or category,
                                     entry["match"], entry["quantity"], entry["unit"], tuple(dict.fromkeys(entry["by"]))))
    return needs_list


def _interventions(session: Session, order_id: int) -> list[InterventionType]:
    return list(session.execute(
        select(InterventionType)
        .join(OrderIntervention, OrderIntervention.intervention_type_id == InterventionType.id)
        .where(OrderIntervention.order_id == order_id)
        .order_by(OrderIntervention.position, InterventionType.key)
    ).scalars())


def _facts(order: RepairOrder, interventions: list[InterventionType]) -> set[str]:
    """`when` conditions are judged on the watch's facts plus those its interventions bring."""
    return watch_facts(order) | {fact for intervention in interventions for fact in intervention.facts}


def checklist_needs(session: Session, order_ids: list[int]) -> list[ChecklistNeed]:
    """The checklists some orders call for, each once (a technician's day of work)."""
    needs: dict[str, ChecklistNeed] = {}
    for order in session.execute(select(RepairOrder).where(RepairOrder.id.in_(order_ids))).scalars():
        interventions = _interventions(session, order.id)
        for need in _checklist_needs(session, interventions, _facts(order, interventions)):
            needs.setdefault(need.key, need)
    return list(needs.values())


def _checklist_needs(session: Session, interventions: list[InterventionType], facts: set[str]) -> list[ChecklistNeed]:
    keys = list(dict.fromkeys(key for intervention in interventions for key in intervention.checklists))
    templates = {t.key: t for t in session.execute(
        select(ChecklistTemplate).where(ChecklistTemplate.key.in_(keys), ChecklistTemplate.is_current.is_(True))
    ).scalars()}
    return [
        ChecklistNeed(key, templates[key].name_en, templates[key].name_fr, templates[key].scope)
        for key in keys
        if key in templates and set(templates[key].conditions) <= facts
    ]


def _requirements(session: Session, order: RepairOrder, calibre: Calibre | None, battery_key: str | None,
                  interventions: list[InterventionType]) -> Requirements:
    """What the interventions need for this watch; bounds and matches take the watch's values."""
    facts = _facts(order, interventions)
    values = watch_values(order, calibre)
    return Requirements(
        facts=tuple(sorted(facts)),
        capabilities=_capability_needs(session, interventions, facts, values),
        supplies=_supply_needs(session, interventions, facts, values, calibre, battery_key),
        checklists=_checklist_needs(session, interventions, facts),
        bench_features=tuple(dict.fromkeys(feature for i in interventions for feature in i.bench_features)),
        level=max([order.level, *(i.level for i in interventions)]),
        estimated_minutes=sum(i.estimated_minutes for i in interventions),
    )


def order_detail(engine: Engine, reference: str, today: date) -> OrderDetail | None:
    with read_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == reference)).scalar_one_or_none()
        if order is None:
            return None
        row = _order_row(session.execute(_order_query().where(RepairOrder.id == order.id)).one(), today)
        calibre = session.get(Calibre, order.calibre_id) if order.calibre_id else None
        battery_key = None
        if calibre is not None and calibre.battery_supply_type_id:
            battery_key = session.execute(select(SupplyType.key).where(SupplyType.id == calibre.battery_supply_type_id)).scalar()
        interventions = _interventions(session, order.id)
        requirements = _requirements(session, order, calibre, battery_key, interventions)
    calibre_info = None
    if calibre is not None:
        calibre_info = CalibreInfo(calibre.key, calibre.reference, calibre.name_en, calibre.name_fr, calibre.movement_kind,
                                   calibre.frequency_vph, battery_key)
    return OrderDetail(
        row, order.customer_ref, order.case_serial, order.received_on, order.water_resistance_text,
        order.water_resistance_bar, order.case_diameter_mm, order.gasket_inner_diameter_mm, order.gasket_section_mm,
        order.crystal_diameter_mm, order.lug_width_mm, order.vintage, order.luminous, order.reception_notes, calibre_info,
        [InterventionLine(i.key, i.name_en, i.name_fr, i.level, i.estimated_minutes, len(i.steps)) for i in interventions],
        requirements,
    )
