"""Optimistic concurrency for forms: a form remembers the version of the row it was opened on, and
saving is refused when someone saved the row since, naming who and when (from the audit trail), so
that the person can look again without losing what they typed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError
from atelier_tui.store.audit_models import AuditEvent


class ChangedMeanwhile(ServiceError):
    def __init__(self, message: str, changed_by: str, changed_at: datetime | None) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


def require_unchanged(session: Session, version: int, expected: int | None, entity: str, key: str) -> None:
    """Refuse when the row's `version` is no longer the `expected` one (None: no form, no check)."""
    if expected is None or version == expected:
        return
    last = session.execute(
        select(AuditEvent.actor, AuditEvent.at, AuditEvent.action)
        .where(AuditEvent.entity == entity, AuditEvent.entity_key == key)
        .order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if last is None:
        raise ChangedMeanwhile(_("{key} was changed since you opened it: look again, then save").format(key=key), "", None)
    actor, at, action = last
    when = at.astimezone() if at.tzinfo else at
    raise ChangedMeanwhile(_("{key} was changed by {who} at {when} ({action}) since you opened it: look again, then save").format(
        key=key, who=actor, when=f"{when:%Y-%m-%d %H:%M}", action=action), actor, at)
