"""Changing what plans an order's work after intake: the movement's grade its measurements are
judged by, and the order's own bench-time estimate. Checked as at reception, audited."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import select

from atelier_tui.domain.vocabulary import OrderStatus
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.orders._plan_fields import read_estimate, read_grade
from atelier_tui.services.orders.queries import CLOSED_STATUSES
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Calibre, RepairOrder

# Once work has started, measurements have been judged by the grade: changing it would leave
# them judged by another one.
_GRADE_FIXED = (OrderStatus.IN_PROGRESS, OrderStatus.QUALITY_CONTROL, *CLOSED_STATUSES)


def set_order_plan(engine: Engine, actor: Actor, now: datetime, reference: str, grade: str | None = None,
                   estimate: str | None = None) -> None:
    """Set the grade and/or the estimate of an order (None: unchanged, '': back to the calibre's
    own tolerances / the interventions' estimates)."""
    require(actor, "order.plan")
    changes = read_estimate(estimate) if estimate is not None else {}
    with write_session(engine) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference.strip())).first()
        if order is None:
            raise ServiceError(_("reference: '{given}' is not an order").format(given=reference.strip()), field="reference")
        if order.status in CLOSED_STATUSES:
            raise WorkshopRefusal(_("order {reference} is {status}; its plan cannot change now").format(
                reference=order.reference, status=order.status), field="reference")
        if grade is not None:
            calibre = session.get(Calibre, order.calibre_id) if order.calibre_id else None
            changes["grade"] = read_grade(grade, calibre)
            if changes["grade"] != order.grade and order.status in _GRADE_FIXED:
                raise WorkshopRefusal(_("grade: order {reference} is {status}; its measurements are judged by the grade it "
                                     "started with").format(reference=order.reference, status=order.status), field="grade")
        if all(getattr(order, name) == value for name, value in changes.items()):
            raise WorkshopRefusal(_("order {reference}: nothing to change; it is already planned that way").format(
                reference=order.reference), field="grade" if grade is not None else "estimate")
        before = audit.snapshot(order)
        for name, value in changes.items():
            setattr(order, name, value)
        order.version += 1
        session.add(order)
        session.flush()
        audit.record(session, actor, now, "order.set_plan", "repair_order", order.reference, before, audit.snapshot(order))
