"""A table of any length: filtered, sorted and paged in SQL by a service, showing one page of
rows and "first–last of total". A new keystroke in the filter replaces the running query."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from atelier_tui.i18n import N_, _, localized
from atelier_tui.tui.base import ServiceCalls, translate_bindings
from atelier_tui.tui.widgets.fast_table import FastTable

# Three to five screens of rows: enough to scan, and the filter (not scrolling) is how a person
# finds one tool among ten thousand. Every row of a page costs its states and its cells at each
# keystroke of the filter: 100 rather than 200 took the keystroke's median from 55 to 44 ms on
# the large demo (tests/perf/test_tui_perf.py).
PAGE_SIZE = 100


class FilterField(Input):
    """The filter's one-line field. Textual's Input gives itself the width of its text, and a
    change of that width lays out the whole screen at every keystroke and repaints the table's
    scrollbar: 9 ms of the UI thread at 120x40 (2 ms without), while the filter's query runs. A
    filter is short; its width is kept until a text outgrows it."""

    ROOM = 256

    @property
    def content_width(self) -> int:
        return max(super().content_width, self.ROOM)


@dataclass(frozen=True)
class Column:
    label: str  # marked N_ by the caller, translated here
    sort_key: str | None = None
    width: int | None = None  # the least it gets: the table's whole width is shared (FastTable.fill_width)
    flexible: bool = False  # the column that takes the room left (else the widest)


# fetch(context, text, sort, descending, offset, limit) -> Page
Fetch = Callable[[Any, str, str, bool, int, int], Any]


class PagedTable(ServiceCalls, Vertical):
    DEFAULT_CSS = """
    PagedTable { height: 1fr; }
    PagedTable > #filter { display: none; height: 1; border: none; padding: 0 1; background: $boost; }
    PagedTable > #filter:focus { border: none; background: $primary 25%; }
    PagedTable.filtering > #filter { display: block; }
    PagedTable > FastTable { height: 1fr; }
    PagedTable > #page-info { height: 1; color: $text-muted; padding: 0 1; }
    """

    BINDINGS = [
        # A priority binding: it runs as the key is read, so that the keys typed with it (a remote
        # terminal sends a burst in one packet) are read once the filter has focus, not handed to
        # the table before it. In the filter itself it types a slash (action_filter).
        Binding("slash", "filter", N_("Filter"), id="table.filter", priority=True),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, id="table.clear_filter"),
        Binding("s", "sort", N_("Sort"), id="table.sort"),
        Binding("S", "reverse_sort", N_("Reverse sort"), show=False, id="table.reverse_sort"),
        Binding("greater_than_sign", "next_page", N_("Next page"), id="table.next_page"),
        Binding("less_than_sign", "previous_page", N_("Previous page"), id="table.previous_page"),
    ]

    class Chosen(Message):
        """Enter on a row."""

        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def __init__(
        self,
        columns: list[Column],
        fetch: Fetch,
        cells: Callable[[Any], tuple[Any, ...]],
        row_key: Callable[[Any], str],
        *,
        id: str | None = None,
        default_sort: str = "",
        page_size: int = PAGE_SIZE,
        locates: bool = False,
    ) -> None:
        super().__init__(id=id)
        self._bindings = translate_bindings(self._bindings)
        self.columns = columns
        self.fetch = fetch
        self.cells = cells
        self.row_key = row_key
        self.page_size = page_size
        self.locates = locates  # fetch takes `around=key`: the page holding that row (after a sort)
        self.sortable = [column.sort_key for column in columns if column.sort_key]
        self.sort = default_sort or (self.sortable[0] if self.sortable else "")
        self.descending = False
        self.page_offset = 0
        self.page_total = 0
        self.page_more = False  # more rows match than page_total: the count stopped there
        self.text = ""
        self.rows: list[Any] = []
        self.loaded_once = False
        self.refusal = ""  # why the filter as typed cannot be read (an unknown key), shown under the table
        self._keep_key: str | None = None  # the row the cursor stays on after a sort

    def compose(self) -> ComposeResult:
        # One line, as k9s's: at 80x24 the rows are what the person is looking for.
        yield FilterField(placeholder=_("Filter (Esc to clear)"), id="filter")
        yield FastTable()
        # The first page waits for the database layer to load (a second or two on a bench PC).
        yield Static(_("Loading…"), id="page-info")

    def on_mount(self) -> None:
        table = self.query_one(FastTable)
        table.copy_key = lambda index: self._keys[index]  # `y`: the row's tag, reference or code
        table.fill_width = True
        for column in self.columns:
            table.add_column(_(column.label), width=column.width, key=column.label, flexible=column.flexible)
        # Watched rather than heard through Input.Changed: the message reaches this widget only
        # after the screen has laid out and painted the field again (about 10 ms); the query
        # starts at once and runs while the field is painted.
        self.watch(self.query_one("#filter", Input), "value", self._filter_changed, init=False)
        # After the first frame: the worker's first query imports the database layer (about a
        # second, holding the GIL), which must not delay painting the screen.
        self.call_after_refresh(self.reload)

    @property
    def table(self) -> FastTable:
        return self.query_one(FastTable)

    def reload(self, keep_cursor: bool = False) -> None:
        self._keep_cursor = keep_cursor
        text, sort, descending, offset, limit = self.text, self.sort, self.descending, self.page_offset, self.page_size
        around = {"around": self._keep_key} if self.locates and self._keep_key is not None else {}
        self.call(self._fetch_cells, text, sort, descending, offset, limit, then=self._show, failed=self._refused, group="page",
                  **around)

    def _refused(self, message: str, _field: str | None) -> None:
        """The filter cannot be read (an unknown key, a value the key does not take): said under
        the table, where the person looks while typing, and the rows stay as they were."""
        self.refusal = message
        self._update_info()

    def _fetch_cells(self, context: Any, *query: Any, **options: Any) -> tuple[Any, list[tuple[Any, ...]]]:
        """In the worker: the page, and its cells already formatted, so that the UI thread only
        swaps the rows in."""
        page = self.fetch(context, *query, **options)
        return page, [self.cells(row) for row in page.rows]

    def _show(self, loaded: tuple[Any, list[tuple[Any, ...]]]) -> None:
        page, cells = loaded
        table = self.table
        cursor = table.cursor_row if self._keep_cursor else 0
        table.replace_rows(cells)
        self.rows = list(page.rows)
        self.page_total = page.total
        self.page_more = page.more
        self.page_offset = page.offset  # the page holding the row kept after a sort may be another
        self.refusal = ""
        # The table knows rows by position; remember their keys for Enter.
        self._keys = [self.row_key(row) for row in self.rows]
        if self._keep_key is not None and self._keep_key in self._keys:
            cursor = self._keys.index(self._keep_key)  # a new sort: the same row, wherever it went
        self._keep_key = None
        if self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))
        self._update_info()
        self.loaded_once = True
        self.post_message(self.Loaded())

    class Loaded(Message):
        """A page was shown (tests and screens wait on it)."""

    def _update_info(self) -> None:
        if self.page_total == 0:
            info = _("no match") if self.text else _("empty")
        else:
            first, last = self.page_offset + 1, self.page_offset + len(self.rows)
            if self.page_more:
                # French groups thousands with a narrow no-break space, English with a comma.
                total = localized(f"{self.page_total:,}", f"{self.page_total:,}".replace(",", "\u202f"))
                info = _("{first}–{last} of {total}+").format(first=first, last=last, total=total)
            else:
                info = _("{first}–{last} of {total}").format(first=first, last=last, total=self.page_total)
        sort_label = next((_(c.label) for c in self.columns if c.sort_key == self.sort), "")
        arrow = "↓" if self.descending else "↑"
        filter_label = _("filter: {text}").format(text=self.text) if self.text else ""
        if self.refusal:
            filter_label = self.refusal
        # One line of fixed height: no layout pass is needed, and it would cost a frame per keystroke.
        self.query_one("#page-info", Static).update(Text("  ".join(p for p in (info, f"{arrow} {sort_label}", filter_label) if p)), layout=False)

    def current_key(self) -> str | None:
        if not self.rows or self.table.cursor_row < 0:
            return None
        return self._keys[self.table.cursor_row]

    @on(FastTable.RowSelected)
    def _row_selected(self, event: FastTable.RowSelected) -> None:
        event.stop()
        key = self.current_key()
        if key is not None:
            self.post_message(self.Chosen(key))

    @on(FastTable.HeaderSelected)
    def _heading_clicked(self, event: FastTable.HeaderSelected) -> None:
        """A click on a heading sorts by its column, as `s` does; on the sorted column's heading it
        reverses the order, as `S` does. A column the service cannot sort by does nothing."""
        event.stop()
        sort = next((column.sort_key for column in self.columns if column.label == event.column_key), None)
        if sort is None:
            return
        self._sort_by(sort, not self.descending if sort == self.sort else False)

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if self.screen.focused is field:  # a slash typed in the filter (a lot is `supply/lot`)
            field.insert_text_at_cursor("/")
            return
        self.add_class("filtering")
        self.screen.set_focus(field)  # at once: focus() would wait for the keys already read
        self.call(_prepare_filtered_reads, group="prepare")

    def _filter_changed(self, value: str) -> None:
        text = value.strip()
        if text == self.text:  # a space typed, or a value the page was already loaded with
            return
        self.text = text
        self.page_offset = 0
        self.reload()

    @on(Input.Changed, "#filter")
    def _filter_heard(self, event: Input.Changed) -> None:
        event.stop()  # handled by _filter_changed as the value changed

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def clear_filter(self) -> bool:
        """Escape in the filter: clear it and go back to the table. False if nothing to clear."""
        field = self.query_one("#filter", Input)
        if not self.has_class("filtering"):
            return False
        self.remove_class("filtering")
        if field.value:
            field.value = ""
        self.table.focus()
        return True

    def action_clear_filter(self) -> None:
        if not self.clear_filter():
            raise SkipAction()  # nothing to clear: escape goes on to the screen (back)

    def action_sort(self) -> None:
        """The next column, ascending."""
        if not self.sortable:
            return
        index = (self.sortable.index(self.sort) + 1) % len(self.sortable) if self.sort in self.sortable else 0
        self._sort_by(self.sortable[index], False)

    def action_reverse_sort(self) -> None:
        if self.sortable:
            self._sort_by(self.sort, not self.descending)

    def _sort_by(self, sort: str, descending: bool) -> None:
        self.sort, self.descending = sort, descending
        self._keep_key = self.current_key()
        self.page_offset = 0
        self.reload()

    def action_next_page(self) -> None:
        if self.page_offset + self.page_size < self.page_total or self.page_more:
            self.page_offset += self.page_size
            self.reload()

    def action_previous_page(self) -> None:
        if self.page_offset > 0:
            self.page_offset = max(0, self.page_offset - self.page_size)
            self.reload()


def _prepare_filtered_reads(context: Any) -> None:
    """In a worker, as the filter opens: a filtered page is read through SQLAlchemy (only the
    unfiltered pages are read statements, store/read_statements.py), which a workstation has not
    loaded yet; loading it now spares the first letter typed the wait."""
    context.prepare_queries()
