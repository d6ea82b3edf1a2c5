"""`P` prints the label of what a screen shows (a tool, a bench, the lot under the cursor): on the
label printer of the settings, or, with none set, as a PDF in the documents folder, whose full
path is said. The same path as `atelier print label` (atelier_tui/printing/jobs.py)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from atelier_tui.i18n import N_, _

PRINT_LABEL_ACTION = "label.print"
PRINT_LABEL_BINDING = Binding("P", "print_label", N_("Print label"), id="label.print")


def _print(context: Any, kind: str, key: str) -> Any:
    from atelier_tui.printing.jobs import print_from_workstation

    return print_from_workstation(context.engine(), context.actor(), context.now(), kind, [key])


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
        self.call(_print, kind, key, then=lambda printed: self._label_printed(key, printed))  # type: ignore[attr-defined]

    def _label_printed(self, key: str, printed: Any) -> None:
        if printed.printer:
            message = _("Label of {key} sent to printer {printer}").format(key=key, printer=printed.printer)
        else:
            message = _("No label printer is set: the label of {key} is saved as {path}").format(key=key, path=printed.pdf)
        self.app.notify(message, timeout=12)  # type: ignore[attr-defined]
