"""Judging a measurement of the intervention sheet against a calibre's tolerances, as the catalog
stores them; positions as the trade writes them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from atelier_tui.domain.measurements import (
    FIVE_POSITIONS,
    POSITIONS,
    QUANTITIES,
    TOLERANCE_UNITS,
    Reading,
    bounds_for,
    for_grade,
    judge,
    judge_pressure_test,
    judge_series,
    latest_session,
    position_code,
    series_verdict,
    with_watch,
)
from atelier_tui.domain.units import Measured, parse_quantity


def tolerance(**sides: str) -> dict:
    """{min, max} as the catalog import stores them: a Measured dict in the tolerance's unit."""
    units = {**TOLERANCE_UNITS, "rate": "s/d"}
    stored: dict = {}
    for key, text in sides.items():
        name, side = key.rsplit("_", 1)
        stored.setdefault(name, {})[side] = parse_quantity(text, units[name], name).as_dict()
    return stored


# As catalogs/calibres.toml gives the ETA 2824-2: the Standard grade, and what better grades change.
ETA_2824 = {
    **tolerance(mean_rate_min="-12 s/d", mean_rate_max="12 s/d", position_rate_min="-30 s/d", position_rate_max="30 s/d",
                rate_delta_max="30 s/d", amplitude_min="250 deg", amplitude_max="315 deg", amplitude_vertical_min="200 deg",
                amplitude_vertical_max="315 deg", beat_error_max="0.6 ms"),
    "grades": {
        "top": tolerance(mean_rate_min="-4 s/d", mean_rate_max="4 s/d", position_rate_min="-15 s/d", position_rate_max="15 s/d",
                         rate_delta_max="15 s/d"),
        "chronometer": tolerance(mean_rate_min="-4 s/d", mean_rate_max="6 s/d", position_deviation_max="10 s/d",
                                 hv_difference_min="-6 s/d", hv_difference_max="8 s/d"),
    },
}
# A calibre stored before tolerances were modelled per position: its "rate" was ETA's mean rate.
STORED_BEFORE = tolerance(rate_min="-12 s/d", rate_max="12 s/d", amplitude_min="250 deg", amplitude_max="315 deg",
                          beat_error_max="0.6 ms")
MIYOTA_2035 = tolerance(quartz_rate_min="-20 s/month", quartz_rate_max="20 s/month", current_max="1.5 uA",
                        coil_resistance_min="1.0 kohm", coil_resistance_max="2.0 kohm")


def test_every_quantity_has_the_unit_of_the_trade() -> None:
    assert {key: q.unit for key, q in QUANTITIES.items()} == {
        "rate": "s/d", "amplitude": "deg", "beat_error": "ms", "test_pressure": "bar", "power_reserve": "h",
        "coil_resistance": "kohm", "current": "uA",
    }
    assert [key for key, q in QUANTITIES.items() if q.positional] == ["rate", "amplitude", "beat_error"]


@pytest.mark.parametrize(("quantity", "value", "position", "expected"), [
    # one reading of the rate is judged on the per-position limit (Standard: ±30 s/d), not the mean
    ("rate", 4.0, "CH", "pass"), ("rate", -18.0, "6H", "pass"), ("rate", 29.0, "9H", "pass"), ("rate", 31.0, "CH", "fail"),
    ("rate", -35.0, "3H", "fail"),
    # amplitude: the full-wind, dial-up minimum holds horizontally; vertical positions have their own
    ("amplitude", 285.0, "CH", "pass"), ("amplitude", 230.0, "CB", "fail"), ("amplitude", 230.0, "6H", "pass"),
    ("amplitude", 190.0, "9H", "fail"), ("amplitude", 320.0, "CH", "fail"), ("amplitude", 320.0, "3H", "fail"),
    ("beat_error", 0.6, "3H", "pass"), ("beat_error", 0.9, "CH", "fail"),
    ("current", 1.2, "", ""), ("power_reserve", 40.0, "", ""),  # the calibre gives no tolerance for these
])
def test_a_single_reading_is_judged_only_on_what_a_single_reading_can_be_judged_on(quantity: str, value: float, position: str,
                                                                                    expected: str) -> None:
    assert judge(quantity, value, ETA_2824, position) == expected


def test_a_calibre_stored_with_a_mean_rate_only_does_not_fail_a_position_on_it() -> None:
    assert judge("rate", 20.0, STORED_BEFORE, "6H") == ""  # ±12 s/d is a mean, not a limit per position
    assert for_grade(STORED_BEFORE)["mean_rate"] == STORED_BEFORE["rate"]
    # The dial-up minimum does not apply to a vertical position; the maximum does.
    assert judge("amplitude", 230.0, STORED_BEFORE, "6H") == "pass"
    assert judge("amplitude", 330.0, STORED_BEFORE, "6H") == "fail"
    assert judge("amplitude", 230.0, STORED_BEFORE, "CH") == "fail"



# A Standard-grade watch as a timegrapher prints it: every position within ±30 s/d, mean -4.2,
# largest difference 26 s/d. Judged position by position against ±12 s/d, it failed.
STANDARD_SERIES = [Reading("rate", "CH", 5.0), Reading("rate", "CB", 8.0), Reading("rate", "3H", -10.0),
                   Reading("rate", "6H", -18.0), Reading("rate", "9H", -6.0)]


def test_a_series_meeting_the_standard_grade_passes_and_fails_the_top_grade() -> None:
    criteria = {c.key: c for c in judge_series(STANDARD_SERIES, ETA_2824)}
    assert criteria["mean_rate"].value == pytest.approx(-4.2) and criteria["mean_rate"].judged == "pass"
    assert criteria["rate_delta"].value == pytest.approx(26.0) and criteria["rate_delta"].judged == "pass"
    assert series_verdict(tuple(criteria.values())) == "pass"
    assert all(judge("rate", r.value, ETA_2824, r.position) == "pass" for r in STANDARD_SERIES)
    top = {c.key: c.judged for c in judge_series(STANDARD_SERIES, for_grade(ETA_2824, "top"))}
    assert top == {"mean_rate": "fail", "rate_delta": "fail"}


def test_a_chronometer_series_is_judged_on_cosc_criteria() -> None:
    chronometer = for_grade(ETA_2824, "chronometer")
    good = [Reading("rate", "CH", 3.0), Reading("rate", "CB", 4.0), Reading("rate", "6H", 6.0), Reading("rate", "3H", 5.0),
            Reading("rate", "9H", 7.0)]
    assert {c.key: c.judged for c in judge_series(good, chronometer)} == {
        "mean_rate": "pass", "rate_delta": "pass", "position_deviation": "pass", "hv_difference": "pass"}
    vertical_fast = [Reading("rate", "CH", -3.0), Reading("rate", "CB", -2.0), Reading("rate", "6H", 9.0), Reading("rate", "3H", 8.0)]
    judged = {c.key: (c.value, c.judged) for c in judge_series(vertical_fast, chronometer)}
    assert judged["hv_difference"] == (pytest.approx(11.0), "fail")  # COSC: vertical minus horizontal within -6/+8


def test_a_series_needs_two_positions() -> None:
    assert judge_series([Reading("rate", "CH", 50.0)], ETA_2824) == ()
    assert series_verdict(()) == ""


def test_the_latest_session_keeps_the_latest_reading_of_each_position() -> None:
    start = datetime(2026, 11, 27, 9, tzinfo=UTC)
    before_service = [(start, Reading("rate", "CH", 60.0)), (start, Reading("rate", "6H", -40.0))]
    after = start + timedelta(days=2)
    session = [(after, Reading("rate", "CH", 9.0)), (after + timedelta(minutes=5), Reading("rate", "CH", 4.0)),
               (after + timedelta(minutes=8), Reading("rate", "6H", -6.0))]
    assert sorted((r.position, r.value) for r in latest_session(before_service + session)) == [("6H", -6.0), ("CH", 4.0)]


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
    assert judge("rate", 100.0, {"grades": {}}) == ""


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
