"""The filter syntax every list shares: key:value terms, flags and free text, English and French
keys, the screen's words as values, and one clear line for what a list does not know."""

from __future__ import annotations

import pytest

from atelier_tui.i18n import set_language
from atelier_tui.services.common.list_filter import parse_filter
from atelier_tui.services.context import ServiceError
from atelier_tui.services.orders.filters import order_keys
from atelier_tui.services.tools.filters import tool_keys


def test_terms_and_free_text_are_told_apart() -> None:
    parsed = parse_filter("status:overdue bench:ME-01 loupe 10:30", tool_keys())
    assert parsed.terms == {"status": ("overdue",), "bench": ("ME-01",)}
    assert parsed.text == "loupe 10:30"  # a time is not a key


def test_a_value_is_the_word_on_screen_or_the_stored_one_with_spaces_as_underscore_or_hyphen() -> None:
    for typed in ("status:due_soon", "status:due-soon", 'status:"due soon"', "STATUS:Due_Soon"):
        assert parse_filter(typed, tool_keys()).values("status") == ("due_soon",)
    assert parse_filter("status:overdue,due status:out_of_service", tool_keys()).values("status") == ("overdue", "due", "out_of_service")


def test_french_keys_and_words_work_and_so_do_the_english_ones() -> None:
    set_language("fr")
    keys = tool_keys()
    for typed in ('statut:"en retard"', "statut:en_retard", "statut:en-retard", "status:overdue", "entretien:en_retard"):
        parsed = parse_filter(typed + " etabli:ME-01", keys)
        assert set(parsed.terms) <= {"status", "maintenance", "bench"}
        assert parsed.values("bench") == ("ME-01",)
        assert "overdue" in parsed.values("status") + parsed.values("maintenance")
    assert parse_filter("statut:sorti", keys).values("status") == ("checked_out",)
    assert parse_filter("mes", order_keys()).has("mine")


def test_a_flag_stands_alone_and_other_words_stay_free_text() -> None:
    parsed = parse_filter("mine omega 2824", order_keys())
    assert parsed.terms == {"mine": ()}
    assert parsed.text == "omega 2824"


def test_an_unknown_key_is_refused_naming_the_keys_the_list_accepts() -> None:
    with pytest.raises(ServiceError) as refused:
        parse_filter("colour:red loupe", tool_keys())
    assert str(refused.value) == "filter: 'colour' is not a key of this list (keys: bench, location, status, maintenance, type)"
    assert refused.value.field == "filter"


def test_an_unknown_value_is_refused_naming_the_values_and_an_empty_one_shows_an_example() -> None:
    with pytest.raises(ServiceError, match=r"'late' is not a value of maintenance: .*due_soon.*overdue"):
        parse_filter("maintenance:late", tool_keys())
    with pytest.raises(ServiceError, match="bench needs a value"):
        parse_filter("bench:", tool_keys())


def test_french_refusals_name_the_french_keys() -> None:
    set_language("fr")
    with pytest.raises(ServiceError) as refused:
        parse_filter("couleur:rouge", order_keys())
    assert "statut, mes, technicien, établi, faisabilité" in str(refused.value)


def test_a_quote_still_being_typed_runs_to_the_end() -> None:
    assert parse_filter('loupe status:"due soon', tool_keys()).values("status") == ("due_soon",)
    assert parse_filter('"bergeon 6', tool_keys()).text == "bergeon 6"
