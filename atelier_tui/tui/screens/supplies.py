"""Stock per supply type, in its own unit, against its reorder point."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer, Header

from atelier_tui.domain.units import format_value
from atelier_tui.i18n import N_, localized
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.widgets.paged_table import Column, PagedTable
from atelier_tui.tui.widgets.states import state_text, state_word

COLUMNS = [
    Column(N_("Supply"), None, 24),
    Column(N_("Category"), None, 11),
    Column(N_("On hand"), None, 9),
    Column(N_("Reorder at"), None, 9),
    Column(N_("Lots"), None, 4),
    Column(N_("State"), None, 11),
]


def fetch_supplies(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.supply_queries import list_supplies

    return list_supplies(context.engine(), context.today(), text=text, offset=offset, limit=limit)


def supply_cells(supply: Any) -> tuple[Any, ...]:
    return (
        localized(supply.name_en, supply.name_fr),
        state_word(supply.category),
        format_value(supply.on_hand, supply.stock_unit),
        format_value(supply.reorder_point, supply.stock_unit) if supply.reorder_point else "—",
        str(supply.lots),
        state_text("expired" if supply.expired_lots and supply.state == "ok" else supply.state),
    )


class SuppliesScreen(AtelierScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield PagedTable(COLUMNS, fetch_supplies, supply_cells, lambda supply: supply.key, id="supplies")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("supplies")  # type: ignore[attr-defined]

    def on_paged_table_chosen(self, event: PagedTable.Chosen) -> None:
        self.app.open_supply(event.key)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self.query_one(PagedTable).reload(keep_cursor=True)
