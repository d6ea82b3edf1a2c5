"""What the four list views share: a header, one paged table, a footer; Enter opens the row;
coming back from a detail refreshes the page in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Header

from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.paged_table import Column, Fetch, PagedTable


class ListScreen(AtelierScreen):
    VIEW: ClassVar[str]
    KIND: ClassVar[str]  # what a row is: bench | tool | supply | order
    COLUMNS: ClassVar[list[Column]]
    FETCH: ClassVar[Fetch]
    CELLS: ClassVar[Callable[[Any], tuple[Any, ...]]]
    ROW_KEY: ClassVar[Callable[[Any], str]]
    DEFAULT_SORT: ClassVar[str] = ""  # the first sortable column, unless a list says otherwise
    # The filter's keys (services/common/list_filter.FilterKey), for the help: a function, as their
    # words are in the interface language of the moment.
    FILTER_KEYS: ClassVar[Callable[[], list[Any]] | None] = None

    def compose(self) -> ComposeResult:
        yield Header()
        cls = type(self)
        yield PagedTable(cls.COLUMNS, cls.FETCH, cls.CELLS, cls.ROW_KEY, id=self.VIEW, default_sort=cls.DEFAULT_SORT,
                         locates=cls.FILTER_KEYS is not None)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title(self.VIEW)

    @property
    def paged(self) -> PagedTable:
        return self.query_one(PagedTable)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_hit(self.KIND, event.key)

    def refresh_live(self) -> None:
        if self.is_mounted and self.paged.loaded_once:
            self.paged.reload(keep_cursor=True)

    def on_screen_resume(self) -> None:
        # The first showing loads after the first frame (PagedTable.on_mount); this is a return.
        if self.is_mounted and self.paged.loaded_once:
            self.paged.reload(keep_cursor=True)
