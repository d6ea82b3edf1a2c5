"""The lead's maintenance planner (view 6): what is overdue, due this week and due in the next four
weeks (h looks three months or a year ahead), grouped by bench or by tool type (g), narrowed by the
filter (/, the syntax every list shares: services/maintenance/planner_filter.py); the planned rounds per week for the next 12 weeks and
the rounds done on time over the past 12, as bars with their numbers; the tools out of service; the
open out-of-tolerance reviews (Enter opens one) and the interval proposals waiting for a decision.

How it reads is in planner_view; what a lead changes from the list (record, reschedule, decide a
proposal) in planner_actions; a review in planner_review. Everything is read in one worker call
(services.maintenance_planner)."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.widgets import Header, Input, OptionList, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.document_printing import PRINT_DOCUMENT_BINDING, DocumentPrinting
from atelier_tui.tui.screens.planner_actions import PLANNER_BINDINGS, PlannerActions
from atelier_tui.tui.screens.planner_view import chart, planner_options, status_text
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.paged_table import FilterField
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate

GROUPINGS = ("bench", "tool_type")  # services.maintenance_planner.GROUPINGS; g goes from one to the other
AHEAD_WEEKS = (4, 13, 52)  # services.maintenance.planner_filter.AHEAD_WEEKS; h goes round them


@behind_schema_gate
def load_planner(context: Any, by: str, query: str = "", ahead_weeks: int = 4) -> Any:
    """Who is at the keyboard (their role decides which keys show), and the planner."""
    from atelier_tui.services.maintenance.planner import planner

    return context.identify(), planner(context.engine(), context.today(), by=by, query=query, ahead_weeks=ahead_weeks)


def last_record_of(context: Any, asset_tag: str, plan_key: str) -> int:
    from atelier_tui.services.documents.calibration_record import last_record_id

    return last_record_id(context.engine(), context.actor(), asset_tag, plan_key)


def planner_filter_keys() -> list[Any]:
    from atelier_tui.services.maintenance.planner_filter import planner_keys

    return planner_keys()


class PlannerScreen(DocumentPrinting, PlannerActions, AtelierScreen):
    CSS_PATH = "planner.tcss"
    AUTO_FOCUS = "#planner-list"
    BINDINGS = [
        *PLANNER_BINDINGS,
        Binding("slash", "filter", N_("Filter"), id="planner.filter", priority=True),  # as the lists' (widgets/paged_table.py)
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="planner.clear_filter"),
        Binding("h", "horizon", N_("Horizon"), id="planner.horizon"),
        PRINT_DOCUMENT_BINDING,
    ]
    FILTER_KEYS = staticmethod(planner_filter_keys)  # for the help (tui/screens/help.py)

    by = "bench"
    loaded_once = False
    filter_text = ""
    ahead_weeks = AHEAD_WEEKS[0]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Any = None
        self.entries: dict[str, tuple[str, Any]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the planner…"), id="planner-status")
        yield Static("", id="planner-chart")
        yield FilterField(placeholder=_("Filter (Esc to clear)"), id="planner-filter")
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
        self.call(load_planner, self.by, self.filter_text, self.ahead_weeks, then=self.show, failed=self._refused, group="planner")

    def _refused(self, message: str, _field: str | None) -> None:
        """A filter the planner cannot read: said on the status line; the list stays as it was."""
        self.query_one("#planner-status", SchemaGate).update(message)

    def show(self, loaded: Any) -> None:
        self.loaded_once = True
        status = self.query_one("#planner-status", SchemaGate)
        if status.stops(loaded):
            return
        identity, plan = loaded
        app: Any = self.app
        app.identified(identity)
        self.plan = plan
        status.update(status_text(plan, self.by, self.filter_text))
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

    def action_print_document(self) -> None:
        """The calibration record of the highlighted line (its latest), the impact review of the
        highlighted review; otherwise the due list, over the horizon the planner shows."""
        kind, entry = self.current()
        if kind == "due" and entry.last_done is not None:
            tag, plan = entry.asset_tag, entry.plan_key
            self.print_document_of("record", lambda context: last_record_of(context, tag, plan),
                                   _("Record of {tag} ({plan})").format(tag=tag, plan=plan))
        elif kind == "review":
            self.print_document_of("review", entry.id)
        elif self.plan is not None:
            self.print_document_of("due", self.ahead_weeks * 7)

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

    def action_horizon(self) -> None:
        """Look further ahead: four weeks, three months, a year, and back."""
        self.ahead_weeks = AHEAD_WEEKS[(AHEAD_WEEKS.index(self.ahead_weeks) + 1) % len(AHEAD_WEEKS)]
        self.reload()

    # The filter ----------------------------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#planner-filter", Input)
        if self.focused is field:  # a slash typed in the filter
            field.insert_text_at_cursor("/")
            return
        self.add_class("filtering")
        self.set_focus(field)  # at once, as the lists' filter

    @on(Input.Changed, "#planner-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if text != self.filter_text:
            self.filter_text = text
            self.reload()

    @on(Input.Submitted, "#planner-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#planner-list", OptionList).focus()

    def action_clear_filter(self) -> None:
        if not self.has_class("filtering"):
            raise SkipAction()  # nothing to clear: escape goes on (back)
        self.remove_class("filtering")
        field = self.query_one("#planner-filter", Input)
        if field.value:
            field.value = ""
        self.query_one("#planner-list", OptionList).focus()
