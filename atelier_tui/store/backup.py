"""Backups of a SQLite database while other terminals keep working, and restores over it.

Both directions use SQLite's online backup API (`sqlite3.Connection.backup`), never a file copy:
in WAL mode committed changes may still live only in the `-wal` file, and a reader of the live
database must never see a file replaced under it.

- `backup_sqlite` copies one consistent snapshot (a read transaction: writers are not blocked)
  into a temporary file beside the target, checks it (`PRAGMA integrity_check`), makes it a
  single self-contained file (journal_mode DELETE) and only then renames it into place.
- `restore_sqlite` checks the backup is an atelier database at a known revision, then takes the
  live database for itself: an exclusive lock (locking_mode EXCLUSIVE), which SQLite grants only
  while no other connection has the file open, waited for a bounded time, and refused with the
  reason (someone writing, or the database open elsewhere) when it does not come. Holding it, it
  keeps the replaced database as `<name>.before-restore-<timestamp>`, copies the backup in
  through the backup API and checkpoints, so that nothing can be written between the copy kept
  and the restore, and nobody works on a database replaced under them. It then upgrades the
  schema to head when the backup is older.
- A backup is only ever read, as an immutable file: nothing (no `-wal`, no `-shm`) is created
  beside it; a file with a write-ahead log or a rollback journal beside it is refused (it is a
  database in use or a copy of one, not a backup).

Recording a restore in the audit trail is the service's (atelier_tui/services/admin/restore.py).
PostgreSQL is backed up with pg_dump / pg_restore (docs/backup.md)."""

from __future__ import annotations

import os
import re
import sqlite3
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from atelier_tui.i18n import _

BUSY_TIMEOUT_MS = 10_000
# How long a restore waits for the database to be free: long enough for a command run in another
# terminal (an `atelier order add`) to finish, far shorter than someone's session.
LOCK_TIMEOUT_S = 5.0
LOCK_POLL_S = 0.05
DOCS = "docs/backup.md"


class BackupError(Exception):
    """A refusal, as one line for the user. `busy` is true when trying again later may work."""

    def __init__(self, message: str, busy: bool = False) -> None:
        super().__init__(message)
        self.busy = busy


@dataclass(frozen=True)
class BackupResult:
    path: Path
    pages: int
    size: int
    revision: str | None


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    pages: int
    size: int  # of the restored database (pages x page size: the file, once checkpointed)
    backup_revision: str
    revision: str
    kept: Path | None
    backup: Path
    backup_size: int
    backup_modified: datetime  # the backup file's modification time, UTC

    @property
    def upgraded(self) -> bool:
        return self.backup_revision != self.revision


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; a PostgreSQL (or any other) URL is refused with a pointer to the docs."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupError(_("{backend} databases are backed up with pg_dump and restored with pg_restore: see {docs}").format(
            backend=parsed.get_backend_name(), docs=DOCS))
    if not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        raise BackupError(_("database: '{url}' is not a SQLite file").format(url=url))
    return Path(parsed.database).expanduser().resolve()


def _connect(path: Path, timeout_s: float = BUSY_TIMEOUT_MS / 1000) -> sqlite3.Connection:
    """A connection with the pragmas every atelier connection uses (store/engine.py)."""
    connection = sqlite3.connect(path, timeout=timeout_s, isolation_level=None)
    connection.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "; ".join(str(row[0]) for row in rows[:5])


def _revision(connection: sqlite3.Connection) -> str | None:
    has_table = connection.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").fetchone()
    if not has_table:
        return None
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def known_revisions() -> list[str]:
    """The revisions of migrations/versions, oldest first (read from the files: no alembic import)."""
    from atelier_tui.store.migrate import MIGRATIONS_DIR

    found: dict[str, str | None] = {}
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        revision = re.search(r"^revision\s*(?::[^=]*)?=\s*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
        down = re.search(r"^down_revision\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", text, re.MULTILINE)
        if revision:
            found[revision.group(1)] = down.group(1) if down else None
    ordered: list[str] = []
    current: str | None = None
    children = {down: rev for rev, down in found.items()}
    while current in children:
        current = children[current]
        ordered.append(current)
    return ordered


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _copy_to_single_file(source: sqlite3.Connection, target: Path) -> tuple[int, str | None]:
    """One consistent snapshot of `source` written to `target` (which must not exist), checked and
    turned into a self-contained file. Returns (pages, revision). Leaves nothing behind on failure."""
    destination = sqlite3.connect(target, isolation_level=None)
    try:
        # pages=-1: the whole database in one step, inside one read transaction. In WAL mode that
        # snapshot does not block writers, and a write by another process cannot restart the copy
        # (a stepped copy restarts from the first page each time the source changes, and can
        # starve while a terminal keeps writing).
        source.backup(destination, pages=-1)
        destination.execute("PRAGMA journal_mode = DELETE")
        problems = _integrity(destination)
        if problems != "ok":
            raise BackupError(_("backup: the copy failed its integrity check ({problems}); nothing was written").format(problems=problems))
        pages = destination.execute("PRAGMA page_count").fetchone()[0]
        revision = _revision(destination)
    except BaseException:
        destination.close()
        _remove_with_sidecars(target)
        raise
    destination.close()
    return pages, revision


def _temporary_beside(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}.{tag}-{os.getpid()}")


def backup_sqlite(url: str, target: Path, force: bool = False) -> BackupResult:
    """A consistent copy of the SQLite database at `url` in `target`, taken while others may write.
    The target appears only once complete and checked; an existing target is refused unless `force`."""
    source_path = sqlite_path(url)
    target = Path(target).expanduser().resolve()
    if not source_path.is_file():
        raise BackupError(_("database: there is no database at {path}").format(path=source_path))
    if target == source_path:
        raise BackupError(_("FILE: the backup cannot be the database itself"))
    if target.is_dir():
        raise BackupError(_("FILE: {path} is a folder; give a file name").format(path=target))
    if target.exists() and not force:
        raise BackupError(_("FILE: {path} already exists (use --force to replace it)").format(path=target))
    if not target.parent.is_dir():
        raise BackupError(_("FILE: the folder {path} does not exist").format(path=target.parent))
    temporary = _temporary_beside(target, "partial")
    _remove_with_sidecars(temporary)
    try:
        source = _connect(source_path)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("database: cannot open {path}: {error}").format(path=source_path, error=error)) from error
    try:
        pages, revision = _copy_to_single_file(source, temporary)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("backup failed: {error}; nothing was written").format(error=error)) from error
    finally:
        source.close()
    _fsync(temporary)
    os.replace(temporary, target)
    return BackupResult(target, pages, target.stat().st_size, revision)


def _sidecar_refusal(source: Path) -> None:
    """A backup is one self-contained file: a write-ahead log or rollback journal beside it holds
    part of the database (or an unfinished transaction) that an immutable read would not see."""
    for suffix in ("-wal", "-journal"):
        sidecar = Path(f"{source}{suffix}")
        if sidecar.is_file() and sidecar.stat().st_size > 0:
            raise BackupError(_("FILE: {path} has {sidecar} beside it: it is a database in use, or a copy of one, not a "
                                "backup; make a backup of it with `atelier --db {path} backup NEW_FILE` and restore that").format(
                path=source, sidecar=sidecar.name))


def read_backup(source: Path) -> sqlite3.Connection:
    """A read-only connection to a backup file that leaves nothing beside it: opened immutable (no
    locks, no `-wal`/`-shm` created, even for a file in WAL mode), after checking that no
    write-ahead log or journal holds part of it."""
    _sidecar_refusal(source)
    return sqlite3.connect(f"{source.as_uri()}?immutable=1", uri=True, isolation_level=None)


def check_backup(source: Path) -> str:
    """The revision of an atelier backup; refused unless it is a sound atelier database whose
    revision this version of atelier knows."""
    source = Path(source).expanduser().resolve()
    if not source.is_file():
        raise BackupError(_("FILE: there is no file {path}").format(path=source))
    try:
        connection = read_backup(source)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("FILE: cannot open {path}: {error}").format(path=source, error=error)) from error
    try:
        problems = _integrity(connection)
        revision = _revision(connection)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("FILE: {path} is not an atelier database ({error})").format(path=source, error=error)) from error
    finally:
        connection.close()
    if problems != "ok":
        raise BackupError(_("FILE: {path} fails its integrity check ({problems})").format(path=source, problems=problems))
    if revision is None:
        raise BackupError(_("FILE: {path} is not an atelier database (no schema revision)").format(path=source))
    if revision not in known_revisions():
        raise BackupError(_("FILE: {path} is at schema revision {revision}, unknown to this version of atelier").format(
            path=source, revision=revision))
    return revision


def snapshot_engine(path: Path):  # type: ignore[no-untyped-def]
    """A SQLAlchemy engine reading a database file nobody writes any more (a backup, the copy a
    restore kept), immutable: nothing is created beside it."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine("sqlite://", creator=lambda: read_backup(Path(path)), poolclass=NullPool)


def _kept_name(live: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    kept = live.with_name(f"{live.name}.before-restore-{stamp}")
    number = 1
    while kept.exists():
        number += 1
        kept = live.with_name(f"{live.name}.before-restore-{stamp}-{number}")
    return kept


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


def _someone_writing(live: Path) -> bool:
    """Whether another connection holds the write lock right now (asked without waiting)."""
    probe = sqlite3.connect(live, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as error:
        return _is_busy(error)
    finally:
        probe.close()


def _take_for_restore(live: Path, lock_timeout: float) -> sqlite3.Connection:
    """A connection holding the database's exclusive lock until it closes. With locking_mode
    EXCLUSIVE set before its first access, SQLite grants the lock only while no other connection
    has the file open (in WAL mode every open connection keeps a shared lock on it), and keeps it:
    nobody reads or writes until the restore is done. Waits up to `lock_timeout` seconds, for a
    command in another terminal to end; then refuses, saying whether someone is writing."""
    deadline = time.monotonic() + lock_timeout
    connection = sqlite3.connect(live, timeout=LOCK_POLL_S, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode = EXCLUSIVE")
        while True:
            try:
                connection.execute("BEGIN EXCLUSIVE")
                connection.execute("COMMIT")
                break
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                if time.monotonic() >= deadline:
                    raise _refusal_while_in_use(live, lock_timeout) from error
                time.sleep(LOCK_POLL_S)
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        connection.close()
        raise
    return connection


def _refusal_while_in_use(live: Path, waited: float) -> BackupError:
    if _someone_writing(live):
        return BackupError(_("someone is writing: another process is writing to {path}; the restore waited {seconds:g} s "
                             "and changed nothing: try again when it has finished").format(path=live, seconds=waited), busy=True)
    return BackupError(_("someone is using the database: {path} is open in another process (an atelier terminal, "
                         "`atelier serve`, a script); the restore waited {seconds:g} s and changed nothing: close them, "
                         "then restore").format(path=live, seconds=waited), busy=True)


def restore_sqlite(source: Path, url: str, lock_timeout: float = LOCK_TIMEOUT_S, now: datetime | None = None) -> RestoreResult:
    """Replace the SQLite database at `url` with the backup `source`, keeping the replaced database
    beside it, then upgrade the schema to head if the backup is older. Refused (busy) while any
    other process has the database open; `now` (local time) names the copy kept."""
    live = sqlite_path(url)
    source = Path(source).expanduser().resolve()
    if source == live:
        raise BackupError(_("FILE: the backup is the database itself"))
    backup_revision = check_backup(source)
    stat = source.stat()
    kept: Path | None = None
    live.parent.mkdir(parents=True, exist_ok=True)
    existed = live.is_file()
    try:
        target = _take_for_restore(live, lock_timeout)
    except sqlite3.DatabaseError as error:
        raise BackupError(_("database: cannot open {path}: {error}").format(path=live, error=error)) from error
    try:
        if existed:
            # Read through the connection that holds the lock: exactly what is replaced.
            kept = _kept_name(live, now or datetime.now())
            _copy_to_single_file(target, kept)
            _fsync(kept)
        backup = read_backup(source)
        try:
            backup.backup(target, pages=-1)
        finally:
            backup.close()
        target.execute("PRAGMA journal_mode = WAL")
        problems = _integrity(target)
        if problems != "ok":
            raise BackupError(_("restore: the restored database fails its integrity check ({problems})").format(problems=problems))
        pages = target.execute("PRAGMA page_count").fetchone()[0]
        size = pages * target.execute("PRAGMA page_size").fetchone()[0]
        # Everything into the database file before the lock goes: the file alone is the database.
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.OperationalError as error:
        raise BackupError(_("restore failed: {error}").format(error=error), busy=_is_busy(error)) from error
    finally:
        target.close()
    revision = backup_revision
    if backup_revision != known_revisions()[-1]:
        from atelier_tui.store import migrate
        from atelier_tui.store.engine import make_engine
        from atelier_tui.store.schema import schema_state

        engine = make_engine(f"sqlite:///{live}")
        try:
            migrate.upgrade(engine)
            revision = schema_state(engine).current or backup_revision
        finally:
            engine.dispose()
    return RestoreResult(live, pages, size, backup_revision, revision, kept, source, stat.st_size,
                         datetime.fromtimestamp(stat.st_mtime, UTC))
