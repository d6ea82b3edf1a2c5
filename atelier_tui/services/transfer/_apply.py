"""Writing validated entries: upsert by human key, one audit event per created or updated row, and
for a lot the stock movement that keeps the ledger equal to its quantity."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, SQLModel, select

from atelier_tui.domain.inventory import lot_expiry
from atelier_tui.domain.vocabulary import StockMovementKind
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.audit.reasons import IMPORTED, imported_from
from atelier_tui.services.context import Actor
from atelier_tui.services.transfer.refs import WorkshopKeys
from atelier_tui.store.models import (
    Bench,
    Location,
    Lot,
    MaintenancePlan,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    StockMovement,
    SupplyType,
    Tool,
)

# kind -> (table, the columns of its human key, audit entity name)
TABLES: dict[str, tuple[type[SQLModel], tuple[str, ...], str]] = {
    "site": (Site, ("code",), "site"),
    "location": (Location, ("code",), "location"),
    "staff": (Staff, ("login",), "staff"),
    "bench": (Bench, ("code",), "bench"),
    "tool": (Tool, ("asset_tag",), "tool"),
    "tool_plan": (MaintenancePlan, ("key",), "maintenance_plan"),
    "lot": (Lot, ("supply_type_id", "lot_number"), "lot"),
    "order": (RepairOrder, ("reference",), "repair_order"),
}

IMPORT_REASON = IMPORTED  # a code, the same in every language; the trail words it when read


@dataclass
class Planned:
    """One validated entry, ready to write. References stay human keys until write time, because
    the row they name may be created earlier in the same import."""

    kind: str
    key: str
    line: int
    values: dict[str, Any]
    # column -> (kind, human key); a key of None sets the column to NULL
    refs: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    quantity_micro: int | None = None  # lots: the stock the file states
    interventions: list[int] | None = None  # orders: intervention type ids, in order


def _columns(planned: Planned, keys: WorkshopKeys) -> dict[str, Any]:
    values = dict(planned.values)
    for column, (kind, key) in planned.refs.items():
        values[column] = keys.id(kind, key) if key is not None else None
    return values


def _find(session: Session, planned: Planned, values: dict[str, Any], lock: bool) -> Any:
    model, key_columns, _entity = TABLES[planned.kind]
    statement = select(model).where(*(getattr(model, column) == values[column] for column in key_columns))
    if lock:
        statement = statement.with_for_update()
    return session.exec(statement).first()


def _intervention_ids(session: Session, order_id: int) -> list[int]:
    rows = session.exec(
        select(OrderIntervention).where(OrderIntervention.order_id == order_id).order_by(OrderIntervention.position)
    ).all()
    return [row.intervention_type_id for row in rows]


def preview_action(session: Session, planned: Planned, keys: WorkshopKeys) -> str:
    """create | update | unchanged, without writing (a dry run)."""
    values = _columns(planned, keys)
    row = _find(session, planned, values, lock=False)
    if row is None:
        return "create"
    changed = any(getattr(row, column) != value for column, value in values.items())
    if planned.quantity_micro is not None and planned.quantity_micro != row.quantity_micro:
        changed = True
    if planned.interventions is not None and planned.interventions != _intervention_ids(session, row.id):
        changed = True
    return "update" if changed else "unchanged"


def _sync_interventions(session: Session, order_id: int, wanted: list[int]) -> None:
    current = {
        row.intervention_type_id: row
        for row in session.exec(select(OrderIntervention).where(OrderIntervention.order_id == order_id))
    }
    for type_id, row in current.items():
        if type_id not in wanted:
            session.delete(row)
    # Deletes first: the unit of work inserts before it deletes, and (order, type) is unique.
    session.flush()
    for position, type_id in enumerate(wanted):
        row = current.get(type_id)
        if row is None:
            session.add(OrderIntervention(order_id=order_id, intervention_type_id=type_id, position=position))
        elif row.position != position:
            row.position = position


def _record_stock(session: Session, lot: Lot, old_micro: int, created: bool, actor: Actor, now: datetime) -> None:
    delta = lot.quantity_micro - old_micro
    if delta == 0:
        return
    session.add(StockMovement(
        lot_id=lot.id,
        supply_type_id=lot.supply_type_id,
        kind=StockMovementKind.RECEIPT if created else StockMovementKind.ADJUSTMENT,
        quantity_micro=delta,
        at=now,
        actor_id=actor.staff_id,
        reason=IMPORT_REASON,
    ))


def _state(session: Session, planned: Planned, row: Any) -> dict[str, Any] | None:
    """What the audit trail shows of a row; an order's interventions are part of it."""
    state = audit.snapshot(row)
    if state is not None and planned.kind == "order":
        state["interventions"] = _intervention_ids(session, row.id)
    return state


def _without_version(state: dict[str, Any] | None) -> dict[str, Any]:
    return {name: value for name, value in (state or {}).items() if name != "version"}


def apply_planned(
    session: Session, planned: Planned, keys: WorkshopKeys, actor: Actor, now: datetime, source: str
) -> str:
    """Upsert one entry; returns create | update | unchanged."""
    model, _key_columns, entity = TABLES[planned.kind]
    values = _columns(planned, keys)
    row = _find(session, planned, values, lock=planned.kind == "lot")
    before = _state(session, planned, row)
    created = row is None
    old_micro = 0 if created or planned.quantity_micro is None else row.quantity_micro
    if created:
        row = model(**values)
        session.add(row)
    else:
        for column, value in values.items():
            setattr(row, column, value)
    if planned.quantity_micro is not None:
        row.quantity_micro = planned.quantity_micro
    if planned.kind == "lot":
        supply_type = session.get(SupplyType, row.supply_type_id)
        row.expires_on = lot_expiry(row.expires_on, row.received_on, supply_type.shelf_life_days if supply_type else None)
    session.flush()
    if planned.interventions is not None:
        _sync_interventions(session, row.id, planned.interventions)
        session.flush()
    if planned.quantity_micro is not None:
        _record_stock(session, row, old_micro, created, actor, now)

    after = _state(session, planned, row)
    if not created:
        if _without_version(before) == _without_version(after):
            return "unchanged"
        row.version += 1
        session.flush()
        after = _state(session, planned, row)
    keys.add(planned.kind, planned.key, row.id, planned.refs.get("site_id", ("site", ""))[1] or "")
    audit.record(
        session, actor, now, "create" if created else "update", entity, planned.key,
        before=before, after=after, reason=imported_from(source),
    )
    return "create" if created else "update"
