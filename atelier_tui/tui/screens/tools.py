"""Every tool of the workshop: a live filter, sorting and paging done in SQL."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Header

from atelier_tui.i18n import N_, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.tool_actions import TOOL_BINDINGS, ToolActions
from atelier_tui.tui.widgets.paged_table import Column, PagedTable
from atelier_tui.tui.widgets.states import state_text

# Widths fit 80 columns: a bench terminal is often no wider.
COLUMNS = [
    Column(N_("Tag"), "asset_tag", 8),
    Column(N_("Type"), "type", 20),
    Column(N_("Status"), "status", 16),
    Column(N_("Where"), "where", 6),
    Column(N_("Maintenance"), None, 11),
    Column(N_("Uses"), "usage", 5),
]


def fetch_tools(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.tool_queries import list_tools

    return list_tools(context.engine(), context.today(), text=text, sort=sort, descending=descending, offset=offset, limit=limit)


def tool_cells(row: Any) -> tuple[Any, ...]:
    return (
        row.asset_tag,
        localized(row.type_name_en, row.type_name_fr),
        state_text(row.status),
        row.where or "—",
        state_text(row.maintenance),
        str(row.usage_count),
    )


class ToolsScreen(ToolActions, AtelierScreen):
    BINDINGS = TOOL_BINDINGS

    def compose(self) -> ComposeResult:
        yield Header()
        yield PagedTable(COLUMNS, fetch_tools, tool_cells, lambda row: row.asset_tag, id="tools")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("tools")  # type: ignore[attr-defined]

    @property
    def paged(self) -> PagedTable:
        return self.query_one(PagedTable)

    def current_tag(self) -> str | None:
        return self.paged.current_key()

    def tool_changed(self) -> None:
        self.paged.reload(keep_cursor=True)

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_tool(event.key)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.paged.is_mounted:
            self.paged.reload(keep_cursor=True)
