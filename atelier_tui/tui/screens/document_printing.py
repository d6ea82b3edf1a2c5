"""`P` prints the document a screen shows: the intervention sheet on the sheet screen, the pick
list on the order screen (once `p` has reserved its lots), in the planner the calibration record
of the highlighted maintenance record or else the due list, and the impact review on the review
screen. Through the workstation's one way of handing over a PDF (tui/delivery.py): in a browser
tab the browser downloads it; in a terminal it goes to the document printer of the settings, if
any, and is saved in the documents folder, whose full path is said. The same documents as
`atelier print sheet|picklist|record|due|review` (atelier_tui/printing/documents.py), audited the
same way; the permission `document.print` is the services' to check, so a refusal says why."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.binding import Binding

from atelier_tui.i18n import N_, _
from atelier_tui.tui.delivery import DOCUMENT_PRINTER, Delivery, PdfFile, deliver_pdf

PRINT_DOCUMENT_BINDING = Binding("P", "print_document", N_("Print"), id="document.print")


# A document's key, or how to find it from the workstation's context (in the worker thread).
DocumentKey = str | int | None | Callable[[Any], str | int | None]


def _document_pdf(context: Any, kind: str, key: DocumentKey) -> PdfFile:
    from atelier_tui.i18n import language
    from atelier_tui.printing.documents import document_pdf
    from atelier_tui.services.context import WorkshopRefusal

    if callable(key):
        key = key(context)
    try:
        document = document_pdf(context.engine(), context.actor(), context.now(), kind, key, language())
    except WorkshopRefusal:
        if kind != "picklist":
            raise
        # The service's sentence names the command line's `order prepare`; here it is a key.
        raise WorkshopRefusal(_("{reference}: nothing reserved, no pick list to print (p prepares the bench and reserves its "
                                "supplies)").format(reference=key), field="order") from None
    return PdfFile(document.data, document.file_name, DOCUMENT_PRINTER, document.title, about=document)


def _record(context: Any, pdf: PdfFile, delivery: Delivery) -> None:
    from atelier_tui.printing.documents import record_document_delivered

    record_document_delivered(context.engine(), context.actor(), context.now(), pdf.about, printer=delivery.printer,
                              pdf=delivery.path, browser=delivery.browser)


def document_title(kind: str, key: str | int | None) -> str:
    """What the notice calls the document."""
    if kind == "sheet":
        return _("Sheet of {reference}").format(reference=key)
    if kind == "picklist":
        return _("Pick list of {reference}").format(reference=key)
    if kind == "record":
        return _("Record {id}").format(id=key)
    if kind == "review":
        return _("Impact review {id}").format(id=key)
    return _("Due list")


class DocumentPrinting:
    """Mixed into a screen that defines `document_to_print()`: (kind, key), or None when it shows
    nothing to print (then `P` does nothing)."""

    def action_print_document(self) -> None:
        target = self.document_to_print()  # type: ignore[attr-defined]
        if target is None:
            return
        kind, key = target
        self.print_document_of(kind, key)

    def print_document_of(self, kind: str, key: DocumentKey, title: str = "") -> None:
        """`title` names the document in the notice when `key` is to be found (a callable)."""
        what = title or document_title(kind, key)
        deliver_pdf(self, what, lambda context: _document_pdf(context, kind, key), _record)
