"""A small form in a modal: typed fields with validators, submitted to a service in a worker.

A refusal is shown under the field it names (or under the form) and the typed values stay; the
modal closes only when the service succeeded. A form that `confirm`s first has the service check
the values (nothing written), then asks with a summary of what will be stored, then saves: validate
first, confirm last.

A form taller than the terminal scrolls inside its box, and whatever takes the focus (a field, the
buttons) is scrolled into view: at 80x24 the receive and dispose forms had their buttons below the
screen's edge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.suggester import SuggestFromList
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal


class QuantityValidator(Validator):
    """Parses a typed quantity with the units module; the message says what was expected."""

    def __init__(self, unit: str, field_name: str) -> None:
        super().__init__()
        self.unit = unit
        self.field_name = field_name

    def validate(self, value: str) -> ValidationResult:
        from atelier_tui.domain.units import UnitError, parse_quantity

        text = value.replace("+", "", 1) if value.startswith("+") else value
        from atelier_tui.tui.widgets.refusals import unit_error_text

        try:
            parse_quantity(text, "ml" if self.unit == "l" else self.unit, self.field_name)
        except UnitError as error:
            return self.failure(unit_error_text(error))
        return self.success()


class Required(Validator):
    def __init__(self, field_name: str) -> None:
        super().__init__()
        self.field_name = field_name

    def validate(self, value: str) -> ValidationResult:
        if value.strip():
            return self.success()
        return self.failure(_("{field}: required").format(field=self.field_name))


def for_example(example: str) -> str:
    """A placeholder shows the format of what to type, never a value that could pass for one
    already typed: a grey 'AT-00077' left as it was saved nothing (issue 17)."""
    return _("e.g. {example}").format(example=example)


def one_of(choices: list[str] | tuple[str, ...]) -> str:
    return _("one of: {choices}").format(choices=" | ".join(choices))


def chosen_key(words: dict[str, str], typed: str) -> str:
    """The stored value a person chose by its word in the interface's language (or by the value
    itself, as the commands take it): `words` maps each value to its word."""
    wanted = typed.strip().lower()
    for key, shown in words.items():
        if wanted in (key.lower(), shown.lower()):
            return key
    return typed.strip()


class OneOfWords(Validator):
    """One of a few values, typed as its word in the interface's language (or as the value)."""

    def __init__(self, field_name: str, words: dict[str, str]) -> None:
        super().__init__()
        self.field_name, self.words = field_name, words

    def validate(self, value: str) -> ValidationResult:
        if chosen_key(self.words, value) in self.words:
            return self.success()
        return self.failure(_("{field}: '{given}' is not one of {choices}").format(
            field=self.field_name, given=value, choices=", ".join(self.words.values())))


@dataclass
class FormField:
    name: str  # the service's field name: refusals naming it are shown under this input
    label: str  # marked N_
    value: str = ""  # a real value, pre-filled and editable: what is saved if left as is
    placeholder: str = ""  # a format (for_example, one_of), shown in grey and never saved
    validators: list[Validator] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)


class FormModal(AtelierModal):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="form.cancel")]

    # The box keeps the dialog's look and height (auto, at most the screen) and scrolls what it holds.
    DEFAULT_CSS = """
    FormModal > .dialog.form { overflow-y: auto; scrollbar-gutter: stable; }
    """

    def __init__(self, title: str, fields: list[FormField], submit: Callable[..., Any], submit_label: str = N_("Save"),
                 confirm: Callable[..., str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.submit = submit  # submit(context, values) -> result, run in a worker
        self.submit_label = submit_label
        # confirm(context, values) -> the question that sums up what will be stored ("": none to
        # ask), run in a worker; it refuses (ServiceError) exactly as submit would.
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static(self.title_text, classes="question")
            for spec in self.fields:
                yield Label(_(spec.label))
                yield Input(
                    value=spec.value,
                    placeholder=spec.placeholder,
                    id=f"field-{spec.name}",
                    validators=spec.validators,
                    validate_on=["changed", "submitted"],
                    suggester=SuggestFromList(spec.suggestions, case_sensitive=False) if spec.suggestions else None,
                )
                yield Static("", id=f"error-{spec.name}", classes="field-error")
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_(self.submit_label), id="submit", variant="primary")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Textual scrolls a focused widget into its container's view; a button is brought into
        # view with its whole row (and the form's error line above it), not just its own cells.
        widget = event.widget
        if isinstance(widget, Button) and widget.parent is not None:
            self.call_after_refresh(widget.parent.scroll_visible, animate=False, top=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        message = ""
        if event.validation_result is not None and not event.validation_result.is_valid:
            message = "; ".join(event.validation_result.failure_descriptions)
        self.query_one(f"#error-{name}", Static).update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.dismiss(None)

    def values(self) -> dict[str, str]:
        return {spec.name: self.query_one(f"#field-{spec.name}", Input).value.strip() for spec in self.fields}

    def action_submit(self) -> None:
        invalid = False
        for spec in self.fields:
            field_input = self.query_one(f"#field-{spec.name}", Input)
            result = field_input.validate(field_input.value)
            if result is not None and not result.is_valid:
                self.query_one(f"#error-{spec.name}", Static).update("; ".join(result.failure_descriptions))
                invalid = True
        if invalid:
            return
        self.query_one("#form-error", Static).update("")
        values = self.values()
        if self.confirm is None:
            self._save(values)
            return
        self.call(self.confirm, values, then=lambda question: self._ask(question, values), failed=self.show_refusal, group="submit")

    def _ask(self, question: str, values: dict[str, str]) -> None:
        from atelier_tui.tui.screens.confirm import ConfirmModal

        if not question:  # nothing worth a question in what was typed
            self._save(values)
            return
        self.app.push_screen(ConfirmModal(question), lambda yes: self._save(values) if yes else None)

    def _save(self, values: dict[str, str]) -> None:
        self.call(self.submit, values, then=self.dismiss, failed=self.show_refusal, group="submit")

    def show_refusal(self, message: str, field_name: str | None = None) -> None:
        """Under the field the refusal names, else under the form; what was typed stays."""
        if field_name and any(spec.name == field_name for spec in self.fields):
            self.query_one(f"#error-{field_name}", Static).update(message)
            self.query_one(f"#field-{field_name}", Input).focus()
            return
        self.query_one("#form-error", Static).update(message)

    def action_cancel(self) -> None:
        self.dismiss(None)
