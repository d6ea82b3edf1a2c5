"""When maintenance comes due: plain dates in, states out (no database, no clock)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atelier_tui.domain.due import STATES, PlanSpec, is_worse, next_due_date, plan_due, worst

TODAY = date(2026, 11, 27)
CALIBRATION = PlanSpec("timegrapher_calibration", "calibration", "Annual calibration", "Étalonnage annuel",
                       every_days=365, every_uses=None, anchor="completion", grace_days=14)
RINSE = PlanSpec("rinse_rotation", "maintenance", "Rinse-jar rotation", "Rotation des bocaux",
                 every_days=None, every_uses=20)
ULTRASONIC = PlanSpec("ultrasonic_fluid", "cleaning", "Fluid change", "Changement du bain", every_days=30, every_uses=20)


def days_ago(days: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), tzinfo=UTC).replace(hour=10)


@pytest.mark.parametrize(
    ("done_days_ago", "state", "next_due_on"),
    [
        (100, "ok", TODAY + timedelta(days=265)),
        (355, "due_soon", TODAY + timedelta(days=10)),
        (364, "due_soon", TODAY + timedelta(days=1)),
        (365, "due", TODAY),
        (379, "due", TODAY - timedelta(days=14)),  # last day of grace
        (380, "overdue", TODAY - timedelta(days=15)),
    ],
)
def test_calibration_by_date_with_grace(done_days_ago: int, state: str, next_due_on: date) -> None:
    due = plan_due(CALIBRATION, days_ago(done_days_ago), 0, 0, TODAY)
    assert (due.state, due.next_due_on) == (state, next_due_on)
    assert due.uses_left is None and due.last_done == days_ago(done_days_ago)


NO_GRACE = PlanSpec("timegrapher_calibration", "calibration", "Annual calibration", "Étalonnage annuel",
                    every_days=365, every_uses=None)


@pytest.mark.parametrize(
    ("plan", "done_days_ago", "blocks", "in_grace"),
    [
        (NO_GRACE, 364, False, False),  # the day before: still serves
        (NO_GRACE, 365, True, False),  # its due date: the limit is reached
        (NO_GRACE, 366, True, False),  # no grace unless the plan gives one
        (CALIBRATION, 379, False, True),  # last day of the grace the workshop set
        (CALIBRATION, 380, True, False),
    ],
)
def test_a_plan_blocks_from_its_due_date_unless_its_grace_covers_the_day(plan: PlanSpec, done_days_ago: int, blocks: bool,
                                                                           in_grace: bool) -> None:
    due = plan_due(plan, days_ago(done_days_ago), 0, 0, TODAY)
    assert (due.blocks, due.in_grace) == (blocks, in_grace)


def test_a_uses_plan_at_zero_uses_left_blocks_even_with_a_grace_in_days() -> None:
    graced = PlanSpec("wash", "maintenance", "Wash", "Lavage", every_days=None, every_uses=40, grace_days=7)
    assert not plan_due(graced, days_ago(3), 139, 100, TODAY).blocks  # one cycle left
    due = plan_due(graced, days_ago(3), 140, 100, TODAY)
    assert (due.uses_left, due.limit_reached, due.blocks) == (0, True, True)


def test_a_plan_that_says_its_lateness_never_blocks_never_blocks() -> None:
    dressing = PlanSpec("dressing", "maintenance", "Dressing", "Dressage", every_days=30, every_uses=None, blocking=False)
    due = plan_due(dressing, days_ago(90), 0, 0, TODAY)
    assert (due.state, due.limit_reached, due.blocks) == ("overdue", True, False)


def test_due_soon_window_is_inclusive_of_fourteen_days() -> None:
    assert plan_due(CALIBRATION, days_ago(351), 0, 0, TODAY).state == "due_soon"
    assert plan_due(CALIBRATION, days_ago(350), 0, 0, TODAY).state == "ok"


def test_a_tool_never_maintained_is_due_now() -> None:
    due = plan_due(CALIBRATION, None, 500, 0, TODAY)
    assert (due.state, due.next_due_on, due.last_done) == ("due", TODAY, None)
    assert plan_due(RINSE, None, 0, 0, TODAY).uses_left == 0


@pytest.mark.parametrize(
    ("uses_since", "state", "uses_left"),
    [(0, "ok", 20), (14, "ok", 6), (15, "due_soon", 5), (19, "due_soon", 1), (20, "due", 0), (22, "overdue", -2)],
)
def test_counted_in_uses(uses_since: int, state: str, uses_left: int) -> None:
    due = plan_due(RINSE, days_ago(3), 1000 + uses_since, 1000, TODAY)
    assert (due.state, due.uses_left, due.next_due_on) == (state, uses_left, None)


def test_whichever_comes_first() -> None:
    by_uses = plan_due(ULTRASONIC, days_ago(2), 120, 100, TODAY)  # 20 runs in two days
    assert (by_uses.state, by_uses.next_due_on) == ("due", TODAY + timedelta(days=28))
    by_days = plan_due(ULTRASONIC, days_ago(31), 101, 100, TODAY)  # one run in a month
    assert (by_days.state, by_days.uses_left) == ("overdue", 19)


def test_soon_never_covers_more_than_half_the_interval() -> None:
    daily = PlanSpec("wrist_strap_daily_test", "verification", "Daily test", "Test quotidien", every_days=1, every_uses=None)
    assert plan_due(daily, days_ago(0), 0, 0, TODAY).state == "ok"  # done this morning
    assert plan_due(daily, days_ago(1), 0, 0, TODAY).state == "due"  # done yesterday, not today
    every_use = PlanSpec("die_inspection", "verification", "Dies", "Matrices", every_days=None, every_uses=1)
    assert plan_due(every_use, days_ago(0), 7, 7, TODAY).state == "ok"
    assert plan_due(every_use, days_ago(0), 8, 7, TODAY).state == "due"


def test_fixed_anchor_keeps_the_calendar() -> None:
    monthly = PlanSpec("monthly", "maintenance", "Monthly", "Mensuel", every_days=30, every_uses=None, anchor="fixed",
                       starts_on=date(2026, 1, 1))
    steps = [date(2026, 1, 1) + timedelta(days=30 * n) for n in range(13)]
    late = steps[10] + timedelta(days=4)  # done four days late
    assert next_due_date(monthly, late) == steps[11]  # not four days later than the calendar
    assert next_due_date(monthly, steps[10]) == steps[11]  # done on the day
    assert next_due_date(monthly, date(2025, 12, 1)) == date(2026, 1, 1)  # before the first step
    completion = PlanSpec("c", "maintenance", "C", "C", every_days=30, every_uses=None)
    assert next_due_date(completion, late) == late + timedelta(days=30)


def test_worst_orders_states_by_urgency() -> None:
    assert worst(["ok", "due_soon", "overdue", "due"]) == "overdue"
    assert worst(["due_soon", "ok", "due"]) == "due"
    assert worst(["ok", "due_soon"]) == "due_soon"
    assert worst([]) == "ok"
    assert is_worse("overdue", "due") and not is_worse("ok", "due_soon")


plans = st.builds(
    PlanSpec,
    key=st.just("p"), kind=st.just("maintenance"), name_en=st.just("P"), name_fr=st.just("P"),
    every_days=st.one_of(st.none(), st.integers(1, 800)),
    every_uses=st.one_of(st.none(), st.integers(1, 500)),
    anchor=st.sampled_from(["completion", "fixed"]),
    grace_days=st.integers(0, 60),
    starts_on=st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2026, 12, 31))),
)
done_dates = st.dates(date(2022, 1, 1), date(2026, 11, 27))


@given(plans, done_dates, st.integers(0, 10_000), st.integers(0, 5_000), st.integers(1, 1_000))
def test_more_uses_never_makes_a_state_better(plan: PlanSpec, done: date, usage_at: int, uses: int, more: int) -> None:
    done_at = datetime.combine(done, datetime.min.time(), tzinfo=UTC)
    before = plan_due(plan, done_at, usage_at + uses, usage_at, TODAY)
    after = plan_due(plan, done_at, usage_at + uses + more, usage_at, TODAY)
    assert not is_worse(before.state, after.state)


@given(plans, done_dates, st.integers(0, 500), st.integers(1, 400))
def test_time_passing_never_makes_a_state_better(plan: PlanSpec, done: date, uses: int, days: int) -> None:
    done_at = datetime.combine(done, datetime.min.time(), tzinfo=UTC)
    now = plan_due(plan, done_at, uses, 0, TODAY)
    later = plan_due(plan, done_at, uses, 0, TODAY + timedelta(days=days))
    assert not is_worse(now.state, later.state)
    assert now.state in STATES


@given(plans.filter(lambda p: p.every_days is not None), done_dates)
def test_next_due_is_after_the_last_done_and_on_the_schedule(plan: PlanSpec, done: date) -> None:
    next_due = next_due_date(plan, done)
    assert next_due > done
    assert next_due - done <= timedelta(days=plan.every_days or 0) or (plan.starts_on or done) > done
    if plan.anchor == "fixed" and plan.starts_on is not None:
        assert (next_due - plan.starts_on).days % (plan.every_days or 1) == 0
    else:
        assert next_due - done == timedelta(days=plan.every_days or 0)
