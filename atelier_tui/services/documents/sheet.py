"""The intervention sheet as a document: the sheet as every interface reads it
(services.sheets.queries), and who signed it: who opened it (the technician, when the work
started), who granted a concession, who closed it and when. The sheet keeps no closer: the audit
trail's `sheet.close` event names them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.services.sheets.queries import SheetView, existing_sheet
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import AuditEvent, Staff

OPENED, CONCESSION, CLOSED = "opened", "concession", "closed"


@dataclass(frozen=True)
class Signature:
    what: str  # opened | concession | closed
    who: str | None  # a display name (a login when the person is no longer on the staff list)
    at: datetime | None


@dataclass(frozen=True)
class SheetDocument:
    view: SheetView
    signatures: tuple[Signature, ...]


def sheet_content(engine: Engine, actor: Actor, reference: str) -> SheetDocument:
    """Refused as `sheet show` is: an unknown order is bad input, one not started has no sheet."""
    require(actor, "document.print")
    view = existing_sheet(engine, reference.strip())
    signatures = [Signature(OPENED, view.technician, view.opened_at)]
    if view.concession:
        signatures.append(Signature(CONCESSION, view.concession_by, None))
    if view.closed_at is not None:
        signatures.append(Signature(CLOSED, _closer(engine, view.reference), view.closed_at))
    return SheetDocument(view, tuple(signatures))


def _closer(engine: Engine, reference: str) -> str | None:
    with read_session(engine) as session:
        row = session.execute(
            select(AuditEvent.actor, Staff.display_name).outerjoin(Staff, Staff.login == AuditEvent.actor)
            .where(AuditEvent.action == "sheet.close", AuditEvent.entity == "repair_order", AuditEvent.entity_key == reference)
            .order_by(AuditEvent.id.desc()).limit(1)
        ).first()
    if row is None:
        return None
    login, name = row
    return name or login

