"""Readiness in one word, for a row of a list: an order waiting to start on its bench is GO or
NO-GO there; an order not assessed (no bench yet, or already started) says so rather than a
guess. The words are the ones the readiness panel and `atelier order check` use."""

from __future__ import annotations

from atelier_tui.i18n import N_, _

READINESS_WORDS = {
    "go": N_("GO"),
    "no_go": N_("NO-GO"),
    "not_checked": N_("not checked"),
}


def readiness_word(state: str) -> str:
    return _(READINESS_WORDS.get(state, READINESS_WORDS["not_checked"]))


# A word per finding code, short enough for a column at 80x24.
FINDING_WORDS = {
    "missing": N_("missing"),
    "elsewhere": N_("not here"),
    "out_of_service": N_("out of service"),
    "calibration_overdue": N_("calibration"),
    "maintenance_overdue": N_("maintenance due"),
    "maintenance_due_soon": N_("due soon"),
    "insufficient_stock": N_("stock"),
    "expired": N_("expiry"),
    "capability_too_low": N_("too limited"),
    "checklist_missing": N_("checklist"),
    "checklist_failed": N_("checklist failed"),
    "not_qualified": N_("qualification"),
    "deadline_at_risk": N_("deadline"),
    "returned_by_override": N_("override"),
}


def finding_word(code: str) -> str:
    """A finding's code in a word of the interface language; a code this version does not know as written."""
    label = FINDING_WORDS.get(code)
    return _(label) if label else code
