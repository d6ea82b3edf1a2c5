"""The audit trail (view 7), for leads and admins: every recorded change, newest first, a page at a
time; `/` narrows it to one tool, order, lot or bench, or to what one person did (an asset tag, an
order reference, a lot number or a login, matched whole); Enter shows an event's changed fields,
before → after. A technician is told in one line that the trail is not theirs, and nothing loads.

The detail screens of a tool, an order and a supply open this view already filtered
(`open_audit`)."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, Input, Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal, AtelierScreen
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.paged_table import Column, PagedTable
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate
from atelier_tui.wording.audit_words import action_text, actor_text, subject_text

PAGE_SIZE = 200

# Widths fit 80 columns with the table's gaps and scrollbar.
COLUMNS = [
    Column(N_("When"), "at", 16),
    Column(N_("Who"), None, 8),
    Column(N_("Action"), None, 16),
    Column(N_("What"), None, 21),
    Column(N_("Reason"), None, 9),
]

def may_read(context: Any) -> bool:
    """Reading the trail changes nothing: a lead in a read-only session reads it too."""
    from atelier_tui.services.permissions import allowed

    return allowed(context.role, "audit.read")


@behind_schema_gate
def who_reads(context: Any) -> Any:
    """In the worker: who is at the keyboard, and whether the trail can be read at all."""
    return context.identify(), may_read(context)


def fetch_events(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.audit.trail import audit_page

    return audit_page(context.engine(), context.actor(), what=text, sort=sort, descending=descending, offset=offset, limit=limit)


def local_time(moment: Any) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def what_text(row: Any) -> str:
    return subject_text(row.entity, row.entity_key, row.name)


def event_cells(row: Any) -> tuple[Any, ...]:
    return (local_time(row.at), actor_text(row.actor), action_text(row.action), what_text(row), row.reason or "")


def value_text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def open_audit(app: Any, what: str) -> None:
    """The audit view, filtered on `what` (a tag, an order reference, "supply_key/lot_number")."""
    app.switch_mode("audit")
    screen = app.screen
    if isinstance(screen, AuditScreen):
        screen.filter_on(what)


# On the detail of a tool or an order: its audit trail, for those who may read it.
AUDIT_TRAIL_BINDING = Binding("a", "audit_trail", N_("Audit trail"), id="audit.trail")


class AuditTrailAction:
    """Mixed into a detail screen (before its other mixins) that defines `audit_key()` (the tag or
    reference shown, None while loading): `a` opens the audit view filtered on it."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "audit_trail":
            return bool(self.app.context.may("audit.read"))  # type: ignore[attr-defined]
        return super().check_action(action, parameters)  # type: ignore[misc]

    def action_audit_trail(self) -> None:
        key = self.audit_key()  # type: ignore[attr-defined]
        if key:
            open_audit(self.app, key)  # type: ignore[attr-defined]


class AuditScreen(AtelierScreen):
    CSS_PATH = "audit.tcss"

    def __init__(self) -> None:
        super().__init__()
        self.pending: str | None = None  # a filter asked for before the table is there
        self.allowed: bool | None = None  # None until known

    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the audit trail…"), id="audit-status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("audit")
        self.call_after_refresh(lambda: self.call(who_reads, then=self.gate, group="audit-gate"))

    def gate(self, loaded: Any) -> None:
        status = self.query_one("#audit-status", SchemaGate)
        if status.stops(loaded):
            self.allowed = False
            return
        identity, allowed = loaded
        app: Any = self.app
        app.identified(identity)
        self.allowed = allowed
        if not allowed:
            status.update(_("The audit trail is for leads and admins."))
            app.log_ready()
            return
        status.update(_("Newest first · / a tag, order, lot or login · Enter: the changes"))
        paged = PagedTable(COLUMNS, fetch_events, event_cells, lambda row: str(row.id), id="audit", page_size=PAGE_SIZE)
        paged.descending = True
        if self.pending:
            paged.text = self.pending
            paged.add_class("filtering")
        self.mount(paged, before=self.query_one(KeyBar))
        self.call_after_refresh(self._prepare_filter, paged)

    def _prepare_filter(self, paged: PagedTable) -> None:
        field = paged.query_one("#filter", Input)
        field.placeholder = _("Tag, order, lot or login (Esc to clear)")
        if self.pending:
            field.value = self.pending  # the table's first load already has it: no second query
            self.pending = None
        paged.table.focus()

    @property
    def paged(self) -> PagedTable | None:
        found = self.query(PagedTable)
        return found.first() if found else None

    def filter_on(self, what: str) -> None:
        """Show the events about `what` (from a detail screen's `a`)."""
        paged = self.paged
        if paged is None or not paged.is_mounted:
            self.pending = what
            return
        paged.add_class("filtering")
        field = paged.query_one("#filter", Input)
        if field.value == what:
            paged.reload()
        else:
            field.value = what  # the table reloads as its filter changes
        paged.table.focus()

    def role_changed(self) -> None:
        """Read again whether this person may read the trail: a lead who became a technician no
        longer sees it, an admin's new lead may."""
        if self.allowed is None:  # still opening: its gate has not answered yet
            return
        if self.paged is not None:
            self.paged.remove()
        self.query_one("#audit-status", SchemaGate).update(_("Loading the audit trail…"))
        self.call(who_reads, then=self.gate, group="audit-gate")
        super().role_changed()

    def refresh_live(self) -> None:
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        paged = self.paged
        if self.is_mounted and paged is not None and paged.loaded_once:
            paged.reload(keep_cursor=True)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        event.stop()
        paged = self.paged
        row = next((row for row in paged.rows if str(row.id) == event.key), None) if paged else None
        if row is not None:
            self.app.push_screen(AuditEventModal(row))


class AuditEventModal(AtelierModal):
    """One event: when, who, what and why, then each changed field, before → after."""

    CSS_PATH = "audit.tcss"
    BINDINGS = [Binding("escape,enter", "close", N_("Back"), id="audit.close")]

    def __init__(self, row: Any) -> None:
        super().__init__()
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        summary = Table.grid(padding=(0, 2))
        summary.add_column(style="bold")
        summary.add_column()
        summary.add_row(_("When"), local_time(row.at))
        summary.add_row(_("Who"), actor_text(row.actor))
        summary.add_row(_("Action"), Text(f"{action_text(row.action)} ({row.action})"))
        summary.add_row(_("What"), Text(what_text(row)))
        summary.add_row(_("Reason"), Text(row.reason or "—"))
        summary.add_row(_("Event"), Text(f"#{row.id}  {row.hash[:16]}…" if row.hash else f"#{row.id}", style="dim"))

        changes = row.changes
        if changes:
            table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
            table.add_column(_("Field"), style="bold", no_wrap=True)
            table.add_column(_("Before"), overflow="fold")
            table.add_column("", width=1)
            table.add_column(_("After"), overflow="fold")
            for change in changes:
                table.add_row(change.field.replace("_", " "), value_text(change.before), "→", value_text(change.after))
            body: Any = table
        else:
            body = Text(_("No field changed."), style="dim")

        with Vertical(classes="dialog audit-event"):
            yield Static(_("Audit event"), classes="question")
            with VerticalScroll(id="audit-event-body"):
                yield Static(summary, id="audit-event-summary")
                yield Static(body, id="audit-event-changes")
            yield Static(_("Esc: back"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
