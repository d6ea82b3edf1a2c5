"""Crash safety: a real `atelier` process is killed with SIGKILL in the middle of its write
transaction (a catalog import, a workshop import, a sheet close), and the database must come out
whole: `PRAGMA integrity_check` is "ok", everything committed before is there byte for byte, none
of the killed operation is (it is all-or-nothing, and it had not committed), the audit hash chain
is intact, the stock ledger sums to the lots, and the same command run again then succeeds and
gives the same database as an uninterrupted run of the operation on a copy.

"In the middle" is observed from outside: while the process is inside its transaction another
connection cannot take the write lock (tests/support/crash_helpers.py). Each operation is killed twice, at
the same time on two copies of the database: as soon as its lock is seen, and later, part-way
through its transaction (the lock is checked again just before the kill). The command is then run
again on the first copy."""

from __future__ import annotations

import signal
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from atelier_tui.domain.units import to_micro
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import Calibre, Location, Lot, RepairOrder, Site, StockMovement, SupplyType
from tests.support.crash_helpers import (
    chain_break,
    content,
    counts,
    dump,
    integrity,
    kill_inside_transaction,
    ledger_mismatches,
    run_atelier,
    timed,
)

pytestmark = pytest.mark.slow

CATALOG_ENTRIES = 160  # capabilities, plus a quarter as many attributes
WORKSHOP_ENTRIES = 40  # new tools, and as many new lots; every existing Bergeon tool is updated too
RESERVED_LOTS = 100  # lots reserved for the order whose sheet is closed
LATE = 0.3  # the late kill: this share of an uninterrupted run's duration after the lock is seen


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy, WAL included (SQLite's online backup)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def engine_of(db: Path):  # type: ignore[no-untyped-def]
    return make_engine(f"sqlite:///{db}")


def actor_of(engine):  # type: ignore[no-untyped-def]
    from atelier_tui.services.staff.identity import os_account, resolve_identity

    return resolve_identity(engine, os_account(), None).actor()


def assert_sound(db: Path, invariants: Callable[[Path], None]) -> None:
    assert integrity(db) == "ok"
    assert chain_break(db) is None
    assert ledger_mismatches(db) == []
    invariants(db)


def crash_and_recover(db: Path, args: tuple[str, ...], reference: Callable[[Path], None], tmp_path: Path,
                      invariants: Callable[[Path], None] = lambda db: None) -> dict[str, float]:
    """The whole proof for one operation; returns timings for the report.

    The two kills run at the same time, each on its own copy of the database: one as soon as the
    process is seen holding the write lock, one part-way through its transaction."""
    assert_sound(db, invariants)
    before_dump, before_counts = dump(db), counts(db)

    # Once untimed: the first run in a test process also imports what the operation needs (pint,
    # the catalog parsers), which the killed command pays before it takes the lock. Timed with it,
    # the late kill could come after the command's transaction had ended.
    reference(copy_database(db, tmp_path / "warm_up.db"))
    uninterrupted = copy_database(db, tmp_path / "uninterrupted.db")
    run_seconds = timed(lambda: reference(uninterrupted))
    assert_sound(uninterrupted, invariants)
    after_counts = counts(uninterrupted)
    assert after_counts != before_counts, "the operation must change the database for the test to mean anything"

    late_copy = copy_database(db, tmp_path / "killed_late.db")
    moments = {"early": (db, 0.0), "late": (late_copy, LATE * run_seconds)}
    with ThreadPoolExecutor(max_workers=len(moments)) as pool:
        running = {moment: pool.submit(kill_inside_transaction, target, args, delay=delay)
                   for moment, (target, delay) in moments.items()}
        kills = {moment: future.result() for moment, future in running.items()}
    timings = {"uninterrupted run": run_seconds}
    for moment, kill in kills.items():
        killed_db = moments[moment][0]
        assert kill.returncode == -signal.SIGKILL, (moment, kill.returncode, kill.stdout, kill.stderr)
        assert kill.locked_just_before_kill, f"{moment}: the transaction had ended before the kill"
        assert kill.stdout == "", f"{moment}: the command finished its work before the kill: {kill.stdout}"
        timings[f"{moment} kill: seconds inside the transaction"] = kill.killed_after_lock
        assert_sound(killed_db, invariants)
        assert counts(killed_db) == before_counts, f"{moment}: part of the killed operation is in the database"
        assert dump(killed_db) == before_dump, f"{moment}: the database is not what was committed before the kill"

    rerun = run_atelier(db, *args)  # the next command on a killed database works, as if nothing happened
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_sound(db, invariants)
    assert counts(db) == after_counts
    assert content(db) == content(uninterrupted)
    print(f"{' '.join(args[:2])}: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in timings.items()))
    return timings


# --- 1. catalog import ----------------------------------------------------------------------------

def write_catalog(path: Path) -> Path:
    entries = [f'[[capability]]\nkey = "crash_capability_{n:05d}"\nname_en = "Crash capability {n}"\n'
               f'name_fr = "Capacité de crash {n}"\n' for n in range(CATALOG_ENTRIES)]
    entries += [f'[[attribute]]\nkey = "crash_length_{n:05d}"\nname_en = "Crash length {n}"\n'
                f'name_fr = "Longueur de crash {n}"\nunit = "mm"\n' for n in range(CATALOG_ENTRIES // 4)]
    path.write_text("\n".join(entries), encoding="utf-8")
    return path


def test_a_catalog_import_killed_mid_transaction_leaves_nothing_half_imported(catalogued_db: Path, tmp_path: Path) -> None:
    from atelier_tui.services.context import Actor
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.services.transfer.catalog_import import import_catalogs

    catalog = write_catalog(tmp_path / "big_catalog.toml")
    # The command imports as the person running it: here the account administering a workshop
    # with no staff yet, as the reference run does.
    person = Actor(login=os_account(), role="admin")

    def reference(db: Path) -> None:
        engine = engine_of(db)
        try:
            summary = import_catalogs(engine, [catalog], person, datetime.now(UTC))
        finally:
            engine.dispose()
        assert summary.created["capability"] == CATALOG_ENTRIES

    crash_and_recover(catalogued_db, ("catalog", "import", str(catalog)), reference, tmp_path)


# --- 2. workshop import ---------------------------------------------------------------------------

def write_workshop_file(db: Path, path: Path) -> Path:
    from atelier_tui.services.transfer.workshop_file import export_workshop

    engine = engine_of(db)
    try:
        exported = export_workshop(engine)
    finally:
        engine.dispose()
    assert exported.count('maker = "Bergeon"') > 10
    text = exported.replace('maker = "Bergeon"', 'maker = "Bergeon SA"')  # updates of existing tools
    extra = []
    for n in range(WORKSHOP_ENTRIES):
        extra.append(f'[[tool]]\nasset_tag = "CRASH-{n:05d}"\nsite = "PARIS"\ntool_type = "screwdriver_060"\n'
                     f'maker = "Bergeon"\nhome = "QZ-01"\nstatus = "in_service"\nusage_count = 0\nacquired_on = 2024-01-02\n')
        extra.append(f'[[lot]]\nsupply = "battery_cr2016"\nlot_number = "CRASH-{n:05d}"\nsite = "PARIS"\nlocation = "BAT-1"\n'
                     f'quantity = "{n % 40 + 1} piece"\nreceived_on = 2025-04-02\nstatus = "available"\n')
    path.write_text(text + "\n" + "\n".join(extra), encoding="utf-8")
    return path


def test_a_workshop_import_killed_mid_transaction_leaves_nothing_half_imported(demo_db: Path, tmp_path: Path) -> None:
    from atelier_tui.services.transfer.workshop_file import import_workshop

    workshop = write_workshop_file(demo_db, tmp_path / "workshop.toml")

    def reference(db: Path) -> None:
        engine = engine_of(db)
        try:
            report = import_workshop(engine, workshop.read_text(encoding="utf-8"), str(workshop), actor_of(engine),
                                     datetime.now(UTC))
        finally:
            engine.dispose()
        assert report.count("create") == 2 * WORKSHOP_ENTRIES and report.count("update") > 10

    crash_and_recover(demo_db, ("import", str(workshop)), reference, tmp_path)


# --- 3. sheet close -------------------------------------------------------------------------------

STARTED_RESERVATIONS = 2  # `order start` reserves the SR626SW cell and the finger cots


def sheet_consistent(db: Path) -> None:
    """The order's status follows its sheet; its reservations are all reserved while the sheet is
    open and all consumed once closed; every lot's reservation is what its reserved uses add up to."""
    with sqlite3.connect(db) as connection:
        (order_status, sheet_status), = connection.execute(
            "SELECT o.status, s.status FROM repair_order o JOIN intervention_sheet s ON s.order_id = o.id "
            "WHERE o.reference = 'OR-A'").fetchall()
        assert (order_status, sheet_status) in {("in_progress", "open"), ("quality_control", "closed")}
        states = dict(connection.execute(
            "SELECT u.state, count(*) FROM sheet_lot_use u JOIN repair_order o ON o.id = u.order_id "
            "WHERE o.reference = 'OR-A' GROUP BY u.state").fetchall())
        assert states == ({"reserved": RESERVED_LOTS + STARTED_RESERVATIONS} if sheet_status == "open" else {"consumed": RESERVED_LOTS + STARTED_RESERVATIONS})
        consumed = connection.execute(
            "SELECT count(*) FROM stock_movement m JOIN repair_order o ON o.id = m.order_id "
            "WHERE o.reference = 'OR-A' AND m.kind = 'consumption'").fetchone()[0]
        assert consumed == (0 if sheet_status == "open" else RESERVED_LOTS + STARTED_RESERVATIONS)
        assert connection.execute(
            "SELECT lot.id FROM lot LEFT JOIN sheet_lot_use u ON u.lot_id = lot.id AND u.state = 'reserved' "
            "GROUP BY lot.id HAVING lot.reserved_micro != coalesce(sum(u.quantity_micro), 0)").fetchall() == []
    connection.close()


def started_order_with_many_reservations(engine, db: Path) -> None:  # type: ignore[no-untyped-def]
    """As tests/test_cli/sheets.py: a battery change started on QZ-A with every step ticked; then
    RESERVED_LOTS more lots reserved for it, and every lot's stock given its receipt in the ledger."""
    from atelier_tui.cli import cli
    from atelier_tui.services.sheets.keeping import tick_step
    from atelier_tui.services.sheets.queries import sheet_of
    from atelier_tui.store.models import SheetLotUse
    from tests.support.readiness_db import add_battery_order, prepare_workshop

    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(engine, cells=1, now=now)
    add_battery_order(engine, "OR-A", bench="QZ-A", today=now.date())
    with write_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    result = CliRunner().invoke(cli, ["--db", str(db), "order", "start", "OR-A"])
    assert result.exit_code == 0, result.output
    actor = actor_of(engine)
    for position in range(len(sheet_of(engine, "OR-A").steps)):
        tick_step(engine, actor, now, "OR-A", position)
    with write_session(engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        site_id = session.execute(select(Site.id)).scalars().first()
        drawer = session.execute(select(Location.id)).scalars().first()
        cots = session.execute(select(SupplyType.id).where(SupplyType.key == "finger_cots")).scalar_one()
        for n in range(RESERVED_LOTS):
            lot = Lot(supply_type_id=cots, site_id=site_id, lot_number=f"CRASH-{n:05d}", location_id=drawer,
                      quantity_micro=to_micro(10), reserved_micro=to_micro(2), received_on=now.date() - timedelta(days=3))
            session.add(lot)
            session.flush()
            session.add(SheetLotUse(order_id=order.id, lot_id=lot.id, quantity_micro=to_micro(2)))
        session.flush()
        for lot in session.execute(select(Lot)).scalars():
            booked = session.execute(select(func.coalesce(func.sum(StockMovement.quantity_micro), 0))
                                     .where(StockMovement.lot_id == lot.id)).scalar_one()
            if booked != lot.quantity_micro:
                session.add(StockMovement(lot_id=lot.id, supply_type_id=lot.supply_type_id, kind="receipt",
                                          quantity_micro=lot.quantity_micro - booked, at=now, reason="opening stock"))
    with read_session(engine) as session:
        assert session.execute(select(RepairOrder.status).where(RepairOrder.reference == "OR-A")).scalar_one() == "in_progress"


def test_a_sheet_close_killed_mid_transaction_leaves_the_order_open_and_the_stock_untouched(
        catalogued_engine, catalogued_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.services.sheets.keeping import close_sheet

    started_order_with_many_reservations(catalogued_engine, catalogued_db)
    # catalogued_engine stays open: the setup's commits stay in the WAL, not yet checkpointed into
    # the database file, when the process is killed.
    sheet_consistent(catalogued_db)

    def reference(db: Path) -> None:
        engine = engine_of(db)
        try:
            closed = close_sheet(engine, actor_of(engine), datetime.now(UTC), "OR-A")
        finally:
            engine.dispose()
        assert len(closed.consumed) == RESERVED_LOTS + STARTED_RESERVATIONS

    crash_and_recover(catalogued_db, ("sheet", "close", "OR-A"), reference, tmp_path, invariants=sheet_consistent)
    with sqlite3.connect(catalogued_db) as connection:
        assert connection.execute("SELECT status FROM repair_order WHERE reference = 'OR-A'").fetchone() == ("quality_control",)
    connection.close()
