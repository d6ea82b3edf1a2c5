"""Stock per supply type, in its own unit, against its reorder point."""

from __future__ import annotations

from typing import Any

from atelier_tui.i18n import N_, localized
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import state_text, state_word
from atelier_tui.wording.numbers import quantity_text

COLUMNS = [
    Column(N_("Supply"), "name", 24),
    Column(N_("Category"), "category", 11),
    Column(N_("On hand"), "on_hand", 9),
    Column(N_("Reorder at"), "reorder_point", 9),
    Column(N_("Lots"), "lots", 4),
    Column(N_("State"), "state", 11),
]


def fetch_supplies(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int, around: str | None = None) -> Any:
    from atelier_tui.services.stock.filters import find_supplies

    return find_supplies(context.engine(), context.today(), text, sort=sort, descending=descending, offset=offset, limit=limit,
                         around=around)


def supply_filter_keys() -> list[Any]:
    from atelier_tui.services.stock.filters import supply_keys

    return supply_keys()


def supply_cells(supply: Any) -> tuple[Any, ...]:
    return (
        localized(supply.name_en, supply.name_fr),
        state_word(supply.category),
        quantity_text(supply.on_hand, supply.stock_unit),
        quantity_text(supply.reorder_point, supply.stock_unit) if supply.reorder_point else "—",
        str(supply.lots),
        state_text("expired" if supply.expired_lots and supply.state == "ok" else supply.state),
    )


class SuppliesScreen(ListScreen):
    VIEW = "supplies"
    KIND = "supply"
    COLUMNS = COLUMNS
    FETCH = fetch_supplies
    CELLS = supply_cells
    ROW_KEY = staticmethod(lambda row: row.key)
    FILTER_KEYS = staticmethod(supply_filter_keys)
