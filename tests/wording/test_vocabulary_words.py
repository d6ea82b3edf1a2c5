"""Every value of the vocabulary has words in both languages, from one table: no screen, command
or sheet shows a stored string such as 'in_progress', and the same stored string reads as what
it names ('maintenance' of a bench, of a plan)."""

from __future__ import annotations

import pytest

from atelier_tui.domain import vocabulary
from atelier_tui.domain.vocabulary import BenchStatus, Luminous, MovementKind, OrderStatus, PlanKind
from atelier_tui.i18n import set_language
from atelier_tui.services.sheets.markdown import translator
from atelier_tui.wording.vocabulary import WORDS, word

KINDS = [kind for kind in vars(vocabulary).values()
         if isinstance(kind, type) and issubclass(kind, vocabulary.StrEnum) and kind is not vocabulary.StrEnum]
# The kinds people read as words (a sheet entry's kind is its section; scope, anchor and drain are not shown).
SHOWN = [kind for kind in KINDS if kind.__name__ not in ("ChecklistScope", "PlanAnchor", "Drain", "SheetEntryKind")]


@pytest.mark.parametrize("kind", SHOWN, ids=lambda kind: kind.__name__)
def test_every_value_shown_to_people_has_words_in_english_and_french(kind) -> None:  # type: ignore[no-untyped-def]
    from babel.messages.pofile import read_po

    from atelier_tui.locale.extract import po_path

    with po_path("fr").open("rb") as handle:
        french = read_po(handle)
    assert set(WORDS[kind]) == set(vocabulary.values(kind))
    for value, words in WORDS[kind].items():
        assert words and "_" not in words, (kind, value)
        assert french.get(words) is not None and french[words].string, f"{kind.__name__}.{value}: '{words}' has no French"


def test_the_same_stored_string_reads_as_what_it_names() -> None:
    set_language("fr")
    try:
        assert word(BenchStatus, "maintenance") == "en maintenance"
        assert word(PlanKind, "maintenance") == "entretien"
        assert word(MovementKind, "manual") == "à remontage manuel"
    finally:
        set_language("en")
    assert word(BenchStatus, "maintenance") == "under maintenance"
    assert word(PlanKind, "maintenance") == "maintenance"
    assert word(MovementKind, "manual") == "hand-wound"
    assert word(Luminous, "none") == "no luminous material"


def test_a_document_in_another_language_than_the_interface_gets_its_own_words() -> None:
    assert word(OrderStatus, "quality_control", translator("fr")) == "contrôle qualité"
    assert word(OrderStatus, "quality_control") == "quality control"


def test_a_value_no_table_knows_is_shown_as_stored() -> None:
    assert word(OrderStatus, "on_hold") == "on_hold"
