"""One section of the dashboard: its title, a table whose rows open their object with Enter (Tab
moves to the next section), or the word "nothing" when it has no row.

The table is a FastTable: columns of given widths, rows stored as they come. The widths are
worked out here from the section's width and the rows' content, again when the terminal is
resized: the short columns (states, dates, codes) keep the width of their content, the naming
ones share what is left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from atelier_tui.i18n import _
from atelier_tui.tui.widgets.fast_table import GAP, FastTable

# Rows a section shows at once; past that its table scrolls (the cursor keeps in view), so that
# the next section's title stays near.
VISIBLE_ROWS = 10
MIN_FLEXIBLE_WIDTH = 8


@dataclass(frozen=True)
class SectionColumn:
    label: str  # translated by the caller
    flexible: bool = False  # shares the room left
    max_width: int = 24  # a short column is never wider than this


@dataclass(frozen=True)
class SectionRow:
    cells: tuple[str | Text, ...]
    kind: str  # what Enter opens (AtelierApp.open_hit): tool | bench | supply | lot | order
    key: str
    copy: str  # what `y` copies: the tag, the reference, the lot number
    item_id: int | None = None  # the row's own id when the section acts on it (an alert)


def plain(cell: str | Text) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def column_widths(columns: list[SectionColumn], rows: list[SectionRow], room: int) -> list[int]:
    """Each short column as wide as its longest cell (at most its max_width); the flexible ones
    share the rest equally, never under MIN_FLEXIBLE_WIDTH."""
    widths: list[int] = []
    for index, column in enumerate(columns):
        longest = max([cell_len(column.label), *(cell_len(plain(row.cells[index])) for row in rows)])
        widths.append(longest if column.flexible else min(longest, column.max_width))
    flexible = [index for index, column in enumerate(columns) if column.flexible]
    if flexible:
        fixed = sum(width for index, width in enumerate(widths) if index not in flexible)
        left = room - fixed - cell_len(GAP) * len(columns)
        share = max(MIN_FLEXIBLE_WIDTH, left // len(flexible))
        for index in flexible:
            widths[index] = share
    return widths


class SectionTable(FastTable):
    """The table of a section (a class of its own so that the screen can tell it by type)."""


class DashboardSection(Vertical):
    DEFAULT_CSS = """
    DashboardSection { height: auto; margin-bottom: 1; }
    DashboardSection > .section-title { text-style: bold; height: 1; padding: 0 1; }
    DashboardSection > .section-nothing { color: $text-muted; height: 1; padding: 0 2; }
    DashboardSection > SectionTable { height: auto; }
    """

    def __init__(self, title: str, columns: list[SectionColumn], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self.columns = columns
        self.rows: list[SectionRow] = []
        self.total = 0

    def compose(self) -> ComposeResult:
        yield Static(self.title, classes="section-title")
        yield SectionTable()
        yield Static(_("nothing"), classes="section-nothing")

    def on_mount(self) -> None:
        self.table.copy_key = lambda index: self.rows[index].copy

    def on_descendant_focus(self) -> None:
        # Tab lands on the table; its title comes into view with it.
        self.call_after_refresh(self.scroll_visible, animate=False)

    @property
    def table(self) -> SectionTable:
        return self.query_one(SectionTable)

    def show(self, rows: list[SectionRow], total: int | None = None) -> None:
        self.rows, self.total = rows, len(rows) if total is None else total
        title = self.title
        if self.total > len(rows):
            title = _("{title} ({shown} of {total})").format(title=self.title, shown=len(rows), total=self.total)
        elif rows:
            title = f"{self.title} ({len(rows)})"
        self.query_one(".section-title", Static).update(title)
        table = self.table
        table.display = bool(rows)
        self.query_one(".section-nothing", Static).display = not rows
        self._lay_out_columns()
        table.replace_rows(row.cells for row in rows)
        table.styles.height = min(len(rows), VISIBLE_ROWS) + 1  # + 1: the header line

    def _lay_out_columns(self) -> None:
        table = self.table
        # Before the first layout the section has no width yet: the terminal's, until the Resize
        # that follows gives the real one (without the scrollbar) and the columns are laid out again.
        room = self.size.width or self.app.size.width
        if len(self.rows) > VISIBLE_ROWS:  # the table scrolls: its bar takes cells from the columns
            room -= table.styles.scrollbar_size_vertical
        table.columns.clear()
        for column, width in zip(self.columns, column_widths(self.columns, self.rows, room)):
            table.add_column(column.label, width=width, key=column.label)

    def on_resize(self, event: events.Resize) -> None:
        if self.rows:
            self._lay_out_columns()

    def current(self) -> SectionRow | None:
        table = self.table
        return self.rows[table.cursor_row] if self.rows and 0 <= table.cursor_row < len(self.rows) else None


def section_of(widget: Any) -> DashboardSection | None:
    """The section a focused table belongs to."""
    parent = getattr(widget, "parent", None)
    return parent if isinstance(parent, DashboardSection) else None
