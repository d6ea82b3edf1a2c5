"""Printed documents, for every front end: one function per kind turning a document's content
(services.documents) into PDF bytes in a language, a file name to suggest for it, and the job
that reads the content for a person, writes the PDF or queues it on a CUPS printer, then records
in the audit trail who printed what (nothing is recorded for a printing that failed).

    render_document(kind, content, language) -> bytes
    suggested_name(kind, content) -> str            e.g. "sheet-OR-2026-0005.pdf"
    print_document(engine, actor, now, kind, key, pdf=..., printer=..., language=...)

Kinds: sheet (an order's reference), picklist (an order's reference), record (a maintenance
record's id), due (the window in days, or none), review (a review's id)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from atelier_tui.i18n import _
from atelier_tui.printing.destinations import write_whole
from atelier_tui.printing.document_maintenance import due_pdf, review_pdf
from atelier_tui.printing.document_picklist import picklist_pdf
from atelier_tui.printing.document_record import record_pdf
from atelier_tui.printing.document_sheet import sheet_pdf
from atelier_tui.printing.document_words import Words
from atelier_tui.printing.spool import PrintingFailed, send_to_printer
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.documents.calibration_record import CalibrationRecordDocument, record_content
from atelier_tui.services.documents.maintenance_lists import (
    DueListDocument,
    ReviewDocument,
    due_content,
    review_content,
)
from atelier_tui.services.documents.picklist import PickListDocument, picklist_content
from atelier_tui.services.documents.printed import record_document_printed
from atelier_tui.services.documents.sheet import SheetDocument, sheet_content

SHEET, PICKLIST, RECORD, DUE, REVIEW = "sheet", "picklist", "record", "due", "review"
DOCUMENT_KINDS = (SHEET, PICKLIST, RECORD, DUE, REVIEW)
_RENDERERS: dict[str, Callable[[Any, Words], bytes]] = {
    SHEET: sheet_pdf, PICKLIST: picklist_pdf, RECORD: record_pdf, DUE: due_pdf, REVIEW: review_pdf,
}
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")  # one page object per page


def render_document(kind: str, content: Any, language: str | None = None) -> bytes:
    """The PDF of `content` (what the kind's content function returned), its words in `language`
    (en | fr; None: the interface's)."""
    if kind not in _RENDERERS:
        raise ServiceError(_("document kind '{kind}': expected one of {kinds}").format(kind=kind, kinds=", ".join(DOCUMENT_KINDS)),
                           field="kind")
    return _RENDERERS[kind](content, Words(language))


def document_key(kind: str, content: Any) -> str:
    """What the document is of: an order's reference, a record's or a review's id, a due list's day."""
    if isinstance(content, SheetDocument):
        return content.view.reference
    if isinstance(content, PickListDocument):
        return content.reference
    if isinstance(content, CalibrationRecordDocument):
        return str(content.record_id)
    if isinstance(content, ReviewDocument):
        return str(content.review.id)
    if isinstance(content, DueListDocument):
        return content.due.today.isoformat()
    return kind


def suggested_name(kind: str, content: Any) -> str:
    """A file name for the PDF, safe on any file system: the kind and the object's key."""
    return f"{kind}-{_FILE_UNSAFE.sub('_', document_key(kind, content))}.pdf"


def document_content(engine: Engine, actor: Actor, now: datetime, kind: str, key: str | int | None) -> Any:
    """The content of the document of `key`, read for `actor` (refused as the service refuses)."""
    if kind == SHEET:
        return sheet_content(engine, actor, str(key))
    if kind == PICKLIST:
        return picklist_content(engine, actor, str(key))
    if kind == RECORD:
        return record_content(engine, actor, int(key or 0))
    if kind == REVIEW:
        return review_content(engine, actor, int(key or 0))
    if kind == DUE:
        return due_content(engine, actor, utc(now).astimezone().date(), now, None if key is None else int(key))
    raise ServiceError(_("document kind '{kind}': expected one of {kinds}").format(kind=kind, kinds=", ".join(DOCUMENT_KINDS)),
                       field="kind")


@dataclass(frozen=True)
class PrintedDocument:
    kind: str
    key: str
    language: str
    pages: int
    pdf: Path | None = None
    printer: str | None = None
    job: str = ""  # the id CUPS gave the job


def print_document(engine: Engine, actor: Actor, now: datetime, kind: str, key: str | int | None, pdf: Path | None = None,
                   printer: str | None = None, language: str | None = None) -> PrintedDocument:
    """Exactly one of `pdf` (a file to write) and `printer` (a CUPS queue)."""
    if (pdf is None) == (printer is None):
        raise ServiceError(_("give either a PDF file or a printer"), field="pdf")
    content = document_content(engine, actor, now, kind, key)
    words_language = Words(language).language
    document = render_document(kind, content, words_language)
    job = ""
    if pdf is not None:
        write_whole(pdf, document)
    else:
        assert printer is not None
        try:
            job = send_to_printer(document, printer, _("atelier {document}").format(document=suggested_name(kind, content)))
        except PrintingFailed as failed:
            raise ServiceError(str(failed), field="printer") from None
    pages = len(_PAGE.findall(document))
    printed_key = document_key(kind, content)
    record_document_printed(engine, actor, now, kind, printed_key, words_language, pages, printer=printer,
                            pdf=str(pdf.resolve()) if pdf else None)
    return PrintedDocument(kind, printed_key, words_language, pages, pdf, printer, job)
