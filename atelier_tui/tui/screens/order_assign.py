"""Assigning an order to a bench and a technician, in a small form: both picked from the
workshop's benches and staff, saved by the same service as `atelier order assign`. Also what the
order screens say to someone who may not change the workshop this way."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Label, Select, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal


def refusal_for(context: Any, action: str) -> str | None:
    """Why this person may not do `action` here (None: they may), in the permission table's words."""
    if context.may(action):
        return None
    from atelier_tui.services.context import Actor
    from atelier_tui.services.permissions import PermissionDenied, allowed

    if context.readonly and context.role and allowed(context.role, action):
        return _("This workstation is read-only: nothing can be changed from it.")
    return str(PermissionDenied(Actor(login=context.login, role=context.role or "-"), action))


def load_choices(context: Any, reference: str) -> Any:
    from atelier_tui.services.orders.choices import assignment_choices

    return assignment_choices(context.engine(), reference)


class AssignModal(AtelierModal):
    """Returns the bench chosen (a code, or "" for none) once saved; None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="form.cancel")]
    DEFAULT_CSS = """
    AssignModal { align: center middle; background: $background 60%; }
    AssignModal Select { margin: 0; }
    """

    def __init__(self, choices: Any) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        choices = self.choices
        with VerticalScroll(classes="dialog form"):
            yield Static(_("Assign {reference}").format(reference=choices.reference), classes="question")
            yield Label(_("Bench"))
            yield Select([(f"{bench.code} — {bench.name}", bench.code) for bench in choices.benches], id="field-bench",
                         prompt=_("no bench"), value=choices.bench or Select.NULL, compact=True)
            yield Static("", id="error-bench", classes="field-error")
            yield Label(_("Technician"))
            yield Select([(f"{person.display_name} ({person.login})", person.login) for person in choices.people],
                         id="field-technician", prompt=_("unchanged") if choices.technician else _("nobody"),
                         value=choices.technician or Select.NULL, compact=True)
            yield Static("", id="error-technician", classes="field-error")
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Assign"), id="submit", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#field-bench", Select).focus()

    def picked(self, name: str) -> str:
        value = self.query_one(f"#field-{name}", Select).value
        return "" if value is Select.NULL else str(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.dismiss(None)

    def action_submit(self) -> None:
        reference, bench, technician = self.choices.reference, self.picked("bench"), self.picked("technician")

        def assign(context: Any) -> str:
            from atelier_tui.services.orders.reception import set_order_bench

            set_order_bench(context.engine(), context.actor(), context.now(), reference, bench or None, technician or None)
            return bench

        for name in ("bench", "technician", "form"):
            self.query_one(f"#{name}-error" if name == "form" else f"#error-{name}", Static).update("")
        self.call(assign, then=self.dismiss, failed=self.show_refusal, group="submit")

    def show_refusal(self, message: str, field_name: str | None = None) -> None:
        target = f"#error-{field_name}" if field_name in ("bench", "technician") else "#form-error"
        self.query_one(target, Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
