"""The work a tool serves where it is: the orders in progress or ready on a bench that need one of
its capabilities. Taking the tool from that bench stops them (issue 17: a remedy took a tool from a
colleague's order in progress and two orders became NO-GO), so readiness offers such a tool last
and a remedy takes it only once someone has said which of those orders they accept to block."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from atelier_tui.services.readiness.requirement_source import CatalogSnapshot, requirements_of
from atelier_tui.store.models import RepairOrder

# An order ready on its bench, or being worked on there, counts on the bench's tools.
HOLDING_STATUSES = ("ready", "in_progress")

_HOLDING_ORDERS = select(RepairOrder).where(
    RepairOrder.bench_id.in_(bindparam("benches", expanding=True)), RepairOrder.status.in_(HOLDING_STATUSES),
    RepairOrder.id != bindparam("order"),
).order_by(RepairOrder.reference)


class BenchWork:
    """What the orders on a few benches need, read once for a batch of tools."""

    def __init__(self, session: Session, catalog: CatalogSnapshot, bench_ids: set[int], order_id: int | None) -> None:
        self._needs: dict[int, list[tuple[str, frozenset[str]]]] = {}
        if not bench_ids:
            return
        for order in session.execute(_HOLDING_ORDERS, {"benches": sorted(bench_ids), "order": order_id or 0}).scalars():
            needed = frozenset(need.key for need in requirements_of(session, order, catalog).capabilities)
            self._needs.setdefault(order.bench_id, []).append((order.reference, needed))

    def needing(self, bench_id: int | None, capabilities: frozenset[str]) -> tuple[str, ...]:
        """The references of the orders on `bench_id` that need one of `capabilities`."""
        if bench_id is None:
            return ()
        return tuple(reference for reference, needed in self._needs.get(bench_id, ()) if needed & capabilities)
