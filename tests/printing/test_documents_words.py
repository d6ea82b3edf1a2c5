"""The numbers of a printed document: as measured (no float noise, no exponent), with a decimal
comma in French, units by their symbols; a tolerance the catalog wrote in its own unit is printed
as written rather than converted (15 s/month is not -0.492813 s/d)."""

from __future__ import annotations

from atelier_tui.domain.measurements import Bounds
from atelier_tui.domain.units import Measured
from atelier_tui.printing.document_words import Words


def test_numbers_take_the_decimal_sign_of_the_language() -> None:
    english, french = Words("en"), Words("fr")
    assert [english.number(v) for v in (1.502, -12.0, 0.0000001, 28800.0, 0.1 + 0.2)] == ["1.502", "-12", "0.0000001", "28800", "0.3"]
    assert [french.number(v) for v in (1.502, -12.0, 0.0000001, 28800.0)] == ["1,502", "-12", "0,0000001", "28800"]


def test_units_print_as_symbols_and_stock_units_as_words_of_the_documents_language() -> None:
    french = Words("fr")
    assert french.quantity(583.0, "megaohm") == "583 MΩ"
    assert french.quantity(1.25, "microampere") == "1,25 µA"
    assert french.quantity(0.5, "second / day") == "0,5 s/j"  # s/d abbreviates words: secondes par jour
    assert french.measured(Measured(1.5, "volt", "1.5 V")) == "1,5 V"
    assert [french.stock(count, "piece") for count in (1.0, 2.0, 1.5)] == ["1 pièce", "2 pièces", "1,5 pièces"]
    assert [Words("en").stock(count, "piece") for count in (1.0, 2.0, 1.5)] == ["1 piece", "2 pieces", "1.5 pieces"]
    assert french.stock(0.01, "g") == "0,01 g"


def test_a_tolerance_keeps_the_catalogs_writing_with_the_languages_decimal_sign() -> None:
    monthly = Bounds(-15 / 30.4375, 15 / 30.4375, "second / day", "quartz_rate", ("-15 s/month", "15 s/month"))
    assert Words("en").bounds(monthly) == "-15 s/month … 15 s/month"
    assert Words("fr").bounds(Bounds(None, 0.6, "millisecond", "beat_error", ("", "0.6 ms"))) == "≤ 0,6 ms"
    assert Words("fr").bounds(Bounds(3.0, None, "bar", "test_pressure")) == "≥ 3 bar"
    assert Words("en").bounds(None) == "—"
