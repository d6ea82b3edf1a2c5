"""The lead's planning calendar: which week a due date falls in, how much planned maintenance
each coming week holds, whether work was done on time, and the horizon of a due item
(overdue, this week, the next four weeks, later).

Pure: dates in, counts out. Weeks start on Monday.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

HORIZONS = ("overdue", "this_week", "next_four_weeks", "later")


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_starts(today: date, weeks: int, past: bool = False) -> list[date]:
    """The Mondays of the `weeks` weeks from this one on, or (`past`) of the `weeks` weeks up to
    and including this one, oldest first."""
    first = week_start(today)
    if past:
        return [first - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]
    return [first + timedelta(weeks=n) for n in range(weeks)]


def projected_due_dates(next_due_on: date, every_days: int | None, until: date) -> list[date]:
    """The next due date and, if the plan repeats by days, the ones after it up to `until`,
    supposing each round is done on its due date."""
    dates = []
    day = next_due_on
    while day <= until:
        dates.append(day)
        if not every_days:
            break
        day += timedelta(days=every_days)
    return dates


@dataclass(frozen=True)
class WeekLoad:
    week_start: date
    due: int  # planned rounds falling due this week (the first week also carries what is already late)


def planned_per_week(dues: Iterable[tuple[date | None, int | None]], today: date, weeks: int = 12) -> list[WeekLoad]:
    """Planned rounds per week for `weeks` weeks from this one, from (next due date, interval in
    days) pairs. A date before this week counts in this week (the work is still to do); a plan
    counted in uses only (no date) is not in the calendar."""
    starts = week_starts(today, weeks)
    first, end = starts[0], starts[-1] + timedelta(days=6)
    counts = [0] * weeks
    for next_due_on, every_days in dues:
        if next_due_on is None:
            continue
        if next_due_on < first:
            counts[0] += 1
            # Caught up this week, the calendar resumes one interval later.
            next_due_on = first + timedelta(days=every_days) if every_days else end + timedelta(days=1)
        for day in projected_due_dates(next_due_on, every_days, end):
            counts[(day - first).days // 7] += 1
    return [WeekLoad(start, count) for start, count in zip(starts, counts)]


def done_on_time(done_on: date, due_on: date | None, grace_days: int = 0, uses_since: int | None = None,
                 every_uses: int | None = None) -> bool:
    """Whether a round was done before it became overdue: by its due date plus the grace period,
    and before the counter went past the plan's number of uses."""
    if due_on is not None and done_on > due_on + timedelta(days=grace_days):
        return False
    return not (every_uses and uses_since is not None and uses_since > every_uses)


def horizon(state: str, next_due_on: date | None, today: date, ahead_weeks: int = 4) -> str:
    """Where a due item goes in the planner: overdue, this_week (up to Sunday), next_four_weeks
    (the `ahead_weeks` weeks after this one: four unless the lead looks further) or later. A plan
    counted in uses only goes by its state."""
    if state == "overdue":
        return "overdue"
    if next_due_on is None:
        return {"due": "this_week", "due_soon": "next_four_weeks"}.get(state, "later")
    sunday = week_start(today) + timedelta(days=6)
    if next_due_on <= sunday or state == "due":
        return "this_week"
    if next_due_on <= sunday + timedelta(weeks=ahead_weeks):
        return "next_four_weeks"
    return "later"
