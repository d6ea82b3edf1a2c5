"""One tool: where it is, its state, its attributes, its maintenance plans and history."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from atelier_tui.domain.vocabulary import PlanKind, RecordResult
from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.audit import AUDIT_TRAIL_BINDING, AuditTrailAction
from atelier_tui.tui.screens.label_printing import PRINT_LABEL_BINDING, LabelPrinting
from atelier_tui.tui.screens.tool_actions import TOOL_BINDINGS, ToolActions
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import state_text
from atelier_tui.wording.vocabulary import word


def load_tool(context: Any, tag: str) -> Any:
    from atelier_tui.services.tools.queries import tool_detail

    return tool_detail(context.engine(), tag, context.today())


class ToolDetailScreen(AuditTrailAction, LabelPrinting, ToolActions, AtelierScreen):
    BINDINGS = [Binding("escape", "app.back", N_("Back"), id="back"), *TOOL_BINDINGS, AUDIT_TRAIL_BINDING, PRINT_LABEL_BINDING]

    def __init__(self, asset_tag: str) -> None:
        super().__init__()
        self.asset_tag = asset_tag
        self.status: str | None = None  # as last shown: which changes can succeed

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(_("Loading…"), id="summary")
            yield Static("", id="plans")
            yield Static("", id="history")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.asset_tag
        self.tool_changed()

    def current_tag(self) -> str | None:
        return self.asset_tag

    def audit_key(self) -> str | None:
        return self.asset_tag

    def label_to_print(self) -> tuple[str, str] | None:
        return ("tool", self.asset_tag)

    def current_status(self) -> str | None:
        return self.status

    def tool_changed(self) -> None:
        self.call(load_tool, self.asset_tag, then=self.show)

    def refresh_live(self) -> None:
        self.tool_changed()

    def show(self, tool: Any) -> None:
        if tool is None:
            self.query_one("#summary", Static).update(_("No tool has the asset tag {tag}.").format(tag=self.asset_tag))
            return
        row = tool.row
        self.status = row.status
        self.refresh_bindings()
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="bold")
        summary.add_column()
        summary.add_row(_("Tool"), Text(f"{row.asset_tag} — {localized(row.type_name_en, row.type_name_fr)}"))
        summary.add_row(_("Status"), Text.assemble(state_text(row.status), f"  {row.status_reason}" if row.status_reason else ""))
        if tool.override is not None:
            override = tool.override
            summary.add_row(Text(_("Warning"), style="bold yellow"), Text("! " + _(
                "in service by {login}'s override although its {plan} failed on {date}: {reason}").format(
                login=override.by, plan=localized(override.plan_name_en, override.plan_name_fr), date=override.failed_on.isoformat(),
                reason=override.reason), style="yellow"))
        summary.add_row(_("Where"), Text(_("{where}   (home: {home})").format(where=row.where or "—", home=row.home or "—")))
        summary.add_row(_("Maintenance"), state_text(row.maintenance))
        summary.add_row(_("Uses"), str(row.usage_count))
        summary.add_row(_("Serial / maker"), f"{tool.serial or '—'} / {tool.maker or '—'}")
        if tool.attributes:
            summary.add_row(_("Attributes"), ", ".join(f"{name.replace('_', ' ')} {value['text']}" for name, value in tool.attributes.items()))
        if tool.capabilities:
            summary.add_row(_("Capabilities"), ", ".join(localized(c.name_en, c.name_fr) for c in tool.capabilities))
        self.query_one("#summary", Static).update(summary)

        plans = Table(title=_("Maintenance plans"), expand=True, title_justify="left")
        for header in (_("Plan"), _("Kind"), _("Last done"), _("Next due"), _("Uses left"), _("State")):
            plans.add_column(header)
        for plan in tool.plans:
            plans.add_row(
                localized(plan.name_en, plan.name_fr), word(PlanKind, plan.kind),
                plan.last_done.date().isoformat() if plan.last_done else _("never"),
                plan.next_due_on.isoformat() if plan.next_due_on else "—",
                str(plan.uses_left) if plan.uses_left is not None else "—",
                state_text(plan.state),
            )
        self.query_one("#plans", Static).update(plans if tool.plans else Text(_("No maintenance plan.")))

        history = Table(title=_("Maintenance history"), expand=True, title_justify="left")
        for header in (_("Date"), _("Plan"), _("Result"), _("By"), _("Certificate")):
            history.add_column(header)
        for record in tool.history:
            history.add_row(
                record.performed_at.date().isoformat(), localized(record.plan_name_en, record.plan_name_fr),
                word(RecordResult, record.result), record.performed_by or "—", record.certificate_ref or "—",
            )
        self.query_one("#history", Static).update(history if tool.history else Text(_("No maintenance recorded yet.")))
