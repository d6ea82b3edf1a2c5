"""The stored due rows against a full recomputation, after every step of random sequences of what
moves them: records (late ones, failed ones, ad hoc ones the lead counts or not), uses, reschedules,
interval decisions, a tool's own plan added and retired, a catalog plan's interval changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance.changes import correct_usage, reschedule
from atelier_tui.services.maintenance.due_check import check_due
from atelier_tui.services.maintenance.due_store import recompute_all, settle_due
from atelier_tui.services.maintenance.intervals import decide_proposal, list_proposals
from atelier_tui.services.maintenance.plans import PlanChange, add_tool_plan, retire_tool_plan
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import MaintenancePlan, Tool
from tests.support.fixed_time import FIXED_NOW

LEAD = Actor("lead", role="lead")
NOW = FIXED_NOW
TODAY = NOW.date()
PRESSURE = {"p99_test_pressure": "2.01 bar"}
TESTER, TIMEGRAPHER = "AT-0003", "AT-0001"  # small_workshop's dry tester and timegrapher
OWN_PLAN = "at0003_leak_check"


@dataclass(frozen=True)
class Record:
    tag: str
    plan: str
    passed: bool
    days_ago: int
    ad_hoc: bool
    counts: bool

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        readings = PRESSURE if self.passed and "leak_check" in self.plan else {}
        result = "pass" if self.passed and readings else "fail"
        record_maintenance(engine, LEAD, NOW, self.tag, self.plan, result, readings, performed_at=NOW - timedelta(days=self.days_ago),
                           ad_hoc=self.ad_hoc, moves_schedule=self.counts if self.ad_hoc else None)


@dataclass(frozen=True)
class Uses:
    tag: str
    more: int

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        with read_session(engine) as session:
            count = session.execute(select(Tool.usage_count).where(Tool.asset_tag == self.tag)).scalar_one()
        correct_usage(engine, LEAD, NOW, self.tag, max(0, count + self.more), "counted")


@dataclass(frozen=True)
class Reschedule:
    tag: str
    plan: str
    in_days: int

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        reschedule(engine, LEAD, NOW, self.tag, self.plan, TODAY + timedelta(days=self.in_days), "moved")


@dataclass(frozen=True)
class Decide:
    accept: bool

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        waiting = list_proposals(engine)
        if waiting:
            decide_proposal(engine, LEAD, NOW, waiting[0].id, self.accept)


@dataclass(frozen=True)
class OwnPlan:
    """The dry tester's own leak check: added (on other intervals) when it has none, else retired."""
    every_uses: int | None
    every_days: int | None

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        with read_session(engine) as session:
            own = session.execute(select(MaintenancePlan.key, MaintenancePlan.active).where(MaintenancePlan.key.like(f"{OWN_PLAN}%"))).all()
        active = [key for key, is_active in own if is_active]
        if active:
            retire_tool_plan(engine, LEAD, NOW, active[0], "back to the catalog's")
        else:
            add_tool_plan(engine, LEAD, NOW, TESTER, f"{OWN_PLAN}_{len(own)}",
                          PlanChange(based_on="wr_tester_dry_leak_check", every_uses=self.every_uses, every_days=self.every_days))


@dataclass(frozen=True)
class CatalogInterval:
    """A catalog import that changes a type's plan interval (the import settles what it moved)."""
    every_days: int

    def run(self, engine) -> None:  # type: ignore[no-untyped-def]
        with write_session(engine) as session:
            session.execute(update(MaintenancePlan).where(MaintenancePlan.key == "wr_tester_dry_leak_check")
                            .values(every_days=self.every_days, version=MaintenancePlan.version + 1))
            settle_due(session)


PLANS = {TESTER: ("wr_tester_dry_leak_check", "wr_tester_dry_calibration"), TIMEGRAPHER: ("timegrapher_calibration",)}
records = st.sampled_from([(tag, plan) for tag, plans in PLANS.items() for plan in plans]).flatmap(
    lambda pair: st.builds(Record, st.just(pair[0]), st.just(pair[1]), st.booleans(), st.integers(0, 400), st.booleans(),
                           st.booleans()))
steps = st.one_of(
    records,
    st.builds(Uses, st.sampled_from([TESTER, TIMEGRAPHER]), st.integers(-20, 150)),
    st.builds(Reschedule, st.sampled_from([TESTER]), st.sampled_from(PLANS[TESTER]), st.integers(0, 60)),
    st.builds(Reschedule, st.just(TIMEGRAPHER), st.just("timegrapher_calibration"), st.integers(0, 400)),
    st.builds(Decide, st.booleans()),
    st.builds(OwnPlan, st.sampled_from([None, 20, 50]), st.sampled_from([None, 7, 45])),
    st.builds(CatalogInterval, st.integers(1, 90)),
)


def test_stored_rows_equal_a_full_recomputation_after_every_step(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:  # the fixture wrote its tools by hand
        recompute_all(session)

    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(steps, min_size=1, max_size=6))
    def interleaved(sequence: list) -> None:  # type: ignore[type-arg]
        for step in sequence:
            try:
                step.run(small_workshop)
            except ServiceError:  # refused (a counter already at that count, a plan counted in uses only...): nothing written
                pass
            checked = check_due(small_workshop)
            assert checked.differences == [], (step, checked.differences)
            assert checked.marked == [], step

    interleaved()
