"""An unexpected error: one sentence and where the details were written; the work goes on."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal


class ErrorModal(AtelierModal):
    BINDINGS = [Binding("escape,enter", "close", N_("Close"), id="error.close")]

    def __init__(self, error: BaseException, log_path: Path) -> None:
        super().__init__()
        self.error = error
        self.log_path = log_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error"):
            yield Static(_("Something went wrong"), classes="question")
            yield Static(f"{type(self.error).__name__}: {self.error}")
            yield Static(_("Nothing was saved half-way. Details are in {path}.").format(path=self.log_path), classes="hint")
            yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
