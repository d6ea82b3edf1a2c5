"""`P` prints the label of what a screen shows (a tool, a bench, the lot under the cursor), through
the workstation's one way of handing over a PDF (tui/delivery.py): in a browser tab the browser
downloads it; in a terminal it goes to the label printer of the settings, if any, and is saved in
the documents folder, whose full path is said. The same labels as `atelier print label`
(atelier_tui/printing/jobs.py), audited the same way."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from atelier_tui.i18n import N_, _
from atelier_tui.tui.delivery import LABEL_PRINTER, Delivery, PdfFile, deliver_pdf

PRINT_LABEL_ACTION = "label.print"
PRINT_LABEL_BINDING = Binding("P", "print_label", N_("Print label"), id="label.print")


def _label_pdf(context: Any, kind: str, key: str) -> PdfFile:
    from atelier_tui.printing.jobs import labels_document

    document = labels_document(context.engine(), context.actor(), kind, [key])
    return PdfFile(document.data, document.file_name, LABEL_PRINTER, _("atelier labels"), about=document)


def _record(context: Any, pdf: PdfFile, delivery: Delivery) -> None:
    from atelier_tui.printing.jobs import record_labels_delivered

    record_labels_delivered(context.engine(), context.actor(), context.now(), pdf.about,
                            printer=delivery.printer, pdf=delivery.path, browser=delivery.browser)


class LabelPrinting:
    """Mixed into a screen that defines `label_to_print()`: (kind, key), or None when nothing is shown."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "print_label":
            return self.may_print_label()
        return super().check_action(action, parameters)  # type: ignore[misc]

    def may_print_label(self) -> bool:
        return bool(self.app.context.may(PRINT_LABEL_ACTION))  # type: ignore[attr-defined]

    def action_print_label(self) -> None:
        target = self.label_to_print()  # type: ignore[attr-defined]
        if target is None:
            return
        kind, key = target
        self.print_label_of(kind, key)

    def print_label_of(self, kind: str, key: str) -> None:
        deliver_pdf(self, _("Label of {key}").format(key=key), lambda context: _label_pdf(context, kind, key), _record)
