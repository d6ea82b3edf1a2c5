"""Taking a watch in from the Orders list (`n`): one scrolling form with what `atelier order add`
takes, the calibre and the interventions picked from the catalog by their names, lengths typed
with or without their unit (mm shown beside). Saved by the same service as the command; a field
left empty is passed empty, never filled in here. Returns the new order's reference."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static

from atelier_tui.domain.vocabulary import (
    CaseBack,
    CrownType,
    CrystalMaterial,
    CrystalShape,
    Luminous,
    MovementKind,
    values,
)
from atelier_tui.i18n import N_, _, localized
from atelier_tui.services.sheets.markdown import GRADE_LABELS
from atelier_tui.tui.base import AtelierModal
from atelier_tui.tui.screens.form import for_example
from atelier_tui.wording.vocabulary import word

# The fields of OrderDraft the form offers, with their labels, by how each is typed: text, a length
# in mm, a word of the vocabulary (with what an empty choice means), a pick from the catalog.
TEXTS = {"brand": N_("Brand"), "model": N_("Model"), "case_serial": N_("Case serial number"),
         "customer_ref": N_("Customer reference"), "deadline": N_("Deadline"), "estimate": N_("Estimate of bench time"),
         "water_resistance": N_("Water resistance as marked"), "battery": N_("Battery (code on the old cell)"),
         "reception_notes": N_("Reception notes")}
LENGTHS = {"case_diameter": N_("Case diameter"), "lug_width": N_("Lug width"),
           "gasket_inner_diameter": N_("Case-back gasket inner diameter"), "gasket_section": N_("Case-back gasket section"),
           "crystal_diameter": N_("Crystal diameter"), "crystal_thickness": N_("Crystal thickness"),
           "crystal_gasket_outer_diameter": N_("Crystal gasket outer diameter"),
           "crystal_gasket_inner_diameter": N_("Crystal gasket inner diameter"),
           "crystal_gasket_height": N_("Crystal gasket height"), "crown_diameter": N_("Crown diameter"),
           "crown_tube_diameter": N_("Crown tube diameter"), "crown_gasket_inner_diameter": N_("Crown gasket inner diameter"),
           "crown_gasket_section": N_("Crown gasket section")}
WORDS = {"movement_kind": (N_("Movement"), MovementKind, N_("the calibre's")),
         "case_back": (N_("Case back"), CaseBack, N_("not said")),
         "crystal_material": (N_("Crystal material"), CrystalMaterial, N_("not said")),
         "crystal_shape": (N_("Crystal shape"), CrystalShape, N_("not said")),
         "crown_type": (N_("Crown"), CrownType, N_("not said")),
         # Left empty, the service records no luminous material: the prompt says so.
         "luminous": (N_("Luminous material"), Luminous, N_("none"))}
PICKS = {"calibre": N_("Calibre"), "level": N_("Technical level"), "grade": N_("Grade"), "interventions": N_("Interventions")}
LABELS = {**TEXTS, **LENGTHS, **{name: label for name, (label, _kind, _blank) in WORDS.items()}, **PICKS}
EXAMPLES = {"deadline": "2026-12-20", "estimate": "3 h", "water_resistance": "10 bar", "battery": "SR626SW"}


def load_choices(context: Any) -> Any:
    from atelier_tui.services.orders.choices import intake_choices

    return intake_choices(context.engine())


def take_in(context: Any, values: dict[str, Any]) -> str:
    from atelier_tui.domain.units import UnitError
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.orders.reception import OrderDraft, create_order

    try:
        return create_order(context.engine(), context.actor(), context.now(), OrderDraft(**values))
    except ServiceError as refusal:
        cause = refusal.__cause__
        if isinstance(cause, UnitError) and cause.field in LABELS:  # kept as data: worded here, by the field's label
            from atelier_tui.tui.widgets.refusals import unit_error_text

            raise ServiceError(unit_error_text(cause, _(LABELS[cause.field])), field=cause.field) from None
        raise


def labelled(message: str, field_name: str | None) -> str:
    """A refusal that starts with the service's field name starts with the label read on the form."""
    if field_name in LABELS:
        for prefix in (f"{field_name}: ", f"{field_name} : "):  # English, French
            if message.startswith(prefix):
                return _(LABELS[field_name]) + prefix[len(field_name):] + message[len(prefix):]
    return message


def in_mm(typed: str) -> str:
    """A bare number in a field shown in mm is a length in mm: `38` reads `38 mm`; anything else is
    passed as typed, for the units module to read or refuse."""
    from atelier_tui.domain.units import UnitError, parse_quantity

    try:
        parse_quantity(typed, "", "length")
    except UnitError:
        return typed
    return f"{typed} mm"


class LengthValidator(Validator):
    """A length as typed (`38`, `38 mm`, `17.75 ligne`), read by the units module; the message
    names the field by its label."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def validate(self, value: str) -> ValidationResult:
        from atelier_tui.domain.units import UnitError, parse_quantity
        from atelier_tui.tui.widgets.refusals import unit_error_text

        if not value.strip():
            return self.success()
        try:
            parse_quantity(in_mm(value.strip()), "mm", self.name)
        except UnitError as error:
            return self.failure(unit_error_text(error, _(LENGTHS[self.name])))
        return self.success()


class IntakeModal(AtelierModal):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="form.cancel")]
    DEFAULT_CSS = """
    IntakeModal { align: center middle; background: $background 60%; }
    IntakeModal .row { height: auto; }
    IntakeModal .row Label { width: 38; padding: 0 1 0 0; }
    IntakeModal .row Input, IntakeModal .row Select { width: 1fr; }
    IntakeModal .row .unit { width: 4; padding: 0 0 0 1; color: $text-muted; }
    IntakeModal SelectionList { height: auto; max-height: 8; }
    IntakeModal .section { text-style: bold; margin-top: 1; }
    IntakeModal .field-error { padding: 0 0 0 38; }
    IntakeModal #form-error { padding: 0; }
    """

    def __init__(self, choices: Any) -> None:
        super().__init__()
        self.choices = choices
        self.calibres = {calibre.key: calibre for calibre in choices.calibres}

    # Building --------------------------------------------------------------------------------

    def _text(self, name: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(_(TEXTS[name]))
            example = EXAMPLES.get(name)
            yield Input(id=f"field-{name}", placeholder=for_example(example) if example else "", compact=True)
        yield Static("", id=f"error-{name}", classes="field-error")

    def _length(self, name: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(_(LENGTHS[name]))
            yield Input(id=f"field-{name}", compact=True, validators=[LengthValidator(name)], validate_on=["changed", "submitted"])
            yield Static("mm", classes="unit")
        yield Static("", id=f"error-{name}", classes="field-error")

    def _select(self, name: str, label: str, options: list[tuple[str, Any]], blank: str) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(_(label))
            yield Select(options, id=f"field-{name}", prompt=blank, compact=True)
        yield Static("", id=f"error-{name}", classes="field-error")

    def _words(self, name: str) -> ComposeResult:
        label, kind, blank = WORDS[name]
        yield from self._select(name, label, [(word(kind, value), value) for value in values(kind)], _(blank))

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog form"):
            yield Static(_("Take a watch in"), classes="question")
            yield from self._text("brand")
            yield from self._text("model")
            calibres = [(f"{c.reference} — {localized(c.name_en, c.name_fr)}", c.key) for c in self.choices.calibres]
            yield from self._select("calibre", PICKS["calibre"], calibres, _("not identified"))
            yield from self._words("movement_kind")
            yield from self._text("case_serial")
            yield from self._text("customer_ref")
            yield Static(_("The work"), classes="section")
            yield Label(_(PICKS["interventions"]))
            by_name = sorted(self.choices.interventions, key=lambda i: localized(i.name_en, i.name_fr).casefold())
            yield SelectionList[str](*[(localized(i.name_en, i.name_fr), i.key) for i in by_name], id="field-interventions",
                                     compact=True)
            yield Static("", id="error-interventions", classes="field-error")
            yield from self._text("deadline")
            yield from self._select("level", PICKS["level"], [(str(level), str(level)) for level in (1, 2, 3)],
                                    _("the interventions'"))
            yield from self._select("grade", PICKS["grade"], [], _("the calibre's own tolerances"))
            yield from self._text("estimate")
            yield Static(_("The case"), classes="section")
            for name in ("case_diameter", "lug_width", "gasket_inner_diameter", "gasket_section"):
                yield from self._length(name)
            yield from self._words("case_back")
            yield from self._text("water_resistance")
            yield from self._words("crystal_material")
            yield from self._words("crystal_shape")
            for name in ("crystal_diameter", "crystal_thickness", "crystal_gasket_outer_diameter",
                         "crystal_gasket_inner_diameter", "crystal_gasket_height"):
                yield from self._length(name)
            yield from self._words("crown_type")
            for name in ("crown_diameter", "crown_tube_diameter", "crown_gasket_inner_diameter", "crown_gasket_section"):
                yield from self._length(name)
            yield from self._text("battery")
            yield from self._words("luminous")
            yield Checkbox(_("Vintage"), id="field-vintage", compact=True)
            yield from self._text("reception_notes")
            yield Static("", id="form-error", classes="field-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Take in"), id="submit", variant="primary")

    def on_mount(self) -> None:
        # Wider than the app's small dialogs (an inline style: the app's stylesheet wins over DEFAULT_CSS).
        self.query_one(VerticalScroll).styles.width = 100
        for line in self.query(".field-error"):
            line.display = False
        self.query_one("#field-brand", Input).focus()

    # Reacting --------------------------------------------------------------------------------

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "field-calibre":  # the grades are the chosen calibre's
            calibre = self.calibres.get(str(event.value)) if event.value is not Select.NULL else None
            grades = calibre.grades if calibre else ()
            self.query_one("#field-grade", Select).set_options([(_(GRADE_LABELS.get(grade, grade)), grade) for grade in grades])

    def on_input_changed(self, event: Input.Changed) -> None:
        name = (event.input.id or "").removeprefix("field-")
        result = event.validation_result
        self._say(name, "; ".join(result.failure_descriptions) if result is not None and not result.is_valid else "")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        else:
            self.dismiss(None)

    def _say(self, name: str, message: str) -> None:
        line = self.query_one(f"#error-{name}" if name != "form" else "#form-error", Static)
        line.update(message)
        line.display = bool(message)

    # Saving ----------------------------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        """What was typed and chosen, as the service's draft takes it; untouched fields empty."""
        typed: dict[str, Any] = {name: self.query_one(f"#field-{name}", Input).value.strip() for name in (*TEXTS, *LENGTHS)}
        typed.update({name: in_mm(typed[name]) for name in LENGTHS if typed[name]})
        for name in (*WORDS, "calibre", "level", "grade"):
            value = self.query_one(f"#field-{name}", Select).value
            typed[name] = "" if value is Select.NULL else str(value)
        typed["interventions"] = list(self.query_one("#field-interventions", SelectionList).selected)
        typed["vintage"] = self.query_one("#field-vintage", Checkbox).value
        return typed

    def action_submit(self) -> None:
        first_bad = None
        for name in LENGTHS:
            field_input = self.query_one(f"#field-{name}", Input)
            result = field_input.validate(field_input.value)
            if result is not None and not result.is_valid:
                self._say(name, "; ".join(result.failure_descriptions))
                first_bad = first_bad or field_input
        if first_bad is not None:  # nothing is sent while a length is unreadable
            first_bad.focus()
            return
        self._say("form", "")
        self.call(take_in, self.values(), then=self.dismiss, failed=self.show_refusal, group="submit")

    def show_refusal(self, message: str, field_name: str | None = None) -> None:
        """Under the field the refusal names (its label first), else under the form."""
        if field_name in LABELS:
            self._say(field_name, labelled(message, field_name))
            self.query_one(f"#field-{field_name}").focus()
            return
        self._say("form", message)
        self.query_one("#form-error").scroll_visible()

    def action_cancel(self) -> None:
        self.dismiss(None)
