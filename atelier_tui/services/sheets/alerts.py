"""Alerts raised on a sheet (`l`), as the lead receives them: on the lead's dashboard, with the
order, bench, technician and time, until a lead acknowledges them. Acknowledging is a change like
any other: checked against the permission table, audited, stored with who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, select
from sqlalchemy.orm import Session, aliased

from atelier_tui.domain.vocabulary import OrderStatus, SheetEntryKind
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import Bench, InterventionSheet, RepairOrder, SheetEntry, Staff

# An alert stays before the lead while the watch is in the workshop; once it is returned to its
# owner (or the order cancelled) there is nothing left to act on.
GONE_STATUSES = (OrderStatus.RETURNED, OrderStatus.CANCELLED)


@dataclass(frozen=True)
class BenchAlert:
    id: int
    reference: str
    bench: str
    technician: str | None  # who raised it (None: a person since removed from the staff table)
    at: datetime | None
    text: str


def _alerts() -> Select[Any]:
    author = aliased(Staff)
    return (
        select(SheetEntry.id, RepairOrder.reference, Bench.code, author.display_name, SheetEntry.done_at, SheetEntry.text)
        .join(InterventionSheet, InterventionSheet.id == SheetEntry.sheet_id)
        .join(RepairOrder, RepairOrder.id == InterventionSheet.order_id)
        .join(Bench, Bench.id == InterventionSheet.bench_id)
        .outerjoin(author, author.id == SheetEntry.author_id)
        .where(SheetEntry.kind == SheetEntryKind.ALERT)
    )


def _alert(entry_id: int, reference: str, bench: str, technician: str | None, at: datetime | None, text: str) -> BenchAlert:
    return BenchAlert(entry_id, reference, bench, technician, utc(at) if at is not None else None, text)


def alerts_to_acknowledge_in(session: Session) -> list[BenchAlert]:
    """Alerts no lead has acknowledged, on watches still in the workshop, newest first."""
    rows = session.execute(
        _alerts()
        .where(SheetEntry.acknowledged_at.is_(None), RepairOrder.status.not_in(GONE_STATUSES))
        .order_by(SheetEntry.done_at.desc(), SheetEntry.id.desc())
    ).all()
    return [_alert(entry_id, reference, bench, who, at, text) for entry_id, reference, bench, who, at, text in rows]


def alerts_to_acknowledge(engine: Engine) -> list[BenchAlert]:
    """The alerts no lead has acknowledged yet, as `alerts_to_acknowledge_in` lists them."""
    with read_session(engine) as session:
        return alerts_to_acknowledge_in(session)


def acknowledge_alert(engine: Engine, actor: Actor, now: datetime, alert_id: int) -> BenchAlert:
    """The lead has read the alert `alert_id`: it leaves the dashboard, and the sheet keeps it."""
    require(actor, "sheet.acknowledge_alert")
    with write_session(engine) as session:
        entry = session.get(SheetEntry, alert_id)
        if entry is None or entry.kind != SheetEntryKind.ALERT:
            raise ServiceError(_("alert {id}: no such alert").format(id=alert_id), field="alert")
        entry_id, reference, bench, who, at, text = session.execute(_alerts().where(SheetEntry.id == alert_id)).one()
        alert = _alert(entry_id, reference, bench, who, at, text)
        if entry.acknowledged_at is not None:
            by = session.get(Staff, entry.acknowledged_by_id) if entry.acknowledged_by_id else None
            raise WorkshopRefusal(_("the alert on {reference} was already acknowledged by {who} at {when}").format(
                reference=alert.reference, who=by.display_name if by else "?",
                when=utc(entry.acknowledged_at).strftime("%Y-%m-%d %H:%M")), field="alert")
        before = audit.snapshot(entry)
        entry.acknowledged_at = now
        entry.acknowledged_by_id = actor.staff_id or session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar()
        session.add(entry)
        session.flush()
        audit.record(session, actor, now, "sheet.acknowledge_alert", "intervention_sheet", alert.reference, before,
                     audit.snapshot(entry))
        return alert
