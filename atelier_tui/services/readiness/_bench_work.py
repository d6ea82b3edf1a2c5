"""The work a tool serves where it is: the orders in progress or ready on a bench that need one of
its capabilities. Taking the tool from that bench stops them (issue 17: a remedy took a tool from a
colleague's order in progress and two orders became NO-GO), so readiness offers such a tool last
and a remedy takes it only once someone has said which of those orders they accept to block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from atelier_tui.domain.vocabulary import OrderStatus
from atelier_tui.services.readiness.requirement_source import CatalogSnapshot, requirements_of
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

# An order ready on its bench, or being worked on there, counts on the bench's tools.
HOLDING_STATUSES = (OrderStatus.READY, OrderStatus.IN_PROGRESS)


@read_statement
def _holding_orders() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import RepairOrder

    return select(RepairOrder).where(
        RepairOrder.bench_id.in_(bindparam("benches", expanding=True)), RepairOrder.status.in_(HOLDING_STATUSES),
    ).order_by(RepairOrder.reference)

# bench id -> (order id, reference, capabilities it needs) of each order holding it
BenchOrders = dict[int, list[tuple[int, str, frozenset[str]]]]


class BenchWork:
    """What the orders on a few benches need. `known` keeps what was read across a batch of
    checks (the dashboard assesses many orders, often borrowing from the same benches)."""

    def __init__(self, session: Session, catalog: CatalogSnapshot, bench_ids: set[int], order_id: int | None,
                 known: BenchOrders | None = None) -> None:
        self._order_id = order_id
        self._known: BenchOrders = {} if known is None else known
        missing = sorted(bench_ids - self._known.keys())
        if not missing:
            return
        for bench_id in missing:
            self._known[bench_id] = []
        for order in session.execute(_holding_orders, {"benches": missing}).all():
            needed = frozenset(need.key for need in requirements_of(session, order, catalog).capabilities)
            self._known[order.bench_id].append((order.id, order.reference, needed))

    def needing(self, bench_id: int | None, capabilities: frozenset[str]) -> tuple[str, ...]:
        """The references of the orders on `bench_id` (but the one being checked) that need one of `capabilities`."""
        if bench_id is None:
            return ()
        return tuple(reference for order_id, reference, needed in self._known.get(bench_id, ())
                     if order_id != self._order_id and needed & capabilities)
