"""A tool as a list shows it (ToolRow), made from the columns of tools.queries.row_query with its
plans, the record behind its status and a lead's override: shared by every list of tools, the
first page read without SQLAlchemy among them (tools/first_page.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.domain.due import PlanDue, worst
from atelier_tui.domain.inventory import MetrologyOverride
from atelier_tui.services.maintenance.schedule import plan_dues
from atelier_tui.services.maintenance.status_reasons import record_findings
from atelier_tui.services.tools.maintenance_state import NO_PLAN
from atelier_tui.services.tools.overrides import SERVING_STATUSES, overrides_of
from atelier_tui.wording.overrides import override_sentence
from atelier_tui.wording.status_reasons import shown_reason

if TYPE_CHECKING:  # a ReadSession, or the lean one: no ORM to import
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ToolRow:
    asset_tag: str
    type_key: str
    type_name_en: str
    type_name_fr: str
    category: str
    measuring: bool
    status: str
    status_reason: str
    where: str  # the bench it is on, else its home
    home: str  # its store location, or the bench it belongs to
    usage_count: int
    maintenance: str  # worst state of its plans (domain.due.STATES), or "none"
    next_due_on: date | None


def tool_rows(session: Session, rows: Sequence[Any], today: date) -> list[ToolRow]:
    dues = plan_dues(session, [(r[0], r[1], r.usage_count, r.status) for r in rows], today)
    reasons = record_findings(session, (r.status_record_id for r in rows))
    # a tool that serves with a reason on it is one a lead put back by override: looked up only then
    overrides = overrides_of(session, {r[0]: r.asset_tag for r in rows if r.status in SERVING_STATUSES and r.status_reason})
    return [tool_row(row, dues.get(row[0], []), reasons, overrides.get(row[0])) for row in rows]


def tool_row(row: Any, plans: list[PlanDue], reasons: dict[int, RecordFinding], override: MetrologyOverride | None = None) -> ToolRow:
    dates = [plan.next_due_on for plan in plans if plan.next_due_on is not None]
    maintenance = worst(plan.state for plan in plans) if plans else NO_PLAN
    tag, type_key, name_en, name_fr, category, measuring, status, stored, where, home, usage_count, record_id = row[2:]
    reason = override_sentence(override) if override is not None else shown_reason(stored, record_id, reasons)
    return ToolRow(tag, type_key, name_en, name_fr, category, measuring, status, reason,
                   where, home, usage_count, maintenance, min(dates, default=None))
