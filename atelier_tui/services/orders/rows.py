"""An order as a list shows it (OrderRow), and the reads of orders that need no text filter, as
read statements (store/read_statements.py): `atelier order list` (by status, open ones) and the
dashboards' sections read them on a SQLite file without importing SQLAlchemy (issue 20, "a lean
read path"). A filtered or sorted list of orders is orders.queries's, which SQLAlchemy runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.requirements import ChecklistNeed
from atelier_tui.domain.vocabulary import OrderStatus, values
from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:
    from sqlalchemy import Engine, Select
    from sqlalchemy.orm import Session

ORDER_STATUSES = values(OrderStatus)
CLOSED_STATUSES = (OrderStatus.DONE, OrderStatus.RETURNED, OrderStatus.CANCELLED)
# The statuses an order can be started from (services/orders/start.py); here, beside the other
# statuses, so that the dashboards' read path does not import the start's write path.
STARTABLE_STATUSES = (OrderStatus.RECEIVED, OrderStatus.QUOTED, OrderStatus.ACCEPTED, OrderStatus.READY)


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


def order_query() -> Select[Any]:
    """The columns of an OrderRow (SQLAlchemy imported here: a read statement builds on it)."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Bench, Calibre, RepairOrder, Staff

    return (
        select(
            RepairOrder.reference, RepairOrder.brand, RepairOrder.model, Calibre.reference, RepairOrder.movement_kind,
            RepairOrder.status, RepairOrder.deadline, Bench.code, Staff.display_name,
        )
        .outerjoin(Calibre, Calibre.id == RepairOrder.calibre_id)
        .outerjoin(Bench, Bench.id == RepairOrder.bench_id)
        .outerjoin(Staff, Staff.id == RepairOrder.technician_id)
    )


def open_orders() -> Any:
    """SQL: the order is not closed, written as the open-orders index's WHERE is
    (store/order_models.OPEN_ORDERS_WHERE), its values as literals, so that the planner may walk
    that index: a workshop's closed orders outnumber its open ones more every year."""
    from sqlalchemy import literal_column

    from atelier_tui.store.core_tables import RepairOrder

    return RepairOrder.status.not_in([literal_column(f"'{status}'") for status in CLOSED_STATUSES])


def order_row(row: Any, today: date) -> OrderRow:
    reference, brand, model, calibre, kind, status, deadline, bench, technician = row
    return OrderRow(reference, brand, model, calibre, kind, status, deadline, (deadline - today).days, bench, technician)


def check_status(status: str | None) -> None:
    if status is not None and status not in ORDER_STATUSES:
        raise ServiceError(_("status: '{given}' is not one of {choices}").format(given=status, choices=", ".join(ORDER_STATUSES)),
                           field="status")


def _every_order(by_status: bool, open_only: bool) -> Any:
    from sqlalchemy import bindparam

    from atelier_tui.store.core_tables import RepairOrder

    query = order_query()
    if by_status:
        query = query.where(RepairOrder.status == bindparam("status"))
    if open_only:
        query = query.where(open_orders())
    return query.order_by(RepairOrder.deadline, RepairOrder.reference)


_EVERY_ORDER = {
    (by_status, open_only): read_statement(partial(_every_order, by_status, open_only),
                                           f"{__name__}:_every_order[{'status' if by_status else 'any'},{'open' if open_only else 'all'}]")
    for by_status in (False, True) for open_only in (False, True)
}


def every_order(source: Database | Engine, today: date, status: str | None = None, open_only: bool = False) -> list[OrderRow]:
    """Every order (of `status`; only those not closed with `open_only`) by deadline, then
    reference: what `atelier order list` prints, read in one statement."""
    check_status(status)
    with reading(source) as session:
        rows = session.execute(_EVERY_ORDER[(status is not None, open_only)], {"status": status} if status is not None else {})
        return [order_row(row, today) for row in rows.all()]


@read_statement
def _orders_by_id() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import RepairOrder

    return select(RepairOrder).where(RepairOrder.id.in_(bindparam("ids", expanding=True)))


def checklist_needs(session: Session, order_ids: list[int]) -> list[ChecklistNeed]:
    """The checklists some orders call for, each once (a technician's day of work)."""
    from atelier_tui.services.readiness.requirement_source import (  # not for a list of orders
        load_catalog,
        requirements_of,
    )

    snapshot = load_catalog(session)
    needs: dict[str, ChecklistNeed] = {}
    for order in session.execute(_orders_by_id, {"ids": list(order_ids)}).all():
        for need in requirements_of(session, order, snapshot).checklists:
            needs.setdefault(need.key, need)
    return list(needs.values())
