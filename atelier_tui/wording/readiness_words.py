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
