"""Backups taken while another process writes, restored into a database that passes its integrity
check and holds every change committed before the backup; restores refused while another process
has the database open (writing or not) and recorded in the restored audit trail; the refusals;
`atelier backup|restore`. Real SQLite files, real processes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli  # first: it registers `backup` and `restore` (cli_completion reads them)
from atelier_tui.store import migrate
from atelier_tui.store.backup import BackupError, backup_sqlite, check_backup, known_revisions, restore_sqlite
from atelier_tui.store.engine import make_engine
from tests.support.polling import wait_until
from tests.support.runner_account import register_test_runner

ROOT = Path(__file__).resolve().parents[2]

# Receives a lot of 5 cells then takes one from it, again and again, through the real services;
# each change is appended to the log only once its transaction has committed.
WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from pathlib import Path

    from atelier_tui.services.stock import ledger as stock
    from atelier_tui.services.context import Actor
    from atelier_tui.store.engine import make_engine

    url, log, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    prefix = sys.argv[4] if len(sys.argv) > 4 else "W"
    engine = make_engine(url)
    actor = Actor(login="writer", role="lead")  # receives lots
    with log.open("a", encoding="utf-8") as out:
        i = 0
        while not stop.exists() and i < 2000:
            now = datetime.now(UTC)
            stock.receive_lot(engine, actor, now, "battery_sr626sw", f"{prefix}-{i}", "5 pcs", "C1")
            out.write(f"receive {prefix}-{i} 5\\n")
            out.flush()
            stock.consume(engine, actor, now, "battery_sr626sw", f"{prefix}-{i}", "1 piece")
            out.write(f"consume {prefix}-{i} 1\\n")
            out.flush()
            i += 1
    engine.dispose()
""")

# A terminal left open on a screen: it has read the database and keeps its connection, idle, until
# a line comes on its standard input (it blocks on the read: nothing to poll).
HOLDER = textwrap.dedent("""
    import sys

    from atelier_tui.store.engine import make_engine

    engine = make_engine(sys.argv[1])
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT count(*) FROM lot").one()
    print("open", flush=True)  # the connection is back in the pool: the file stays open, no transaction
    sys.stdin.readline()
    engine.dispose()
""")


def _sqlite(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def _integrity(path: Path) -> str:
    connection = _sqlite(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


def _lines(log: Path) -> list[str]:
    # Only whole lines: the writer may be half-way through writing the last one.
    text = log.read_text(encoding="utf-8") if log.exists() else ""
    return text.splitlines()[: text.count("\n")]


def _lot_count(path: Path) -> int:
    connection = _sqlite(path)
    try:
        return connection.execute("SELECT count(*) FROM lot").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def workshop_db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)  # backups are an admin's
    small_workshop.dispose()
    return catalogued_db


def _start_writer(db: Path, tmp_path: Path, prefix: str = "W") -> tuple[subprocess.Popen[bytes], Path, Path]:
    log, stop = tmp_path / f"committed-{prefix}.log", tmp_path / "stop"
    process = subprocess.Popen([sys.executable, "-c", WRITER, f"sqlite:///{db}", str(log), str(stop), prefix], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    def writing() -> bool:
        assert process.poll() is None, process.communicate()[1].decode()
        return len(_lines(log)) >= 20

    wait_until(writing, 120, "the writer did not start writing")
    return process, log, stop


def _hold_open(db: Path) -> subprocess.Popen[str]:
    """Another process with the database open, idle; `process.communicate("\\n")` lets it go."""
    process = subprocess.Popen([sys.executable, "-c", HOLDER, f"sqlite:///{db}"], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "open", process.communicate()[1]
    return process


def _sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(f"{path.name}-*"))


def _stop_writer(process: subprocess.Popen[bytes], stop: Path) -> None:
    stop.touch()
    _, err = process.communicate(timeout=60)
    assert process.returncode == 0, err.decode()


def test_backup_while_another_process_writes_restores_every_committed_change(workshop_db: Path, tmp_path: Path) -> None:
    process, log, stop = _start_writer(workshop_db, tmp_path)
    try:
        committed = _lines(log)
        result = backup_sqlite(f"sqlite:///{workshop_db}", tmp_path / "atelier.bak")
        # The writer was never stopped by the backup: it goes on committing after it.
        wait_until(lambda: len(_lines(log)) > len(committed), 120, "the writer stopped committing around the backup")
    finally:
        _stop_writer(process, stop)
    assert result.path == tmp_path / "atelier.bak" and result.pages > 0 and result.size == result.path.stat().st_size
    assert result.revision == known_revisions()[-1]
    assert not list(tmp_path.glob(".atelier.bak*")), "no temporary file left behind"
    assert not Path(f"{result.path}-wal").exists(), "the backup is one self-contained file"

    fresh = tmp_path / "restored" / "atelier.db"
    restored = restore_sqlite(result.path, f"sqlite:///{fresh}")
    assert restored.database == fresh and restored.kept is None and not restored.upgraded
    assert _integrity(fresh) == "ok"

    connection = _sqlite(fresh)
    try:
        lots = dict(connection.execute("SELECT lot_number, id FROM lot WHERE lot_number LIKE 'W-%'").fetchall())
        quantities = dict(connection.execute("SELECT id, quantity_micro FROM lot").fetchall())
        ledger = dict(connection.execute("SELECT lot_id, sum(quantity_micro) FROM stock_movement GROUP BY lot_id").fetchall())
        consumed = {row[0] for row in connection.execute("SELECT lot_id FROM stock_movement WHERE kind = 'consumption'")}
    finally:
        connection.close()
    for line in committed:
        kind, lot, _amount = line.split()
        assert lot in lots, f"{line!r} was committed before the backup but is missing"
        if kind == "consume":
            assert lots[lot] in consumed, f"{line!r} was committed before the backup but is missing"
    everything = _lines(log)
    assert all(f"receive {lot} 5" in everything for lot in lots), "nothing uncommitted appears"
    assert ledger == quantities, "the ledger sums to every lot's quantity"
    assert all(quantities[lots[lot]] == (4_000_000 if lots[lot] in consumed else 5_000_000) for lot in lots)


def test_restore_over_a_live_database_keeps_the_replaced_one(workshop_db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{workshop_db}"
    before = _lot_count(workshop_db)
    backup = backup_sqlite(url, tmp_path / "before.bak").path
    process, _log, stop = _start_writer(workshop_db, tmp_path)
    _stop_writer(process, stop)
    changed = _lot_count(workshop_db)
    assert changed > before

    holder = _hold_open(workshop_db)  # another terminal, idle on a screen
    try:
        with pytest.raises(BackupError, match=r"^someone is using the database: .* is open in another process .*changed "
                                              "nothing: close them, then restore$") as refused:
            restore_sqlite(backup, url, lock_timeout=0.5)
        assert refused.value.busy
        assert _lot_count(workshop_db) == changed and not list(tmp_path.glob("*.before-restore-*"))
    finally:
        holder.communicate("\n", timeout=60)
    result = restore_sqlite(backup, url)
    assert _lot_count(workshop_db) == before and _integrity(workshop_db) == "ok"
    assert result.kept is not None and result.kept.parent == workshop_db.parent
    assert result.kept.name.startswith("atelier.db.before-restore-")
    assert _integrity(result.kept) == "ok" and _lot_count(result.kept) == changed


def test_restore_reports_the_restored_size_and_leaves_one_self_contained_file(workshop_db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{workshop_db}"
    backup = backup_sqlite(url, tmp_path / "small.bak")
    process, _log, stop = _start_writer(workshop_db, tmp_path)
    try:
        wait_until(lambda: workshop_db.stat().st_size + Path(f"{workshop_db}-wal").stat().st_size >= 2 * backup.size, 120,
                   "the database did not grow")
    finally:
        _stop_writer(process, stop)
    result = restore_sqlite(backup.path, url)
    assert result.size == backup.size == result.pages * 4096  # the backup's size, not the replaced database's
    assert workshop_db.stat().st_size == result.size and _sidecars(workshop_db) in ([], ["atelier.db-shm"])
    assert (result.backup, result.backup_size) == (backup.path, backup.size)


def test_restore_is_refused_while_four_processes_write(workshop_db: Path, tmp_path: Path) -> None:
    backup = backup_sqlite(f"sqlite:///{workshop_db}", tmp_path / "atelier.bak").path
    writers = [_start_writer(workshop_db, tmp_path, prefix) for prefix in ("A", "B", "C", "D")]
    try:
        refused = atelier(workshop_db, "restore", str(backup), "--yes")
        during = [len(_lines(log)) for _process, log, _stop in writers]
        def every_writer_wrote_again() -> bool:
            for process, _log, _stop in writers:
                assert process.poll() is None, f"a writer failed: {process.communicate()[1].decode()[-400:]}"
            return all(len(_lines(log)) > count for (_process, log, _stop), count in zip(writers, during))

        wait_until(every_writer_wrote_again, 120, "the writers did not go on writing after the refusal")
    finally:
        for process, _log, stop in writers:
            _stop_writer(process, stop)
    assert refused.exit_code == 1, refused.output
    assert len(refused.stderr.splitlines()) == 1 and refused.stderr.startswith("someone is ")
    assert "changed nothing" in refused.stderr
    connection = _sqlite(workshop_db)
    try:
        lots = {row[0] for row in connection.execute("SELECT lot_number FROM lot")}
    finally:
        connection.close()
    committed = {line.split()[1] for _process, log, _stop in writers for line in _lines(log)}
    assert committed <= lots, "every change committed around the refusal is still there"
    assert not list(tmp_path.glob("*.before-restore-*")) and _sidecars(backup) == []

    quiet = atelier(workshop_db, "restore", str(backup), "--yes")  # once they have stopped
    assert quiet.exit_code == 0, quiet.output
    assert not committed & {row for row in _lot_numbers(workshop_db)} and _sidecars(backup) == []


def test_a_backup_is_read_without_leaving_anything_beside_it(workshop_db: Path, tmp_path: Path) -> None:
    # A database file in WAL mode used as a backup (a copy of a closed workshop, the output of `db copy`):
    # reading it, even read-only, used to leave -wal and -shm files beside it.
    copy = tmp_path / "copies" / "workshop-copy.db"
    copy.parent.mkdir()
    shutil.copyfile(workshop_db, copy)
    assert copy.read_bytes()[18:20] == b"\x02\x02" and _sidecars(copy) == []  # WAL mode
    restored = atelier(tmp_path / "elsewhere" / "atelier.db", "restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    assert _sidecars(copy) == [] and _lot_count(tmp_path / "elsewhere" / "atelier.db") == _lot_count(copy)
    assert check_backup(copy) == known_revisions()[-1] and _sidecars(copy) == []

    Path(f"{copy}-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 28)  # part of the database is elsewhere
    refused = atelier(workshop_db, "restore", str(copy), "--yes")
    assert refused.exit_code == 2 and refused.stderr == (
        f"FILE: {copy} has workshop-copy.db-wal beside it: it is a database in use, or a copy of one, not a backup; make "
        f"a backup of it with `atelier --db {copy} backup NEW_FILE` and restore that\n")
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_a_restore_is_recorded_in_the_restored_database_under_the_admin(workshop_db: Path, tmp_path: Path) -> None:
    from atelier_tui.services.audit.trail import chain_head, check_chain
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store.backup import snapshot_engine

    url = f"sqlite:///{workshop_db}"
    backup = backup_sqlite(url, tmp_path / "monday.bak").path
    process, _log, stop = _start_writer(workshop_db, tmp_path)
    _stop_writer(process, stop)
    engine = make_engine(url)
    try:
        replaced = chain_head(engine)
    finally:
        engine.dispose()
    reader = snapshot_engine(backup)
    try:
        brought_back = chain_head(reader)
    finally:
        reader.dispose()
    assert replaced.events > brought_back.events

    result = atelier(workshop_db, "restore", str(backup), "--yes")
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    try:
        checked = check_chain(engine)
        with engine.connect() as connection:
            row = connection.exec_driver_sql("SELECT id, actor, action, entity, entity_key, before, after, prev_hash "
                                             "FROM audit_event ORDER BY id DESC LIMIT 1").one()
    finally:
        engine.dispose()
    [kept] = tmp_path.glob("*.before-restore-*")
    assert checked.intact and checked.events == brought_back.events + 1 and row.prev_hash == brought_back.hash
    assert (row.actor, row.action, row.entity, row.entity_key) == (os_account(), "restore", "database", str(workshop_db))
    assert json.loads(row.before) == {"database": str(workshop_db), "kept_as": str(kept),
                                      "chain_events": replaced.events, "chain_head": replaced.hash}
    after = json.loads(row.after)
    modified = datetime.fromtimestamp(backup.stat().st_mtime, UTC).isoformat()
    assert after == {"database": str(workshop_db), "backup": str(backup), "backup_bytes": backup.stat().st_size,
                     "backup_modified": modified, "backup_revision": known_revisions()[-1],
                     "revision": known_revisions()[-1], "restored_bytes": backup.stat().st_size,
                     "chain_events": brought_back.events, "chain_head": brought_back.hash}
    assert result.stdout.splitlines()[-1] == (f"recorded in the audit trail as event {row.id}, by {os_account()}; the chain "
                                              f"restored has {brought_back.events} events, head {brought_back.text}")

    fresh = tmp_path / "fresh" / "atelier.db"  # no workshop there to ask: the OS account restores it, and it is said
    assert atelier(fresh, "restore", str(backup), "--yes").exit_code == 0
    connection = _sqlite(fresh)
    try:
        actor, before = connection.execute("SELECT actor, before FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        connection.close()
    assert (actor, json.loads(before)) == (os_account(), None)


def test_a_technician_may_not_restore(small_workshop, catalogued_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop, role="technician")
    small_workshop.dispose()
    backup = tmp_path / "atelier.bak"
    shutil.copyfile(catalogued_db, backup)
    result = atelier(catalogued_db, "restore", str(backup), "--yes")
    assert result.exit_code == 2 and "may not restore the database" in result.stderr
    assert not list(tmp_path.glob("*.before-restore-*"))


def _lot_numbers(path: Path) -> set[str]:
    connection = _sqlite(path)
    try:
        return {row[0] for row in connection.execute("SELECT lot_number FROM lot")}
    finally:
        connection.close()


def test_an_older_backup_is_upgraded_to_head(tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{old}")
    migrate.upgrade(engine, known_revisions()[-2])
    engine.dispose()
    backup = backup_sqlite(f"sqlite:///{old}", tmp_path / "old.bak")
    assert backup.revision == known_revisions()[-2]
    result = restore_sqlite(backup.path, f"sqlite:///{tmp_path / 'new.db'}")
    assert result.upgraded and result.backup_revision == known_revisions()[-2] and result.revision == known_revisions()[-1]


def test_an_existing_target_is_refused_unless_forced(workshop_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "atelier.bak"
    target.write_text("keep me")
    with pytest.raises(BackupError, match="already exists \\(use --force to replace it\\)"):
        backup_sqlite(f"sqlite:///{workshop_db}", target)
    assert target.read_text() == "keep me"
    result = backup_sqlite(f"sqlite:///{workshop_db}", target, force=True)
    assert check_backup(result.path) == known_revisions()[-1]


def test_files_that_are_not_atelier_databases_are_refused(workshop_db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{workshop_db}"
    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"not a database " * 500)
    with pytest.raises(BackupError, match="is not an atelier database"):
        restore_sqlite(junk, url)
    other = tmp_path / "other.db"
    connection = _sqlite(other)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    with pytest.raises(BackupError, match="is not an atelier database \\(no schema revision\\)"):
        restore_sqlite(other, url)
    connection = _sqlite(other)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999_from_the_future')")
    connection.close()
    with pytest.raises(BackupError, match="9999_from_the_future, unknown to this version"):
        restore_sqlite(other, url)
    with pytest.raises(BackupError, match="there is no file"):
        restore_sqlite(tmp_path / "missing.bak", url)
    assert _integrity(workshop_db) == "ok" and not list(tmp_path.glob("*.before-restore-*"))


def test_restore_is_refused_while_another_process_holds_the_write_lock(workshop_db: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{workshop_db}"
    backup = backup_sqlite(url, tmp_path / "atelier.bak").path
    holder = _sqlite(workshop_db)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    try:
        # The holder never lets go before the refusal: the restore returning at all shows its wait is bounded.
        with pytest.raises(BackupError, match=r"^someone is writing: another process is writing to .*; the restore waited "
                                              "0.3 s and changed nothing: try again when it has finished$") as refused:
            restore_sqlite(backup, url, lock_timeout=0.3)
        assert refused.value.busy
        result = atelier(workshop_db, "restore", str(backup), "--yes")
        assert result.exit_code == 1 and result.stderr.startswith("someone is writing: another process is writing")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_postgresql_points_at_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match=r"pg_dump .* pg_restore: see docs/backup\.md"):
        backup_sqlite("postgresql://atelier@dbhost/atelier", tmp_path / "x.bak")
    with pytest.raises(BackupError, match="pg_dump"):
        restore_sqlite(tmp_path / "x.bak", "postgresql://atelier@dbhost/atelier")
    result = CliRunner().invoke(cli, ["--db", "postgresql://atelier@dbhost/atelier", "backup", str(tmp_path / "x.bak")])
    assert result.exit_code == 2 and "docs/backup.md" in result.stderr


def atelier(db: Path, *args: str, answer: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], input=answer)


def test_cli_backup_and_restore(workshop_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "atelier.bak"
    made = atelier(workshop_db, "backup", str(target))
    assert made.exit_code == 0, made.output
    assert f"backup written to {target}" in made.stdout and "pages" in made.stdout and known_revisions()[-1] in made.stdout

    again = atelier(workshop_db, "backup", str(target))
    assert again.exit_code == 2 and again.stderr.strip() == f"FILE: {target} already exists (use --force to replace it)"
    assert atelier(workshop_db, "backup", str(target), "--force").exit_code == 0

    declined = atelier(workshop_db, "restore", str(target), answer="n\n")
    assert declined.exit_code == 1 and "restore cancelled: nothing was changed" in declined.stderr
    assert not list(tmp_path.glob("*.before-restore-*"))

    accepted = atelier(workshop_db, "restore", str(target), answer="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert "Replace the database at" in accepted.stdout and f"restored {target} into {workshop_db}" in accepted.stdout
    assert "the replaced database is kept as" in accepted.stdout and len(list(tmp_path.glob("*.before-restore-*"))) == 1

    fresh = tmp_path / "fresh" / "atelier.db"
    quiet = atelier(fresh, "restore", str(target), "--yes")
    assert quiet.exit_code == 0 and "kept as" not in quiet.stdout and _integrity(fresh) == "ok"

    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"x" * 4096)
    bad = atelier(workshop_db, "restore", str(junk), "--yes")
    assert bad.exit_code == 2 and len(bad.stderr.strip().splitlines()) == 1 and "is not an atelier database" in bad.stderr
    missing = atelier(tmp_path / "nothing.db", "backup", str(tmp_path / "n.bak"))
    assert missing.exit_code == 2 and "there is no database at" in missing.stderr
