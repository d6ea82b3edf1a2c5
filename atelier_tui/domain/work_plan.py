"""When a job ends: bench time (worked, spread over working days) and then the running-in and
observation time its interventions need (elapsed: the watch runs on a winder or on the rate
tester, nobody works on it).

Pure: the day the work starts is passed in. Sources of the running-in times: docs/trade-sources.md
("Estimates and running-in")."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

# Bench time in a working day: the estimated durations are spread over days of this length.
WORKDAY_MINUTES = 7 * 60
DAY_MINUTES = 24 * 60
# A catalog's running-in that lasts as long as the calibre's power reserve (a power-reserve check
# lets the fully wound watch run until it stops).
FROM_POWER_RESERVE = "calibre.power_reserve"


@dataclass(frozen=True)
class RunningIn:
    """An intervention's time after the bench: a fixed duration, or the calibre's power reserve."""

    minutes: int = 0
    from_power_reserve: bool = False

    def for_calibre(self, power_reserve_h: float | None) -> int:
        if self.from_power_reserve:
            # Unknown reserve (no calibre): the fixed part only; the planned end is then a lower bound.
            return max(self.minutes, math.ceil((power_reserve_h or 0) * 60))
        return self.minutes


@dataclass(frozen=True)
class WorkPlan:
    bench_minutes: int  # worked at the bench
    running_in_minutes: int  # elapsed after the bench
    estimate_from_order: bool  # the order's own estimate replaced its interventions'
    planned_end: date

    @property
    def bench_days(self) -> int:
        return bench_days(self.bench_minutes)


def bench_days(minutes: int) -> int:
    return max(1, math.ceil(minutes / WORKDAY_MINUTES))


def running_in_minutes(needs: Iterable[RunningIn], power_reserve_h: float | None) -> int:
    """The interventions' times after the bench, one after the other: a watch turning on the
    winder is not running down for its power-reserve check."""
    return sum(need.for_calibre(power_reserve_h) for need in needs)


def bench_minutes(intervention_minutes: Iterable[int], order_estimate_minutes: int | None) -> int:
    """The order's own estimate, when it has one, replaces its interventions' bench times."""
    return order_estimate_minutes if order_estimate_minutes is not None else sum(intervention_minutes)


def plan_work(start: date, bench: int, after_bench: int, estimate_from_order: bool = False) -> WorkPlan:
    """The plan of a job started on `start` with `bench` minutes of bench time and `after_bench`
    minutes of running-in. The bench work ends on its last working day (weekends are not
    skipped: a workshop's opening days vary, and the estimate is rough anyway); the running-in
    starts then and ends on the day it has run its full time."""
    end = start + timedelta(days=bench_days(bench) - 1) + timedelta(days=math.ceil(after_bench / DAY_MINUTES))
    return WorkPlan(bench, after_bench, estimate_from_order, end)
