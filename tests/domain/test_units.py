"""Quantities as watchmakers type them, and every refusal naming the field."""

from __future__ import annotations

import json
import logging
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier_tui.domain.units import (
    DEFINITIONS_FILE,
    MAX_MAGNITUDE,
    UnitError,
    format_value,
    from_micro,
    parse_quantity,
    parse_water_resistance,
    registry,
    to_micro,
    to_unit,
)


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("1.00 mm", "mm", 1.0),
        ("0,5 ml", "ml", 0.5),
        ("2 g", "g", 2.0),
        ("30 mm", "mm", 30.0),
        ("11½'''", "mm", 25.9417),
        ("11.5 ligne", "mm", 25.9417),
        ("28800 vph", "vph", 28800.0),
        ("4 Hz", "vph", 28800.0),
        ("-12 s/d", "s/d", -12.0),
        ("280 deg", "deg", 280.0),
        ("0.6 ms", "ms", 0.6),
        ("1.2 µA", "uA", 1.2),
        ("1.2 uA", "uA", 1.2),
        ("1.8 kΩ", "kohm", 1.8),
        ("1 MΩ", "kohm", 1000.0),
        ("40 mA*h", "mA*h", 40.0),
        ("3 pcs", "piece", 3.0),
        ("2 pair", "piece", 4.0),
        ("0.5 l", "ml", 500.0),
        ("10 bar", "bar", 10.0),
        ("5 ATM", "bar", 5.0),
        ("12", "", 12.0),
        ("1 year", "day", 365.25),
    ],
)
def test_parses_what_watchmakers_type(text: str, unit: str, value: float) -> None:
    measured = parse_quantity(text, unit, "field")
    assert measured.value == pytest.approx(value)
    assert measured.unit == unit
    assert measured.text == text


@pytest.mark.parametrize(
    ("text", "unit", "message"),
    [
        ("0.6 bar", "mm", "section: '0.6 bar' is a pressure; expected a length (mm)"),
        ("5", "mm", "section: '5' has no unit; expected a length (mm)"),
        ("3 furlongz", "mm", "section: '3 furlongz' uses an unknown unit (furlongz); expected a length (mm)"),
        ("", "mm", "section: '' is empty; expected a length (mm)"),
        ("10 s/d", "deg", "section: '10 s/d' is a rate (like s/d); expected an angle (deg)"),
        ("280 deg", "s/d", "section: '280 deg' is an angle; expected a rate (like s/d) (s/d)"),
        ("2 ml", "piece", "section: '2 ml' is a volume; expected a count (piece)"),
        ("mm mm mm (", "mm", "section: 'mm mm mm (' is not a quantity; expected a length (mm)"),
    ],
)
def test_refusals_name_the_field_what_was_given_and_what_is_expected(text: str, unit: str, message: str) -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity(text, unit, "section")
    assert str(caught.value) == message
    assert caught.value.field == "section"


def test_water_resistance_marks_as_printed_on_dials() -> None:
    assert parse_water_resistance("50 m").value == 5.0
    assert parse_water_resistance("100M").value == 10.0
    assert parse_water_resistance("10 ATM").value == 10.0
    assert parse_water_resistance("3 bar").value == 3.0
    assert parse_water_resistance("50 m").text == "50 m"
    with pytest.raises(UnitError, match="water_resistance: '3 g' is a mass; expected a pressure"):
        parse_water_resistance("3 g")


def test_beat_rate_converts_to_hertz_by_7200() -> None:
    assert to_unit(28800, "vph", "Hz") == 4.0
    assert to_unit(21600, "vph", "Hz") == 3.0


def test_float_noise_is_trimmed() -> None:
    assert parse_quantity("0.3 m", "mm", "f").value == 300.0
    assert format_value(0.1 + 0.2, "mm") == "0.3 mm"


def test_definitions_redefine_no_existing_pint_symbol(caplog: pytest.LogCaptureFixture) -> None:
    import pint

    plain = pint.UnitRegistry()
    defined = []
    for line in DEFINITIONS_FILE.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            names = [part.strip() for part in line.split("=")]
            defined.append(names[0])
            defined.extend(name for name in names[2:] if name and name != "_")
    assert defined, "the definitions file defines nothing"
    existing: set[str] = set()
    for definition in plain._units.values():
        existing.update({definition.name, definition.symbol or "", *definition.aliases})
    clashes = [name for name in defined if name in existing]
    assert clashes == []
    # "pcs" would parse as the plural of "pc" (parsec) in plain pint: ours must win.
    assert parse_quantity("3 pcs", "piece", "f").value == 3.0
    with caplog.at_level(logging.WARNING):
        fresh = pint.UnitRegistry(on_redefinition="raise")
        fresh.load_definitions(str(DEFINITIONS_FILE))
    assert "Redefining" not in caplog.text


def test_one_registry_per_process() -> None:
    assert registry() is registry()


@given(st.integers(min_value=0, max_value=10**12))
def test_micro_units_round_trip_exactly(amount: int) -> None:
    assert to_micro(from_micro(amount)) == amount


@given(st.floats(min_value=0.001, max_value=10_000, allow_nan=False).map(lambda x: round(x, 3)))
def test_typed_millimetres_survive_storage(value: float) -> None:
    measured = parse_quantity(f"{value} mm", "mm", "f")
    assert measured.value == pytest.approx(value, rel=1e-9)


def test_domain_and_store_do_not_load_textual() -> None:
    code = (
        "import sys\n"
        "import atelier_tui.domain.units, atelier_tui.store.models, atelier_tui.store.engine\n"
        "import atelier_tui.catalogs, atelier_tui.services.transfer.catalog_import\n"
        "assert 'textual' not in sys.modules, 'the domain or store imported textual'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- Hostile text: a number and a unit, nothing evaluated --------------------------------------------

HOSTILE_PROBE = """
import json, sys, tracemalloc
from atelier_tui.domain.units import UnitError, parse_quantity

parse_quantity("1 mm", "mm", "warm-up")  # the registry is built before memory is watched
refusals = []
tracemalloc.start()
for text in sys.argv[1:]:
    try:
        parse_quantity(text, "mm", "case_diameter")
    except UnitError as refused:
        refusals.append(str(refused))
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"refusals": refusals, "peak": peak}))
"""


def test_expressions_are_refused_without_being_evaluated() -> None:
    """`38 mm * 10**10**10` ran for more than 600 s and `2**2**30 mm` took 465 MB when pint evaluated
    them: here both must come back refused well inside the timeout, having used next to no memory."""
    hostile = ["38 mm * 10**10**10", "2**2**30 mm"]
    probe = subprocess.run([sys.executable, "-c", HOSTILE_PROBE, *hostile], capture_output=True, text=True, timeout=180)
    assert probe.returncode == 0, probe.stderr
    outcome = json.loads(probe.stdout)
    assert outcome["refusals"] == [
        "case_diameter: '38 mm * 10**10**10' is not a quantity; expected a length (mm)",
        "case_diameter: '2**2**30 mm' is not a quantity; expected a length (mm)",
    ]
    assert outcome["peak"] < 4_000_000  # bytes: 2**2**30 alone is a 128 MiB integer


@pytest.mark.parametrize(
    ("text", "unit", "value"),
    [
        ("1e-3 m", "mm", 1.0),
        ("+12 s/d", "s/d", 12.0),
        (".5 mm", "mm", 0.5),
        ("280°", "deg", 280.0),
        ("285º", "deg", 285.0),  # the ordinal sign some keyboards give for the degree
        ("52 ˚", "deg", 52.0),
        ("2 mm²", "mm^2", 2.0),
        ("2 mm^2", "mm^2", 2.0),
        ("40 mA×h", "mA*h", 40.0),
        ("1e9 piece", "piece", 1e9),
    ],
)
def test_a_decimal_number_and_a_unit_in_the_forms_the_trade_writes(text: str, unit: str, value: float) -> None:
    assert parse_quantity(text, unit, "f").value == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1 mm + 1 mm", "not_quantity"),
        ("(38) mm", "not_quantity"),
        ("38 mm**2", "not_quantity"),
        ("2 m²²²²²²²²", "not_quantity"),
        ("10 mm * 3", "not_quantity"),
        ("nan mm", "not_quantity"),
        ("inf mm", "not_quantity"),
        ("1e400 mm", "not_quantity"),
        ("1e99 mm", "too_large"),
        ("-2e9 mm", "too_large"),
        ("1e16 piece", "too_large"),
        ("38 mm\x1b]0;x\x07", "not_quantity"),
        ("3" * 70 + " mm", "too_long"),
    ],
)
def test_anything_but_a_number_and_a_unit_is_refused_naming_the_field(text: str, code: str) -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity(text, "mm" if "piece" not in text else "piece", "case_diameter")
    assert caught.value.code == code
    assert caught.value.field == "case_diameter"
    assert str(caught.value).startswith("case_diameter: '")


def test_a_long_text_is_not_repeated_whole_in_the_refusal() -> None:
    with pytest.raises(UnitError) as caught:
        parse_quantity("9" * 10_000 + " mm", "mm", "case_diameter")
    assert str(caught.value) == f"case_diameter: '{'9' * 40}…' is too long (at most 64 characters); expected a length (mm)"


def test_a_magnitude_beyond_a_billion_names_the_bound() -> None:
    with pytest.raises(UnitError, match=r"^lot: '2e12 piece' is too large \(beyond ±1e\+09 piece\); expected a count \(piece\)$"):
        parse_quantity("2e12 piece", "piece", "lot")


_UNITS = ["mm", "m", "ml", "l", "bar", "ATM", "piece", "pcs", "s/d", "deg", "°", "µA", "kΩ", "mA*h", "h", "year", "ligne",
          "vph", "Hz", "furlongz", "mm^2", "mm²", ""]
_GLUE = ["", " ", "  ", "*", "**", "/", "^", "e", "(", ")", "+", "-", ",", ".", "½", "'''", "\x1b", "\n"]
_NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.from_regex(r"[+-]?[0-9]{0,20}([.,][0-9]{0,20})?([eE][+-]?[0-9]{1,4})?", fullmatch=True),
)
_TYPED = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(_NUMBERS, st.sampled_from(_UNITS), st.sampled_from(_GLUE)), max_size=8).map("".join),
)


@settings(max_examples=400, deadline=None)
@given(_TYPED, st.sampled_from(["mm", "bar", "piece", "s/d", "deg", "uA", "mA*h", "day", ""]))
def test_any_text_is_a_finite_value_in_bounds_or_a_refusal_naming_the_field(text: str, unit: str) -> None:
    try:
        measured = parse_quantity(text, unit, "case_diameter")
    except UnitError as refused:
        assert refused.field == "case_diameter"
        assert str(refused).startswith("case_diameter: ")
        return
    assert math.isfinite(measured.value)
    assert abs(measured.value) <= MAX_MAGNITUDE
    assert measured.unit == unit


def test_a_unit_is_read_from_a_typed_quantity_without_evaluating_it() -> None:
    from atelier_tui.domain.units import is_unit, unit_of

    assert unit_of("0 s/d") == "second / day"
    assert unit_of("0,5 ml") == "milliliter"
    assert unit_of("2**2**30 mm") is None and unit_of("38 mm * 10**10**10") is None
    assert unit_of("12") is None and unit_of("12 parsnips") is None
    assert is_unit("mm") and is_unit("bar") and not is_unit("mm**10**10") and not is_unit("parsnip")
