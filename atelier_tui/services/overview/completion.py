"""What a shell completes from the workshop: the order references, asset tags, bench codes, staff
logins and catalog keys that begin with what was typed (`atelier order check R-20<TAB>`).

Read only, and quick enough for a key press: one query on the key's unique index (on SQLite a
range, `prefix <= key < the next prefix`, which the index answers; on PostgreSQL a LIKE of the
escaped prefix), at most LIMIT values. Nothing is written: an SQLite file is opened read-only and
never created, a PostgreSQL session is read-only with a short connection timeout. A database that
is missing, not initialised or unreachable completes nothing: a shell's completion never shows an
error. Who may read the workshop is not asked: completion only lists keys, to someone who can
already open the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, select

from atelier_tui.services.common.paging import LIKE_ESCAPE
from atelier_tui.store.models import (
    Bench,
    Calibre,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    RepairOrder,
    Staff,
    Tool,
)

LIMIT = 50
CONNECT_TIMEOUT_S = 3

# what is completed -> the column of its human key
KEYS: dict[str, Any] = {
    "order": RepairOrder.reference,
    "tool": Tool.asset_tag,
    "bench": Bench.code,
    "staff": Staff.login,
    "calibre": Calibre.key,
    "intervention": InterventionType.key,
    "maintenance_plan": MaintenancePlan.key,
    "checklist": ChecklistTemplate.key,
}


def _read_only_engine(database_url: str) -> Engine | None:
    if database_url.startswith("sqlite"):
        path = database_url.split("///", 1)[-1]
        if not path or path == ":memory:" or not Path(path).is_file():
            return None
        uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))
    if database_url.startswith(("postgresql://", "postgresql+psycopg://")):
        url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
        return create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                                "options": "-c default_transaction_read_only=on"})
    return None


def _next_prefix(prefix: str) -> str | None:
    """The smallest text after every text beginning with `prefix` (None: no such bound)."""
    last = ord(prefix[-1])
    return prefix[:-1] + chr(last + 1) if last < 0x10FFFF else None


def _beginning_with(engine: Engine, column: Any, prefix: str) -> Any:
    if not prefix:
        return True
    if engine.dialect.name == "sqlite":
        above = _next_prefix(prefix)
        return column >= prefix if above is None else (column >= prefix) & (column < above)
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"{escaped}%", escape=LIKE_ESCAPE)


def complete(database_url: str, kind: str, prefix: str, limit: int = LIMIT) -> list[str]:
    """The keys of `kind` (a name of KEYS) beginning with `prefix`, in order, at most `limit`."""
    column = KEYS[kind]
    try:
        engine = _read_only_engine(database_url)
        if engine is None:
            return []
        try:
            with engine.connect() as connection:
                query = select(column).where(_beginning_with(engine, column, prefix)).distinct().order_by(column).limit(limit)
                found = connection.execute(query).scalars().all()
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001  (no table, no server, a locked or foreign file: nothing to offer)
        return []
    return [key for key in found if key.startswith(prefix)]
