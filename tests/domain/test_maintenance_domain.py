"""The pure rules of maintenance and calibration: tolerance judging of as-found and as-left values,
the staircase interval rule, reschedules and ad hoc records in the due engine, the planner's
calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from atelier_tui.domain.calibration import ReadingError, TestPoint, judge_readings, points_of, stored_in_tolerance
from atelier_tui.domain.due import PlanSpec, moves_schedule, plan_due
from atelier_tui.domain.intervals import StaircaseRule, in_tolerance_run, propose_interval
from atelier_tui.domain.maintenance_calendar import (
    done_on_time,
    horizon,
    planned_per_week,
    projected_due_dates,
    week_start,
)
from atelier_tui.domain.units import UnitError

TODAY = date(2026, 11, 27)  # a Friday
MULTIMETER_POINTS = [
    {"key": "voltage_1_5", "name_en": "1.5 V", "name_fr": "1,5 V", "nominal": {"value": 1.5, "unit": "volt", "text": "1.5 V"},
     "tolerance": {"value": 0.01, "unit": "volt", "text": "0.01 V"}},
    {"key": "resistance_1_8k", "name_en": "1.8 kΩ", "name_fr": "1,8 kΩ",
     "nominal": {"value": 1.8, "unit": "kiloohm", "text": "1.8 kohm"},
     "tolerance": {"value": 0.02, "unit": "kiloohm", "text": "0.02 kohm"}},
]
CALIBRATION = PlanSpec("multimeter_calibration", "calibration", "Annual calibration", "Étalonnage annuel", every_days=365,
                       every_uses=None, grace_days=14)
ULTRASONIC = PlanSpec("ultrasonic_fluid", "cleaning", "Fluid change", "Changement du bain", every_days=30, every_uses=20)
POINTS = points_of(MULTIMETER_POINTS)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


# Tolerance judging -----------------------------------------------------------------------------

def test_values_are_parsed_in_the_unit_of_their_test_point_and_judged_bounds_included() -> None:
    judged = judge_readings(POINTS, {"voltage_1_5": "1,51 V", "resistance_1_8k": "1790 ohm"}, {})
    voltage, resistance = judged.readings
    assert (voltage.as_found.value, voltage.as_found.unit, voltage.as_found.text) == (1.51, "volt", "1,51 V")
    assert resistance.as_found.value == pytest.approx(1.79) and resistance.as_found.unit == "kiloohm"
    assert voltage.found_in_tolerance and resistance.found_in_tolerance  # both exactly on a bound
    assert judged.found_in_tolerance is True and judged.found_out == ()


def test_an_as_found_outside_tolerance_is_named_and_the_as_left_judged_apart() -> None:
    judged = judge_readings(POINTS, {"voltage_1_5": "1.52 V", "resistance_1_8k": "1.8 kohm"}, {"voltage_1_5": "1.501 V"})
    assert judged.found_in_tolerance is False
    assert [r.point.key for r in judged.found_out] == ["voltage_1_5"]
    assert judged.left_in_tolerance is True  # adjusted back; the resistance is left as found
    assert judged.as_dict()["voltage_1_5"] == {
        "as_found": {"value": 1.52, "unit": "volt", "text": "1.52 V"}, "found_in_tolerance": False,
        "as_left": {"value": 1.501, "unit": "volt", "text": "1.501 V"}, "left_in_tolerance": True,
    }
    assert stored_in_tolerance(judged.as_dict()) is False


def test_readings_that_do_not_fit_the_plan_are_refused() -> None:
    with pytest.raises(ReadingError) as unknown:
        judge_readings(POINTS, {"voltage_1_5": "1.5 V", "resistance_1_8k": "1.8 kohm", "current": "1 uA"}, {})
    assert (unknown.value.which, unknown.value.code, unknown.value.points) == ("as_found", "unknown", ("current",))
    with pytest.raises(ReadingError) as missing:
        judge_readings(POINTS, {"voltage_1_5": "1.5 V"}, {})
    assert (missing.value.code, missing.value.points) == ("missing", ("resistance_1_8k",))
    assert judge_readings(POINTS, {"voltage_1_5": "1.5 V"}, {}, require_found=False).found_in_tolerance is True
    with pytest.raises(UnitError) as wrong:
        judge_readings(POINTS, {"voltage_1_5": "2 bar", "resistance_1_8k": "1.8 kohm"}, {})
    assert wrong.value.field == "as_found voltage_1_5" and wrong.value.code == "wrong_kind"


def test_a_test_point_describes_itself_as_the_catalog_wrote_it() -> None:
    point = TestPoint.from_plan(MULTIMETER_POINTS[0])
    assert point.describe() == "1.5 V ± 0.01 V" and (point.low, point.high) == pytest.approx((1.49, 1.51))
    assert not point.admits(1.4899) and not point.admits(1.5101)


# The staircase ---------------------------------------------------------------------------------

def test_a_longer_interval_after_n_consecutive_passes_only() -> None:
    rule = StaircaseRule(consecutive=3)
    assert propose_interval([True, True], 365, rule) is None
    longer = propose_interval([False, True, True, True], 365, rule)
    assert (longer.direction, longer.current_days, longer.proposed_days, longer.in_tolerance_run) == ("longer", 365, 548, 3)
    assert propose_interval([True, True, False, True, True], 365, rule) is None  # the run was broken
    assert in_tolerance_run([True, False, True, True]) == 2


def test_n_is_configurable_and_the_longer_interval_is_capped() -> None:
    assert propose_interval([True], 100, StaircaseRule(consecutive=1)).proposed_days == 150
    assert propose_interval([True] * 3, 600, StaircaseRule(max_days=730)).proposed_days == 730
    assert propose_interval([True] * 3, 730, StaircaseRule(max_days=730)) is None  # already at the cap
    assert propose_interval([True] * 3, 1, StaircaseRule()).proposed_days == 2  # a daily check grows by a day at least


def test_a_shorter_interval_after_an_out_of_tolerance_with_a_floor() -> None:
    shorter = propose_interval([True, True, False], 365)
    assert (shorter.direction, shorter.proposed_days) == ("shorter", 183)
    assert propose_interval([False], 40, StaircaseRule(min_days=30)).proposed_days == 30
    assert propose_interval([False], 30, StaircaseRule(min_days=30)) is None  # already at the floor
    assert propose_interval([], 365) is None
    with pytest.raises(ValueError):
        StaircaseRule(consecutive=0)


# The due engine: ad hoc records and reschedules ------------------------------------------------

def test_an_ad_hoc_record_moves_the_schedule_only_when_the_lead_says_so() -> None:
    assert moves_schedule(ad_hoc=False) and moves_schedule(False, None)
    assert not moves_schedule(ad_hoc=True) and not moves_schedule(True, False)
    assert moves_schedule(True, True)


def test_a_reschedule_replaces_the_date_and_grace_counts_from_it() -> None:
    done = at(TODAY - timedelta(days=380))  # overdue by the plan
    assert plan_due(CALIBRATION, done, 0, 0, TODAY).state == "overdue"
    moved = plan_due(CALIBRATION, done, 0, 0, TODAY, rescheduled_to=TODAY + timedelta(days=30))
    assert (moved.state, moved.next_due_on, moved.rescheduled) == ("ok", TODAY + timedelta(days=30), True)
    assert plan_due(CALIBRATION, done, 0, 0, TODAY, rescheduled_to=TODAY + timedelta(days=5)).state == "due_soon"
    assert plan_due(CALIBRATION, done, 0, 0, TODAY, rescheduled_to=TODAY - timedelta(days=14)).state == "due"  # in grace
    assert plan_due(CALIBRATION, done, 0, 0, TODAY, rescheduled_to=TODAY - timedelta(days=15)).state == "overdue"


def test_a_reschedule_of_a_first_round_and_of_a_plan_that_also_counts_uses() -> None:
    never = plan_due(CALIBRATION, None, 0, 0, TODAY, rescheduled_to=TODAY + timedelta(days=60))
    assert (never.state, never.next_due_on, never.uses_left) == ("ok", TODAY + timedelta(days=60), None)
    # Uses still count: 20 runs since the last change of fluid make it due whatever the date.
    by_uses = plan_due(ULTRASONIC, at(TODAY - timedelta(days=2)), 120, 100, TODAY, rescheduled_to=TODAY + timedelta(days=60))
    assert (by_uses.state, by_uses.uses_left, by_uses.rescheduled) == ("due", 0, True)
    counted_in_uses = PlanSpec("rinse", "maintenance", "Rinse", "Rinçage", every_days=None, every_uses=20)
    assert not plan_due(counted_in_uses, at(TODAY), 5, 0, TODAY, rescheduled_to=TODAY + timedelta(days=60)).rescheduled


# The planner's calendar -------------------------------------------------------------------------

def test_weeks_start_on_monday_and_recurring_rounds_are_projected() -> None:
    assert week_start(TODAY) == date(2026, 11, 23)
    assert projected_due_dates(date(2026, 12, 1), 7, date(2026, 12, 20)) == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]
    assert projected_due_dates(date(2026, 12, 1), None, date(2026, 12, 20)) == [date(2026, 12, 1)]
    assert projected_due_dates(date(2027, 1, 1), 7, date(2026, 12, 20)) == []


def test_planned_rounds_per_week_carry_what_is_late_into_this_week() -> None:
    weeks = planned_per_week([(date(2026, 11, 1), 365), (TODAY, 14), (date(2026, 12, 2), None), (None, None)], TODAY, weeks=4)
    assert [w.week_start for w in weeks] == [date(2026, 11, 23), date(2026, 11, 30), date(2026, 12, 7), date(2026, 12, 14)]
    # late annual round + the fortnightly one this week; the one-off on 2 Dec; the fortnightly again on 11 Dec.
    assert [w.due for w in weeks] == [2, 1, 1, 0]


def test_on_time_means_before_overdue_by_date_and_by_uses() -> None:
    due = date(2026, 11, 1)
    assert done_on_time(due, due) and done_on_time(due + timedelta(days=14), due, grace_days=14)
    assert not done_on_time(due + timedelta(days=15), due, grace_days=14)
    assert done_on_time(due, None, uses_since=40, every_uses=40) and not done_on_time(due, None, uses_since=41, every_uses=40)


@pytest.mark.parametrize(("state", "next_due_on", "expected"), [
    ("overdue", date(2026, 11, 1), "overdue"),
    ("due", TODAY, "this_week"),
    ("due_soon", date(2026, 11, 29), "this_week"),  # Sunday
    ("due_soon", date(2026, 11, 30), "next_four_weeks"),
    ("ok", date(2026, 12, 27), "next_four_weeks"),
    ("ok", date(2026, 12, 28), "later"),
    ("due_soon", None, "next_four_weeks"),  # counted in uses
    ("ok", None, "later"),
])
def test_the_horizon_of_a_due_item(state: str, next_due_on: date | None, expected: str) -> None:
    assert horizon(state, next_due_on, TODAY) == expected
