"""Repair orders by deadline: what is late, what is waiting, what is on a bench."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.binding import Binding

from atelier_tui.domain.vocabulary import OrderStatus
from atelier_tui.i18n import N_, _
from atelier_tui.tui.screens.list_screen import ListScreen
from atelier_tui.tui.widgets.paged_table import Column
from atelier_tui.tui.widgets.states import SEVERE, severity_style
from atelier_tui.wording.vocabulary import word

COLUMNS = [
    Column(N_("Order"), "reference", 12),
    Column(N_("Watch"), "watch", 16),
    Column(N_("Status"), "status", 13),
    Column(N_("Deadline"), "deadline", 18),
    Column(N_("Bench"), "bench", 5),
]


def fetch_orders(context: Any, text: str, sort: str, descending: bool, offset: int, limit: int, around: str | None = None) -> Any:
    from atelier_tui.services.orders.filters import find_orders

    # `mine`: the orders of the person signed in.
    return find_orders(context.engine(), context.today(), text, login=context.login, sort=sort, descending=descending,
                       offset=offset, limit=limit, around=around)


def order_filter_keys() -> list[Any]:
    from atelier_tui.services.orders.filters import order_keys

    return order_keys()


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
    DEFAULT_SORT = "deadline"
    FILTER_KEYS = staticmethod(order_filter_keys)
    BINDINGS = [Binding("n", "take_in", N_("Take in"), id="orders.take_in")]

    def action_take_in(self) -> None:
        """A watch taken in through a form; the new order opens. Said why not to whoever may not."""
        from atelier_tui.tui.screens.order_assign import refusal_for
        from atelier_tui.tui.screens.order_intake import IntakeModal, load_choices

        refusal = refusal_for(self.app.context, "order.create")  # type: ignore[attr-defined]
        if refusal is not None:
            self.app.refuse(refusal)  # type: ignore[attr-defined]
            return

        def taken_in(reference: str | None) -> None:
            if reference is not None:
                self.app.notify(_("{reference}: watch taken in").format(reference=reference))
                self.app.open_order(reference)  # type: ignore[attr-defined]

        self.call(load_choices, then=lambda choices: self.app.push_screen(IntakeModal(choices), taken_in))
