"""When a job ends: bench time spread over working days, then the running-in and observation
its interventions need (domain.work_plan and the readiness verdict; plain values, no clock)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from atelier_tui.domain.measurements import grades_defined
from atelier_tui.domain.units import parse_quantity
from atelier_tui.domain.work_plan import WORKDAY_MINUTES, RunningIn, bench_minutes, plan_work, running_in_minutes
from atelier_tui.wording import finding_message, verdict_document
from tests.support.readiness_world import TODAY, World, codes

MONDAY = date(2026, 12, 7)


def test_bench_time_alone_ends_on_its_last_working_day() -> None:
    assert plan_work(MONDAY, 20, 0).planned_end == MONDAY
    assert plan_work(MONDAY, WORKDAY_MINUTES, 0).planned_end == MONDAY
    assert plan_work(MONDAY, WORKDAY_MINUTES + 1, 0).planned_end == MONDAY + timedelta(days=1)


def test_running_in_after_the_bench_adds_the_days_it_runs() -> None:
    # A 5 h service then 24 h on the winder: ready the next day, not the same evening.
    service = plan_work(MONDAY, 300, 24 * 60)
    assert (service.bench_minutes, service.running_in_minutes, service.bench_days) == (300, 1440, 1)
    assert service.planned_end == MONDAY + timedelta(days=1)
    # A 38 h power reserve runs into a second day.
    assert plan_work(MONDAY, 30, 38 * 60).planned_end == MONDAY + timedelta(days=2)
    # Two working days at the bench, then the winder.
    assert plan_work(MONDAY, 2 * WORKDAY_MINUTES, 24 * 60).planned_end == MONDAY + timedelta(days=2)


def test_the_orders_own_estimate_replaces_the_interventions_but_never_the_running_in() -> None:
    assert bench_minutes([300, 60], None) == 360
    assert bench_minutes([300, 60], 90) == 90
    plan = plan_work(MONDAY, bench_minutes([300], 3 * WORKDAY_MINUTES), 24 * 60, estimate_from_order=True)
    assert plan.estimate_from_order and plan.planned_end == MONDAY + timedelta(days=3)


def test_a_power_reserve_check_lasts_as_long_as_the_calibres_reserve() -> None:
    check, winder = RunningIn(from_power_reserve=True), RunningIn(24 * 60)
    assert running_in_minutes([check], 38.0) == 38 * 60
    assert running_in_minutes([check], 80.0) == 80 * 60  # a Powermatic 80 runs longer
    assert running_in_minutes([check], None) == 0  # no calibre: not known, nothing invented
    # On the winder first, then left to run down: one after the other.
    assert running_in_minutes([winder, check], 38.0) == (24 + 38) * 60


def test_a_working_day_is_a_unit_of_bench_time() -> None:
    assert parse_quantity("2 workday", "min", "estimate").value == 2 * WORKDAY_MINUTES
    assert parse_quantity("3 d", "min", "estimate").value == 3 * 24 * 60


def test_the_verdict_plans_with_the_orders_estimate_and_the_running_in() -> None:
    world = World()
    world.interventions = [replace(world.interventions[0], running_in=RunningIn(24 * 60))]
    world.order = replace(world.order, deadline=TODAY + timedelta(days=1))
    verdict = world.verdict()
    assert verdict.findings == () and verdict.planned_end == TODAY + timedelta(days=1)
    assert verdict_document(verdict)["plan"] == {
        "bench_minutes": 20, "bench_days": 1, "running_in_minutes": 1440, "estimate": "interventions",
        "planned_end": (TODAY + timedelta(days=1)).isoformat(),
    }
    world.order = replace(world.order, estimate_minutes=2 * WORKDAY_MINUTES)
    late = world.verdict()
    assert codes(late) == ["deadline_at_risk"] and late.planned_end == TODAY + timedelta(days=2)
    assert finding_message(late.findings[0]) == (
        f"The work needs about 14.0 h of bench time, then 24 h of running-in and observation, and would end on "
        f"{(TODAY + timedelta(days=2)).isoformat()}, after the deadline {(TODAY + timedelta(days=1)).isoformat()}")
    assert verdict_document(late)["plan"]["estimate"] == "order"


def test_the_grades_a_calibre_defines_are_its_own_table_and_its_grade_tables() -> None:
    tolerances = {"mean_rate": {"max": {"value": 12}}, "grades": {"top": {}, "chronometer": {}}}
    assert grades_defined(tolerances) == ("standard", "top", "chronometer")
    assert grades_defined({"current": {"max": {"value": 1.5}}}) == ("standard",)
    assert grades_defined({}) == () and grades_defined(None) == ()


def test_an_item_vouching_for_measurements_needs_them_recorded_and_passing() -> None:
    from atelier_tui.domain.checklists import measured_problems

    readings = [("rate", "CH", "fail"), ("rate", "CH", "pass"), ("rate", "3H", "pass"), ("amplitude", "CH", "pass")]
    assert not measured_problems(["rate"], readings, [("mean_rate", "pass")])  # the latest reading of a position counts
    assert measured_problems(["rate"], readings, [("hv_difference", "fail")]).failing == ("hv_difference",)
    assert measured_problems(["rate"], [*readings, ("rate", "6H", "fail")], []).failing == ("rate 6H",)
    assert measured_problems(["amplitude", "beat_error"], readings, []).missing == ("beat_error",)
    assert measured_problems(["amplitude"], readings, [("hv_difference", "fail")]).failing == ()  # the series is the rate's
