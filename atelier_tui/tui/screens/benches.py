"""The benches of the workshop: status, technician, tools on it, the order in progress."""

from __future__ import annotations

from typing import Any

from atelier_tui.i18n import N_
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import state_text

COLUMNS = [
    Column(N_("Bench"), "code", 6),
    Column(N_("Name"), None, 16),
    Column(N_("Status"), None, 12),
    Column(N_("Technician"), None, 16),
    Column(N_("Tools"), None, 5),
    Column(N_("Order"), None, 12),
]


def fetch_benches(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.benches.queries import list_benches
    from atelier_tui.services.common.paging import Page

    needle = text.lower()
    rows = [
        bench for bench in list_benches(context.engine())
        if not needle or needle in f"{bench.code} {bench.name} {bench.zone} {bench.technician or ''}".lower()
    ]
    if descending:
        rows.reverse()
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
