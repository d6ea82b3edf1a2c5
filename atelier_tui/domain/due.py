"""When a tool's maintenance, verification or calibration comes due.

Pure: the caller gives the plan, what was last done and `today`; nothing here reads a clock or a
database. A plan may count days, uses, or both ("whichever comes first"): each counter gives a
state and the plan takes the worse of the two.

The lead may move the next due date of a plan (a reschedule, honoured until the plan is next done)
and accept a different interval for one instrument (the staircase of ILAC-G24, see
`domain.intervals`): the caller passes the date, and the interval in the PlanSpec.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from atelier_tui.domain.vocabulary import DueState, values

# From best to worst; `worst()` and every comparison of states follow this order.
STATES = values(DueState)
_RANK = {state: rank for rank, state in enumerate(STATES)}
# How near its date a plan is "due soon" by default (`plan_due`); never more than half its interval.
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class PlanSpec:
    key: str
    kind: str  # cleaning | maintenance | verification | calibration
    name_en: str
    name_fr: str
    every_days: int | None
    every_uses: int | None
    anchor: str = "completion"  # completion | fixed
    grace_days: int = 0  # days past the due date the tool may still serve, with a warning
    starts_on: date | None = None  # first step of a fixed schedule
    blocking: bool = True  # whether reaching the limit stops the tool from serving (dressing: no)


# Not frozen: a workshop's due list builds thousands of these, and a frozen dataclass costs
# several times more to build. Nothing changes one once made.
@dataclass(slots=True)
class PlanDue:
    plan_key: str
    kind: str
    name_en: str
    name_fr: str
    last_done: datetime | None
    next_due_on: date | None  # None for a plan counted in uses only
    uses_left: int | None  # negative: that many uses past due; None when the plan counts no uses
    state: str
    rescheduled: bool = False  # next_due_on is the date the lead set, not the plan's
    grace_days: int = 0  # the plan's grace, as in its PlanSpec
    blocking: bool = True  # the plan's own word: reaching its limit stops the tool
    days_late: int = 0  # days since the due date (0 on the due date or before it)

    @property
    def limit_reached(self) -> bool:
        """The plan's limit is reached: its due date has come (or it was never done), or no use is
        left before it must be done."""
        return self.state in (DueState.DUE, DueState.OVERDUE) or (self.uses_left is not None and self.uses_left <= 0)

    @property
    def in_grace(self) -> bool:
        """Past its due date by no more than the grace the plan grants, with uses left: the tool
        may still serve, with a warning. A plan without grace (every calibration by default) has
        none."""
        by_uses = self.uses_left is not None and self.uses_left <= 0
        return self.grace_days > 0 and self.state == DueState.DUE and not by_uses and self.days_late <= self.grace_days

    @property
    def blocks(self) -> bool:
        """Whether the plan stops the tool from serving a job: its limit is reached, past any
        grace, and the plan says its lateness blocks."""
        return self.blocking and self.limit_reached and not self.in_grace


def moves_schedule(ad_hoc: bool, lead_says: bool | None = None) -> bool:
    """Whether a record counts for the schedule: a scheduled one always does; an ad hoc one (after
    a repair, a drop, a doubt) only when the lead says so."""
    if not ad_hoc:
        return True
    return bool(lead_says)


def worst(states: Iterable[str]) -> str:
    """The most urgent of `states` ("ok" when there are none)."""
    return max(states, key=_RANK.__getitem__, default=DueState.OK)


def is_worse(state: str, than: str) -> bool:
    return _RANK[state] > _RANK[than]


def _soon_window(window: int, interval: int) -> int:
    # "Soon" never covers more than half the interval: a daily check or an every-use inspection
    # would otherwise be "due soon" the moment it is done.
    half = interval // 2
    return window if window < half else half  # not min(): thousands of plans per readiness check


def next_due_date(plan: PlanSpec, last_done: date) -> date:
    """The completion date plus the interval; for a fixed anchor, the next step of the calendar
    after the completion (doing it late does not shift the calendar)."""
    assert plan.every_days
    step = timedelta(days=plan.every_days)
    if plan.anchor != "fixed" or plan.starts_on is None:
        return last_done + step
    if last_done < plan.starts_on:
        return plan.starts_on
    steps_done = (last_done - plan.starts_on).days // plan.every_days + 1
    return plan.starts_on + steps_done * step


def _state_by_days(plan: PlanSpec, next_due_on: date, today: date, due_soon_days: int) -> str:
    days_left = (next_due_on - today).days
    if days_left > _soon_window(due_soon_days, plan.every_days or 0):
        return DueState.OK
    if days_left > 0:
        return DueState.DUE_SOON
    return DueState.DUE if -days_left <= plan.grace_days else DueState.OVERDUE


def _state_by_uses(plan: PlanSpec, uses_left: int, due_soon_uses: int) -> str:
    # Grace is counted in days, and nothing records the day the counter reached the limit:
    # reaching it is "due", going past it is "overdue".
    if uses_left < 0:
        return DueState.OVERDUE
    if uses_left == 0:
        return DueState.DUE
    return DueState.DUE_SOON if uses_left <= _soon_window(due_soon_uses, plan.every_uses or 0) else DueState.OK


def _days_late(next_due_on: date | None, today: date) -> int:
    return max(0, (today - next_due_on).days) if next_due_on is not None else 0


def plan_due(
    plan: PlanSpec,
    last_done: datetime | None,
    usage_now: int,
    usage_at_last: int,
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
    due_soon_uses: int = 5,
    rescheduled_to: date | None = None,
) -> PlanDue:
    """Where `plan` stands today for a tool whose usage counter reads `usage_now`, last done at
    `last_done` when the counter read `usage_at_last`. A tool never maintained is due now.

    `rescheduled_to` is the due date the lead set since the last completion (the caller passes it
    only while the plan has not been done again): it replaces the date the plan gives, grace and
    "soon" counted from it; uses are counted as usual."""
    uses_left: int | None = None
    next_due_on: date | None = None
    states: list[str] = []
    if rescheduled_to is not None and plan.every_days:
        next_due_on = rescheduled_to
        states.append(_state_by_days(plan, next_due_on, today, due_soon_days))
        if plan.every_uses and last_done is not None:  # a first round the lead put off counts no uses
            uses_left = plan.every_uses - (usage_now - usage_at_last)
            states.append(_state_by_uses(plan, uses_left, due_soon_uses))
        return PlanDue(plan.key, plan.kind, plan.name_en, plan.name_fr, last_done, next_due_on, uses_left, worst(states), True,
                       plan.grace_days, plan.blocking, _days_late(next_due_on, today))
    if last_done is None:
        next_due_on = today
        uses_left = 0 if plan.every_uses else None
        states.append(DueState.DUE)
    else:
        if plan.every_days:
            next_due_on = next_due_date(plan, last_done.date())
            states.append(_state_by_days(plan, next_due_on, today, due_soon_days))
        if plan.every_uses:
            uses_left = plan.every_uses - (usage_now - usage_at_last)
            states.append(_state_by_uses(plan, uses_left, due_soon_uses))
    return PlanDue(plan.key, plan.kind, plan.name_en, plan.name_fr, last_done, next_due_on, uses_left, worst(states), False,
                   plan.grace_days, plan.blocking, _days_late(next_due_on, today))


def alert_by_uses(plan: PlanSpec, uses_left: int | None, due_soon_uses: int = 5) -> bool:
    """Whether the plan's uses alone make it other than ok (as `plan_due` counts them)."""
    return uses_left is not None and _state_by_uses(plan, uses_left, due_soon_uses) != DueState.OK


def plan_due_as_stored(
    plan: PlanSpec,
    last_done: datetime | None,
    next_due_on: date | None,
    uses_left: int | None,
    rescheduled: bool,
    today: date,
    due_soon_days: int = DUE_SOON_DAYS,
    due_soon_uses: int = 5,
) -> PlanDue:
    """What `plan_due` says on `today`, from what it said on another day: the next due date (None
    for a plan never done and not put off, or counted in uses only), the uses left and whether the
    date is the lead's. Nothing of these depends on the day; only the state and the days late do."""
    states: list[str] = []
    if not rescheduled and last_done is None:
        next_due_on = today
        states.append(DueState.DUE)
    else:
        if next_due_on is not None:
            states.append(_state_by_days(plan, next_due_on, today, due_soon_days))
        if uses_left is not None:
            states.append(_state_by_uses(plan, uses_left, due_soon_uses))
    return PlanDue(plan.key, plan.kind, plan.name_en, plan.name_fr, last_done, next_due_on, uses_left, worst(states), rescheduled,
                   plan.grace_days, plan.blocking, _days_late(next_due_on, today))
