"""The first screen, by role. A technician sees their orders first (with their readiness in one
word), then their bench, its tools and today's checklists; a lead sees what needs them: alerts
from benches (until acknowledged), orders that cannot start, late orders, maintenance due, tools
out of service, lots expired or expiring, stock under reorder point.

Every section is a table: Tab moves between sections, Enter opens the row's object, `y` copies
its tag or reference; a section with no row says "nothing"."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header

from atelier_tui.domain.vocabulary import OrderStatus, Role
from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.orders import deadline_text
from atelier_tui.tui.widgets.dashboard_section import (
    DashboardSection,
    SectionColumn,
    SectionRow,
    SectionTable,
    section_of,
)
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.readiness_panel import CODE_WORDS
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate
from atelier_tui.tui.widgets.states import SEVERE, severity_style, state_text
from atelier_tui.wording import say
from atelier_tui.wording.numbers import quantity_text
from atelier_tui.wording.readiness_words import readiness_word
from atelier_tui.wording.vocabulary import word


@behind_schema_gate
def load_dashboard(context: Any) -> Any:
    """Resolve who is at the keyboard, then load their dashboard: on a SQLite file, on the lean
    session (read statements run on sqlite3): the first view shows without SQLAlchemy."""
    from atelier_tui.services.overview.dashboard import lead_dashboard, technician_dashboard

    database = context.database()
    identity = context.identify()
    if identity is not None and identity.role == Role.TECHNICIAN:
        return ("technician", identity, technician_dashboard(database, identity.login, context.today(), context.now()))
    return ("lead", identity, lead_dashboard(database, context.today(), context.now()))


def acknowledge(context: Any, alert_id: int) -> Any:
    from atelier_tui.services.sheets.alerts import acknowledge_alert

    return acknowledge_alert(context.engine(), context.actor(), context.now(), alert_id)


def _dash(value: Any) -> str:
    return str(value) if value else "—"


def _tool(tag: str, name_en: str, name_fr: str) -> str:
    return f"{tag} {localized(name_en, name_fr)}"


def _readiness_text(state: str) -> Text:
    style = {"go": "bold green", "no_go": severity_style(SEVERE)}.get(state, "")
    mark = {"go": "✔ ", "no_go": "✘ "}.get(state, "")
    return Text(mark + readiness_word(state), style=style)


def _when(at: Any) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M") if at is not None else "—"


# Each section: its id, title, columns (label, flexible) and how a row of the board becomes cells.
def lead_sections(board: Any) -> list[tuple[str, str, list[SectionColumn], list[SectionRow], int]]:
    alerts = [SectionRow((alert.reference, alert.bench, _dash(alert.technician), _when(alert.at), alert.text),
                         "order", alert.reference, alert.reference, alert.id) for alert in board.alerts]
    blocked_page = board.blocked_orders
    blocked = []
    for order in blocked_page.rows if blocked_page is not None else []:
        why = Text.assemble(("✘ ", severity_style(SEVERE)), _("{finding}: {detail}").format(
            finding=_(CODE_WORDS.get(order.code, order.code)), detail=say(order.detail)))
        blocked.append(SectionRow((order.reference, why, order.bench_code, deadline_text(order.deadline, order.days_left, False)),
                                  "order", order.reference, order.reference))
    late = [SectionRow((order.reference, f"{order.brand} {order.model}".strip(), word(OrderStatus, order.status),
                        deadline_text(order.deadline, order.days_left, False), order.bench_code or "—"),
                       "order", order.reference, order.reference) for order in board.late_orders.rows]
    maintenance = [SectionRow((_tool(item.asset_tag, item.type_name_en, item.type_name_fr), localized(item.plan_name_en, item.plan_name_fr),
                               state_text(item.state), item.next_due_on.isoformat() if item.next_due_on else "—", _dash(item.where)),
                              "tool", item.asset_tag, item.asset_tag) for item in board.maintenance.rows]
    out = [SectionRow((_tool(tool.asset_tag, tool.type_name_en, tool.type_name_fr), _dash(tool.status_reason), _dash(tool.where)),
                      "tool", tool.asset_tag, tool.asset_tag) for tool in board.out_of_service.rows]
    lots = [SectionRow((localized(lot.supply_name_en, lot.supply_name_fr), lot.lot_number, state_text(lot.expiry),
                        lot.expires_on.isoformat() if lot.expires_on else "—", _dash(lot.where)),
                       "lot", f"{lot.supply_key}/{lot.lot_number}", lot.lot_number) for lot in board.lots.rows]
    low = [SectionRow((localized(supply.name_en, supply.name_fr), quantity_text(supply.on_hand, supply.stock_unit),
                       quantity_text(supply.reorder_point, supply.stock_unit), state_text(supply.state)),
                      "supply", supply.key, supply.key) for supply in board.low_supplies.rows]
    flexible, short = (lambda label: SectionColumn(label, flexible=True)), (lambda label: SectionColumn(label))
    return [
        ("alerts", _("Alerts from benches"), [short(_("Order")), short(_("Bench")), short(_("Technician")), short(_("Raised")),
                                              flexible(_("Alert"))], alerts, len(alerts)),
        ("blocked", _("Orders that cannot start"), [short(_("Order")), flexible(_("Why")), short(_("Bench")), short(_("Deadline"))],
         blocked, blocked_page.total if blocked_page is not None else 0),
        ("late", _("Orders late or due soon"), [short(_("Order")), flexible(_("Watch")), short(_("Status")), short(_("Deadline")),
                                                short(_("Bench"))], late, board.late_orders.total),
        ("maintenance", _("Maintenance and calibration due"), [flexible(_("Tool")), flexible(_("Plan")), short(_("State")), short(_("Due")),
                                                               short(_("Where"))], maintenance, board.maintenance.total),
        ("out-of-service", _("Tools out of service"), [flexible(_("Tool")), flexible(_("Reason")), short(_("Where"))], out,
         board.out_of_service.total),
        ("lots", _("Lots to act on"), [flexible(_("Supply")), short(_("Lot")), short(_("State")), short(_("Expires")), short(_("Where"))],
         lots, board.lots.total),
        ("low-supplies", _("Under reorder point"), [flexible(_("Supply")), short(_("On hand")), short(_("Reorder at")), short(_("State"))],
         low, board.low_supplies.total),
    ]


def technician_sections(board: Any) -> list[tuple[str, str, list[SectionColumn], list[SectionRow], int]]:
    orders = [SectionRow((order.reference, f"{order.brand} {order.model}".strip(), _readiness_text(board.readiness.get(order.reference, "")),
                          word(OrderStatus, order.status), deadline_text(order.deadline, order.days_left, False)),
                         "order", order.reference, order.reference) for order in board.orders]
    sections = [("orders", _("Your orders"), [SectionColumn(_("Order")), SectionColumn(_("Watch"), flexible=True),
                                              SectionColumn(_("Readiness")), SectionColumn(_("Status")), SectionColumn(_("Deadline"))],
                 orders, len(orders))]
    bench = board.bench
    if bench is None:
        return sections
    bench_row = [SectionRow((bench.code, bench.name, state_text(bench.status)), "bench", bench.code, bench.code)]
    tools = [SectionRow((_tool(tool.asset_tag, tool.type_name_en, tool.type_name_fr), state_text(tool.status), state_text(tool.maintenance)),
                        "tool", tool.asset_tag, tool.asset_tag) for tool in bench.tools]
    runs = []
    for run in bench.checklist_runs:
        state = "missing" if run.passed is None else ("passed" if run.passed else "failed")
        runs.append(SectionRow((localized(run.name_en, run.name_fr), state_text(state)), "bench", bench.code, localized(run.name_en, run.name_fr)))
    for missing in board.missing_checklists:
        name = localized(missing.name_en, missing.name_fr)
        runs.append(SectionRow((name, state_text("missing")), "bench", bench.code, name))
    return [
        *sections,
        ("bench", _("Your bench"), [SectionColumn(_("Bench")), SectionColumn(_("Name"), flexible=True), SectionColumn(_("Status"))],
         bench_row, 1),
        ("checklists", _("Today's checklists"), [SectionColumn(_("Checklist"), flexible=True), SectionColumn(_("State"))], runs, len(runs)),
        ("tools", _("Tools on your bench"), [SectionColumn(_("Tool"), flexible=True), SectionColumn(_("Status")),
                                             SectionColumn(_("Maintenance"))], tools, len(tools)),
    ]


class DashboardScreen(AtelierScreen):
    # The scrollbar's room is kept whether or not the sections overflow, so that their columns,
    # laid out to the section's width, are never drawn under it.
    DEFAULT_CSS = "DashboardScreen > #dashboard { scrollbar-gutter: stable; }"
    BINDINGS = [Binding("a", "acknowledge", N_("Acknowledge"), id="dashboard.acknowledge")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the workshop…"), id="status")
        yield VerticalScroll(id="dashboard", can_focus=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("dashboard")
        self.call_after_refresh(self.call, load_dashboard, then=self.show)  # paint first, then load

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.loaded_once:  # a return from elsewhere; the first load follows the first frame
            self.reload()

    loaded_once = False
    kind = ""

    def reload(self) -> None:
        self.call(load_dashboard, then=self.show)

    def refresh_live(self) -> None:
        if self.loaded_once:
            self.reload()

    def role_changed(self) -> None:
        super().role_changed()
        if self.loaded_once:  # a technician's dashboard is not a lead's
            self.reload()

    def show(self, loaded: Any) -> None:
        self.loaded_once = True
        status = self.query_one("#status", SchemaGate)
        if status.stops(loaded):
            return
        kind, identity, board = loaded
        app: Any = self.app
        app.identified(identity)
        if app.context.refused:  # a refused `--as`: the workstation is closing, nothing to show
            return
        who = identity.display_name if identity else app.context.login
        if kind == "technician":
            line = Text(_("{who} — technician").format(who=who))
            if board.bench is None:
                line.append("  " + _("No bench is assigned to you. Ask your lead, or open one from the Benches view (2)."), style="yellow")
            status.update(line)
            sections = technician_sections(board)
        else:
            if identity:
                role = word(Role, identity.role) if identity.role == Role.LEAD else word(Role, Role.ADMIN)
            else:
                role = _("not registered: read-only")
            status.update(f"{who} — {role}")
            sections = lead_sections(board)
        self._fill(kind, sections)

    def _fill(self, kind: str, sections: list[tuple[str, str, list[SectionColumn], list[SectionRow], int]]) -> None:
        """The sections are built once per role; a reload only changes their rows, keeping focus
        and each cursor where it was."""
        container = self.query_one("#dashboard", VerticalScroll)
        if kind != self.kind or len(container.children) != len(sections):
            self.kind = kind
            self.call_later(self._rebuild, sections)
        else:
            self._fill_rows(sections, False)

    async def _rebuild(self, sections: list[tuple[str, str, list[SectionColumn], list[SectionRow], int]]) -> None:
        """The role changed (or the first load): the old sections leave before the new ones, of
        the same ids, arrive."""
        container = self.query_one("#dashboard", VerticalScroll)
        await container.remove_children()
        mounted = [DashboardSection(title, columns, id=f"section-{section_id}") for section_id, title, columns, _rows, _total in sections]
        await container.mount_all(mounted)
        if not all(section.is_attached for section in mounted):
            return  # the workstation closed while they were mounting (quit at start-up): nothing left to fill
        self._fill_rows(sections, True)

    def _fill_rows(self, sections: list[tuple[str, str, list[SectionColumn], list[SectionRow], int]], first: bool) -> None:
        for section_id, _title, _columns, rows, total in sections:
            section = self.query_one(f"#section-{section_id}", DashboardSection)
            table = section.table
            cursor = table.cursor_row
            section.show(rows, total)
            if rows and not first:
                table.move_cursor(row=min(cursor, len(rows) - 1))
        if first:
            first_table = next((section.table for section in self.query(DashboardSection) if section.rows), None)
            if first_table is not None:
                first_table.focus(scroll_visible=False)
            self.query_one("#dashboard", VerticalScroll).scroll_home(animate=False)
        self.refresh_bindings()
        self.app.log_ready()  # the rows are in the sections now, not only loaded

    def on_fast_table_row_selected(self, event: SectionTable.RowSelected) -> None:
        section = section_of(event.table)
        if section is not None and 0 <= event.cursor_row < len(section.rows):
            event.stop()
            row = section.rows[event.cursor_row]
            self.app.open_hit(row.kind, row.key)

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def _alerts_focused(self) -> bool:
        section = section_of(self.focused)
        return section is not None and section.id == "section-alerts" and section.current() is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "acknowledge":
            return self._alerts_focused() and self.app.context.may("sheet.acknowledge_alert")
        return True

    def action_acknowledge(self) -> None:
        section = section_of(self.focused)
        row = section.current() if section is not None else None
        if row is None or row.item_id is None:
            return
        self.call(acknowledge, row.item_id, then=self._acknowledged)

    def _acknowledged(self, alert: Any) -> None:
        self.app.notify(_("Alert on {reference} acknowledged").format(reference=alert.reference), timeout=4)
        self.reload()
