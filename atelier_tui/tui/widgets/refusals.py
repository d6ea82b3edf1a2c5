"""Refusals said in the interface's language: a unit error is kept as data by the domain and
worded here."""

from __future__ import annotations

from typing import Any

from atelier_tui.domain.units import MAX_MAGNITUDE, MAX_TEXT_LENGTH
from atelier_tui.i18n import N_, _

KINDS = {
    "[length]": N_("a length"),
    "[mass] / [length] / [time] ** 2": N_("a pressure"),
    "[length] ** 3": N_("a volume"),
    "[mass]": N_("a mass"),
    "[time]": N_("a duration"),
    "[current]": N_("a current"),
    "[current] * [time]": N_("a charge"),
    "[mass] * [length] ** 2 / [time] ** 3 / [current]": N_("a voltage"),
    "[mass] * [length] ** 2 / [time] ** 3 / [current] ** 2": N_("a resistance"),
    "[mass] * [length] ** 2 / [time] ** 3": N_("a power"),
    "[luminosity] / [length] ** 2": N_("an illuminance"),
    "1 / [time]": N_("a frequency"),
    "[count]": N_("a count"),
    "rate": N_("a rate (like s/d)"),
    "angle": N_("an angle"),
    "number": N_("a plain number"),
}


def _kind(key: str) -> str:
    return _(KINDS[key]) if key in KINDS else _("a quantity of another kind")


def unit_error_text(error: Any, field_label: str | None = None) -> str:
    """'quantité : « 5 ml » est un volume ; attendu : un nombre (pièce)' and its English twin."""
    from atelier_tui.wording.numbers import unit_word

    field = field_label or error.field
    expected = _kind(error.expected_kind) + (f" ({unit_word(error.expected_unit)})" if error.expected_unit else "")
    problems = {
        "empty": _("is empty"),
        "unknown_unit": _("uses an unknown unit ({unit})").format(unit=error.detail),
        "not_quantity": _("is not a quantity"),
        "no_unit": _("has no unit"),
        "wrong_kind": _("is {kind}").format(kind=_kind(error.given_kind)),
        "too_long": _("is too long (at most {count} characters)").format(count=MAX_TEXT_LENGTH),
        "too_large": _("is too large (beyond ±{bound})").format(bound=f"{MAX_MAGNITUDE:g} {error.expected_unit}".strip()),
    }
    problem = problems.get(error.code, error.problem)
    return _("{field}: '{given}' {problem}; expected {expected}").format(field=field, given=error.given, problem=problem, expected=expected)
