"""The intervention sheet (fiche de suivi) of an order in progress, from the keyboard: space or
Enter ticks the highlighted step (again: un-ticks it), `m` records a measurement, `a` an anomaly,
`l` an alert to the lead, `c` closes the sheet (the supplies are consumed and the watch goes to
quality control), `e` exports it as Markdown. Read-only, or once closed, only `e` is left."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.validation import ValidationResult, Validator
from textual.widgets import DataTable, Header, Input, Static

from atelier_tui.domain.vocabulary import Judgement, LotUseState, OrderStatus, SheetStatus
from atelier_tui.i18n import N_, _, localized, ngettext
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.document_printing import PRINT_DOCUMENT_BINDING, DocumentPrinting
from atelier_tui.tui.screens.form import FormField, FormModal, OneOfWords, Required, chosen_key, for_example, one_of
from atelier_tui.tui.screens.sheet_export import SheetExport
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import SEVERE, severity_style, state_text
from atelier_tui.wording.numbers import degree_sign
from atelier_tui.wording.vocabulary import word

CHANGE_ACTIONS = {"tick", "measure", "anomaly", "alert", "not_replaced", "close_sheet"}
# The words a technician may type for a water-resistance test's result, in either language.
RESULTS = {"pass": Judgement.PASS, "fail": Judgement.FAIL, "ok": Judgement.PASS, "leak": Judgement.FAIL}


def load(context: Any, reference: str) -> Any:
    from atelier_tui.services.sheets.queries import sheet_of

    return sheet_of(context.engine(), reference)


def _time(value: Any) -> str:
    return f"{value.astimezone():%H:%M}" if value is not None else ""


def quantity_words() -> dict[str, str]:
    """Each quantity a sheet measures -> its name in the interface language (typed as either)."""
    from atelier_tui.domain.measurements import QUANTITIES
    from atelier_tui.services.sheets.queries import QUANTITY_LABELS

    return {key: _(QUANTITY_LABELS.get(key, key)) for key in QUANTITIES}


class MeasuredValue(Validator):
    """The value typed, parsed in the unit of the quantity chosen in the same form (as
    QuantityValidator does for a fixed unit): the message says what was expected."""

    def __init__(self) -> None:
        super().__init__()
        self.form: FormModal | None = None

    def validate(self, value: str) -> ValidationResult:
        from atelier_tui.domain.measurements import QUANTITIES
        from atelier_tui.domain.units import UnitError, parse_quantity
        from atelier_tui.tui.widgets.refusals import unit_error_text

        typed = self.form.query_one("#field-quantity", Input).value if self.form is not None else ""
        spec = QUANTITIES.get(chosen_key(quantity_words(), typed))
        if spec is None:  # the quantity field says what is wrong with it
            return self.success() if value.strip() else self.failure(_("{field}: required").format(field=_("value")))
        try:
            parse_quantity(value, spec.unit, "value")
        except UnitError as error:
            return self.failure(unit_error_text(error, _("value")))
        return self.success()


class OneOf(Validator):
    def __init__(self, field_name: str, choices: list[str]) -> None:
        super().__init__()
        self.field_name, self.choices = field_name, choices

    def validate(self, value: str) -> ValidationResult:
        if value.strip().lower() in (choice.lower() for choice in self.choices):
            return self.success()
        return self.failure(_("{field}: '{given}' is not one of {choices}").format(
            field=self.field_name, given=value, choices=", ".join(self.choices)))


class PositionValidator(Validator):
    """A position as the trade writes it (CH, CB or FH, 3H, 6H, 9H, 12H; DU, DD, CU, CL, CD, CR), or nothing."""

    def validate(self, value: str) -> ValidationResult:
        from atelier_tui.domain.measurements import POSITIONS, position_code

        if position_code(value) is not None:
            return self.success()
        return self.failure(_("{field}: '{given}' is not one of {choices}").format(
            field=_("position"), given=value, choices=", ".join(POSITIONS)))


class MeasureForm(FormModal):
    """The measurement form: compact enough for five fields on 24 lines (sheet.tcss)."""


class SheetScreen(DocumentPrinting, SheetExport, AtelierScreen):
    CSS_PATH = "sheet.tcss"
    AUTO_FOCUS = "#sheet-steps"
    BINDINGS = [
        Binding("escape", "close", N_("Back"), id="back"),
        Binding("space", "tick", N_("Tick"), id="sheet.tick"),
        Binding("m", "measure", N_("Measure"), id="sheet.measure"),
        Binding("a", "anomaly", N_("Anomaly"), id="sheet.anomaly"),
        Binding("l", "alert", N_("Alert"), id="sheet.alert"),
        Binding("n", "not_replaced", N_("Not replaced"), id="sheet.not_replaced"),
        Binding("c", "close_sheet", N_("Close sheet"), id="sheet.close"),
        Binding("e", "export", N_("Export"), id="sheet.export"),
        PRINT_DOCUMENT_BINDING,
    ]

    def __init__(self, reference: str) -> None:
        super().__init__()
        self.reference = reference
        self.sheet: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="sheet-summary")
        yield DataTable(id="sheet-steps", cursor_type="row", zebra_stripes=True)
        yield Static("", id="sheet-step")
        yield Static("", id="sheet-records")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Intervention sheet {reference}").format(reference=self.reference)
        table = self.query_one("#sheet-steps", DataTable)
        table.add_column(_("Done"), width=max(len(_("to do")), len(_("done"))) + 2)
        table.add_column("#", width=3)
        table.add_column(_("Step"), width=max(20, self.app.size.width - 30))
        table.add_column(_("Time"), width=5)
        self.reload()

    def reload(self, cursor: int | None = None) -> None:
        self.call(load, self.reference, then=lambda sheet: self.show(sheet, cursor), group="load")

    # Showing ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS:
            return not self.app.context.readonly and self.sheet is not None and self.sheet.is_open
        if action in ("export", "print_document"):
            return self.sheet is not None
        return True

    def document_to_print(self) -> tuple[str, str] | None:
        return ("sheet", self.reference) if self.sheet is not None else None

    def show(self, sheet: Any, cursor: int | None = None) -> None:
        self.sheet = sheet
        self.refresh_bindings()
        summary = self.query_one("#sheet-summary", Static)
        if sheet is None:
            summary.update(_("{reference} has no intervention sheet: the sheet opens when the work starts (s on the order).").format(
                reference=self.reference))
            return
        table = self.query_one("#sheet-steps", DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for step in sheet.steps:
            mark = Text("✓ " + _("done"), style="green") if step.done_at else Text("· " + _("to do"), style="yellow")
            table.add_row(mark, str(step.number), localized(step.text_en, step.text_fr), _time(step.done_at))
        if sheet.steps:
            table.move_cursor(row=max(0, min(row, len(sheet.steps) - 1)))
        summary.update(self.summary())
        self.show_step()
        self.query_one("#sheet-records", Static).update(self.records())

    def summary(self) -> Text:
        sheet = self.sheet
        watch = " ".join(part for part in (sheet.brand, sheet.model) if part)
        calibre = sheet.calibre_reference or _("calibre not identified")
        text = Text(f"{sheet.reference} — {watch} — {calibre}", style="bold")
        done = len(sheet.steps) - len(sheet.steps_left)
        text.append("\n" + ngettext("Bench {bench} · {name} · opened at {time} · {done}/{total} step ticked",
                                     "Bench {bench} · {name} · opened at {time} · {done}/{total} steps ticked", len(sheet.steps)).format(
            bench=sheet.bench, name=sheet.technician, time=_time(sheet.opened_at), done=done, total=len(sheet.steps)))
        text.append("\n")
        if sheet.is_open:
            text.append_text(state_text("open", word(SheetStatus, SheetStatus.OPEN)))
        else:
            text.append_text(state_text("closed", word(SheetStatus, SheetStatus.CLOSED)))
            text.append(" " + _("at {time}, {status}").format(time=_time(sheet.closed_at), status=word(OrderStatus, sheet.order_status)))
        if sheet.concession:
            text.append("  " + _("Concession: {reason}").format(reason=sheet.concession), style="italic")
        return text

    def current_step(self) -> Any:
        table = self.query_one("#sheet-steps", DataTable)
        if self.sheet is None or not self.sheet.steps or table.cursor_row < 0:
            return None
        return self.sheet.steps[min(table.cursor_row, len(self.sheet.steps) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_step()

    def show_step(self) -> None:
        step = self.current_step()
        panel = self.query_one("#sheet-step", Static)
        if step is None:
            panel.update("")
            return
        text = Text(_("Step {number}: ").format(number=step.number), style="bold")
        text.append(localized(step.text_en, step.text_fr))
        if step.done_at:
            text.append("  " + _("ticked at {time} by {name}").format(time=_time(step.done_at), name=step.done_by or "?"), style="italic")
        panel.update(text)

    def records(self) -> Group:
        from atelier_tui.services.sheets.markdown import grade_text, judged_text, tolerance_text
        from atelier_tui.services.sheets.queries import ANOMALY_CATEGORIES, QUANTITY_LABELS

        sheet = self.sheet
        parts: list[Any] = []
        if sheet.measurements:
            title = _("Measurements (judged by {tolerances})").format(tolerances=grade_text(sheet.grade))
            table = Table(title=title, title_justify="left", expand=True, padding=(0, 1))
            for header in (_("Measurement"), _("Position"), _("Value"), _("Tolerance"), _("Judged"), _("Instrument")):
                table.add_column(header)
            for m in sheet.measurements:
                style = severity_style(SEVERE) if m.judged == "fail" else "green" if m.judged == "pass" else ""
                tolerance = tolerance_text(m.quantity, sheet.tolerances, m.position) or "—"
                table.add_row(_(QUANTITY_LABELS[m.quantity]), m.position or "—", degree_sign(m.text), tolerance,
                              Text(judged_text(m.judged), style=style), m.tool_tag or "—")
            parts.append(table)
        else:
            parts.append(Text(_("No measurements yet: m records one."), style="italic"))
        for note in sheet.anomalies:
            parts.append(Text("! " + _("Anomaly ({category}): {text}").format(
                category=_(ANOMALY_CATEGORIES.get(note.category, note.category)), text=note.text)))
        for note in sheet.alerts:
            parts.append(Text("⚑ " + _("Alert to the lead: {text}").format(text=note.text), style="bold"))
        if sheet.tools:
            parts.append(Text(_("Tools used: {tags}").format(tags=", ".join(tool.asset_tag for tool in sheet.tools))))
        lots = ", ".join(f"{lot.lot_number} ({word(LotUseState, lot.state)})" for lot in sheet.lots)
        if lots:
            parts.append(Text(_("Lots: {lots}").format(lots=lots)))
        for part in sheet.parts:
            parts.append(self.part_text(part))
        return Group(*parts)

    @staticmethod
    def part_text(part: Any) -> Text:
        from atelier_tui.services.sheets.parts import part_name

        if part.fitted:
            return Text(_("{part}: fitted (lot {lots})").format(part=part_name(part), lots=", ".join(part.fitted)))
        if part.not_replaced is not None:
            return Text(_("{part}: not replaced: {reason}").format(part=part_name(part), reason=part.not_replaced))
        return Text(_("{part}: not fitted yet (n: not replaced, with the reason)").format(part=part_name(part)), style="yellow")

    # Changing ---------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.check_action("tick", ()):
            self.action_tick()

    def action_tick(self) -> None:
        step = self.current_step()
        if step is None:
            return
        row = self.query_one("#sheet-steps", DataTable).cursor_row

        def tick(context: Any) -> Any:
            from atelier_tui.services.sheets.keeping import tick_step

            return tick_step(context.engine(), context.actor(), context.now(), self.reference, step.position)

        def ticked(result: Any) -> None:
            if result.done_at is None:
                self.app.notify(_("Step {number} un-ticked").format(number=result.number))
            self.reload(row + 1 if result.done_at else row)

        self.call(tick, then=ticked, group="tick")

    def action_measure(self) -> None:
        from atelier_tui.domain.measurements import POSITIONS

        instruments = [tool.asset_tag for tool in self.sheet.tools if tool.measuring]
        value = MeasuredValue()
        quantities = quantity_words()
        fields = [
            FormField("quantity", N_("Quantity"), placeholder=one_of(list(quantities.values())), suggestions=list(quantities.values()),
                      validators=[OneOfWords(_("quantity"), quantities)]),
            FormField("value", N_("Value with its unit"), placeholder=for_example("+4 s/d, 285°, 0.4 ms"), validators=[value]),
            FormField("position", N_("Position (rate, amplitude, beat error)"), placeholder=one_of(list(POSITIONS)),
                      suggestions=list(POSITIONS), validators=[PositionValidator()]),
            # Typed, never shown in grey: a tag left in grey was saved as no instrument at all.
            FormField("tool", N_("Instrument (asset tag)"), placeholder=_("the asset tag on the instrument's label"),
                      suggestions=instruments),
            FormField("result", N_("Water-resistance test result (pass or fail)"),
                      placeholder=one_of(list(dict.fromkeys(["pass", "fail", word(Judgement, Judgement.PASS), word(Judgement, Judgement.FAIL)])))),
        ]

        def record(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.sheets.keeping import record_measurement

            typed = values["result"].strip().lower()
            result = RESULTS.get(typed) or {word(Judgement, j).lower(): j for j in (Judgement.PASS, Judgement.FAIL)}.get(typed, typed)
            return record_measurement(context.engine(), context.actor(), context.now(), self.reference, chosen_key(quantities, values["quantity"]),
                                      values["value"], values["position"], values["tool"] or None, result)

        form = MeasureForm(_("Measurement on {reference}").format(reference=self.reference), fields, record, submit_label=N_("Record"))
        value.form = form
        self.app.push_screen(form, self.measured)

    def measured(self, line: Any) -> None:
        if line is None:
            return
        from atelier_tui.services.sheets.markdown import judged_text
        from atelier_tui.services.sheets.queries import QUANTITY_LABELS

        message = _("{quantity} {value}: {judged}").format(quantity=_(QUANTITY_LABELS[line.quantity]), value=degree_sign(line.text),
                                                          judged=judged_text(line.judged))
        self.app.notify(message, severity="warning" if line.judged == "fail" else "information")
        self.reload()

    def action_anomaly(self) -> None:
        from atelier_tui.services.sheets.queries import ANOMALY_CATEGORIES

        def add(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.sheets.keeping import add_anomaly

            return add_anomaly(context.engine(), context.actor(), context.now(), self.reference, chosen_key(words, values["category"]),
                               values["text"])

        # The categories by their words in the interface's language; the service is given the category.
        words = {key: _(label) for key, label in ANOMALY_CATEGORIES.items()}
        form = FormModal(_("Anomaly on {reference}").format(reference=self.reference), [
            FormField("category", N_("Category"), placeholder=one_of([*list(words.values())[:4], "…"]),
                      suggestions=list(words.values()), validators=[OneOfWords(_("category"), words)]),
            FormField("text", N_("What was found"), validators=[Required(_("text"))]),
        ], add, submit_label=N_("Record"))
        self.app.push_screen(form, lambda entry: entry is not None and self._noted(_("Anomaly recorded")))

    def action_alert(self) -> None:
        def add(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.sheets.keeping import raise_alert

            return raise_alert(context.engine(), context.actor(), context.now(), self.reference, values["text"])

        form = FormModal(_("Alert the lead about {reference}").format(reference=self.reference), [
            FormField("text", N_("What the lead must know"), validators=[Required(_("text"))]),
        ], add, submit_label=N_("Alert"))
        self.app.push_screen(form, lambda entry: entry is not None and self._noted(_("Alert sent to the lead")))

    def action_not_replaced(self) -> None:
        from atelier_tui.domain.replaced_parts import REPLACED_PARTS

        owed = [part.part for part in self.sheet.parts if part.owed] if self.sheet is not None else []

        def record(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.sheets.parts import record_not_replaced

            return record_not_replaced(context.engine(), context.actor(), context.now(), self.reference, values["part"], values["reason"])

        form = FormModal(_("A part left in the watch on {reference}").format(reference=self.reference), [
            FormField("part", N_("Part not replaced"), placeholder=one_of(owed or list(REPLACED_PARTS)), suggestions=owed,
                      validators=[OneOf(_("part"), list(REPLACED_PARTS))]),
            FormField("reason", N_("Why it was not replaced (required)"), validators=[Required(_("reason"))]),
        ], record, submit_label=N_("Record"))
        self.app.push_screen(form, lambda line: line is not None and self._noted(_("Recorded as not replaced")))

    def _noted(self, message: str) -> None:
        self.app.notify(message)
        self.reload()

    def action_close_sheet(self) -> None:
        def close(context: Any) -> Any:
            from atelier_tui.services.sheets.keeping import close_sheet

            return close_sheet(context.engine(), context.actor(), context.now(), self.reference)

        def closed(result: Any) -> None:
            message = _("{reference} closed and handed to quality control: {lots} lots consumed, one use counted for {tools} tools")
            self.app.notify(message.format(reference=result.reference, lots=len(result.consumed), tools=len(result.tools)))
            self.reload()

        def refused(message: str, field: str | None) -> None:
            self.app.refuse(message, field)
            if field == "step" and self.sheet is not None and self.sheet.steps_left:
                self.reload(self.sheet.steps.index(self.sheet.steps_left[0]))

        def check(context: Any) -> None:
            from atelier_tui.services.sheets.keeping import check_close

            check_close(context.engine(), context.actor(), self.reference)

        def ask(_checked: None) -> None:
            question = _("Close the sheet of {reference}? Its reserved supplies are consumed, the tools used counted and the watch goes "
                         "to quality control; the sheet can no longer be changed.").format(reference=self.reference)
            self.app.push_screen(ConfirmModal(question), lambda yes: yes and self.call(close, then=closed, failed=refused))

        # Checked by the service before asking: a confirmation is never followed by a refusal it could foresee.
        self.call(check, then=ask, failed=refused)

    def action_close(self) -> None:
        self.dismiss(None)
