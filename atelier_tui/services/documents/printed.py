"""The audit of a printed document: who printed which document of which object, to which printer
or file. Printing changes no row, but what leaves the workshop on paper is accounted for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import write_session

# The entity of the trail a document is about: the audit view lists the printing with its object.
_ENTITIES = {"sheet": "repair_order", "picklist": "repair_order", "record": "maintenance_record", "due": "workshop",
             "review": "maintenance_review"}


def record_document_printed(engine: Engine, actor: Actor, now: datetime, kind: str, key: str, language: str, pages: int,
                            printer: str | None = None, pdf: str | None = None) -> None:
    """Called once the document has reached the printer's queue or the file."""
    require(actor, "document.print")
    after = {"kind": kind, "key": key, "language": language, "pages": pages, "printer": printer, "pdf": pdf}
    with write_session(engine) as session:
        audit.record(session, actor, now, "document.print", _ENTITIES.get(kind, kind), key, after=after)
