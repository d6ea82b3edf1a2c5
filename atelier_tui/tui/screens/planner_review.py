"""One out-of-tolerance review, opened from the planner: the instrument, why it was found unfit,
the window under review, and every intervention sheet that used it in that window (order, watch,
customer reference, the measurement it took). The lead accepts the work on a sheet with a written
reason (a) or recalls the watch for a re-test (r); the review closes when every sheet has one."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from atelier_tui.domain.vocabulary import Disposition, Judgement, SheetStatus
from atelier_tui.i18n import N_, _, ngettext
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.document_printing import PRINT_DOCUMENT_BINDING, DocumentPrinting
from atelier_tui.tui.screens.form import FormField, FormModal
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import SEVERE, severity_style, state_word
from atelier_tui.wording.numbers import degree_sign
from atelier_tui.wording.vocabulary import word

# disposition -> (symbol, style); the words are the vocabulary's.
DISPOSITION_MARKS = {Disposition.UNDECIDED: ("?", "bold yellow"), Disposition.ACCEPTED: ("✓", "green"),
                     Disposition.RECALLED: ("↺", SEVERE)}
CHANGES = ("accept", "recall")


def load_review(context: Any, review_id: int) -> Any:
    from atelier_tui.services.maintenance.impact import review_detail

    return review_detail(context.engine(), review_id)


def local(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment is not None else "—"


def disposition_text(disposition: str) -> Text:
    symbol, style = DISPOSITION_MARKS.get(disposition, ("·", ""))
    style = severity_style(style) if style == SEVERE else style
    return Text(f"{symbol} {word(Disposition, disposition)}", style=style)


def sheet_row(sheet: Any) -> Any:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    grid.add_row(Text(sheet.order, style="bold"),
                 Text.assemble(sheet.watch or "—", "  ", (_("customer {ref}").format(ref=sheet.customer_ref or "—"), "dim")),
                 disposition_text(sheet.disposition))
    lines = Text("  ")
    if sheet.measurements:
        taken = ", ".join(f"{m.quantity.replace('_', ' ')}{' ' + m.position if m.position else ''} {degree_sign(m.text)}"
                          f"{' (' + word(Judgement, m.judged) + ')' if m.judged else ''}" for m in sheet.measurements)
        lines.append(_("measured: {values}").format(values=taken))
    else:
        lines.append(_("no measurement with it; in use from {time}").format(time=local(sheet.used_at)), style="dim")
    lines.append("\n  " + _("bench {bench}, {technician}, sheet {status}").format(
        bench=sheet.bench, technician=sheet.technician, status=word(SheetStatus, sheet.sheet_status)), style="dim")
    if sheet.disposition:
        lines.append("\n  " + _("{reason} — {who}, {time}").format(
            reason=sheet.reason or "—", who=sheet.decided_by or "—", time=local(sheet.decided_at)), style="italic")
    table = Table.grid(expand=True)
    table.add_column()
    table.add_row(grid)
    table.add_row(lines)
    return table


def summary(review: Any) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    state = (_("closed {time}").format(time=local(review.closed_at)) if review.closed_at
             else ngettext("open: {undecided} of {sheets} sheet undecided", "open: {undecided} of {sheets} sheets undecided", review.sheets).format(
                 undecided=review.undecided, sheets=review.sheets))
    grid.add_row(_("Instrument"), f"{review.asset_tag} — {state_word(review.tool_type)}")
    grid.add_row(_("Finding"), review.reason)
    since = local(review.window_start) if review.window_start else _("its first use")
    grid.add_row(_("Window"), _("{start} → {end}").format(start=since, end=local(review.window_end)))
    grid.add_row(_("Review"), state)
    return grid


class ReviewScreen(DocumentPrinting, AtelierScreen):
    CSS_PATH = "planner.tcss"
    AUTO_FOCUS = "#review-sheets"
    BINDINGS = [
        Binding("escape", "app.back", N_("Back"), id="back"),
        Binding("a", "accept", N_("Accept the work"), id="review.accept"),
        Binding("r", "recall", N_("Recall for re-test"), id="review.recall"),
        PRINT_DOCUMENT_BINDING,
    ]

    def __init__(self, review_id: int) -> None:
        super().__init__()
        self.review_id = review_id
        self.detail: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(_("Loading…"), id="review-summary")
        yield OptionList(id="review-sheets")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Out-of-tolerance review #{id}").format(id=self.review_id)
        self.reload()

    def reload(self) -> None:
        self.call(load_review, self.review_id, then=self.show, group="review")

    def show(self, detail: Any) -> None:
        self.detail = detail
        if detail is None:
            self.query_one("#review-summary", Static).update(_("No out-of-tolerance review #{id}.").format(id=self.review_id))
            return
        self.query_one("#review-summary", Static).update(summary(detail.review))
        sheets = self.query_one("#review-sheets", OptionList)
        index = sheets.highlighted or 0
        sheets.set_options([Option(sheet_row(sheet), id=sheet.order) for sheet in detail.items])
        if not detail.items:
            sheets.add_option(Option(Text(_("No sheet used the instrument in this window."), style="dim"), disabled=True))
        else:
            sheets.highlighted = min(index, len(detail.items) - 1)
        self.refresh_bindings()

    def document_to_print(self) -> tuple[str, int] | None:
        return ("review", self.review_id) if self.detail is not None else None

    def current_sheet(self) -> Any:
        try:
            option = self.query_one("#review-sheets", OptionList).highlighted_option
        except NoMatches:
            return None
        if option is None or self.detail is None:
            return None
        return next((sheet for sheet in self.detail.items if sheet.order == option.id), None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGES:
            context = self.app.context
            if not context.may("review.dispose"):
                return False
            return self.detail is not None and self.detail.review.closed_at is None and self.current_sheet() is not None
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self.app.open_order(event.option_id)

    def _dispose(self, context: Any, order: str, disposition: str, reason: str = "") -> Any:
        from atelier_tui.services.maintenance.reviews import set_disposition

        return set_disposition(context.engine(), context.actor(), context.now(), self.review_id, order, disposition, reason)

    def action_accept(self) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        form = FormModal(
            _("Accept the work on {order} done with {tag}").format(order=sheet.order, tag=self.detail.review.asset_tag),
            [FormField("reason", N_("Why the work can be accepted (required)"), value=sheet.reason)],
            lambda context, values: self._dispose(context, sheet.order, Disposition.ACCEPTED, values["reason"]),
            submit_label=N_("Accept"),
        )
        self.app.push_screen(form, self._disposed)

    def action_recall(self) -> None:
        sheet = self.current_sheet()
        if sheet is None:
            return
        question = _("Recall {order} ({watch}, customer {ref}) for a re-test?").format(
            order=sheet.order, watch=sheet.watch or "—", ref=sheet.customer_ref or "—")
        self.app.push_screen(ConfirmModal(question),
                             lambda yes: yes and self.call(self._dispose, sheet.order, Disposition.RECALLED, then=self._disposed))

    def _disposed(self, done: Any) -> None:
        if done is None:
            return
        self.app.notify(_("{order}: {disposition}").format(order=done.order, disposition=word(Disposition, done.disposition)))
        if done.review_closed:
            self.app.notify(_("Review #{id} closed: every sheet has a decision").format(id=done.review_id))
        self.reload()
