"""Whether anything changed in the workshop since a screen was loaded, asked cheaply.

Every change is recorded in the audit trail in its own transaction, and the trail's writers are
serialized (trail.py): the newest event's id and hash move with every committed change, by anyone,
from any workstation or command. Reading them is one lookup at the end of the primary key's index,
whatever the size of the workshop. The hash is kept beside the id so that a restored backup whose
trail happens to end at the same id still reads as a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class ChangeMark:
    """Opaque: two marks are compared, never read."""

    last_id: int = 0
    last_hash: str = ""


@read_statement
def _newest_event() -> Any:
    from sqlalchemy import select

    from atelier_tui.store.core_tables import AuditEvent

    return select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)


def change_mark(engine: Database | Engine) -> ChangeMark:
    """Where the workshop's changes stand now."""
    with reading(engine) as session:
        last = session.execute(_newest_event).first()
    return ChangeMark(last.id, last.hash) if last is not None else ChangeMark()
