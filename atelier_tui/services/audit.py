"""Writing the audit trail, in the caller's transaction so that a change and its record land
together or not at all; each event is sealed into the hash chain (atelier_tui/domain/audit_chain.py)
as it is written, and `verify_chain` walks the whole trail to find the first broken link.

Sealing: the event is flushed first so that its id is known, and the id is part of what is hashed
(with the previous event's hash), so that an event moved to another id shows. The previous hash is
read with the write lock held: on SQLite `write_session` begins IMMEDIATE, which serializes writers;
on PostgreSQL a transaction-scoped advisory lock does the same until commit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, func, select, text
from sqlmodel import Session, SQLModel

from atelier_tui.domain.audit_chain import GENESIS, Break, first_break, hash_of
from atelier_tui.services.context import Actor
from atelier_tui.store.audit_models import AuditEvent
from atelier_tui.store.engine import read_session

# The key of the PostgreSQL advisory lock that serializes the writers of the audit chain.
CHAIN_LOCK_KEY = 0x61756469  # "audi"
VERIFY_CHUNK = 2000


def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row's columns as JSON-safe values, for `before` and `after`."""
    if row is None:
        return None
    return {name: _plain(value) for name, value in row.model_dump().items()}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record(
    session: Session,
    actor: Actor,
    now: datetime,
    action: str,
    entity: str,
    entity_key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    event = AuditEvent(
        at=now,
        actor=actor.login,
        action=action,
        entity=entity,
        entity_key=str(entity_key),
        before=before,
        after=after,
        reason=reason,
        prev_hash=_last_hash(session),
    )
    session.add(event)
    session.flush()  # the id is part of the hash
    event.hash = hash_of(event)
    return event


def _last_hash(session: Session) -> str:
    """The hash of the newest event, with the chain locked until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    session.flush()  # an event sealed earlier in this transaction must be visible, even under no_autoflush
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar_one_or_none()
    return last if last is not None else GENESIS


@dataclass(frozen=True)
class ChainCheck:
    events: int  # how many events were read (all of them when the chain is intact)
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def check_chain(engine: Engine, chunk: int = VERIFY_CHUNK) -> ChainCheck:
    """Walk every event in id order, `chunk` rows at a time, in one read transaction (one snapshot)."""
    with read_session(engine) as session:
        counted = [0]

        def events() -> Iterator[AuditEvent]:
            last_id = None
            while True:
                query = select(AuditEvent).order_by(AuditEvent.id).limit(chunk)
                if last_id is not None:
                    query = query.where(AuditEvent.id > last_id)
                rows = session.execute(query).scalars().all()
                if not rows:
                    return
                for row in rows:
                    counted[0] += 1
                    yield row
                last_id = rows[-1].id
                session.expunge_all()  # keep memory flat over 100,000+ events

        found = first_break(events())
        if found is None:
            return ChainCheck(counted[0], None)
        total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        return ChainCheck(total, found)


def verify_chain(engine: Engine) -> Break | None:
    """The first event edited, removed or reordered; None when the chain is intact."""
    return check_chain(engine).first_break


def list_events(engine: Engine, entity: str | None = None, key: str | None = None, actor: str | None = None,
                limit: int = 50) -> list[AuditEvent]:
    """The newest `limit` events matching every filter given, newest first."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if key:
        query = query.where(AuditEvent.entity_key == key)
    if actor:
        query = query.where(AuditEvent.actor == actor)
    with read_session(engine) as session:
        return list(session.execute(query).scalars())
