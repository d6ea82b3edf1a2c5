"""The readiness check reads the lots it may take or name, not every lot of the supplies a job
needs: its verdict is the one given by reading every lot, whatever the lots hold (random lots on
the bench, on other benches and in the store, expired, opened past their shelf life, reserved by
other jobs and by the order itself), and ten times the stock does not make it read more."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, event, text

from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.supply_allocation import needed_micro
from atelier_tui.services.readiness._lot_source import lots_for
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.readiness.requirement_source import requirements_of
from atelier_tui.store.engine import make_engine, read_session, write_session
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

TODAY = FIXED_NOW.date()
MADE_HERE = "HYP-"  # the lot numbers this test writes


def _verdict(engine: Engine, reference: str, bench: str, bounded: bool) -> Verdict:
    with read_session(engine) as session:
        assessor = Assessor(session, bounded=bounded)
        return assessor.assess(assessor.order(reference), bench, FIXED_NOW, TODAY)


@dataclass(frozen=True)
class Job:
    reference: str
    order_id: int
    bench: str
    bench_id: int
    other_bench_id: int
    site_id: int
    location_id: int
    supplies: tuple[tuple[int, int], ...]  # (supply type id, what one need of it takes, in millionths)


def _job_with_the_most_supplies(engine: Engine) -> Job:
    """The open demo order, on its bench, that needs the most supply types it accepts."""
    with read_session(engine) as session:
        assessor = Assessor(session)
        catalog, workshop = assessor.catalog, assessor.workshop
        best: tuple[int, str, int, int, dict[int, int]] | None = None
        for reference, bench_id in session.execute(text(
                "SELECT reference, bench_id FROM repair_order WHERE bench_id IS NOT NULL "
                "AND status NOT IN ('done', 'returned', 'cancelled') ORDER BY reference")).all():
            order = assessor.order(reference)
            supplies = {catalog.supply_ids[key]: needed_micro(need, catalog.requirements.supplies[key])
                        for need in requirements_of(session, order, catalog).supplies
                        for key in (*need.accepted, *need.alternatives) if key in catalog.supply_ids}
            if best is None or len(supplies) > len(best[4]):
                best = (len(supplies), reference, order.id, bench_id, supplies)
        assert best is not None and len(best[4]) >= 2, "no demo order needs two supplies"
        _count, reference, order_id, bench_id, supplies = best
        other = next(id_ for id_ in workshop.benches if id_ != bench_id)
        site_id, location_id = session.execute(text("SELECT site_id, id FROM location ORDER BY id")).first()  # type: ignore[misc]
        return Job(reference, order_id, workshop.benches[bench_id].code, bench_id, other, site_id, location_id,
                   tuple(sorted(supplies.items())))


def _job_with_an_alternative(engine: Engine) -> Job:
    """The first open demo order on a bench with a need that names an alternative (a cell of
    another height): its lots are those of the part it accepts and of the alternative."""
    with read_session(engine) as session:
        assessor = Assessor(session)
        catalog, workshop = assessor.catalog, assessor.workshop
        for reference, bench_id in session.execute(text(
                "SELECT reference, bench_id FROM repair_order WHERE bench_id IS NOT NULL "
                "AND status NOT IN ('done', 'returned', 'cancelled') ORDER BY reference")).all():
            order = assessor.order(reference)
            for need in requirements_of(session, order, catalog).supplies:
                if need.alternatives and need.accepted:
                    supplies = tuple((catalog.supply_ids[key], needed_micro(need, catalog.requirements.supplies[key]))
                                     for key in (need.accepted[0], need.alternatives[0]))
                    other = next(id_ for id_ in workshop.benches if id_ != bench_id)
                    site_id, location_id = session.execute(text("SELECT site_id, id FROM location ORDER BY id")).first()  # type: ignore[misc]
                    return Job(reference, order.id, workshop.benches[bench_id].code, bench_id, other, site_id, location_id, supplies)
    raise AssertionError("no open demo order on a bench names an alternative")


@dataclass(frozen=True)
class LotDraft:
    supply: int  # index into Job.supplies
    eighths: int  # quantity, in eighths of what one need takes
    reserved_eighths: int  # by other jobs
    own_eighths: int  # by this order
    expires_in: int | None  # days from today (negative: expired)
    opened_days_ago: int | None
    place: str  # bench | other_bench | store


# Mostly lots that hold a part of a need, in the store: several of them serve it in FEFO order, more
# than the first lots read of each kind (_lot_source.FIRST_READ) when some are past their shelf life.
lot_drafts = st.builds(
    LotDraft, st.sampled_from((0, 1, -1)), st.sampled_from((1, 1, 1, 2, 5, 0)), st.sampled_from((0, 0, 0, 1, 2)),
    st.sampled_from((0, 0, 0, 1)), st.one_of(st.none(), st.integers(-60, 900)), st.one_of(st.none(), st.integers(0, 1000)),
    st.sampled_from(["bench", "other_bench", "store", "store", "store"]))


def _replace_lots(engine: Engine, job: Job, drafts: list[LotDraft]) -> None:
    """The job's supplies hold exactly `drafts`: the demo's own lots of them are emptied."""
    ids = [supply_id for supply_id, _micro in job.supplies]
    marks = ", ".join(str(id_) for id_ in ids)
    with write_session(engine) as session:
        session.execute(text(f"DELETE FROM sheet_lot_use WHERE lot_id IN (SELECT id FROM lot WHERE lot_number LIKE '{MADE_HERE}%')"))
        session.execute(text(f"DELETE FROM lot WHERE lot_number LIKE '{MADE_HERE}%'"))
        session.execute(text(f"UPDATE lot SET quantity_micro = 0, reserved_micro = 0 WHERE supply_type_id IN ({marks})"))
        lots, uses = [], []
        for n, draft in enumerate(drafts):
            supply_id, micro = job.supplies[draft.supply]
            eighth = max(1, micro // 8)
            quantity = draft.eighths * eighth
            own = min(quantity, draft.own_eighths * eighth)
            reserved = min(quantity, draft.reserved_eighths * eighth + own)
            bench = {"bench": job.bench_id, "other_bench": job.other_bench_id}.get(draft.place)
            lots.append({
                "supply": supply_id, "site": job.site_id, "number": f"{MADE_HERE}{n:03d}",
                "location": None if bench else job.location_id, "bench": bench, "quantity": quantity, "reserved": reserved,
                "received": TODAY - timedelta(days=900),
                "expires": None if draft.expires_in is None else TODAY + timedelta(days=draft.expires_in),
                "opened": None if draft.opened_days_ago is None else TODAY - timedelta(days=draft.opened_days_ago)})
            if own:
                uses.append({"order": job.order_id, "own": own, "number": f"{MADE_HERE}{n:03d}"})
        # In two statements, each run for every row: one round trip per lot made PostgreSQL's examples slow.
        session.execute(text(
            "INSERT INTO lot (supply_type_id, site_id, lot_number, location_id, bench_id, quantity_micro, reserved_micro, "
            "received_on, expires_on, opened_on, status, version) VALUES (:supply, :site, :number, :location, :bench, :quantity, "
            ":reserved, :received, :expires, :opened, 'available', 1)"), lots)
        if uses:
            session.execute(text(
                "INSERT INTO sheet_lot_use (order_id, lot_id, quantity_micro, state) "
                "SELECT :order, id, :own, 'reserved' FROM lot WHERE lot_number = :number"), uses)


def test_whatever_the_lots_the_verdict_is_that_of_reading_every_lot(demo_engine) -> None:  # type: ignore[no-untyped-def]
    job = _job_with_the_most_supplies(demo_engine)

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(lot_drafts, min_size=2, max_size=32))
    # More small lots than a first read takes: the check reads on until they hold the need.
    @example([LotDraft(0, 1, 0, 0, 10 + n, None, "store") for n in range(9)])
    # Opened lots good for 30 more days (opened 700 days ago, a shelf life of 730) come before
    # sealed lots good for 60: read by the day they were opened, not by their expiry date.
    @example([LotDraft(0, 1, 0, 0, 900, 700 - n, "store") for n in range(6)] + [LotDraft(0, 1, 0, 0, 60, None, "store")] * 4)
    def any_lots(drafts: list[LotDraft]) -> None:
        _replace_lots(demo_engine, job, drafts)
        assert _verdict(demo_engine, job.reference, job.bench, bounded=True) == \
            _verdict(demo_engine, job.reference, job.bench, bounded=False), drafts

    any_lots()


def test_whatever_the_lots_an_alternative_is_named_as_when_reading_every_lot(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """An alternative is named when what is free of it holds the need: in small lots, more of
    them than a first read takes."""
    job = _job_with_an_alternative(demo_engine)

    @settings(max_examples=25, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(st.lists(lot_drafts, min_size=2, max_size=24))
    @example([LotDraft(-1, 1, 0, 0, 30 + n, None, "store") for n in range(9)])
    def any_lots(drafts: list[LotDraft]) -> None:
        _replace_lots(demo_engine, job, drafts)
        assert _verdict(demo_engine, job.reference, job.bench, bounded=True) == \
            _verdict(demo_engine, job.reference, job.bench, bounded=False), drafts

    any_lots()


def _lots_read(db: Path, job: Job) -> tuple[str, ...]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            assessor = Assessor(session)
            order = assessor.order(job.reference)
            requirements = requirements_of(session, order, assessor.catalog)
            weighed = lots_for(session, requirements, job.bench_id, assessor.catalog, assessor.workshop, TODAY, job.order_id,
                               bounded=True)
            return tuple(sorted(lot.lot_number for lot in weighed.lots))
    finally:
        engine.dispose()


def _ten_times_the_stock(db: Path, latest: date) -> None:
    """Nine more store lots of every unexpired lot of the workshop, each used after every other
    one: a use-by date past every other (none if the lot has none), a lot number after every other."""
    engine = make_engine(f"sqlite:///{db}")
    try:
        with write_session(engine) as session:
            for copy in range(1, 10):
                session.execute(text(
                    "INSERT INTO lot (supply_type_id, site_id, lot_number, location_id, bench_id, quantity_micro, reserved_micro, "
                    "received_on, expires_on, opened_on, status, version) SELECT supply_type_id, site_id, :prefix || lot_number, "
                    "(SELECT min(id) FROM location), NULL, quantity_micro, 0, received_on, "
                    "CASE WHEN expires_on IS NULL THEN NULL ELSE :expires END, NULL, status, 1 FROM lot WHERE lot_number NOT LIKE 'ZZ%' "
                    "AND (expires_on IS NULL OR expires_on >= :today)"),
                    {"prefix": f"ZZ{copy}-", "expires": latest + timedelta(days=copy), "today": TODAY})
    finally:
        engine.dispose()


def test_ten_times_the_stock_reads_no_more_lots(demo_db: Path) -> None:
    """A job its lots serve reads the same lots however much later stock the store holds, and
    its verdict is still that of reading every lot (reading every lot grows with the store)."""
    engine = make_engine(f"sqlite:///{demo_db}")
    job = _job_with_the_most_supplies(engine)
    served = [draft for index in range(len(job.supplies)) for draft in (
        LotDraft(index, 48, 0, 0, 100 + index, None, "store"), LotDraft(index, 4, 0, 0, -5, None, "bench"),
        LotDraft(index, 16, 0, 0, 200, 30, "store"), LotDraft(index, 8, 4, 0, 50, None, "other_bench"))]
    _replace_lots(engine, job, served)
    with read_session(engine) as session:
        (latest,) = session.execute(text("SELECT max(expires_on) FROM lot")).one()
    engine.dispose()
    read_before = _lots_read(demo_db, job)
    assert read_before

    _ten_times_the_stock(demo_db, date.fromisoformat(str(latest)))

    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        with read_session(engine) as session:
            every = session.execute(text(
                f"SELECT count(*) FROM lot WHERE quantity_micro > 0 AND supply_type_id IN "
                f"({', '.join(str(id_) for id_, _micro in job.supplies)})")).scalar_one()
        verdict = _verdict(engine, job.reference, job.bench, bounded=True)
        assert not any(finding.code == "insufficient_stock" and finding.blocking for finding in verdict.findings)
        assert verdict == _verdict(engine, job.reference, job.bench, bounded=False)
    finally:
        engine.dispose()
    assert every >= 7 * len(served)  # the expired lots were not copied
    # As many lots, and the same of what the job takes (of a part it only names, its largest
    # lot, which may now be a copy).
    read_after = _lots_read(demo_db, job)
    assert len(read_after) == len(read_before)
    assert [number for number in read_after if number.startswith(MADE_HERE)] == [n for n in read_before if n.startswith(MADE_HERE)]


def _plan_nodes(node: dict) -> list[dict]:  # type: ignore[type-arg]
    return [node, *(found for child in node.get("Plans", ()) for found in _plan_nodes(child))]


@pytest.mark.postgresql_only("how PostgreSQL plans the read of each supply's first lots")
def test_on_postgresql_each_supplys_first_lots_are_read_once_per_supply_not_once_per_lot(demo_engine, backend) -> None:  # type: ignore[no-untyped-def]
    # Written as an IN, the first lots' subquery ran for every lot of the supplies against every
    # supply: a check took more than a second on the small demo (and the planner's cost estimate
    # made PostgreSQL compile the statement to machine code first).
    job = _job_with_the_most_supplies(demo_engine)
    _replace_lots(demo_engine, job, [LotDraft(index % len(job.supplies), 1, 0, 0, 30 + index, None, "store") for index in range(40)])
    statements: list[tuple[str, object]] = []

    def remember(_connection: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        if "'sealed' AS stream" in statement:
            statements.append((statement, parameters))

    event.listen(demo_engine, "before_cursor_execute", remember)
    try:
        verdict = _verdict(demo_engine, job.reference, job.bench, bounded=True)
    finally:
        event.remove(demo_engine, "before_cursor_execute", remember)
    assert verdict == _verdict(demo_engine, job.reference, job.bench, bounded=False)
    assert statements
    with demo_engine.connect() as connection:
        for statement, parameters in statements:
            supplies = sum(1 for name in parameters if name.startswith("supply_type_ids"))  # type: ignore[union-attr]
            (plan,) = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters).scalar_one()
            subplans = [node for node in _plan_nodes(plan["Plan"]) if str(node.get("Subplan Name", "")).startswith("SubPlan")]
            assert subplans and all(node["Actual Loops"] <= supplies for node in subplans), [
                (node["Subplan Name"], node["Actual Loops"]) for node in subplans]
