"""What the lead's planner reads: due items by horizon (overdue, this week, the next four weeks)
grouped by bench or by tool type, the planned rounds per week for the next 12 weeks, the rounds
done on time per week over the past 12, the open out-of-tolerance reviews and the interval
proposals waiting for a decision. Screen-agnostic rows; each function is one read."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from atelier_tui.domain.due import PlanSpec, next_due_date
from atelier_tui.domain.maintenance_calendar import WeekLoad, done_on_time, horizon, week_starts
from atelier_tui.domain.maintenance_calendar import planned_per_week as weekly_load
from atelier_tui.domain.vocabulary import RecordResult
from atelier_tui.i18n import _
from atelier_tui.services.common.list_filter import parse_filter
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import ServiceError
from atelier_tui.services.maintenance.due import ApartTool, DueItem, MaintenanceDue, due_in
from atelier_tui.services.maintenance.impact import ReviewRow, open_reviews
from atelier_tui.services.maintenance.intervals import ProposalRow, list_proposals
from atelier_tui.services.maintenance.planner_filter import AHEAD_WEEKS, apart_filter, item_filter, planner_keys
from atelier_tui.store.engine import read_session
from atelier_tui.store.maintenance_models import IntervalProposal, MaintenanceRecord, MaintenanceReschedule
from atelier_tui.store.models import MaintenancePlan

GROUPINGS = ("bench", "tool_type")


@dataclass(frozen=True)
class WeekOnTime:
    week_start: date
    done: int  # rounds completed that week (scheduled, not failed, with an earlier round to count from)
    on_time: int  # of those, done before they were overdue

    @property
    def rate(self) -> float | None:
        return self.on_time / self.done if self.done else None


@dataclass(frozen=True)
class DueGroup:
    key: str  # a bench code or store location code (by bench), a tool type key (by tool type)
    name_en: str
    name_fr: str
    on_bench: bool  # by bench: a bench, not a store location
    items: list[DueItem]


@dataclass(frozen=True)
class Planner:
    today: date
    overdue: list[DueGroup]
    this_week: list[DueGroup]
    next_four_weeks: list[DueGroup]
    apart: list[ApartTool]
    planned: list[WeekLoad]  # the next 12 weeks, this one first
    completed: list[WeekOnTime]  # the past 12 weeks, this one last
    reviews: list[ReviewRow]
    proposals: list[ProposalRow]
    ahead_weeks: int = 4  # how far next_four_weeks looks: four weeks unless the lead widened it


def group_due(items: Iterable[DueItem], by: str = "bench") -> list[DueGroup]:
    """Items grouped by where the tool is (its bench, else its store location) or by tool type;
    groups by key (benches before store locations), items in the order given."""
    if by not in GROUPINGS:
        raise ValueError(f"by: one of {', '.join(GROUPINGS)}")
    groups: dict[str, DueGroup] = {}
    for item in items:
        if by == "bench":
            key, names, on_bench = item.where, (item.where, item.where), item.bench is not None
        else:
            key, names, on_bench = item.tool_type, (item.type_name_en, item.type_name_fr), item.bench is not None
        group = groups.get(key)
        if group is None:
            group = groups[key] = DueGroup(key, names[0], names[1], on_bench, [])
        group.items.append(item)
    return sorted(groups.values(), key=lambda g: (by == "bench" and not g.on_bench, g.key))


def _planned(due: MaintenanceDue, weeks: int) -> list[WeekLoad]:
    return weekly_load(((item.next_due_on, item.every_days) for item in due.items), due.today, weeks)


def planned_per_week(engine: Engine, today: date, weeks: int = 12) -> list[WeekLoad]:
    """Planned rounds per week from this week on: each plan's next due date and, for plans by
    days, the rounds after it; what is already late counts in this week."""
    with read_session(engine) as session:
        return _planned(due_in(session, today, blocks=False), weeks)


def _completed(session: Session, today: date, weeks: int) -> list[WeekOnTime]:
    starts = week_starts(today, weeks, past=True)
    first, end = starts[0], starts[-1] + timedelta(days=7)
    record = MaintenanceRecord
    partition = (record.tool_id, record.plan_id)
    order = (record.performed_at, record.id)
    history = select(
        record.id, record.tool_id, record.plan_id, record.performed_at, record.usage_at,
        func.lag(record.id).over(partition_by=partition, order_by=order).label("prev_id"),
        func.lag(record.performed_at, type_=MaintenanceRecord.__table__.c.performed_at.type).over(partition_by=partition, order_by=order).label("prev_at"),
        func.lag(record.usage_at).over(partition_by=partition, order_by=order).label("prev_usage"),
        func.min(record.performed_at).over(partition_by=partition).label("first_at"),
    ).where(record.plan_id.is_not(None), record.scheduled.is_(True), record.result != RecordResult.FAIL).subquery()
    rows = session.execute(select(history).where(history.c.prev_id.is_not(None))).all()
    rows = [r for r in rows if first <= utc(r.performed_at).date() < end]
    if not rows:
        return [WeekOnTime(start, 0, 0) for start in starts]
    plans = {p.id: p for p in session.execute(select(
        MaintenancePlan.id, MaintenancePlan.key, MaintenancePlan.kind, MaintenancePlan.every_days, MaintenancePlan.every_uses,
        MaintenancePlan.anchor, MaintenancePlan.grace_days)).all()}
    moved = {after: due_on for after, due_on in session.execute(
        select(MaintenanceReschedule.after_record_id, MaintenanceReschedule.due_on)
        .where(MaintenanceReschedule.after_record_id.is_not(None)).order_by(MaintenanceReschedule.at, MaintenanceReschedule.id))}
    accepted: dict[tuple[int, int], list[tuple[date, int]]] = {}
    for tool_id, plan_id, decided_at, days in session.execute(
            select(IntervalProposal.tool_id, IntervalProposal.plan_id, IntervalProposal.decided_at, IntervalProposal.proposed_days)
            .where(IntervalProposal.state == "accepted").order_by(IntervalProposal.decided_at)):
        accepted.setdefault((tool_id, plan_id), []).append((utc(decided_at).date(), days))
    done = [0] * weeks
    on_time = [0] * weeks
    for r in rows:
        plan = plans[r.plan_id]
        prev_on = utc(r.prev_at).date()
        every_days = plan.every_days
        for decided_on, days in accepted.get((r.tool_id, r.plan_id), []):
            if decided_on <= prev_on and every_days:
                every_days = days
        due_on = moved.get(r.prev_id)
        if due_on is None and every_days:
            spec = PlanSpec(plan.key, plan.kind, "", "", every_days, plan.every_uses, plan.anchor, plan.grace_days,
                            utc(r.first_at).date() if plan.anchor == "fixed" else None)
            due_on = next_due_date(spec, prev_on)
        week = (utc(r.performed_at).date() - first).days // 7
        done[week] += 1
        on_time[week] += done_on_time(utc(r.performed_at).date(), due_on, plan.grace_days, r.usage_at - r.prev_usage, plan.every_uses)
    return [WeekOnTime(start, d, o) for start, d, o in zip(starts, done, on_time)]


def on_time_per_week(engine: Engine, today: date, weeks: int = 12) -> list[WeekOnTime]:
    """Rounds completed per week over the past `weeks` weeks (this one last), and how many of them
    were done before they became overdue (due date plus grace, and within the plan's uses)."""
    with read_session(engine) as session:
        return _completed(session, today, weeks)


def planner(engine: Engine, today: date, by: str = "bench", weeks: int = 12, query: str = "", ahead_weeks: int = 4) -> Planner:
    """Everything the lead's planner shows, in one read (the reviews and proposals in their own).
    `query` (services/maintenance/planner_filter.py) narrows the due items and the tools out of
    service; `ahead_weeks` is how far the third horizon looks (AHEAD_WEEKS). The weekly chart
    counts the whole workshop whatever the filter."""
    if ahead_weeks not in AHEAD_WEEKS:
        raise ServiceError(_("ahead: {weeks} weeks is not one of {choices}").format(
            weeks=ahead_weeks, choices=", ".join(map(str, AHEAD_WEEKS))), field="ahead")
    parsed = parse_filter(query, planner_keys())
    with read_session(engine) as session:
        due = due_in(session, today)
        completed = _completed(session, today, weeks)
    keeps = item_filter(parsed)
    buckets: dict[str, list[DueItem]] = {"overdue": [], "this_week": [], "next_four_weeks": [], "later": []}
    for item in due.items:
        if keeps(item):
            buckets[horizon(item.state, item.next_due_on, today, ahead_weeks)].append(item)
    apart = [tool for tool in due.apart if apart_filter(parsed)(tool)]
    return Planner(today, group_due(buckets["overdue"], by), group_due(buckets["this_week"], by),
                   group_due(buckets["next_four_weeks"], by), apart, _planned(due, weeks), completed,
                   open_reviews(engine), list_proposals(engine), ahead_weeks)
