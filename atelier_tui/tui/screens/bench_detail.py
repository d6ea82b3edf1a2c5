"""One bench: its technician, status, the tools on it, today's checklist runs, the order in
progress. A lead assigns the technician and changes the status here."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from atelier_tui.domain.vocabulary import BenchStatus
from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, OneOfWords, Required, chosen_key, one_of
from atelier_tui.tui.screens.label_printing import PRINT_LABEL_BINDING, LabelPrinting
from atelier_tui.tui.screens.tool_actions import TOOL_BINDINGS, ToolActions
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import state_text, state_word
from atelier_tui.wording.vocabulary import word

BENCH_STATUSES = list(BenchStatus)


def load_bench(context: Any, code: str) -> Any:
    from atelier_tui.services.benches.queries import bench_detail, bench_staff

    engine = context.engine()
    return bench_detail(engine, code, context.today()), [staff.login for staff in bench_staff(engine)]


class BenchDetailScreen(LabelPrinting, ToolActions, AtelierScreen):
    BINDINGS = [
        Binding("escape", "app.back", N_("Back"), id="back"),
        Binding("enter", "open_tool", N_("Open tool"), show=False, id="bench.open_tool"),
        Binding("t", "assign", N_("Assign technician"), id="bench.assign"),
        Binding("u", "clear_technician", N_("Free bench"), id="bench.clear_technician"),
        Binding("b", "status", N_("Bench status"), id="bench.status"),
        Binding("c", "checklist", N_("Opening checklist"), id="bench.checklist"),
        *TOOL_BINDINGS,
        PRINT_LABEL_BINDING,
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.tags: list[str] = []
        self.logins: list[str] = []
        self.version: int | None = None  # of the bench as last shown
        self.technician: str | None = None  # display name of who is at the bench, as last shown

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(_("Loading…"), id="summary")
            yield Static(_("Tools on this bench"), classes="section")
            yield DataTable(id="bench-tools", cursor_type="row", zebra_stripes=True)
            yield Static("", id="runs")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.code
        table = self.query_one("#bench-tools", DataTable)
        for label in (N_("Tag"), N_("Type"), N_("Status"), N_("Maintenance")):
            table.add_column(_(label))
        self.tool_changed()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("assign", "status"):
            return self.app.context.may("bench.assign" if action == "assign" else "bench.status")
        if action == "clear_technician":  # offered only when someone is there to take off
            return self.app.context.may("bench.assign") and self.technician is not None
        return super().check_action(action, parameters)

    def tool_changed(self) -> None:
        self.call(load_bench, self.code, then=self.show)

    def refresh_live(self) -> None:
        self.tool_changed()

    def label_to_print(self) -> tuple[str, str] | None:
        return ("bench", self.code)

    def current_tag(self) -> str | None:
        table = self.query_one("#bench-tools", DataTable)
        if not self.tags or table.cursor_row < 0:
            return None
        return self.tags[table.cursor_row]

    def show(self, loaded: Any) -> None:
        bench, self.logins = loaded
        self.version = bench.version if bench is not None else None
        self.technician = bench.technician if bench is not None else None
        self.refresh_bindings()
        if bench is None:
            self.query_one("#summary", Static).update(_("No bench has the code {code}.").format(code=self.code))
            return
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="bold")
        summary.add_column()
        summary.add_row(_("Bench"), f"{bench.code} — {bench.name}  ({bench.zone or '—'})")
        summary.add_row(_("Status"), state_text(bench.status))
        summary.add_row(_("Technician"), bench.technician or "—")
        summary.add_row(_("Features"), ", ".join(state_word(feature) for feature in bench.features) or "—")
        order = bench.current_order
        summary.add_row(_("Order in progress"), f"{order.reference} — {order.brand} {order.model}" if order else "—")
        self.query_one("#summary", Static).update(summary)
        table = self.query_one("#bench-tools", DataTable)
        cursor = table.cursor_row
        table.clear()
        self.tags = [tool.asset_tag for tool in bench.tools]
        for tool in bench.tools:
            table.add_row(tool.asset_tag, localized(tool.type_name_en, tool.type_name_fr), state_text(tool.status), state_text(tool.maintenance))
        if self.tags:
            table.move_cursor(row=max(0, min(cursor, len(self.tags) - 1)))
        runs = Table(title=_("Today's checklist runs"), title_justify="left", expand=True)
        for header in (_("Checklist"), _("By"), _("Signed"), _("Result")):
            runs.add_column(header)
        for run in bench.checklist_runs:
            result = "missing" if run.passed is None else ("passed" if run.passed else "failed")
            runs.add_row(localized(run.name_en, run.name_fr), run.run_by, _("yes") if run.signed else _("no"), state_text(result))
        self.query_one("#runs", Static).update(runs if bench.checklist_runs else Text(_("No checklist run on this bench today.")))
        table.focus()

    def action_open_tool(self) -> None:
        tag = self.current_tag()
        if tag:
            self.app.open_tool(tag)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_tool()

    def action_assign(self) -> None:
        code, version = self.code, self.version  # the bench as shown: a newer change elsewhere is refused

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.benches.changes import assign_technician

            assign_technician(context.engine(), context.actor(), context.now(), code, values["login"] or None, version)
            return True

        form = FormModal(_("Assign a technician to {code}").format(code=code),
                         [FormField("login", N_("Login"), suggestions=self.logins, placeholder=_("a technician's login"),
                                    validators=[Required(_("login"))])], submit)
        self.app.push_screen(form, lambda done: self._changed(done, _("Technician assigned")))

    def action_clear_technician(self) -> None:
        code, version, name = self.code, self.version, self.technician

        def clear(context: Any) -> Any:
            from atelier_tui.services.benches.changes import clear_technician

            clear_technician(context.engine(), context.actor(), context.now(), code, version)
            return True

        question = _("Take {name} off bench {code}? Nobody will be assigned to it.").format(name=name, code=code)
        self.app.push_screen(ConfirmModal(question),
                             lambda yes: yes and self.call(clear, then=lambda done: self._changed(done, _("Bench freed"))))

    def action_status(self) -> None:
        code, version = self.code, self.version

        # The states by their words in the interface's language; the service is given the state.
        words = {status: word(BenchStatus, status) for status in BENCH_STATUSES}

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.benches.changes import set_bench_status

            set_bench_status(context.engine(), context.actor(), context.now(), code, chosen_key(words, values["status"]), version)
            return True

        form = FormModal(_("Status of bench {code}").format(code=code),
                         [FormField("status", N_("Status"), placeholder=one_of(list(words.values())), suggestions=list(words.values()),
                                    validators=[OneOfWords(_("status"), words)])], submit)
        self.app.push_screen(form, lambda done: self._changed(done, _("Bench status changed")))

    def _changed(self, done: Any, message: str) -> None:
        if done:
            self.app.notify(message)
            self.tool_changed()

    def action_checklist(self) -> None:
        from atelier_tui.tui.screens.checklist_run import ChecklistRunScreen

        self.app.push_screen(ChecklistRunScreen("bench_opening", self.code), lambda signed: signed and self.tool_changed())
