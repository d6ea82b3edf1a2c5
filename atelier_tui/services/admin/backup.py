"""Backing up the workshop's database, and copying it whole into another one, as an admin does it:
the store copies (atelier_tui/store/backup.py, copy.py); this says who may, and who that is when
the database cannot say (a missing, damaged or never initialised file has no staff to ask).

A copy reads the whole workshop, as a backup does: both need `database.backup`. Neither changes
the workshop, so neither writes to its audit trail; a restore does (restore.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from atelier_tui.domain.vocabulary import Role
from atelier_tui.progress import Progress, silent
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.store.backup import BackupResult, backup_sqlite
from atelier_tui.store.copy import CopyResult, copy_database
from atelier_tui.store.engine import make_engine
from atelier_tui.store.schema import schema_state


def acting_on_database(url: str, account: str, acting_for: str | None = None) -> Actor:
    """Who backs up, restores or copies the database at `url`: the staff member the OS `account`
    is (or acts for, through a gateway), as every command resolves them. A database that cannot be
    read as a workshop (missing, damaged, never initialised) has no staff to ask: the file
    system's permissions decide, and the account acts as its admin (as in a workshop with no staff
    yet). A workshop at an older or newer schema still has its staff: they are asked. Refusals:
    ServiceError (an account that is not staff, a wrong --as). The engine used to ask is closed
    before returning: a restore needs the database to itself."""
    from atelier_tui.services.staff.identity import resolve_identity

    nobody_to_ask = Actor(login=account, role=Role.ADMIN)
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).is_file():
        return nobody_to_ask  # asking would create an empty file
    engine = make_engine(url)
    try:
        try:
            if schema_state(engine).current is None:
                return nobody_to_ask
            return resolve_identity(engine, account, acting_for).actor()
        except SQLAlchemyError:  # a damaged file is what a restore is for
            return nobody_to_ask
    finally:
        engine.dispose()


def backup_database(url: str, target: Path, actor: Actor, force: bool = False) -> BackupResult:
    """The SQLite database at `url` copied to `target` while others keep working (refusals:
    PermissionDenied, BackupError)."""
    require(actor, "database.backup")
    return backup_sqlite(url, target, force=force)


def copy_workshop(source: Engine, target: Engine, actor: Actor, progress: Progress = silent) -> CopyResult:
    """Every row of `source` copied into the empty `target` (refusals: PermissionDenied, CopyError;
    nothing is written to the target then)."""
    require(actor, "database.backup")
    return copy_database(source, target, progress=progress)
