"""Repair orders by deadline: what is late, what is waiting, what is on a bench."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from atelier_tui.domain.vocabulary import OrderStatus
from atelier_tui.i18n import N_, _
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import SEVERE, severity_style
from atelier_tui.wording.vocabulary import word

COLUMNS = [
    Column(N_("Order"), None, 12),
    Column(N_("Watch"), None, 16, flexible=True),
    Column(N_("Status"), None, 13),
    Column(N_("Deadline"), None, 18),
    Column(N_("Bench"), None, 5),
]


def fetch_orders(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int) -> Any:
    from atelier_tui.services.orders.queries import list_orders

    return list_orders(context.engine(), context.today(), text=text, offset=offset, limit=limit)


def deadline_text(deadline: Any, days_left: int, closed: bool) -> Text:
    if closed:
        return Text(deadline.isoformat(), style="dim")
    if days_left < 0:
        return Text(_("‼ {date} (late)").format(date=deadline.isoformat()), style=severity_style(SEVERE))
    if days_left <= 2:
        return Text("! " + _("{date} ({days} d)").format(date=deadline.isoformat(), days=days_left), style="yellow")
    return Text(_("{date} ({days} d)").format(date=deadline.isoformat(), days=days_left))


def order_cells(order: Any) -> tuple[Any, ...]:
    closed = order.status in (OrderStatus.DONE, OrderStatus.RETURNED, OrderStatus.CANCELLED)
    return (
        order.reference,
        f"{order.brand} {order.model}".strip(),
        word(OrderStatus, order.status),
        deadline_text(order.deadline, order.days_left, closed),
        order.bench_code or "—",
    )


class OrdersScreen(ListScreen):
    VIEW = "orders"
    KIND = "order"
    COLUMNS = COLUMNS
    FETCH = fetch_orders
    CELLS = order_cells
    ROW_KEY = staticmethod(lambda row: row.reference)
