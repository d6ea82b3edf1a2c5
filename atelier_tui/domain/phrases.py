"""What a finding or a remedy says, as data: a stable key and its parameters, the same whatever
the interface language. The wording layer (atelier_tui/wording) knows a sentence for each key and
puts the parameters in it, in the interface's language; the domain never makes a sentence.

A parameter is a plain value (text, a number, a date; None for "not known"), a Name (a catalog
entry's name in both languages), a Term (a value of the vocabulary shown as words), an Amount (a
number with its unit, written with the language's decimal mark), a nested Phrase, or a tuple of
these (a list)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Name:
    """A catalog entry's name as the catalog gives it, in English and (when given) French."""

    en: str
    fr: str = ""


@dataclass(frozen=True)
class Term:
    """A value of the vocabulary (a bench state or feature, a movement kind, a value of the watch a
    requirement refers to) to be shown as words."""

    value: str


@dataclass(frozen=True)
class Amount:
    """A number in a unit ('0.8 mm', '2 piece'), shown as the interface language writes it."""

    value: float
    unit: str

    def __str__(self) -> str:  # a neutral form, for logs and tests: the wording layer shows it
        return f"{self.value:g} {self.unit}".strip()


@dataclass(frozen=True)
class Phrase:
    key: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def values(self) -> dict[str, Any]:
        return dict(self.params)


def phrase(key: str, **params: Any) -> Phrase:
    """A phrase from keyword parameters (kept as pairs, so that a phrase stays hashable)."""
    return Phrase(key, tuple(params.items()))
