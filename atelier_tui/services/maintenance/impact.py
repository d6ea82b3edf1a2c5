"""Reading out-of-tolerance reviews for the screens and the command line: the open reviews, one
review with its sheets and their dispositions, and the impact of an instrument (the sheets a
finding concerns: order, watch, customer reference, the measurements it took and when)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, case, func, select
from sqlalchemy.orm import Session, aliased

from atelier_tui.domain.calibration import METROLOGY_KINDS, RecordFinding
from atelier_tui.i18n import _
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import ServiceError
from atelier_tui.services.maintenance._access import tool_by_tag
from atelier_tui.services.maintenance.reviews import GOOD_RESULTS, measurements_taken, sheets_in_window
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.store.engine import read_session
from atelier_tui.store.maintenance_models import MaintenanceRecord, MaintenanceReview, MaintenanceReviewItem
from atelier_tui.store.models import (
    Bench,
    InterventionSheet,
    MaintenancePlan,
    RepairOrder,
    SheetToolUse,
    Staff,
    Tool,
    ToolType,
)
from atelier_tui.wording.status_reasons import shown_reason, worded_from


@dataclass(frozen=True)
class MeasurementTaken:
    quantity: str
    position: str
    value: float
    unit: str
    text: str
    judged: str
    measured_at: datetime


@dataclass(frozen=True)
class ImpactRow:
    """One intervention sheet that used the instrument in a review's window."""
    review_id: int | None  # None: no review is open on the instrument (what a review would list)
    order: str
    brand: str
    model: str
    customer_ref: str
    bench: str
    technician: str
    sheet_status: str  # open | closed
    opened_at: datetime
    closed_at: datetime | None
    used_at: datetime
    measurements: tuple[MeasurementTaken, ...]
    disposition: str  # "" (undecided) | accepted | recalled
    reason: str
    decided_by: str | None
    decided_at: datetime | None

    @property
    def watch(self) -> str:
        return " ".join(part for part in (self.brand, self.model) if part)


@dataclass(frozen=True)
class ReviewRow:
    id: int
    asset_tag: str
    tool_type: str
    plan_key: str | None
    reason: str
    window_start: datetime | None  # None: the instrument had no in-tolerance calibration before
    window_end: datetime
    opened_at: datetime
    closed_at: datetime | None
    sheets: int
    undecided: int
    # What the record that opened the review found, when `reason` was worded from it (not typed):
    # a document in another language than the interface's words it again (printing/document_words.py).
    finding: RecordFinding | None = None


@dataclass(frozen=True)
class ReviewDetail:
    review: ReviewRow
    items: list[ImpactRow]


_technician = aliased(Staff)
_decider = aliased(Staff)
_ITEM_COLUMNS = (
    MaintenanceReviewItem.review_id, RepairOrder.reference, RepairOrder.brand, RepairOrder.model, RepairOrder.customer_ref,
    Bench.code, _technician.display_name, InterventionSheet.status, InterventionSheet.opened_at, InterventionSheet.closed_at,
    MaintenanceReviewItem.used_at, MaintenanceReviewItem.measurements, MaintenanceReviewItem.disposition,
    MaintenanceReviewItem.reason, _decider.display_name, MaintenanceReviewItem.decided_at,
)


def _items_query():  # type: ignore[no-untyped-def]
    return (
        select(*_ITEM_COLUMNS)
        .join(RepairOrder, RepairOrder.id == MaintenanceReviewItem.order_id)
        .join(InterventionSheet, InterventionSheet.id == MaintenanceReviewItem.sheet_id)
        .join(Bench, Bench.id == InterventionSheet.bench_id)
        .join(_technician, _technician.id == InterventionSheet.technician_id)
        .outerjoin(_decider, _decider.id == MaintenanceReviewItem.decided_by_id)
        .order_by(MaintenanceReviewItem.used_at, RepairOrder.reference)
    )


def _taken(stored: list[dict[str, Any]]) -> tuple[MeasurementTaken, ...]:
    return tuple(MeasurementTaken(m["quantity"], m.get("position", ""), float(m["value"]), m["unit"], m["text"], m.get("judged", ""),
                                  utc(datetime.fromisoformat(m["measured_at"]))) for m in stored)


def _impact_row(row: Any) -> ImpactRow:
    (review_id, reference, brand, model, customer_ref, bench, technician, status, opened_at, closed_at, used_at, measurements,
     disposition, reason, decided_by, decided_at) = row
    return ImpactRow(review_id, reference, brand, model, customer_ref, bench, technician, status, utc(opened_at),
                     utc(closed_at) if closed_at else None, utc(used_at), _taken(measurements), disposition, reason, decided_by,
                     utc(decided_at) if decided_at else None)


def _review_rows(session: Session, *conditions: Any) -> list[ReviewRow]:
    item = MaintenanceReviewItem
    counts = (select(item.review_id, func.count().label("sheets"), func.sum(case((item.disposition == "", 1), else_=0)).label("undecided"))
              .group_by(item.review_id).subquery())
    rows = session.execute(
        select(MaintenanceReview, Tool.asset_tag, ToolType.key, MaintenancePlan.key, counts.c.sheets, counts.c.undecided)
        .join(Tool, Tool.id == MaintenanceReview.tool_id).join(ToolType, ToolType.id == Tool.tool_type_id)
        .outerjoin(MaintenancePlan, MaintenancePlan.id == MaintenanceReview.plan_id)
        .outerjoin(counts, counts.c.review_id == MaintenanceReview.id)
        .where(*conditions).order_by(MaintenanceReview.opened_at, MaintenanceReview.id)
    ).all()
    # A review keeps the record that opened it; its finding is worded for whoever reads it.
    findings = record_findings(session, (r.record_id for r, *_rest in rows))
    return [ReviewRow(r.id, tag, type_key, plan_key, shown_reason(r.reason, r.record_id, findings),
                      utc(r.window_start) if r.window_start else None, utc(r.window_end),
                      utc(r.opened_at), utc(r.closed_at) if r.closed_at else None, sheets or 0, undecided or 0,
                      worded_from(r.reason, r.record_id, findings))
            for r, tag, type_key, plan_key, sheets, undecided in rows]


def open_reviews(engine: Engine, include_closed: bool = False) -> list[ReviewRow]:
    """The reviews still waiting for dispositions (with `include_closed`, every review), oldest first."""
    with read_session(engine) as session:
        return _review_rows(session, *(() if include_closed else (MaintenanceReview.closed_at.is_(None),)))


def review_detail(engine: Engine, review_id: int) -> ReviewDetail | None:
    with read_session(engine) as session:
        rows = _review_rows(session, MaintenanceReview.id == review_id)
        if not rows:
            return None
        items = [_impact_row(row) for row in session.execute(_items_query().where(MaintenanceReviewItem.review_id == review_id))]
        return ReviewDetail(rows[0], items)


def impact(engine: Engine, tag: str, review_id: int | None = None) -> list[ImpactRow]:
    """The sheets an instrument's out-of-tolerance finding concerns: those of its open reviews
    (else of its latest review; or of `review_id`). An instrument never reviewed: the sheets that
    used it since its last in-tolerance calibration, as a review would list them (review_id None)."""
    with read_session(engine) as session:
        tool = tool_by_tag(session, tag)
        reviews = session.execute(select(MaintenanceReview.id, MaintenanceReview.closed_at).where(MaintenanceReview.tool_id == tool.id)
                                  .order_by(MaintenanceReview.opened_at.desc(), MaintenanceReview.id.desc())).all()
        if review_id is not None:
            chosen = [review_id] if any(r.id == review_id for r in reviews) else []
            if not chosen:
                raise ServiceError(_("review: {tag} has no review {id}").format(tag=tool.asset_tag, id=review_id), field="review")
        else:
            chosen = [r.id for r in reviews if r.closed_at is None] or [r.id for r in reviews[:1]]
        if chosen:
            rows = session.execute(_items_query().where(MaintenanceReviewItem.review_id.in_(chosen))).all()
            seen: dict[str, ImpactRow] = {}
            for row in rows:
                seen.setdefault(row.reference, _impact_row(row))
            return sorted(seen.values(), key=lambda r: (r.used_at, r.order))
        return _prospective(session, tool)


def _prospective(session: Session, tool: Tool) -> list[ImpactRow]:
    """The sheets that used the instrument since it was last left in tolerance by a calibration or
    a verification (since its first use if never), as a review opened now would list them."""
    latest = session.execute(select(func.max(MaintenanceRecord.performed_at)).where(
        MaintenanceRecord.tool_id == tool.id, MaintenanceRecord.result.in_(GOOD_RESULTS),
        MaintenanceRecord.plan_id.in_(select(MaintenancePlan.id).where(MaintenancePlan.kind.in_(METROLOGY_KINDS)))
    )).scalar()
    sheets = sheets_in_window(session, tool.id, utc(latest) if latest else None, None)
    if not sheets:
        return []
    taken = measurements_taken(session, tool.id, [sheet_id for sheet_id, _order, _at in sheets])
    rows = session.execute(
        select(InterventionSheet.id, RepairOrder.reference, RepairOrder.brand, RepairOrder.model, RepairOrder.customer_ref, Bench.code,
               _technician.display_name, InterventionSheet.status, InterventionSheet.opened_at, InterventionSheet.closed_at,
               SheetToolUse.used_at)
        .join(RepairOrder, RepairOrder.id == InterventionSheet.order_id)
        .join(Bench, Bench.id == InterventionSheet.bench_id)
        .join(_technician, _technician.id == InterventionSheet.technician_id)
        .join(SheetToolUse, (SheetToolUse.sheet_id == InterventionSheet.id) & (SheetToolUse.tool_id == tool.id))
        .where(InterventionSheet.id.in_([sheet_id for sheet_id, _order, _at in sheets]))
        .order_by(SheetToolUse.used_at, RepairOrder.reference)
    ).all()
    return [_impact_row((None, *row[1:10], row[10], taken.get(row[0], []), "", "", None, None)) for row in rows]
