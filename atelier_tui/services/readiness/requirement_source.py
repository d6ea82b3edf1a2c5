"""Reads what the requirement rules need from the database, as the plain values of
`domain.requirements`: the catalog once (it is tens of rows per kind), then each order.

Assessing many orders reads the catalog once and each order with two small queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.case_parts import differences
from atelier_tui.domain.requirements import (
    CalibreSpec,
    ChecklistInfo,
    InterventionSpec,
    OrderSpec,
    RequirementCatalog,
    Requirements,
    SupplyInfo,
    SupplyNeed,
    derive_requirements,
)
from atelier_tui.domain.work_plan import FROM_POWER_RESERVE, RunningIn
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class CatalogSnapshot:
    requirements: RequirementCatalog
    calibres: dict[int, CalibreSpec]
    interventions: dict[int, InterventionSpec]
    supply_keys: dict[int, str]  # supply type id -> key
    supply_ids: dict[str, int]


def _attribute_values(attributes: dict[str, Any]) -> dict[str, float]:
    return {name: value["value"] for name, value in attributes.items() if isinstance(value, dict) and "value" in value}


@read_statement
def _attributes() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import AttributeDefinition as A

    return select(A.key, A.unit, A.name_en, A.name_fr)


@read_statement
def _capabilities() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Capability

    return select(Capability.key, Capability.name_en, Capability.name_fr)


@read_statement
def _supply_types() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import SupplyType as S

    return select(S.id, S.key, S.name_en, S.name_fr, S.category, S.stock_unit, S.iec_code, S.attributes, S.drain, S.rechargeable,
                  S.fits, S.properties)


@read_statement
def _supply_aliases() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import SupplyAlias

    return select(SupplyAlias.supply_type_id, SupplyAlias.alias)


@read_statement
def _current_checklists() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import ChecklistTemplate

    return select(ChecklistTemplate).where(ChecklistTemplate.is_current.is_(True))


@read_statement
def _checklist_items() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import ChecklistItem

    return (select(ChecklistItem.template_id, ChecklistItem.key, ChecklistItem.conditions)
            .where(ChecklistItem.template_id.in_(bindparam("templates", expanding=True))).order_by(ChecklistItem.position))


@read_statement
def _calibres() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Calibre

    return select(Calibre)


@read_statement
def _intervention_types() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import InterventionType

    return select(InterventionType)


def load_catalog(session: Session) -> CatalogSnapshot:
    attributes = session.execute(_attributes).all()
    units = {key: unit for key, unit, _en, _fr in attributes}
    attribute_names = {key: (en, fr) for key, _unit, en, fr in attributes}
    capability_names = {key: (en, fr) for key, en, fr in session.execute(_capabilities)}
    supplies: dict[str, SupplyInfo] = {}
    supply_keys: dict[int, str] = {}
    names: dict[str, list[str]] = {}
    for row in session.execute(_supply_types):
        supplies[row.key] = SupplyInfo(row.key, row.name_en, row.name_fr, row.category, row.stock_unit, _attribute_values(row.attributes),
                                       row.drain, bool(row.rechargeable), tuple(row.fits or ()), row.iec_code or "",
                                       dict(row.properties or {}))
        supply_keys[row.id] = row.key
        for name in (row.key, row.iec_code):
            if name:
                names.setdefault(name.lower(), []).append(row.key)
    for supply_type_id, alias in session.execute(_supply_aliases):
        keys = names.setdefault(alias.lower(), [])
        if supply_keys[supply_type_id] not in keys:
            keys.append(supply_keys[supply_type_id])
    templates = list(session.execute(_current_checklists).all())
    items: dict[int, list[tuple[str, tuple[str, ...]]]] = {}
    for template_id, key, conditions in session.execute(_checklist_items, {"templates": [t.id for t in templates]}):
        items.setdefault(template_id, []).append((key, tuple(conditions or ())))
    checklists = {
        t.key: ChecklistInfo(t.key, t.name_en, t.name_fr, t.scope, tuple(t.conditions), tuple(items.get(t.id, ())))
        for t in templates
    }
    calibres = {
        c.id: CalibreSpec(c.key, c.reference, c.diameter_mm,
                          supply_keys.get(c.battery_supply_type_id) if c.battery_supply_type_id else None,
                          tuple(c.battery_alternatives), tuple(c.lubricants), c.mainspring, c.stem, c.movement_kind,
                          power_reserve_h=c.power_reserve_h)
        for c in session.execute(_calibres).all()
    }
    interventions = {
        i.id: InterventionSpec(i.key, i.name_en, i.name_fr, i.level, i.estimated_minutes, tuple(i.checklists), tuple(i.facts),
                               tuple(i.bench_features), tuple(i.tool_requirements), tuple(i.supply_requirements), len(i.steps),
                               running_in=RunningIn(i.running_in_minutes, i.running_in_from == FROM_POWER_RESERVE))
        for i in session.execute(_intervention_types).all()
    }
    catalog = RequirementCatalog(units, attribute_names, capability_names, supplies, {k: tuple(v) for k, v in names.items()}, checklists)
    return CatalogSnapshot(catalog, calibres, interventions, supply_keys, {key: id_ for id_, key in supply_keys.items()})


def order_spec(order: Any) -> OrderSpec:  # a RepairOrder, as an object or a row
    return OrderSpec(
        order.reference, order.movement_kind, order.level, order.deadline, order.water_resistance_bar,
        order.water_resistance_text, order.case_diameter_mm, order.gasket_inner_diameter_mm, order.gasket_section_mm,
        order.crystal_diameter_mm, order.lug_width_mm, order.vintage, order.luminous, order.battery,
        estimate_minutes=order.estimate_minutes,
        crystal_material=order.crystal_material, crystal_shape=order.crystal_shape,
        crystal_thickness_mm=order.crystal_thickness_mm,
        crystal_gasket_outer_diameter_mm=order.crystal_gasket_outer_diameter_mm,
        crystal_gasket_inner_diameter_mm=order.crystal_gasket_inner_diameter_mm,
        crystal_gasket_height_mm=order.crystal_gasket_height_mm, crown_type=order.crown_type,
        crown_diameter_mm=order.crown_diameter_mm, crown_tube_diameter_mm=order.crown_tube_diameter_mm,
        crown_gasket_inner_diameter_mm=order.crown_gasket_inner_diameter_mm,
        crown_gasket_section_mm=order.crown_gasket_section_mm, case_back=order.case_back,
    )


@read_statement
def _intervention_ids() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import OrderIntervention

    return (select(OrderIntervention.intervention_type_id).where(OrderIntervention.order_id == bindparam("order"))
            .order_by(OrderIntervention.position, OrderIntervention.id))


def order_interventions(session: Session, order_id: int, snapshot: CatalogSnapshot) -> list[InterventionSpec]:
    ids = session.execute(_intervention_ids, {"order": order_id}).scalars()
    return [snapshot.interventions[i] for i in ids]


def requirements_of(session: Session, order: Any, snapshot: CatalogSnapshot) -> Requirements:
    calibre = snapshot.calibres.get(order.calibre_id) if order.calibre_id else None
    return derive_requirements(order_spec(order), calibre, order_interventions(session, order.id, snapshot), snapshot.requirements)


def near_misses(need: SupplyNeed, catalog: CatalogSnapshot) -> list[str]:
    """The supplies of `need`'s category that differ from the watch in at most half of what it
    gives: those a verdict may name as parts not to take."""
    given = sum(1 for value in (need.match or {}).values() if value is not None)
    return [info.key for info in catalog.requirements.supplies.values() if info.category == need.category
            and (differing := differences(info.attributes, info.properties, need.match or {})) and 2 * len(differing) <= given]
