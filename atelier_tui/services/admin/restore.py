"""Restoring a backup over the workshop's SQLite database, as an admin does it: the store puts the
backup in place (atelier_tui/store/backup.py), then the restored database records, under the
person who restored it, what replaced what: the backup (its path, size, modification time and
schema revision, and the head of the audit chain it brought back) over the database (its path,
the copy kept of it, and the head of the chain it had). A lead comparing anchors taken before the
restore (`audit verify --anchor`) finds in that event why the chain no longer holds them.

The event is the first one written after the restore, in its own transaction: the restored chain
is untouched by it, and extended by it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from atelier_tui.domain.audit_chain import ChainHead
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.store.backup import (
    LOCK_TIMEOUT_S,
    RestoreResult,
    check_backup,
    restore_sqlite,
    snapshot_engine,
    sqlite_path,
)
from atelier_tui.store.engine import make_engine, write_session


@dataclass(frozen=True)
class Restored:
    result: RestoreResult
    replaced_head: ChainHead | None  # None: no database was there, or its chain could not be read
    restored_head: ChainHead  # the chain the backup brought back, before the restore's own event
    event_id: int


@dataclass(frozen=True)
class RestorePlan:
    database: Path  # the live database the backup would replace
    revision: str  # the backup's schema revision


def plan_restore(source: Path, url: str, actor: Actor) -> RestorePlan:
    """What restoring the backup `source` over the database at `url` would do, asked before anything
    is done (and before the person is asked to confirm). Refusals: PermissionDenied, BackupError."""
    require(actor, "database.restore")
    return RestorePlan(sqlite_path(url), check_backup(source))


def restore_database(source: Path, url: str, actor: Actor, now: datetime,
                     lock_timeout: float = LOCK_TIMEOUT_S) -> Restored:
    """Replace the database at `url` with the backup `source` and record it (refusals: BackupError)."""
    require(actor, "database.restore")
    result = restore_sqlite(source, url, lock_timeout=lock_timeout, now=now.astimezone())
    replaced_head = _head_of_file(result.kept) if result.kept is not None else None
    engine = make_engine(f"sqlite:///{result.database}")
    try:
        restored_head = audit.chain_head(engine)
        with write_session(engine) as session:
            event = audit.record(session, actor, now, "restore", "database", str(result.database),
                                 before=_replaced(result, replaced_head), after=_restored(result, restored_head))
            event_id = event.id
    finally:
        engine.dispose()
    assert event_id is not None
    return Restored(result, replaced_head, restored_head, event_id)


def _head_of_file(path: Path) -> ChainHead | None:
    """The head of the chain in a database file nobody writes (read immutable); None when it has
    no readable chain (a damaged database, or one older than the chain)."""
    engine = snapshot_engine(path)
    try:
        return audit.chain_head(engine)
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()


def _replaced(result: RestoreResult, head: ChainHead | None) -> dict[str, Any] | None:
    if result.kept is None:
        return None
    return {"database": str(result.database), "kept_as": str(result.kept),
            "chain_events": head.events if head else None, "chain_head": head.hash if head else None}


def _restored(result: RestoreResult, head: ChainHead) -> dict[str, Any]:
    return {"database": str(result.database), "backup": str(result.backup), "backup_bytes": result.backup_size,
            "backup_modified": result.backup_modified.isoformat(), "backup_revision": result.backup_revision,
            "revision": result.revision, "restored_bytes": result.size, "chain_events": head.events,
            "chain_head": head.hash}
