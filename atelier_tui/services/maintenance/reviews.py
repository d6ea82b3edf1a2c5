"""Out-of-tolerance reviews (ISO 9001 §7.1.5: "if found unfit, the validity of earlier results is
reviewed"). When an instrument is found out of tolerance, every intervention sheet that used it
between its last in-tolerance calibration and now is listed; the lead records a disposition for
each — accepted with a reason, or recalled for a re-test — and the review closes when none is left
undecided. A review with no sheet to look at closes as it opens.

A sheet used the instrument in the window when the instrument was noted on it (at the start of the
work, or with a measurement) before the window ends, and the sheet was still open after the window
began: rather a sheet too many than one missed. Reading reviews: services.maintenance_impact."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from atelier_tui.domain.vocabulary import Disposition, RecordResult
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance._access import staff_id
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session
from atelier_tui.store.maintenance_models import MaintenanceRecord, MaintenanceReview, MaintenanceReviewItem
from atelier_tui.store.models import InterventionSheet, RepairOrder, SheetMeasurement, SheetToolUse, Tool

DISPOSITIONS = (Disposition.ACCEPTED, Disposition.RECALLED)
GOOD_RESULTS = (RecordResult.PASS, RecordResult.ADJUSTED)  # the instrument was left within tolerance


@dataclass(frozen=True)
class Disposed:
    review_id: int
    order: str
    disposition: str
    reason: str
    undecided: int  # sheets of the review still without a disposition
    review_closed: bool


def last_good_calibration(session: Session, tool_id: int, plan_id: int | None, before: datetime,
                          but: int | None = None) -> datetime | None:
    """When the instrument was last left within tolerance by this plan, before `before`."""
    query = select(func.max(MaintenanceRecord.performed_at)).where(
        MaintenanceRecord.tool_id == tool_id, MaintenanceRecord.result.in_(GOOD_RESULTS), MaintenanceRecord.performed_at < before)
    if plan_id is not None:
        query = query.where(MaintenanceRecord.plan_id == plan_id)
    if but is not None:
        query = query.where(MaintenanceRecord.id != but)
    found = session.execute(query).scalar()
    return utc(found) if found else None


def sheets_in_window(session: Session, tool_id: int, start: datetime | None, end: datetime | None) -> Sequence[Any]:
    """(sheet id, order id, used at) of the sheets that used the tool in (start, end]; None: unbounded."""
    query = (
        select(InterventionSheet.id, InterventionSheet.order_id, SheetToolUse.used_at)
        .join(SheetToolUse, SheetToolUse.sheet_id == InterventionSheet.id)
        .where(SheetToolUse.tool_id == tool_id)
        .order_by(SheetToolUse.used_at, InterventionSheet.id)
    )
    if end is not None:
        query = query.where(SheetToolUse.used_at <= end)
    if start is not None:
        query = query.where(or_(InterventionSheet.closed_at.is_(None), InterventionSheet.closed_at > start))
    return session.execute(query).all()


def measurements_taken(session: Session, tool_id: int, sheet_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    taken: dict[int, list[dict[str, Any]]] = {}
    if not sheet_ids:
        return taken
    rows = session.execute(select(SheetMeasurement).where(SheetMeasurement.tool_id == tool_id, SheetMeasurement.sheet_id.in_(sheet_ids))
                           .order_by(SheetMeasurement.measured_at, SheetMeasurement.id)).scalars()
    for m in rows:
        taken.setdefault(m.sheet_id, []).append({
            "id": m.id, "quantity": m.quantity, "position": m.position, "value": m.value, "unit": m.unit, "text": m.text,
            "judged": m.judged, "measured_at": utc(m.measured_at).isoformat(),
        })
    return taken


def open_review(session: Session, actor: Actor, now: datetime, tool: Tool, record: MaintenanceRecord) -> MaintenanceReview:
    """Open the review of `record` (found out of tolerance), in the caller's transaction. The
    review keeps the record, not a sentence: its finding is worded in each reader's language
    (status_reasons), on the review and in the audit trail."""
    start = last_good_calibration(session, tool.id, record.plan_id, record.performed_at, but=record.id)
    sheets = sheets_in_window(session, tool.id, start, now)
    review = MaintenanceReview(tool_id=tool.id, record_id=record.id, plan_id=record.plan_id, window_start=start, window_end=now,
                               reason="", opened_at=now, closed_at=None if sheets else now)
    session.add(review)
    session.flush()
    taken = measurements_taken(session, tool.id, [sheet_id for sheet_id, _order, _at in sheets])
    session.add_all(MaintenanceReviewItem(review_id=review.id, sheet_id=sheet_id, order_id=order_id, used_at=utc(used_at),
                                          measurements=taken.get(sheet_id, [])) for sheet_id, order_id, used_at in sheets)
    session.flush()
    orders = session.execute(select(RepairOrder.reference).where(RepairOrder.id.in_([o for _s, o, _a in sheets]))
                             .order_by(RepairOrder.reference)).scalars().all() if sheets else []
    audit.record(session, actor, now, "review.open", "maintenance_review", str(review.id), None,
                 {**(audit.snapshot(review) or {}), "tool": tool.asset_tag, "orders": list(orders)})
    return review


def set_disposition(engine: Engine, actor: Actor, now: datetime, review_id: int, order_ref: str, disposition: str,
                    reason: str = "") -> Disposed:
    """The lead's decision on one sheet of a review: accepted (with a reason) or recalled for a
    re-test. A decision may be changed while the review is open; the review closes when every
    sheet has one."""
    require(actor, "review.dispose")
    chosen = disposition.strip().lower()
    if chosen not in DISPOSITIONS:
        raise ServiceError(_("disposition: '{given}' is not one of {choices}").format(given=disposition, choices=", ".join(DISPOSITIONS)),
                           field="disposition")
    reason = reason.strip()
    if chosen == "accepted" and not reason:
        raise ServiceError(_("reason: say why the work done with the instrument can be accepted"), field="reason")
    with write_session(engine) as session:
        review = session.get(MaintenanceReview, review_id)
        if review is None:
            raise ServiceError(_("review: no out-of-tolerance review {id}").format(id=review_id), field="review")
        if review.closed_at is not None:
            raise ServiceError(_("review {id} is closed: its dispositions can no longer be changed").format(id=review_id), field="review")
        item = session.execute(
            select(MaintenanceReviewItem).join(RepairOrder, RepairOrder.id == MaintenanceReviewItem.order_id)
            .where(MaintenanceReviewItem.review_id == review_id, RepairOrder.reference == order_ref.strip())
        ).scalar_one_or_none()
        if item is None:
            listed = session.execute(select(RepairOrder.reference).join(MaintenanceReviewItem, MaintenanceReviewItem.order_id == RepairOrder.id)
                                     .where(MaintenanceReviewItem.review_id == review_id).order_by(RepairOrder.reference)).scalars().all()
            raise ServiceError(_("order: {reference} is not under review {id} (its orders: {orders})").format(
                reference=order_ref.strip(), id=review_id, orders=", ".join(listed)), field="order")
        before = audit.snapshot(item)
        item.disposition, item.reason = chosen, reason
        item.decided_by_id, item.decided_at = staff_id(session, actor), now
        item.version += 1
        session.add(item)
        session.flush()
        audit.record(session, actor, now, "review.dispose", "maintenance_review", str(review_id), before,
                     {**(audit.snapshot(item) or {}), "order": order_ref.strip()}, reason)
        undecided = session.execute(select(func.count()).select_from(MaintenanceReviewItem).where(
            and_(MaintenanceReviewItem.review_id == review_id, MaintenanceReviewItem.disposition == ""))).scalar_one()
        if undecided == 0:
            before_review = audit.snapshot(review)
            review.closed_at = now
            review.version += 1
            session.add(review)
            session.flush()
            audit.record(session, actor, now, "review.close", "maintenance_review", str(review_id), before_review, audit.snapshot(review))
        return Disposed(review_id, order_ref.strip(), chosen, reason, undecided, undecided == 0)
