"""The benches of the workshop: status, technician, tools on it, the order in progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from atelier_tui.i18n import N_
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import state_text, state_word

COLUMNS = [
    Column(N_("Bench"), "code", 6),
    Column(N_("Name"), "name", 16),
    Column(N_("Status"), "status", 12),
    Column(N_("Technician"), "technician", 16),
    Column(N_("Tools"), "tools", 5),
    Column(N_("Order"), "order", 12),
]


def bench_order(sort: str) -> Callable[[Any], Any]:
    """A workshop has tens of benches, read whole by list_benches: sorted here (in the worker), by
    the words the columns show (a status in the interface language); no technician or no order
    comes after the others."""
    from atelier_tui.services.common.paging import fold

    orders: dict[str, Callable[[Any], Any]] = {
        "code": lambda bench: bench.code,
        "name": lambda bench: fold(bench.name),
        "status": lambda bench: fold(state_word(bench.status)),
        "technician": lambda bench: (bench.technician is None, fold(bench.technician or "")),
        "tools": lambda bench: bench.tool_count,
        "order": lambda bench: (bench.current_order is None, bench.current_order or ""),
    }
    return lambda bench: (orders[sort](bench), bench.code)


def fetch_benches(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.benches.queries import list_benches
    from atelier_tui.services.common.paging import Page

    needle = text.lower()
    rows = [
        bench for bench in list_benches(context.engine())
        if not needle or needle in f"{bench.code} {bench.name} {bench.zone} {bench.technician or ''}".lower()
    ]
    rows.sort(key=bench_order(sort), reverse=descending)
    return Page(rows=rows[offset: offset + limit], total=len(rows), offset=offset, limit=limit)


def bench_cells(bench: Any) -> tuple[Any, ...]:
    return (bench.code, bench.name, state_text(bench.status), bench.technician or "—", str(bench.tool_count), bench.current_order or "—")


class BenchesScreen(ListScreen):
    VIEW = "benches"
    KIND = "bench"
    COLUMNS = COLUMNS
    FETCH = fetch_benches
    CELLS = bench_cells
    ROW_KEY = staticmethod(lambda row: row.code)
