"""The lead's maintenance planner (view 6): what is overdue, due this week and due in the next four
weeks, grouped by bench or by tool type (g); the planned rounds per week for the next 12 weeks and
the rounds done on time over the past 12, as bars with their numbers; the tools out of service; the
open out-of-tolerance reviews (Enter opens one) and the interval proposals waiting for a decision.

How it reads is in planner_view; what a lead changes from the list (record, reschedule, decide a
proposal) in planner_actions; a review in planner_review. Everything is read in one worker call
(services.maintenance_planner)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.widgets import Header, OptionList, Static

from atelier_tui.i18n import _
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.planner_actions import PLANNER_BINDINGS, PlannerActions
from atelier_tui.tui.screens.planner_view import chart, planner_options, status_text
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate

GROUPINGS = ("bench", "tool_type")  # services.maintenance_planner.GROUPINGS; g goes from one to the other


@behind_schema_gate
def load_planner(context: Any, by: str) -> Any:
    """Who is at the keyboard (their role decides which keys show), and the planner."""
    from atelier_tui.services.maintenance.planner import planner

    return context.identify(), planner(context.engine(), context.today(), by=by)


class PlannerScreen(PlannerActions, AtelierScreen):
    CSS_PATH = "planner.tcss"
    AUTO_FOCUS = "#planner-list"
    BINDINGS = PLANNER_BINDINGS

    by = "bench"
    loaded_once = False

    def __init__(self) -> None:
        super().__init__()
        self.plan: Any = None
        self.entries: dict[str, tuple[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the planner…"), id="planner-status")
        yield Static("", id="planner-chart")
        yield OptionList(id="planner-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("planner")
        self.call_after_refresh(self.reload)  # paint first, then load

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.loaded_once:  # back from a review, a tool or another view
            self.reload()

    def role_changed(self) -> None:
        super().role_changed()
        if self.loaded_once:
            self.reload()

    def refresh_live(self) -> None:
        if self.loaded_once:
            self.reload()

    def reload(self) -> None:
        self.call(load_planner, self.by, then=self.show, group="planner")

    def show(self, loaded: Any) -> None:
        self.loaded_once = True
        status = self.query_one("#planner-status", SchemaGate)
        if status.stops(loaded):
            return
        identity, plan = loaded
        app: Any = self.app
        app.identified(identity)
        self.plan = plan
        status.update(status_text(plan, self.by))
        self.query_one("#planner-chart", Static).update(chart(plan.planned, plan.completed))
        listing = self.query_one("#planner-list", OptionList)
        before = self.current_key()
        index = listing.highlighted
        options, self.entries = planner_options(plan, self.by)
        listing.set_options(options)
        self._highlight(listing, before, index or 0)
        self.refresh_bindings()
        app.log_ready()

    def _highlight(self, listing: OptionList, key: str | None, index: int) -> None:
        """The same entry as before a reload, else the first selectable one from where it was."""
        if key in self.entries:
            listing.highlighted = listing.get_option_index(key)
            return
        options = listing.options
        order = list(range(min(index, len(options)), len(options))) + list(range(min(index, len(options)) - 1, -1, -1))
        listing.highlighted = next((i for i in order if not options[i].disabled), None)

    # What is highlighted -----------------------------------------------------------------------

    def current_key(self) -> str | None:
        try:
            option = self.query_one("#planner-list", OptionList).highlighted_option
        except NoMatches:  # asked by check_action before the list is composed
            return None
        return option.id if option is not None and option.id in self.entries else None

    def current(self) -> tuple[str, Any] | tuple[None, None]:
        key = self.current_key()
        return self.entries[key] if key is not None else (None, None)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, entry = self.entries.get(event.option_id or "", (None, None))
        app: Any = self.app
        if kind in ("due", "tool", "proposal"):
            app.open_tool(entry.asset_tag)
        elif kind == "review":
            from atelier_tui.tui.screens.planner_review import ReviewScreen

            app.push_screen(ReviewScreen(entry.id))

    def action_group(self) -> None:
        self.by = "tool_type" if self.by == "bench" else "bench"
        self.reload()
