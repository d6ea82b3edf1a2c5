"""The order's fields that plan its work, read from what a person typed: the movement's grade
(judged against the calibre's tolerances for it) and the order's own bench-time estimate."""

from __future__ import annotations

from typing import Any

from atelier_tui.domain.measurements import grades_defined
from atelier_tui.domain.units import UnitError, parse_quantity
from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.store.models import Calibre

# What people type for the grades (the catalog keys have no accent).
_GRADE_SPELLINGS = {"élaboré": "elabore", "elaboré": "elabore", "élabore": "elabore", "chronometre": "chronometer",
                    "chronomètre": "chronometer"}


def read_grade(text: str, calibre: Calibre | None) -> str:
    """'' for nothing typed (the calibre's own tolerances); else a grade the calibre defines."""
    given = text.strip()
    if not given:
        return ""
    if calibre is None:
        raise ServiceError(_("grade: '{given}' given, but the order has no calibre; a grade is judged by its calibre's "
                             "tolerances").format(given=given), field="grade")
    grade = _GRADE_SPELLINGS.get(given.lower(), given.lower())
    defined = grades_defined(calibre.tolerances)
    if not defined:
        raise ServiceError(_("grade: calibre {calibre} gives no tolerances, so no grade; leave the grade empty").format(
            calibre=calibre.reference), field="grade")
    if grade not in defined:
        raise ServiceError(_("grade: '{given}' is not a grade of calibre {calibre}; expected one of {choices}").format(
            given=given, calibre=calibre.reference, choices=", ".join(defined)), field="grade")
    return grade


def read_estimate(text: str) -> dict[str, Any]:
    """The order's own bench time: {'estimate_minutes', 'estimate_text'}; none for nothing typed."""
    given = text.strip()
    if not given:
        return {"estimate_minutes": None, "estimate_text": ""}
    try:
        minutes = parse_quantity(given, "min", "estimate").value
    except UnitError as error:  # the TUI may reword it from the error's data (__cause__)
        raise ServiceError(str(error), field="estimate") from error
    if minutes < 1:
        raise ServiceError(_("estimate: '{given}' is less than a minute of bench time; expected a duration such as "
                             "\"3 h\" or \"2 workday\"").format(given=given), field="estimate")
    return {"estimate_minutes": round(minutes), "estimate_text": given}
