"""Handing a PDF to the person at the workstation, wherever they sit (issue 19 item 5). Every `P`
of the workstation goes through `deliver_pdf`: labels now, and any PDF document (intervention
sheet, pick list, calibration record, due list, impact review) wired the same way.

- In a browser tab (textual-serve, `App.is_web`): the PDF is handed to the browser
  (`App.deliver_binary`), which downloads it on the person's own machine; nothing is written on
  the server.
- In a terminal, local or over SSH: printed on the workshop's printer when the settings name one
  (`label_printer` or `document_printer`), and always saved in the documents folder of the
  settings (`documents_folder`), whose full path the notice says: over SSH a file written on the
  server is only useful to someone told where it is."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atelier_tui.i18n import _

LABEL_PRINTER = "label_printer"
DOCUMENT_PRINTER = "document_printer"
_NOTICE_SECONDS = 15  # a path is long: time to read it, or copy it


@dataclass(frozen=True)
class PdfFile:
    """A PDF ready to hand over. `file_name` is what the browser saves it as (in the documents
    folder the time is added to it); `printer_setting` says which printer of the settings prints
    it (LABEL_PRINTER or DOCUMENT_PRINTER); `title` names the print job in the printer's queue;
    `about` is anything the audit of the printing needs, given back to `record`."""

    data: bytes
    file_name: str
    printer_setting: str
    title: str
    about: Any = None


@dataclass(frozen=True)
class Delivery:
    """Where the PDF went: to the browser, or saved at `path` (and printed on `printer`, job `job`)."""

    file_name: str
    browser: bool = False
    path: Path | None = None
    printer: str | None = None
    job: str = ""


def deliver_pdf(screen: Any, what: str, make: Callable[[Any], PdfFile], record: Callable[[Any, PdfFile, Delivery], None]) -> None:
    """Deliver a PDF from a screen (a ServiceCalls screen or modal): the one way the workstation
    hands a person a file.

    `what` names it in the notice ("Label of AT-00001"). `make(context)` builds the PDF (checking
    the permission); `record(context, pdf, delivery)` writes the audit of the printing once the PDF
    is delivered, so that a printing that failed is never recorded. Both run in a worker thread;
    a refusal (ServiceError) is shown like any other, and nothing is delivered.

    Example, for the intervention sheet:

        deliver_pdf(self, _("Sheet of {reference}").format(reference=reference),
                    lambda context: PdfFile(sheet_pdf(context.engine(), reference), f"fiche-{reference}.pdf",
                                            DOCUMENT_PRINTER, _("atelier sheet")),
                    lambda context, pdf, delivery: record_sheet_printed(context.engine(), context.actor(),
                                                                        context.now(), reference, delivery))
    """
    in_browser = bool(screen.app.is_web)

    def hand_over(context: Any) -> tuple[PdfFile, Delivery]:
        pdf = make(context)
        delivery = Delivery(pdf.file_name, browser=True) if in_browser else _to_workshop(context, pdf)
        record(context, pdf, delivery)
        return pdf, delivery

    def delivered(result: tuple[PdfFile, Delivery]) -> None:
        pdf, delivery = result
        if delivery.browser:
            screen.app.deliver_binary(io.BytesIO(pdf.data), save_filename=pdf.file_name, mime_type="application/pdf")
        screen.app.notify(delivery_notice(what, delivery), timeout=_NOTICE_SECONDS)

    screen.call(hand_over, then=delivered, group="delivery")


def _to_workshop(context: Any, pdf: PdfFile) -> Delivery:
    from atelier_tui.printing.destinations import hand_to_workshop
    from atelier_tui.settings import documents_folder, load_settings

    settings = load_settings()
    printer = getattr(settings, pdf.printer_setting)
    handed = hand_to_workshop(pdf.data, pdf.file_name, pdf.title, printer, documents_folder(settings), context.now())
    return Delivery(pdf.file_name, path=handed.path, printer=handed.printer, job=handed.job)


def delivery_notice(what: str, delivery: Delivery) -> str:
    if delivery.browser:
        return _("{what}: sent to your browser as {name}").format(what=what, name=delivery.file_name)
    if delivery.printer:
        return _("{what}: sent to printer {printer}; PDF saved as {path}").format(
            what=what, printer=delivery.printer, path=delivery.path)
    return _("{what}: no printer is set; PDF saved as {path}").format(what=what, path=delivery.path)
