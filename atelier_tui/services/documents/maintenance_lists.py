"""The due list and the out-of-tolerance impact review as documents: what `maintenance due` and
`maintenance review` read (services.maintenance.due and .impact), with the names a page gives
beside the keys. A list with nothing on it is refused (the workshop's state says there is nothing
to print), not printed blank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select

from atelier_tui.i18n import _
from atelier_tui.services.context import Actor, ServiceError, WorkshopRefusal
from atelier_tui.services.maintenance.due import MaintenanceDue, maintenance_due
from atelier_tui.services.maintenance.impact import ImpactRow, ReviewRow, review_detail
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import MaintenancePlan, ToolType


@dataclass(frozen=True)
class DueListDocument:
    due: MaintenanceDue
    within_days: int | None  # the window asked for (None: every plan of every tool)


@dataclass(frozen=True)
class ReviewDocument:
    review: ReviewRow
    items: tuple[ImpactRow, ...]
    type_name_en: str
    type_name_fr: str
    plan_name_en: str
    plan_name_fr: str


def due_content(engine: Engine, actor: Actor, today: date, now: datetime, within_days: int | None = None) -> DueListDocument:
    require(actor, "document.print")
    due = maintenance_due(engine, today, within_days, now=now)
    if not due.items and not due.apart:
        raise WorkshopRefusal(_("nothing is due within {days} days: there is no due list to print").format(days=within_days)
                              if within_days is not None else _("no tool has a maintenance plan: there is no due list to print"),
                              field="within")
    return DueListDocument(due, within_days)


def review_content(engine: Engine, actor: Actor, review_id: int) -> ReviewDocument:
    require(actor, "document.print")
    detail = review_detail(engine, review_id)
    if detail is None:
        raise ServiceError(_("review: no out-of-tolerance review {id}").format(id=review_id), field="review")
    if not detail.items:
        raise WorkshopRefusal(_("review {id} lists no intervention sheet (none used the instrument in its window): nothing to "
                                "print").format(id=review_id), field="review")
    with read_session(engine) as session:
        type_names = session.execute(select(ToolType.name_en, ToolType.name_fr).where(ToolType.key == detail.review.tool_type)).first()
        plan_names = session.execute(select(MaintenancePlan.name_en, MaintenancePlan.name_fr)
                                     .where(MaintenancePlan.key == detail.review.plan_key)).first() if detail.review.plan_key else None
    type_en, type_fr = type_names or (detail.review.tool_type, "")
    plan_en, plan_fr = plan_names or ("", "")
    return ReviewDocument(detail.review, tuple(detail.items), type_en, type_fr, plan_en, plan_fr)
