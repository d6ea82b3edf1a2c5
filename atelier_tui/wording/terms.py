"""Words for the values the domain names inside its phrases (a Term: the catalog's references, bench
states and features, movement kinds), marked for extraction and translated when shown."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import BenchStatus, MovementKind, values
from atelier_tui.i18n import N_, _
from atelier_tui.wording.vocabulary import word as vocabulary_word

_WORDS = {
    # watch and calibre values a requirement refers to (docs/catalog-format.md)
    "watch.test_pressure": N_("the test pressure"),
    "watch.case_diameter": N_("the case diameter"),
    "watch.gasket_inner_diameter": N_("the gasket's inner diameter"),
    "watch.gasket_section": N_("the gasket's section"),
    "watch.crystal_diameter": N_("the crystal diameter"),
    "watch.lug_width": N_("the lug width"),
    "calibre.diameter": N_("the calibre's diameter"),
    "calibre.battery": N_("the battery"),
    "calibre.lubricants": N_("the lubricants"),
    "calibre.mainspring": N_("the mainspring"),
    "calibre.stem": N_("the winding stem"),
    "calibre.movement": N_("the replacement movement"),
    "order.battery": N_("the battery"),
    "gasket": N_("gasket"),
    "crystal": N_("crystal"),
    # bench features (bench states and movement kinds are words of the vocabulary, below)
    "esd": N_("ESD-protected"),
    "extraction": N_("fitted with fume extraction"),
    "ventilation": N_("ventilated"),
    "movement": N_("movement"),
}
# The vocabulary values a phrase may name as a Term, worded by the vocabulary's own table.
_VOCABULARY_TERMS = (BenchStatus, MovementKind)


def word(value: str) -> str:
    """The words for `value` in the interface language; `value` itself when none are known."""
    if value in _WORDS:
        return _(_WORDS[value])
    for kind in _VOCABULARY_TERMS:
        if value in values(kind):
            return vocabulary_word(kind, value)
    return value


def words(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(word(value) for value in values)


def sentence(text: str) -> str:
    """`text` with its first letter in capitals, as a sentence starts."""
    return text[:1].upper() + text[1:]
