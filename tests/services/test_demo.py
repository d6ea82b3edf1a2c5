"""The demo workshop generator, on real SQLite files: what the small demo promises, that a seed
and a `now` give the same database every time, that the stock ledger holds, and that a database
with a workshop is left alone."""

from __future__ import annotations

import re
import shutil
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlmodel import SQLModel

from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.demo.generate import DemoSummary, generate_demo
from atelier_tui.domain.units import parse_water_resistance
from atelier_tui.services.context import SYSTEM, Actor, ServiceError
from atelier_tui.services.orders.start import STARTABLE_STATUSES
from atelier_tui.services.overview.dashboard import lead_dashboard
from atelier_tui.services.readiness.check import check_order
from atelier_tui.services.transfer.catalog_import import import_catalogs
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import (
    AuditEvent,
    Bench,
    Calibre,
    ChecklistAnswer,
    ChecklistRun,
    ChecklistTemplate,
    InterventionType,
    Lot,
    MaintenancePlan,
    MaintenanceRecord,
    OrderIntervention,
    RepairOrder,
    Site,
    Staff,
    StockMovement,
    SupplyType,
    Tool,
    ToolType,
)
from atelier_tui.wording import remedy_text
from tests.support.fixed_time import FIXED_NOW

NOW = datetime(2026, 3, 16, 10, 30, tzinfo=UTC)
TODAY = NOW.date()


# ----------------------------------------------------------------------------------------------
# Fixtures: one migrated and catalogued file per module, copied for each test that writes.
# ----------------------------------------------------------------------------------------------


def _open(path: Path) -> Engine:
    return make_engine(f"sqlite:///{path}")


@pytest.fixture(scope="module")
def catalogued_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo_template") / "catalogued.db"
    engine = _open(path)
    migrate.upgrade(engine)
    import_catalogs(engine, [SHIPPED_CATALOGS], SYSTEM, NOW)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def fresh_engine(catalogued_file: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A catalogued database with no workshop, for tests that generate."""
    engines: list[Engine] = []

    def make(name: str = "x.db") -> Engine:
        path = tmp_path / name
        shutil.copyfile(catalogued_file, path)
        engines.append(_open(path))
        return engines[-1]

    yield make
    for engine in engines:
        engine.dispose()


@pytest.fixture(scope="module")
def small_demo(catalogued_file: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One small demo shared by the tests that only read it."""
    path = tmp_path_factory.mktemp("small_demo") / "x.db"
    shutil.copyfile(catalogued_file, path)
    engine = _open(path)
    summary = generate_demo(engine, "small", now=NOW)
    yield engine, summary
    engine.dispose()


def _dump(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """Every table's rows, sorted, as text; audit ids and times left out."""
    tables: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if not (table.name == "audit_event" and c.name in ("id", "at"))]
            rows = connection.execute(select(*columns)).all()
            tables[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return tables


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()


# ----------------------------------------------------------------------------------------------
# The small demo
# ----------------------------------------------------------------------------------------------


def test_small_demo_has_the_promised_workshop(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, summary = small_demo
    assert isinstance(summary, DemoSummary)
    with engine.connect() as c:
        assert c.execute(select(Site.code, Site.name)).all() == [("PARIS", "Atelier Horloger — Paris")]
        roles = Counter(c.execute(select(Staff.role)).scalars())
        logins = c.execute(select(Staff.login)).scalars().all()
        benches = c.execute(select(Bench.code, Bench.features)).all()
    assert _count(engine, Bench) == summary.counts["bench"] == 6
    assert _count(engine, Staff) == summary.counts["staff"] == 8
    assert roles == {"technician": 5, "lead": 2, "admin": 1}
    assert "cmartin" in logins and all(re.fullmatch(r"[a-z]+", login) for login in logins)
    assert ["esd"] in [features for _, features in benches]
    assert ["extraction"] in [features for _, features in benches]
    assert 140 <= _count(engine, Tool) == summary.counts["tool"] <= 160
    assert 110 <= _count(engine, Lot) == summary.counts["lot"] <= 130
    assert _count(engine, RepairOrder) == summary.counts["repair_order"] == 25
    assert _count(engine, StockMovement) == summary.counts["stock_movement"]
    assert _count(engine, MaintenanceRecord) == summary.counts["maintenance_record"] > 0


def test_small_demo_places_tools_sensibly(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        rows = c.execute(
            select(Tool.asset_tag, ToolType.key, Bench.code, Tool.home_location_id, Tool.bench_id, Tool.home_bench_id,
                   Tool.status, Tool.status_reason)
            .join(ToolType, ToolType.id == Tool.tool_type_id)
            .outerjoin(Bench, Bench.id == Tool.home_bench_id)
        ).all()
    assert all(re.fullmatch(r"AT-\d{5}", row.asset_tag) for row in rows)
    kit = {(row.code, row.key) for row in rows}
    for expected in [("QZ-01", "esd_mat"), ("QZ-01", "esd_wrist_strap"), ("QZ-01", "multimeter"),
                     ("QZ-01", "tweezers_plastic"), ("WR-01", "wr_tester_dry"), ("WR-01", "wr_tester_wet"),
                     ("WR-01", "case_back_press"), ("WR-01", "crystal_press"), ("ME-01", "timegrapher"),
                     ("ME-02", "demagnetizer")]:
        assert expected in kit
    assert any(row.code is None and row.home_location_id for row in rows)  # spares in the store
    out_of_service = [row for row in rows if row.status == "out_of_service"]
    assert len(out_of_service) >= 2 and all(row.status_reason for row in out_of_service)
    lent = [row for row in rows if row.status == "checked_out"]
    assert len(lent) == 1 and lent[0].bench_id != lent[0].home_bench_id


def test_every_lot_is_the_sum_of_its_ledger_and_never_negative(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        quantities = dict(c.execute(select(Lot.id, Lot.quantity_micro)).all())
        ledger = c.execute(
            select(StockMovement.lot_id, StockMovement.kind, StockMovement.quantity_micro)
            .order_by(StockMovement.lot_id, StockMovement.at, StockMovement.id)
        ).all()
    balances: dict[int, int] = {}
    for lot_id, kind, quantity in ledger:
        if lot_id not in balances:
            assert kind == "receipt"
        balances[lot_id] = balances.get(lot_id, 0) + quantity
        assert balances[lot_id] >= 0
    assert balances == quantities
    assert all(quantity >= 0 for quantity in quantities.values())
    assert {kind for _, kind, _ in ledger} >= {"receipt", "consumption"}


def test_stock_shows_expired_expiring_opened_and_short_supplies(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        lots = c.execute(
            select(Lot.supply_type_id, Lot.quantity_micro, Lot.status, Lot.expires_on, Lot.opened_on,
                   SupplyType.shelf_life_after_opening_days)
            .join(SupplyType, SupplyType.id == Lot.supply_type_id)
        ).all()
        reorder_points = dict(c.execute(select(SupplyType.id, SupplyType.reorder_point_micro)).all())
    usable = [lot for lot in lots if lot.status == "available" and lot.quantity_micro > 0]
    assert any(lot.expires_on and lot.expires_on < TODAY for lot in usable)
    assert any(lot.expires_on and TODAY <= lot.expires_on <= TODAY + timedelta(days=30) for lot in usable)
    assert any(
        lot.opened_on and lot.shelf_life_after_opening_days
        and lot.opened_on + timedelta(days=lot.shelf_life_after_opening_days) < TODAY
        for lot in usable
    )
    stock: Counter[int] = Counter()
    for lot in lots:
        if lot.status == "available":
            stock[lot.supply_type_id] += lot.quantity_micro
    short = [supply for supply, quantity in stock.items() if quantity < reorder_points[supply]]
    assert short


def test_maintenance_history_has_overdue_and_due_soon_tools(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        records = c.execute(
            select(MaintenanceRecord.tool_id, MaintenancePlan.key, MaintenancePlan.kind, MaintenancePlan.every_days,
                   MaintenancePlan.grace_days, MaintenanceRecord.performed_at, MaintenanceRecord.result,
                   MaintenanceRecord.certificate_ref)
            .join(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
        ).all()
    latest = {}
    for record in records:
        key = (record.tool_id, record.key)
        if key not in latest or record.performed_at > latest[key].performed_at:
            latest[key] = record
    overdue, due_soon = [], []
    for record in latest.values():
        if not record.every_days:
            continue
        due = record.performed_at + timedelta(days=record.every_days)
        if due + timedelta(days=record.grace_days) < NOW:
            overdue.append(record.key)
        elif due - NOW <= timedelta(days=14):
            due_soon.append(record.key)
    assert "timegrapher_calibration" in overdue and "timegrapher_calibration" in due_soon
    calibrated = [r.performed_at.date() for r in latest.values() if r.key == "timegrapher_calibration"]
    assert TODAY - timedelta(days=380) in calibrated
    wrist_strap = [r.performed_at.date() for r in records if r.key == "wrist_strap_daily_test"]
    assert TODAY - timedelta(days=1) in wrist_strap and TODAY not in wrist_strap
    calibrations = [r for r in records if r.kind == "calibration"]
    assert calibrations and all(r.certificate_ref and r.result in ("pass", "adjusted") for r in calibrations)
    assert all(r.performed_at <= NOW for r in records)


def test_orders_fit_their_watches_benches_and_technicians(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        orders = c.execute(select(RepairOrder)).all()
        calibre_kinds = dict(c.execute(select(Calibre.id, Calibre.movement_kind)).all())
        staff = {row.id: row for row in c.execute(select(Staff.id, Staff.level, Staff.movement_kinds))}
        fits = c.execute(
            select(RepairOrder.movement_kind, InterventionType.movement_kinds)
            .join(OrderIntervention, OrderIntervention.order_id == RepairOrder.id)
            .join(InterventionType, InterventionType.id == OrderIntervention.intervention_type_id)
        ).all()
    assert [o.reference for o in sorted(orders, key=lambda o: o.id)][:1] == ["OR-2026-0001"]
    assert all(re.fullmatch(r"OR-\d{4}-\d{4}", o.reference) for o in orders)
    assert {o.status for o in orders} >= {"received", "accepted", "ready", "in_progress", "quality_control", "done"}
    assert fits and all(kind in kinds for kind, kinds in fits)
    for order in orders:
        if order.calibre_id is not None:
            assert calibre_kinds[order.calibre_id] == order.movement_kind
        if order.water_resistance_text:
            assert order.water_resistance_bar == parse_water_resistance(order.water_resistance_text).value
        if order.status == "in_progress":
            assert order.bench_id is not None
        if order.bench_id is not None:  # in progress, or waiting on its bench
            technician = staff[order.technician_id]
            assert technician.level >= order.level and order.movement_kind in technician.movement_kinds
    assert any(o.deadline < TODAY for o in orders if o.status not in ("done", "returned"))
    assert {o.luminous for o in orders if o.vintage} >= {"tritium", "radium"}
    assert {o.brand for o in orders} >= {"Tissot", "Longines", "Omega"}


def test_todays_bench_checklists(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, _ = small_demo
    with engine.connect() as c:
        runs = c.execute(
            select(ChecklistRun.id, ChecklistRun.run_date, ChecklistRun.passed, ChecklistRun.signed_at)
            .where(ChecklistRun.order_id.is_(None))
        ).all()
        failed_answers = c.execute(select(ChecklistAnswer.answer, ChecklistAnswer.reason)
                                   .join(ChecklistRun, ChecklistRun.id == ChecklistAnswer.run_id)
                                   .where(ChecklistRun.passed.is_(False))).all()
    # QZ-01 and ME-01 passed, WR-01 failed, and PO-01 passed for the work waiting there.
    assert sorted(run.passed for run in runs) == [False, True, True, True]
    assert all(run.run_date == TODAY and run.signed_at is not None and run.signed_at <= NOW for run in runs)
    assert any(answer == "not_ok" and reason for answer, reason in failed_answers)


def test_each_watch_on_a_bench_was_checked_for_its_order_by_the_technician_there(small_demo) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: what is checked of one watch is its order's checklist, run on its bench by the
    technician the work is for, before work on it starts."""
    engine, _ = small_demo
    with engine.connect() as c:
        runs = c.execute(
            select(ChecklistRun.order_id, ChecklistRun.bench_id, ChecklistRun.run_by_id, ChecklistRun.passed,
                   ChecklistRun.signed_at, RepairOrder.bench_id.label("order_bench"), RepairOrder.technician_id)
            .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistRun.template_id)
            .join(RepairOrder, RepairOrder.id == ChecklistRun.order_id)
            .where(ChecklistTemplate.key == "order_preparation")
        ).all()
        jobs = c.execute(
            select(RepairOrder.id, InterventionType.checklists)
            .join(OrderIntervention, OrderIntervention.order_id == RepairOrder.id)
            .join(InterventionType, InterventionType.id == OrderIntervention.intervention_type_id)
            .where(RepairOrder.bench_id.is_not(None), RepairOrder.status.in_(STARTABLE_STATUSES))
        ).all()
    waiting = {order_id for order_id, checklists in jobs if "order_preparation" in checklists}
    assert runs and waiting and waiting <= {run.order_id for run in runs}
    assert all(run.passed and run.signed_at <= NOW and run.bench_id == run.order_bench and run.run_by_id == run.technician_id
               for run in runs)


def test_work_waits_on_benches_some_ready_to_start_some_held_for_reasons_shown(demo_db: Path) -> None:
    """On the demo's own day (the conftest's FIXED_NOW), a lead finds orders waiting on their
    benches, for the technician who holds each bench: some GO, some NO-GO for different reasons,
    each with something to do about it."""
    engine = _open(demo_db)
    with engine.connect() as c:
        waiting = c.execute(
            select(RepairOrder.reference, RepairOrder.technician_id, Bench.technician_id.label("holder"), Bench.features)
            .join(Bench, Bench.id == RepairOrder.bench_id)
            .where(RepairOrder.status.in_(STARTABLE_STATUSES))
            .order_by(RepairOrder.reference)
        ).all()
        needs = dict(c.execute(
            select(RepairOrder.reference, InterventionType.bench_features)
            .join(OrderIntervention, OrderIntervention.order_id == RepairOrder.id)
            .join(InterventionType, InterventionType.id == OrderIntervention.intervention_type_id)
            .where(RepairOrder.bench_id.is_not(None), RepairOrder.status.in_(STARTABLE_STATUSES))
        ).all())
    assert all(order.technician_id is not None and order.technician_id == order.holder for order in waiting)
    assert all(set(needs[order.reference]) <= set(order.features) for order in waiting)
    verdicts = [check_order(engine, order.reference, None, FIXED_NOW, FIXED_NOW.date()) for order in waiting]
    go = [verdict for verdict in verdicts if verdict.ready]
    no_go = [verdict for verdict in verdicts if not verdict.ready]
    assert len(go) >= 2 and len(no_go) >= 3
    blocking = [finding for verdict in no_go for finding in verdict.blocking]
    assert len({finding.code for finding in blocking}) >= 3
    assert all(finding.remedy is not None for finding in blocking)
    assert {finding.remedy.action for finding in blocking if finding.remedy} >= {"check_out", "run_checklist", "reorder"}
    # The broken tweezers on QZ-01 hold a job, and a spare waits in a cabinet.
    tweezers = next(finding for finding in blocking if finding.subject == "AT-00023")
    assert tweezers.code == "out_of_service" and tweezers.remedy and tweezers.remedy.action == "check_out"
    assert "in C" in remedy_text(tweezers.remedy) and not tweezers.remedy.benches
    # The lead's dashboard lists every order held.
    blocked = lead_dashboard(engine, FIXED_NOW.date(), FIXED_NOW).blocked_orders
    assert {row.reference for row in blocked.rows} == {verdict.order for verdict in no_go}
    engine.dispose()


def test_one_audit_event_sums_up_the_generation(small_demo) -> None:  # type: ignore[no-untyped-def]
    engine, summary = small_demo
    with engine.connect() as c:
        events = c.execute(select(AuditEvent.actor, AuditEvent.entity, AuditEvent.after)
                           .where(AuditEvent.action == "generate_demo")).all()
    assert events == [("system", "workshop", {**summary.counts, "size": summary.size, "seed": summary.seed})]


# ----------------------------------------------------------------------------------------------
# Determinism and refusals
# ----------------------------------------------------------------------------------------------


def test_same_seed_and_now_give_identical_databases(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    first, second, other_seed = fresh_engine("a.db"), fresh_engine("b.db"), fresh_engine("c.db")
    generate_demo(first, "small", seed=1847, now=NOW)
    generate_demo(second, "small", seed=1847, now=NOW)
    generate_demo(other_seed, "small", seed=7, now=NOW)
    assert _dump(first) == _dump(second)
    assert _dump(first) != _dump(other_seed)


def test_a_second_generation_is_refused_and_changes_nothing(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_engine()
    generate_demo(engine, "small", now=NOW)
    before = _dump(engine)
    with pytest.raises(ServiceError, match="already holds a workshop"):
        generate_demo(engine, "small", seed=99, now=NOW + timedelta(days=3))
    assert _dump(engine) == before


def test_refused_before_catalogs_are_imported(tmp_path: Path) -> None:
    engine = _open(tmp_path / "x.db")
    migrate.upgrade(engine)
    with pytest.raises(ServiceError, match="catalogs are not imported"):
        generate_demo(engine, "small", now=NOW)
    assert _count(engine, Site) == 0
    engine.dispose()


def test_refused_for_a_non_admin_or_an_unknown_size(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_engine()
    with pytest.raises(ServiceError, match="may not generate a demo workshop: this needs admin"):
        generate_demo(engine, "small", now=NOW, actor=Actor("cmartin", "lead"))
    with pytest.raises(ServiceError, match="unknown demo size"):
        generate_demo(engine, "huge", now=NOW)
    assert _count(engine, Site) == 0


# ----------------------------------------------------------------------------------------------
# The large workshop
# ----------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_large_demo_has_exact_counts_and_a_sound_ledger(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_engine()
    started = time.perf_counter()
    summary = generate_demo(engine, "large", now=NOW)
    elapsed = time.perf_counter() - started
    print(f"large demo generated in {elapsed:.1f} s: {summary.counts}")
    assert elapsed < 60
    assert (_count(engine, Tool), _count(engine, Lot), _count(engine, StockMovement), _count(engine, RepairOrder)) == (
        10_000, 2_000, 100_000, 5_000)
    assert (summary.counts["tool"], summary.counts["lot"], summary.counts["stock_movement"],
            summary.counts["repair_order"]) == (10_000, 2_000, 100_000, 5_000)
    assert (_count(engine, Site), _count(engine, Bench), _count(engine, Staff)) == (1, 60, 80)
    with engine.connect() as c:
        mismatched = c.exec_driver_sql(
            "SELECT count(*) FROM lot LEFT JOIN (SELECT lot_id, sum(quantity_micro) AS total FROM stock_movement"
            " GROUP BY lot_id) ledger ON ledger.lot_id = lot.id WHERE lot.quantity_micro != coalesce(ledger.total, 0)"
        ).scalar_one()
        dipped = c.exec_driver_sql(
            "SELECT count(*) FROM (SELECT sum(quantity_micro) OVER (PARTITION BY lot_id ORDER BY at, id) AS balance"
            " FROM stock_movement) WHERE balance < 0"
        ).scalar_one()
        busy_benches = c.execute(
            select(RepairOrder.bench_id, func.count())
            .where(RepairOrder.status == "in_progress")
            .group_by(RepairOrder.bench_id)
        ).all()
    assert mismatched == 0 and dipped == 0
    assert busy_benches and all(bench is not None and n == 1 for bench, n in busy_benches)


def test_dates_follow_now_not_the_clock(fresh_engine) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_engine()
    long_ago = datetime(2019, 6, 3, 15, 0, tzinfo=UTC)
    generate_demo(engine, "small", now=long_ago)
    with engine.connect() as c:
        latest_movement = c.execute(select(func.max(StockMovement.at))).scalar_one()
        latest_reception = c.execute(select(func.max(RepairOrder.received_on))).scalar_one()
    assert latest_movement <= long_ago
    assert latest_reception <= long_ago.date() and isinstance(latest_reception, date)
