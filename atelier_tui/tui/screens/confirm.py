"""Confirmation of a destructive action. The default, and Escape, is No."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal


class ConfirmModal(AtelierModal):
    BINDINGS = [
        Binding("escape,n", "answer(False)", N_("No"), id="confirm.no"),
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(_("No"), id="no", variant="primary")
                yield Button(_("Yes"), id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
