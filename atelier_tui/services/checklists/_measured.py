"""An item of an order's checklist that vouches for measurements (the final check's "rate within
the calibre's tolerances for its grade") is answered ok only when the order's sheet holds them and
none fails, judged by the order's grade or, with none, by the calibre's own tolerances."""

from __future__ import annotations

from sqlalchemy.orm import Session

from atelier_tui.domain.checklists import measured_problems
from atelier_tui.domain.vocabulary import Answer
from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.services.sheets.markdown import grade_text
from atelier_tui.services.sheets.queries import sheet_in
from atelier_tui.store.models import ChecklistItem, ChecklistRun, RepairOrder


def refuse_unmeasured_ok(session: Session, run: ChecklistRun, item: ChecklistItem, answer: str) -> None:
    if answer != Answer.OK or not item.measured or run.order_id is None:
        return
    reference = session.get_one(RepairOrder, run.order_id).reference
    sheet = sheet_in(session, reference)
    readings = [(m.quantity, m.position, m.judged) for m in sheet.measurements] if sheet else []
    series = [(c.key, c.judged) for c in sheet.series] if sheet else []
    problems = measured_problems(item.measured, readings, series)
    if problems.missing:
        raise ServiceError(_("item '{item}' vouches for {quantities}, which the sheet of {order} does not hold; measure, "
                             "or answer not ok").format(item=item.key, quantities=", ".join(problems.missing), order=reference),
                           field="answer")
    if problems.failing:
        raise ServiceError(_("item '{item}': judged by {tolerances}, the sheet of {order} fails on {failing}; answer "
                             "not ok, or measure again after the work").format(
            item=item.key, tolerances=grade_text(sheet.grade if sheet else ""), order=reference,
            failing=", ".join(problems.failing)), field="answer")
