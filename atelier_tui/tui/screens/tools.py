"""Every tool of the workshop: a live filter, sorting and paging done in SQL."""

from __future__ import annotations

from typing import Any

from atelier_tui.i18n import N_, localized
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.screens.tool_actions import TOOL_BINDINGS, ToolActions
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import state_text

# Widths fit 80 columns: a bench terminal is often no wider.
COLUMNS = [
    Column(N_("Tag"), "asset_tag", 8),
    Column(N_("Type"), "type", 20),
    Column(N_("Status"), "status", 16),
    Column(N_("Where"), "where", 6),
    Column(N_("Maintenance"), "maintenance", 11),
    Column(N_("Uses"), "usage", 5),
]


def fetch_tools(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int, around: str | None = None) -> Any:
    from atelier_tui.services.tools.first_page import first_tools_page, is_first_page

    if is_first_page(text, sort, around):
        return first_tools_page(context.database(), context.today(), descending, offset, limit)
    from atelier_tui.services.tools.filters import find_tools

    return find_tools(context.engine(), context.today(), text, sort=sort, descending=descending, offset=offset, limit=limit,
                      around=around)


def tool_filter_keys() -> list[Any]:
    from atelier_tui.services.tools.filters import tool_keys

    return tool_keys()


def tool_cells(row: Any) -> tuple[Any, ...]:
    return (
        row.asset_tag,
        localized(row.type_name_en, row.type_name_fr),
        state_text(row.status),
        row.where or "—",
        state_text(row.maintenance),
        str(row.usage_count),
    )


class ToolsScreen(ToolActions, ListScreen):
    VIEW = "tools"
    KIND = "tool"
    COLUMNS = COLUMNS
    FETCH = fetch_tools
    CELLS = tool_cells
    ROW_KEY = staticmethod(lambda row: row.asset_tag)
    FILTER_KEYS = staticmethod(tool_filter_keys)
    BINDINGS = TOOL_BINDINGS

    def current_tag(self) -> str | None:
        return self.paged.current_key()

    def tool_changed(self) -> None:
        self.paged.reload(keep_cursor=True)
