"""The first screen, by role. A technician sees their bench, its tools, today's checklists and
their orders; a lead sees what needs them: maintenance due, tools out of service, lots expired or
expiring, stock under reorder point, late orders."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from atelier_tui.domain.units import format_value
from atelier_tui.domain.vocabulary import OrderStatus, Role
from atelier_tui.i18n import _, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.orders import deadline_text
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.readiness_panel import CODE_WORDS
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate
from atelier_tui.tui.widgets.states import state_text
from atelier_tui.wording import say
from atelier_tui.wording.vocabulary import word


@behind_schema_gate
def load_dashboard(context: Any) -> Any:
    """Resolve who is at the keyboard, then load their dashboard."""
    from atelier_tui.services.overview.dashboard import lead_dashboard, technician_dashboard

    engine = context.engine()
    identity = context.identify()
    if identity is not None and identity.role == Role.TECHNICIAN:
        return ("technician", identity, technician_dashboard(engine, identity.login, context.today()))
    return ("lead", identity, lead_dashboard(engine, context.today(), context.now()))


def _table(title: str, headers: list[str], flexible: int = 1) -> Table:
    """The first `flexible` columns name things and share the room left; the short ones (states,
    dates, codes) keep the width of their content."""
    table = Table(title=title, title_justify="left", expand=True, title_style="bold", box=box.SIMPLE_HEAD, show_edge=False,
                  padding=(0, 1), collapse_padding=False, pad_edge=False)
    for position, header in enumerate(headers):
        table.add_column(header, overflow="ellipsis", no_wrap=True, ratio=1 if position < flexible else None, min_width=8 if position < flexible else None)
    return table


def _more(page: Any) -> Text | None:
    hidden = page.total - len(page.rows)
    return Text(_("… and {count} more").format(count=hidden), style="dim") if hidden > 0 else None


def lead_view(board: Any) -> Group:
    parts: list[Any] = []
    maintenance = _table(_("Maintenance and calibration due"), [_("Tool"), _("Plan"), _("State"), _("Due"), _("Where")], flexible=2)
    for item in board.maintenance.rows:
        maintenance.add_row(
            f"{item.asset_tag} {localized(item.type_name_en, item.type_name_fr)}", localized(item.plan_name_en, item.plan_name_fr),
            state_text(item.state), item.next_due_on.isoformat() if item.next_due_on else "—", item.where or "—",
        )
    parts += [maintenance, _more(board.maintenance)]
    out = _table(_("Tools out of service"), [_("Tool"), _("Reason"), _("Where")], flexible=2)
    for tool in board.out_of_service.rows:
        out.add_row(f"{tool.asset_tag} {localized(tool.type_name_en, tool.type_name_fr)}", tool.status_reason or "—", tool.where or "—")
    parts += [out, _more(board.out_of_service)]
    lots = _table(_("Lots to act on"), [_("Supply"), _("Lot"), _("State"), _("Expires"), _("Where")])
    for lot in board.lots.rows:
        lots.add_row(localized(lot.supply_name_en, lot.supply_name_fr), lot.lot_number, state_text(lot.expiry),
                     lot.expires_on.isoformat() if lot.expires_on else "—", lot.where or "—")
    parts += [lots, _more(board.lots)]
    low = _table(_("Under reorder point"), [_("Supply"), _("On hand"), _("Reorder at"), _("State")])
    for supply in board.low_supplies.rows:
        low.add_row(localized(supply.name_en, supply.name_fr), format_value(supply.on_hand, supply.stock_unit),
                    format_value(supply.reorder_point, supply.stock_unit), state_text(supply.state))
    parts += [low, _more(board.low_supplies)]
    orders = _table(_("Orders late or due soon"), [_("Order"), _("Watch"), _("Status"), _("Deadline"), _("Bench")], flexible=2)
    for order in board.late_orders.rows:
        orders.add_row(order.reference, f"{order.brand} {order.model}", word(OrderStatus, order.status),
                       deadline_text(order.deadline, order.days_left, False), order.bench_code or "—")
    parts += [orders, _more(board.late_orders)]
    if board.blocked_orders is not None and board.blocked_orders.rows:
        blocked = _table(_("Orders that cannot start"), [_("Order"), _("Why"), _("Bench"), _("Deadline")], flexible=2)
        for order in board.blocked_orders.rows:
            why = Text.assemble(("✘ ", "red"), (f"{_(CODE_WORDS.get(order.code, order.code))}: ", "bold"), say(order.detail))
            blocked.add_row(order.reference, why, order.bench_code, deadline_text(order.deadline, order.days_left, False))
        parts += [blocked, _more(board.blocked_orders)]
    return Group(*[part for part in parts if part is not None])


def technician_view(board: Any) -> Group:
    parts: list[Any] = []
    bench = board.bench
    if bench is None:
        parts.append(Text(_("No bench is assigned to you. Ask your lead, or open one from the Benches view (2)."), style="yellow"))
    else:
        parts.append(Text.assemble((f"{bench.code} — {bench.name}  ", "bold"), state_text(bench.status)))
        tools = _table(_("Tools on your bench"), [_("Tool"), _("Status"), _("Maintenance")])
        for tool in bench.tools:
            tools.add_row(f"{tool.asset_tag} {localized(tool.type_name_en, tool.type_name_fr)}", state_text(tool.status), state_text(tool.maintenance))
        parts.append(tools)
        runs = _table(_("Today's checklists"), [_("Checklist"), _("State")])
        for run in bench.checklist_runs:
            state = "missing" if run.passed is None else ("passed" if run.passed else "failed")
            runs.add_row(localized(run.name_en, run.name_fr), state_text(state))
        for missing in board.missing_checklists:
            runs.add_row(localized(missing.name_en, missing.name_fr), state_text("missing"))
        parts.append(runs)
    orders = _table(_("Your orders"), [_("Order"), _("Watch"), _("Status"), _("Deadline")], flexible=2)
    for order in board.orders:
        orders.add_row(order.reference, f"{order.brand} {order.model}", word(OrderStatus, order.status), deadline_text(order.deadline, order.days_left, False))
    parts.append(orders)
    return Group(*parts)


class DashboardScreen(AtelierScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the workshop…"), id="status")
        with VerticalScroll(id="dashboard"):
            yield Static("", id="board", classes="dashboard-section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("dashboard")
        self.call_after_refresh(self.call, load_dashboard, then=self.show)  # paint first, then load

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.loaded_once:  # a return from elsewhere; the first load follows the first frame
            self.call(load_dashboard, then=self.show)

    loaded_once = False

    def role_changed(self) -> None:
        super().role_changed()
        if self.loaded_once:  # a technician's dashboard is not a lead's
            self.call(load_dashboard, then=self.show)

    def show(self, loaded: Any) -> None:
        self.loaded_once = True
        status = self.query_one("#status", SchemaGate)
        if status.stops(loaded):
            return
        kind, identity, board = loaded
        app: Any = self.app
        app.identified(identity)
        who = identity.display_name if identity else app.context.login
        if kind == "technician":
            status.update(_("{who} — technician").format(who=who))
            self.query_one("#board", Static).update(technician_view(board))
        else:
            if identity:
                role = word(Role, identity.role) if identity.role == Role.LEAD else word(Role, Role.ADMIN)
            else:
                role = _("not registered: read-only")
            status.update(f"{who} — {role}")
            self.query_one("#board", Static).update(lead_view(board))
        app.log_ready()
