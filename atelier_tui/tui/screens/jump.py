"""`:` then a view name, k9s style: the view list narrows as you type; Enter jumps."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal
from atelier_tui.tui.views import VIEWS


class JumpModal(AtelierModal):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="jump.cancel")]

    def __init__(self) -> None:
        super().__init__()
        # Both the view's key word and its title in the interface language lead to it.
        self.names: dict[str, str] = {}
        for name, view in VIEWS.items():
            self.names[name] = name
            self.names[view.display_title.lower()] = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog jump"):
            yield Input(placeholder=":" + " | ".join(sorted(set(self.names.values()))), id="jump",
                        suggester=SuggestFromList(sorted(self.names), case_sensitive=False))
            yield Static("", id="jump-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        typed = event.value.strip().lower().lstrip(":")
        matches = sorted({view for word, view in self.names.items() if word.startswith(typed)}) if typed else []
        if len(matches) == 1:
            self.dismiss(matches[0])
        else:
            self.query_one("#jump-error", Static).update(_("No single view matches '{text}'.").format(text=typed))

    def action_cancel(self) -> None:
        self.dismiss(None)
