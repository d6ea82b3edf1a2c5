"""A table of fixed-width columns drawn line by line: what a page of a PagedTable needs, and fast.

Textual's DataTable measures every cell when rows are added and renders each visible cell through
Rich; on a 200-row page that costs a quarter of a second per filter keystroke. Here the column
widths are given, so filling the table only stores the rows, and a visible row is one Strip of a
few Segments, built when it is painted.

A table that `fill_width`s gives the room its columns leave to its flexible column (or to short
columns whose content is cut), again at each resize; a cut cell ends in `…` and never reads as
another cell of its column (tui/widgets/column_fit.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from atelier_tui.i18n import N_, _
from atelier_tui.tui.widgets.column_fit import ELLIPSIS, distinct_cuts, fit, share_width

__all__ = ["ELLIPSIS", "GAP", "Cell", "FastTable", "TableColumn", "fit"]

Cell = str | Text  # a Text is drawn in its own style; its spans are not (no caller has any)
GAP = " "  # before every column: one space between columns, and a margin on the left


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    width: int
    minimum: int = 0  # the width asked for, which filling the terminal's width never goes under
    flexible: bool = False  # takes the room the other columns leave (a name, a description)


def cell_text(cell: Any) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


class FastTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"fast-table--header", "fast-table--cursor", "fast-table--even"}

    # The same look as DataTable's row cursor, header and zebra stripes.
    DEFAULT_CSS = """
    FastTable {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .fast-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .fast-table--header { background-tint: $foreground 5%; }
        }
        &:dark > .fast-table--even { background: $surface-darken-1 40%; }
        & > .fast-table--header { text-style: bold; background: $panel; color: $foreground; }
        &:ansi > .fast-table--header { background: ansi_bright_blue; color: ansi_default; }
        & > .fast-table--even { background: $surface-lighten-1 50%; }
        & > .fast-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_by(-1)", N_("Up"), show=False),
        Binding("down", "cursor_by(1)", N_("Down"), show=False),
        Binding("pageup", "cursor_by_page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "cursor_by_page(1)", N_("Page down"), show=False),
        Binding("home", "cursor_to(0)", N_("First row"), show=False),
        Binding("end", "cursor_to(-1)", N_("Last row"), show=False),
        Binding("enter", "select", N_("Select"), show=False),
        Binding("y", "copy", N_("Copy"), id="table.copy", show=False),
        Binding("Y", "copy(True)", N_("Copy the row"), id="table.copy_row", show=False),
    ]

    class RowSelected(Message):
        """Enter (or a click) on the cursor row."""

        def __init__(self, table: FastTable, cursor_row: int) -> None:
            super().__init__()
            self.table = table
            self.cursor_row = cursor_row

        @property
        def control(self) -> FastTable:
            return self.table

    class HeaderSelected(Message):
        """A click on a column's heading (a list sorts by it)."""

        def __init__(self, table: FastTable, column_key: str) -> None:
            super().__init__()
            self.table = table
            self.column_key = column_key

        @property
        def control(self) -> FastTable:
            return self.table

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns: dict[str, TableColumn] = {}
        self._rows: list[tuple[Cell, ...]] = []
        self._cursor_row = 0
        self._styles: dict[str, Style] = {}
        self.fill_width = False  # the columns share the table's whole width (a list's page)
        self._cuts: dict[str, dict[str, str]] | None = None  # per column: a cell's text -> its distinct cut
        # What `y` copies of row i (the owner sets it: a tag, a reference); else the whole row.
        self.copy_key: Callable[[int], str] | None = None

    # The part of DataTable's API that PagedTable and the tests use.

    def add_column(self, label: str, *, width: int | None = None, key: str | None = None, flexible: bool = False) -> str:
        key = key if key is not None else label
        width = width if width is not None else cell_len(label)
        self.columns[key] = TableColumn(key, label, width, width, flexible)
        self._update_virtual_size()
        return key

    def clear(self) -> None:
        self._rows = []
        self._cursor_row = 0
        self._update_virtual_size()

    def add_rows(self, rows: Iterable[tuple[Cell, ...]]) -> None:
        self._rows.extend(tuple(row) for row in rows)
        self._update_virtual_size()

    def replace_rows(self, rows: Iterable[tuple[Cell, ...]]) -> None:
        """clear() then add_rows() in one step: a page of as many rows as the last one keeps the
        table's size, so the screen is only painted again, not laid out (10 ms at 120x40)."""
        self._rows = [tuple(row) for row in rows]
        self._cursor_row = 0
        self._update_virtual_size()

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def cursor_row(self) -> int:
        return self._cursor_row

    def get_row_at(self, index: int) -> tuple[Cell, ...]:
        return self._rows[index]

    def move_cursor(self, *, row: int) -> None:
        if not self._rows:
            return
        before, top = self._cursor_row, round(self.scroll_y)
        self._cursor_row = max(0, min(row, len(self._rows) - 1))
        self._scroll_cursor_into_view()
        if round(self.scroll_y) != top:
            self.refresh()
            return
        # Only the two lines that changed are drawn again: over SSH a cursor move costs two lines.
        width = self.size.width
        self.refresh(*(Region(0, index - top + 1, width, 1) for index in {before, self._cursor_row}))

    # Geometry and scrolling.

    def _update_virtual_size(self) -> None:
        self._cuts = None
        if self.fill_width:
            self._share_width()
        width = sum(cell_len(GAP) + column.width for column in self.columns.values())
        self.virtual_size = Size(width, len(self._rows) + 1)  # + 1: the header line
        self.refresh()

    def _room(self) -> int:
        """The cells the columns can fill: the table's width (the terminal's before the first
        layout), less the vertical scroll bar when the rows will need one."""
        width, height = self.size.width or self.app.size.width, self.size.height or self.app.size.height
        if len(self._rows) + 1 > height:
            width -= self.styles.scrollbar_size_vertical
        return width - cell_len(GAP) * len(self.columns)

    def _share_width(self) -> None:
        columns = list(self.columns.values())
        if not columns:
            return
        longest = [cell_len(column.label) for column in columns]
        for row in self._rows:
            for index, cell in enumerate(row[: len(columns)]):
                length = cell_len(cell_text(cell))
                if length > longest[index]:
                    longest[index] = length
        flexible = next((index for index, column in enumerate(columns) if column.flexible), None)
        if flexible is None:  # the widest asked for: by the lists' habit, the naming column
            flexible = max(range(len(columns)), key=lambda index: (columns[index].minimum, -index))
        widths = share_width([column.minimum for column in columns], longest, flexible, self._room())
        self.columns = {column.key: TableColumn(column.key, column.label, width, column.minimum, column.flexible)
                        for column, width in zip(columns, widths)}

    def on_resize(self, event: events.Resize) -> None:
        if self.fill_width:
            self._update_virtual_size()

    def _distinct_cuts(self) -> dict[str, dict[str, str]]:
        """Worked out when a page is first painted after a change of rows or widths."""
        if self._cuts is None:
            self._cuts = {
                column.key: distinct_cuts([cell_text(row[index]) for row in self._rows if index < len(row)], column.width)
                for index, column in enumerate(self.columns.values())
            }
        return self._cuts

    @property
    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        if self._cursor_row < top:
            self.scroll_to(y=self._cursor_row, animate=False, force=True)
        elif self._cursor_row >= top + self._visible_rows:
            self.scroll_to(y=self._cursor_row - self._visible_rows + 1, animate=False, force=True)

    def action_cursor_by(self, rows: int) -> None:
        self.move_cursor(row=self._cursor_row + rows)

    def action_cursor_by_page(self, pages: int) -> None:
        self.move_cursor(row=self._cursor_row + pages * self._visible_rows)

    def action_cursor_to(self, row: int) -> None:
        self.move_cursor(row=row if row >= 0 else len(self._rows) - 1)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.RowSelected(self, self._cursor_row))

    def action_copy(self, whole_row: bool = False) -> None:
        """The cursor row's key (or, with `Y`, the row as tab-separated text) to the clipboard:
        Textual sends it as OSC 52, which reaches the person's own terminal over SSH too."""
        if not self._rows:
            return
        index = self._cursor_row
        if whole_row or self.copy_key is None:
            text = "\t".join(cell.plain if isinstance(cell, Text) else str(cell) for cell in self._rows[index])
        else:
            text = self.copy_key(index)
        self.app.copy_to_clipboard(text)
        self.app.notify(_("Copied: {text}").format(text=text.replace("\t", "  ")), timeout=3, markup=False)

    def _on_click(self, event: events.Click) -> None:
        # The first click moves the cursor; a click on the cursor row chooses it, as in DataTable.
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            column = self.column_at(round(self.scroll_x) + offset.x)
            if column is not None:
                self.post_message(self.HeaderSelected(self, column.key))
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self._rows):
            if row == self._cursor_row:
                self.action_select()
            else:
                self.move_cursor(row=row)

    def column_at(self, x: int) -> TableColumn | None:
        """The column drawn at cell x of the table's lines (its gap on the left counts as its own)."""
        start = 0
        for column in self.columns.values():
            end = start + cell_len(GAP) + column.width
            if start <= x < end:
                return column
            start = end
        return None

    # Drawing.

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def _style(self, name: str) -> Style:
        """The widget's style ("") or a component's, worked out once per change of styles (focus,
        theme) rather than for every line: walking the ancestors' styles was a third of painting
        a page."""
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name) if name else self.rich_style
        return style

    def render_line(self, y: int) -> Strip:
        base = self._style("")
        if y == 0:
            segments = self._line([column.label for column in self.columns.values()], base + self._style("fast-table--header"), cursor=None)
        else:
            index = round(self.scroll_y) + y - 1
            if index >= len(self._rows):
                return Strip.blank(self.size.width, base)
            style = base + self._style("fast-table--even") if index % 2 == 0 else base
            cursor = self._style("fast-table--cursor") if index == self._cursor_row else None
            segments = self._line(self._rows[index], style, cursor)
        scroll_x, width = round(self.scroll_x), self.size.width
        drawn = self.virtual_size.width
        if scroll_x == 0 and drawn <= width:  # the usual case: the line as built, padded
            if drawn < width:
                segments.append(Segment(" " * (width - drawn), base))
            return Strip(segments, width)
        return Strip(segments, drawn).crop(scroll_x, scroll_x + width).adjust_cell_length(width, base)

    def _line(self, cells: Iterable[Any], style: Style, cursor: Style | None) -> list[Segment]:
        """One row: every cell fitted to its column, in the row's style; the cursor's colours win
        over a cell's own, as DataTable's do by default."""
        row_style = style + cursor if cursor is not None else style
        segments: list[Segment] = []
        cuts = self._distinct_cuts()
        for column, cell in zip(self.columns.values(), cells):
            segments.append(Segment(GAP, row_style))
            text = cell_text(cell)
            shown = fit(cuts.get(column.key, {}).get(text, text), column.width)
            if isinstance(cell, Text):
                cell_style = cell.style
                if isinstance(cell_style, str):
                    cell_style = Style.parse(cell_style) if cell_style else Style.null()
                own = style + cell_style + cursor if cursor is not None else style + cell_style
                segments.append(Segment(shown, own))
            else:
                segments.append(Segment(shown, row_style))
        return segments

    def shown_cells(self, index: int) -> list[str]:
        """Row `index` as it reads on the screen, each cell fitted to its column (tests, copy)."""
        cuts = self._distinct_cuts()
        return [fit(cuts.get(column.key, {}).get(cell_text(cell), cell_text(cell)), column.width).rstrip()
                for column, cell in zip(self.columns.values(), self._rows[index])]
