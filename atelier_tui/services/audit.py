"""Writing the audit trail, in the caller's transaction so that a change and its record land
together or not at all."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, SQLModel

from atelier_tui.services.context import Actor
from atelier_tui.store.audit_models import AuditEvent


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
    )
    session.add(event)
    return event
