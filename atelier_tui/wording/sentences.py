"""Phrases to sentences: a Phrase's key names a sentence (a template marked for translation, or a
function for the few put together from parts) and its parameters are shown in the interface
language: a Name as the catalog entry's name in that language, a Term as its words, an Amount
with the language's decimal mark and unit words, a nested Phrase as its sentence, a tuple as a
list, a date in ISO form, None (not known) as "?"."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from atelier_tui.domain.phrases import Amount, Name, Phrase, Term
from atelier_tui.i18n import _, localized
from atelier_tui.wording import _readiness, _supplies, _tools
from atelier_tui.wording.numbers import quantity_text
from atelier_tui.wording.terms import word

Show = Callable[[Any], str]
Composed = Callable[[Mapping[str, Any], Show], str]


def _merged(*tables: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for table in tables:
        shared = set(merged) & set(table)
        assert not shared, f"a phrase key has two sentences: {sorted(shared)}"
        merged.update(table)
    return merged


_TEMPLATES: dict[str, str] = _merged(_readiness.TEMPLATES, _tools.TEMPLATES, _supplies.TEMPLATES)
_COMPOSED: dict[str, Composed] = _merged(_readiness.COMPOSED, _tools.COMPOSED, _supplies.COMPOSED)
assert not set(_TEMPLATES) & set(_COMPOSED)


def say(phrase: Phrase) -> str:
    """The sentence of `phrase` in the interface language."""
    values = phrase.values
    composed = _COMPOSED.get(phrase.key)
    if composed is not None:
        return composed(values, show)
    return _(_TEMPLATES[phrase.key]).format(**{name: show(value) for name, value in values.items()})


def show(value: Any) -> str:
    """One parameter as it reads inside a sentence."""
    if isinstance(value, Phrase):
        return say(value)
    if isinstance(value, Name):
        return localized(value.en, value.fr)
    if isinstance(value, Term):
        return word(value.value)
    if isinstance(value, Amount):
        return quantity_text(value.value, value.unit)
    if isinstance(value, tuple):
        return ", ".join(show(item) for item in value)
    if value is None:
        return "?"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def known_keys() -> set[str]:
    return set(_TEMPLATES) | set(_COMPOSED)
