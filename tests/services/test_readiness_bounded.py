"""The readiness check reads the tools a verdict depends on, nearest first, and no more: its
verdict is the one given by reading every tool of the needed capabilities, on the demo and when
the nearest tools cannot serve; and the work of checking one order does not grow with the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from atelier_tui.domain.findings import Verdict
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.store.engine import make_engine, read_session, write_session
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

TODAY = FIXED_NOW.date()
# More tools than the bounded read's first look takes (a few per tool type).
MORE_THAN_A_FIRST_READ = 25
CLOSED = ("done", "returned", "cancelled")


def _pairs(engine: Engine) -> list[tuple[str, str]]:
    """Every open order with the bench it is on, else the benches taken in turn."""
    with read_session(engine) as session:
        benches = dict(session.execute(text("SELECT id, code FROM bench ORDER BY code")).all())
        rows = session.execute(text(
            "SELECT reference, bench_id FROM repair_order WHERE status NOT IN ('done', 'returned', 'cancelled') ORDER BY reference"
        )).all()
    codes = list(benches.values())
    return [(reference, benches.get(bench_id) or codes[i % len(codes)]) for i, (reference, bench_id) in enumerate(rows)]


def _verdicts(engine: Engine, pairs: list[tuple[str, str]], bounded: bool, now: datetime = FIXED_NOW,
              today: date = TODAY) -> dict[str, Verdict]:
    with read_session(engine) as session:
        assessor = Assessor(session, bounded=bounded)
        return {reference: assessor.assess(assessor.order(reference), bench, now, today) for reference, bench in pairs}


def _store_remedy(verdicts: dict[str, Verdict]) -> tuple[str, str, str]:
    """(order, capability, tool offered) of the first order told to take a tool from the store."""
    for reference, verdict in sorted(verdicts.items()):
        for finding in verdict.findings:
            remedy = finding.remedy
            if (finding.code == "elsewhere" and remedy is not None and remedy.action == "check_out" and not remedy.benches
                    and finding.requirement.startswith("capability:")):
                return reference, finding.requirement.removeprefix("capability:"), remedy.tools[0]
    raise AssertionError("no demo order is told to take a tool from the store")


def _type_ids(engine: Engine, capability: str) -> list[int]:
    with read_session(engine) as session:
        return list(session.execute(text(
            "SELECT tool_type_capability.tool_type_id FROM tool_type_capability JOIN capability "
            "ON capability.id = tool_type_capability.capability_id WHERE capability.key = :key"), {"key": capability}).scalars())


def _nearer_unusable_tools(engine: Engine, type_ids: list[int], count: int) -> None:
    """`count` tools of each type in a new location whose code sorts before every other one:
    out of service, in maintenance, or checked out to a bench (so not free in the store)."""
    with write_session(engine) as session:
        site = session.execute(text("SELECT id FROM site ORDER BY id")).scalars().first()
        bench = session.execute(text("SELECT id FROM bench ORDER BY id")).scalars().first()
        session.execute(text("INSERT INTO location (site_id, code, name, kind, version) VALUES (:site, '0-NEAR', 'Near', 'cabinet', 1)"),
                        {"site": site})
        near = session.execute(text("SELECT id FROM location WHERE code = '0-NEAR'")).scalar_one()
        states = [("out_of_service", None), ("in_maintenance", None), ("checked_out", bench)]
        for type_id in type_ids:
            for n in range(count):
                status, on = states[n % len(states)]
                session.execute(text(
                    "INSERT INTO tool (asset_tag, tool_type_id, site_id, serial, maker, home_location_id, bench_id, status, "
                    "status_reason, usage_count, attributes, version) VALUES "
                    "(:tag, :type, :site, '', '', :near, :on, :status, 'test: nearest unusable', 0, '{}', 1)"),
                    {"tag": f"NEAR-{type_id}-{n:03d}", "type": type_id, "site": site, "near": near, "on": on, "status": status})


def test_every_demo_order_gets_the_verdict_of_reading_every_tool(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pairs = _pairs(demo_engine)
    assert pairs
    assert _verdicts(demo_engine, pairs, bounded=True) == _verdicts(demo_engine, pairs, bounded=False)


def test_past_nearer_unusable_tools_the_first_serving_one_is_offered(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """More unusable tools than the first read takes, nearer than every serving one: the
    bounded read goes on until it finds one that serves, and offers the same tool as before."""
    pairs = _pairs(demo_engine)
    reference, capability, offered = _store_remedy(_verdicts(demo_engine, pairs, bounded=True))
    _nearer_unusable_tools(demo_engine, _type_ids(demo_engine, capability), MORE_THAN_A_FIRST_READ)
    bounded = _verdicts(demo_engine, pairs, bounded=True)
    assert bounded == _verdicts(demo_engine, pairs, bounded=False)
    assert _store_remedy({reference: bounded[reference]}) == (reference, capability, offered)


def test_with_no_serving_tool_in_the_store_every_tool_is_weighed(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """The store has no tool of the capability that serves: the verdict weighs every tool (on
    other benches, the closest to serving), as reading them all does."""
    pairs = _pairs(demo_engine)
    reference, capability, offered = _store_remedy(_verdicts(demo_engine, pairs, bounded=True))
    with write_session(demo_engine) as session:
        session.execute(text(
            "UPDATE tool SET status = 'out_of_service', status_reason = 'test: whole store' WHERE home_location_id IS NOT NULL "
            "AND bench_id IS NULL AND home_bench_id IS NULL AND tool_type_id IN (SELECT tool_type_id FROM tool_type_capability "
            "JOIN capability ON capability.id = tool_type_capability.capability_id WHERE capability.key = :key)"),
            {"key": capability})
    bounded = _verdicts(demo_engine, pairs, bounded=True)
    assert bounded == _verdicts(demo_engine, pairs, bounded=False)
    finding = next(f for f in bounded[reference].findings if f.requirement == f"capability:{capability}")
    assert finding.remedy is not None and offered not in finding.remedy.tools


@contextmanager
def _counted_steps(session) -> Iterator[list[int]]:  # type: ignore[no-untyped-def]
    """SQLite virtual-machine steps run meanwhile: they grow with every row a statement reads,
    returned or not (a sort reads them all)."""
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0
    connection = session.connection().connection.driver_connection
    connection.set_progress_handler(step, 1)
    try:
        yield steps
    finally:
        connection.set_progress_handler(None, 1)


def _steps_per_order(path: Path, pairs: list[tuple[str, str]], bounded: bool) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with read_session(engine) as session:
            assessor = Assessor(session, bounded=bounded)  # the snapshot read once for a batch, not counted
            steps: dict[str, int] = {}
            for reference, bench in pairs:
                order = assessor.order(reference)
                with _counted_steps(session) as counted:
                    assessor.assess(order, bench, FIXED_NOW, TODAY)
                steps[reference] = counted[0]
            return steps
    finally:
        engine.dispose()


def _ten_times_the_tools(path: Path) -> None:
    """Nine more of every tool, same type, state and maintenance history, free in a store
    location whose code sorts after every other."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        with write_session(engine) as session:
            assert session.execute(text("SELECT max(code) FROM location")).scalar_one() < "ZZ-FAR"
            site = session.execute(text("SELECT id FROM site ORDER BY id")).scalars().first()
            session.execute(text("INSERT INTO location (site_id, code, name, kind, version) VALUES (:site, 'ZZ-FAR', 'Far', 'cabinet', 1)"),
                            {"site": site})
            far = session.execute(text("SELECT id FROM location WHERE code = 'ZZ-FAR'")).scalar_one()
            for copy in range(1, 10):
                session.execute(text(
                    "INSERT INTO tool (asset_tag, tool_type_id, site_id, serial, maker, home_location_id, status, status_reason, "
                    f"usage_count, attributes, version) SELECT 'ZZ{copy}-' || asset_tag, tool_type_id, site_id, serial, maker, :far, "
                    "CASE status WHEN 'checked_out' THEN 'in_service' ELSE status END, status_reason, usage_count, attributes, 1 "
                    "FROM tool WHERE status != 'retired' AND asset_tag NOT LIKE 'ZZ%'"), {"far": far})
                # with their maintenance history: a copy is due when its original is
                session.execute(text(
                    "INSERT INTO maintenance_record (tool_id, plan_id, performed_at, performed_by_id, scheduled, result, readings, "
                    "certificate_ref, reference_standard, usage_at, notes, ad_hoc, found_in_tolerance) "
                    "SELECT copy.id, record.plan_id, record.performed_at, record.performed_by_id, record.scheduled, record.result, "
                    "record.readings, record.certificate_ref, record.reference_standard, record.usage_at, record.notes, "
                    "record.ad_hoc, record.found_in_tolerance FROM maintenance_record AS record "
                    "JOIN tool AS original ON original.id = record.tool_id "
                    f"JOIN tool AS copy ON copy.asset_tag = 'ZZ{copy}-' || original.asset_tag"))
    finally:
        engine.dispose()


@pytest.mark.sqlite_only("counts SQLite's virtual-machine steps")
def test_an_order_its_bench_serves_reads_no_more_in_a_workshop_with_ten_times_the_tools(demo_db: Path) -> None:
    """Its bench has every tool it needs: no other tool is read, however many the store holds
    (reading every tool of the capabilities grows with them). An order whose shortage only
    tools with something to watch can make up still reads every one: the matching prefers a
    tool with nothing to watch wherever it is (see _tool_candidates)."""
    engine = make_engine(f"sqlite:///{demo_db}")
    pairs = _pairs(engine)
    verdicts = _verdicts(engine, pairs, bounded=True)
    engine.dispose()
    served = [(reference, bench) for reference, bench in pairs
              if verdicts[reference].allocations and not any(f.blocking and f.requirement.startswith("capability:")
                                                             for f in verdicts[reference].findings)]
    assert served
    before = _steps_per_order(demo_db, served, bounded=True)
    every_before = _steps_per_order(demo_db, served, bounded=False)
    _ten_times_the_tools(demo_db)
    after = _steps_per_order(demo_db, served, bounded=True)
    every_after = _steps_per_order(demo_db, served, bounded=False)
    assert all(every_after[reference] > 3 * every_before[reference] for reference, _bench in served)
    assert after == before


def _bench_remedy(verdicts: dict[str, Verdict]) -> tuple[str, str, str]:
    """(order, capability, tool offered) of the first order told to borrow a tool from another bench."""
    for reference, verdict in sorted(verdicts.items()):
        for finding in verdict.findings:
            remedy = finding.remedy
            if remedy is not None and remedy.benches and remedy.tools and finding.requirement.startswith("capability:"):
                return reference, finding.requirement.removeprefix("capability:"), remedy.tools[0]
    raise AssertionError("no demo order is told to borrow a tool from another bench")


def test_past_the_nearer_benches_unusable_tools_the_same_verdict(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """A capability the store cannot serve: the tool offered from another bench and the next few
    of the capability on other benches (by bench code) go out of service; the bounded read goes
    further along the benches and gives the verdict reading every tool gives."""
    pairs = _pairs(demo_engine)
    reference, capability, offered = _bench_remedy(_verdicts(demo_engine, pairs, bounded=True))
    with write_session(demo_engine) as session:
        session.execute(text(
            "UPDATE tool SET status = 'out_of_service', status_reason = 'test: nearer benches' WHERE asset_tag = :offered "
            "OR id IN (SELECT tool.id FROM tool JOIN bench ON bench.id = coalesce(tool.bench_id, tool.home_bench_id) "
            "WHERE tool.tool_type_id IN (SELECT tool_type_id FROM tool_type_capability JOIN capability "
            "ON capability.id = tool_type_capability.capability_id WHERE capability.key = :key) "
            "ORDER BY bench.code, tool.asset_tag LIMIT :count)"), {"offered": offered, "key": capability, "count": MORE_THAN_A_FIRST_READ // 2})
    bounded = _verdicts(demo_engine, pairs, bounded=True)
    assert bounded == _verdicts(demo_engine, pairs, bounded=False)
    finding = next(f for f in bounded[reference].findings if f.requirement == f"capability:{capability}")
    assert finding.remedy is not None and offered not in finding.remedy.tools
