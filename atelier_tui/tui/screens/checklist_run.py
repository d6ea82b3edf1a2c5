"""Running a QHSE checklist from the keyboard: one item per line, `o` ok, `n` not ok, `a` not
applicable (both ask a reason), `s` sign off. The run starts with the first answer, today's
unsigned run of the same person is resumed, and a signed run is shown frozen."""

from __future__ import annotations

import threading
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from atelier_tui.domain.vocabulary import Answer, ItemLevel, ItemTag
from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, Required
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import SEVERE, severity_style, state_text
from atelier_tui.wording.terms import words
from atelier_tui.wording.vocabulary import word

CHANGE_ACTIONS = {"answer", "sign_off"}
# answer -> (symbol, style), with its word: readable without colour
MARKS: dict[str | None, tuple[str, str]] = {
    Answer.OK: ("✓", "green"),
    Answer.NOT_OK: ("✖", SEVERE),
    Answer.NOT_APPLICABLE: ("–", "dim"),
    None: ("?", "yellow"),
}
REASON_LABELS = {Answer.NOT_OK: N_("What was found (required)"), Answer.NOT_APPLICABLE: N_("Why it does not apply (required)")}


def load_sheet(context: Any, template_key: str, bench_code: str, order_ref: str | None) -> Any:
    from atelier_tui.services.checklists.runs import checklist_form, open_run_id, run_detail

    engine = context.engine()
    run_id = open_run_id(engine, context.actor(), context.now(), template_key, bench_code, order_ref)
    return run_detail(engine, run_id) if run_id else checklist_form(engine, template_key, bench_code, order_ref)


def record_answer(context: Any, run_id: int | None, template_key: str, bench_code: str, order_ref: str | None,
                  item_key: str, answer: str, reason: str) -> int:
    from atelier_tui.services.checklists.runs import answer_item, answer_new_run

    engine, actor, now = context.engine(), context.actor(), context.now()
    if run_id is None:
        return answer_new_run(engine, actor, now, template_key, bench_code, order_ref, item_key, answer, reason)
    answer_item(engine, actor, now, run_id, item_key, answer, reason)
    return run_id


def check_sign(context: Any, run_id: int) -> None:
    from atelier_tui.services.checklists.runs import check_sign_off

    check_sign_off(context.engine(), context.actor(), run_id)


def sign(context: Any, run_id: int) -> Any:
    from atelier_tui.services.checklists.runs import sign_off

    return sign_off(context.engine(), context.actor(), context.now(), run_id)


def mark(answer: str | None) -> Text:
    symbol, style = MARKS[answer]
    style = severity_style(style) if style == SEVERE else style
    said = word(Answer, answer) if answer is not None else _("to answer")
    return Text(f"{symbol} {said}", style=style)


class ChecklistRunScreen(AtelierScreen):
    CSS_PATH = "checklist_run.tcss"
    BINDINGS = [
        Binding("escape", "close", N_("Back"), id="back"),
        Binding("o", "answer('ok')", N_("OK"), id="checklist.ok"),
        Binding("n", "answer('not_ok')", N_("Not OK"), id="checklist.not_ok"),
        Binding("a", "answer('not_applicable')", N_("Not applicable"), id="checklist.not_applicable"),
        Binding("s", "sign_off", N_("Sign off"), id="checklist.sign_off"),
    ]

    def __init__(self, template_key: str, bench_code: str, order_ref: str | None = None) -> None:
        super().__init__()
        self.template_key = template_key
        self.bench_code = bench_code
        self.order_ref = order_ref
        self.sheet: Any = None
        self.signed_here = False  # the caller refreshes what it shows of today's runs
        self._run_id: int | None = None
        self._recording = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="checklist-summary")
        yield DataTable(id="checklist-items", cursor_type="row", zebra_stripes=True)
        yield Static("", id="checklist-item")
        yield KeyBar()

    def on_mount(self) -> None:
        # the checklist's name once loaded (below): its key is no word for a person
        self.sub_title = f"{self.bench_code}" + (f" — {self.order_ref}" if self.order_ref else "")
        table = self.query_one("#checklist-items", DataTable)
        answer_width = max(len(mark(answer)) for answer in MARKS)
        level_width = max(len(word(ItemLevel, level)) for level in ItemLevel)
        table.add_column(_("Answer"), width=answer_width)
        table.add_column(_("QHSE"), width=4)
        table.add_column(_("Level"), width=level_width)
        # What is left of the width (cell padding and the scroll bar take 10): the full text is under the list.
        table.add_column(_("Item"), width=max(20, self.app.size.width - answer_width - level_width - 14))
        self.reload()

    def reload(self, cursor: int | None = None) -> None:
        self.call(load_sheet, self.template_key, self.bench_code, self.order_ref, then=lambda sheet: self.show(sheet, cursor))

    @property
    def run_id(self) -> int | None:
        return self._run_id

    @property
    def frozen(self) -> bool:
        return self.sheet is not None and self.sheet.signed_at is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS and (self.app.context.readonly or self.frozen or self.sheet is None):
            return False
        if action == "sign_off":  # offered once there is a run to sign: nothing answered, nothing to sign
            return self.run_id is not None
        return True

    def show(self, sheet: Any, cursor: int | None = None) -> None:
        self.sheet = sheet
        self.sub_title = " — ".join(filter(None, (localized(sheet.name_en, sheet.name_fr), sheet.bench_code, sheet.order_reference)))
        self._run_id = sheet.run_id or self._run_id
        table = self.query_one("#checklist-items", DataTable)
        row = table.cursor_row if cursor is None else cursor
        table.clear()
        for item in sheet.items:
            table.add_row(mark(item.answer), item.tag, word(ItemLevel, item.level), localized(item.text_en, item.text_fr))
        table.move_cursor(row=max(0, min(row, len(sheet.items) - 1)))
        self.query_one("#checklist-summary", Static).update(self.summary())
        self.show_item()
        self.refresh_bindings()
        table.focus()

    def summary(self) -> Text:
        sheet = self.sheet
        text = Text(_("{checklist} (version {version}) on bench {bench}").format(
            checklist=localized(sheet.name_en, sheet.name_fr), version=sheet.template_version, bench=sheet.bench_code), style="bold")
        if sheet.order_reference:
            text.append("  " + _("order {order}").format(order=sheet.order_reference), style="bold")
        text.append("\n")
        if sheet.run_id is None:
            text.append(_("Not started: the run starts with the first answer."))
        elif sheet.signed_at is None:
            left = sum(1 for item in sheet.items if item.applies and item.mandatory and item.answer is None)
            text.append(_("Started at {time} by {name}: {left} critical or required items to answer").format(
                time=f"{sheet.started_at.astimezone():%H:%M}", name=sheet.run_by, left=left))
        else:
            text.append(_("Signed off at {time} by {name}, frozen: ").format(time=f"{sheet.signed_at.astimezone():%H:%M}", name=sheet.run_by))
            text.append_text(state_text("passed" if sheet.passed else "failed"))
        if sheet.template_unmet:
            text.append("\n" + _("This work does not call for this checklist (condition not met: {conditions}); it can still be run.").format(
                conditions=words(sheet.template_unmet)), style="italic")
        return text

    def current_item(self) -> Any:
        table = self.query_one("#checklist-items", DataTable)
        if self.sheet is None or not self.sheet.items or table.cursor_row < 0:
            return None
        return self.sheet.items[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_item()

    def show_item(self) -> None:
        item = self.current_item()
        panel = self.query_one("#checklist-item", Static)
        if item is None:
            panel.update("")
            return
        text = Text(f"{word(ItemTag, item.tag)} · {word(ItemLevel, item.level)} · {item.key}  ", style="bold")
        text.append_text(mark(item.answer))
        text.append("\n" + localized(item.text_en, item.text_fr))
        if not item.applies:
            text.append("\n" + _("Does not apply: condition not met: {conditions}").format(conditions=words(item.unmet)), style="italic")
        elif item.reason:
            text.append("\n" + _("Reason: {reason}").format(reason=item.reason), style="italic")
        panel.update(text)

    def _record(self, context: Any, item_key: str, answer: str, reason: str) -> int:
        """In a worker. Answers are recorded one at a time so that keys typed quickly start one
        run, not several."""
        with self._recording:
            self._run_id = record_answer(context, self._run_id, self.template_key, self.bench_code, self.order_ref,
                                         item_key, answer, reason)
            return self._run_id

    def action_answer(self, answer: str) -> None:
        item = self.current_item()
        if item is None:
            return
        table = self.query_one("#checklist-items", DataTable)
        row = table.cursor_row
        table.move_cursor(row=min(row + 1, table.row_count - 1))  # the next item, while this one is recorded

        def refused(message: str, field: str | None) -> None:
            table.move_cursor(row=row)
            if field != "reason":
                self.app.refuse(message, field)
                return
            form = FormModal(localized(item.text_en, item.text_fr),
                             [FormField("reason", REASON_LABELS[answer], value=item.reason, validators=[Required(_("reason"))])],
                             lambda context, values: self._record(context, item.key, answer, values["reason"]))
            self.app.push_screen(form, lambda run_id: run_id is not None and self.reload(row + 1))

        # Asked first without a reason: the service says whether one is needed, or why this
        # answer is refused outright (a required item cannot be not applicable).
        self.call(self._record, item.key, answer, "", then=lambda _run: self.reload(), failed=refused, group="answer")

    def action_sign_off(self) -> None:
        run_id = self.run_id
        if run_id is None:
            self.app.refuse(_("Nothing answered yet: answer the items before signing off."))
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.call(sign, run_id, then=self.signed, failed=refused)

        def ask(_checked: None) -> None:
            question = _("Sign off this checklist? A signed run is frozen: its answers can no longer be changed.")
            self.app.push_screen(ConfirmModal(question), confirmed)

        def refused(message: str, field: str | None) -> None:
            self.app.refuse(message, field)
            if field == "item" and self.sheet is not None:  # an item is left: the cursor goes to the first one
                left = [i for i, item in enumerate(self.sheet.items) if item.applies and item.mandatory and item.answer is None]
                if left:
                    self.query_one("#checklist-items", DataTable).move_cursor(row=left[0])

        # Checked first: "sign?" is asked only when signing can succeed.
        self.call(check_sign, run_id, then=ask, failed=refused)

    def signed(self, result: Any) -> None:
        self.signed_here = True
        if result.passed:
            self.app.notify(_("Checklist signed off: passed"))
        else:
            self.app.notify(_("Checklist signed off: failed (not ok: {items})").format(items=", ".join(result.failed)), severity="warning")
        self.call(load_run, result.run_id, then=self.show)

    def action_close(self) -> None:
        self.dismiss(self.signed_here)


def load_run(context: Any, run_id: int) -> Any:
    from atelier_tui.services.checklists.runs import run_detail

    return run_detail(context.engine(), run_id)
