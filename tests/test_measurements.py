"""Judging a measurement of the intervention sheet against a calibre's tolerances, as the catalog
stores them; positions as the trade writes them."""

from __future__ import annotations

import pytest

from atelier_tui.domain.measurements import (FIVE_POSITIONS, POSITIONS, QUANTITIES, bounds_for, judge, judge_pressure_test,
                                             position_code, with_watch)
from atelier_tui.domain.units import Measured, parse_quantity


def tolerance(**sides: str) -> dict:
    """{min, max} as the catalog import stores them: a Measured dict in the tolerance's unit."""
    units = {"rate": "s/d", "quartz_rate": "s/month", "amplitude": "deg", "beat_error": "ms", "current": "uA",
             "coil_resistance": "kohm", "power_reserve": "h"}
    stored: dict = {}
    for key, text in sides.items():
        name, side = key.rsplit("_", 1)
        stored.setdefault(name, {})[side] = parse_quantity(text, units[name], name).as_dict()
    return stored


ETA_2824 = tolerance(rate_min="-12 s/d", rate_max="12 s/d", amplitude_min="250 deg", amplitude_max="315 deg", beat_error_max="0.6 ms")
MIYOTA_2035 = tolerance(quartz_rate_min="-20 s/month", quartz_rate_max="20 s/month", current_max="1.5 uA",
                        coil_resistance_min="1.0 kohm", coil_resistance_max="2.0 kohm")


def test_every_quantity_has_the_unit_of_the_trade() -> None:
    assert {key: q.unit for key, q in QUANTITIES.items()} == {
        "rate": "s/d", "amplitude": "deg", "beat_error": "ms", "test_pressure": "bar", "power_reserve": "h",
        "coil_resistance": "kohm", "current": "uA",
    }
    assert [key for key, q in QUANTITIES.items() if q.positional] == ["rate", "amplitude", "beat_error"]


@pytest.mark.parametrize(("quantity", "value", "expected"), [
    ("rate", 4.0, "pass"), ("rate", -12.0, "pass"), ("rate", 12.5, "fail"), ("rate", -15.0, "fail"),
    ("amplitude", 285.0, "pass"), ("amplitude", 230.0, "fail"), ("amplitude", 320.0, "fail"),
    ("beat_error", 0.6, "pass"), ("beat_error", 0.9, "fail"),
    ("current", 1.2, ""), ("power_reserve", 40.0, ""),  # the calibre gives no tolerance for these
])
def test_a_mechanical_calibre_judges_rate_amplitude_and_beat_error(quantity: str, value: float, expected: str) -> None:
    assert judge(quantity, value, ETA_2824) == expected


def test_a_quartz_rate_in_seconds_per_month_judges_a_rate_typed_in_seconds_per_day() -> None:
    bounds = bounds_for("rate", MIYOTA_2035)
    assert bounds is not None and bounds.source == "quartz_rate" and bounds.unit == "s/d"
    assert bounds.maximum == pytest.approx(20 / 30.4375, rel=1e-6)  # 20 s per month of 365.25 / 12 days, in s/d
    assert judge("rate", 0.5, MIYOTA_2035) == "pass"
    assert judge("rate", 1.0, MIYOTA_2035) == "fail"  # 1 s/d is about 30 s a month
    assert judge("current", 1.2, MIYOTA_2035) == "pass" and judge("current", 1.8, MIYOTA_2035) == "fail"
    assert judge("coil_resistance", 0.8, MIYOTA_2035) == "fail" and judge("coil_resistance", 1.6, MIYOTA_2035) == "pass"


def test_a_tolerance_in_another_unit_is_converted() -> None:
    in_ohm = {"coil_resistance": {"min": Measured(1000.0, "ohm", "1000 ohm").as_dict(),
                                  "max": Measured(2000.0, "ohm", "2000 ohm").as_dict()}}
    assert judge("coil_resistance", 1.5, in_ohm) == "pass"
    assert judge("coil_resistance", 2.5, in_ohm) == "fail"


def test_no_calibre_no_tolerance_no_judgement() -> None:
    assert judge("rate", 100.0, None) == ""
    assert judge("rate", 100.0, {}) == ""
    assert judge("unknown", 1.0, ETA_2824) == ""


def test_a_water_resistance_test_needs_the_marked_pressure_and_the_testers_pass() -> None:
    marked_3_bar = with_watch(MIYOTA_2035, 3.0)
    assert marked_3_bar["current"] == MIYOTA_2035["current"]  # the calibre's tolerances stay
    assert judge_pressure_test(3.0, "pass", marked_3_bar) == "pass"
    assert judge_pressure_test(2.0, "pass", marked_3_bar) == "fail"  # did not reach the mark
    assert judge_pressure_test(5.0, "fail", marked_3_bar) == "fail"  # the tester found a leak
    not_rated = with_watch(MIYOTA_2035, None)
    assert "test_pressure" not in not_rated
    assert judge_pressure_test(2.0, "pass", not_rated) == "pass"


@pytest.mark.parametrize(("typed", "code"), [
    ("CH", "CH"), ("ch", "CH"), ("DU", "CH"), ("CB", "CB"), ("FH", "CB"), ("dd", "CB"), ("3H", "3H"), ("CU", "3H"),
    ("6h", "6H"), ("CL", "6H"), ("9H", "9H"), ("CD", "9H"), ("12H", "12H"), ("CR", "12H"), ("", ""), (" 6 H ", "6H"),
    ("5H", None), ("upside down", None),
])
def test_positions_are_written_as_the_trade_writes_them(typed: str, code: str | None) -> None:
    assert position_code(typed) == code


def test_five_positions_leave_out_crown_right() -> None:
    assert set(POSITIONS) - set(FIVE_POSITIONS) == {"12H"}
