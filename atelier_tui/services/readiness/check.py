"""Is a bench ready for a repair order: reads the order, the bench, the inventory view and the
checklist runs, and asks `domain.readiness.assess`.

`Assessor` keeps the catalog and the workshop's benches and people for a batch of checks (the
lead's dashboard and the due list assess many orders and read them once)."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.readiness import Job, assess, rematch_capabilities
from atelier_tui.i18n import _
from atelier_tui.services.common.order_row import order_by_reference
from atelier_tui.services.context import ServiceError
from atelier_tui.services.readiness._bench_work import BenchOrders
from atelier_tui.services.readiness._inventory_source import (
    WorkshopSnapshot,
    checklist_runs_for,
    inventory_for,
    load_workshop,
    with_bench_work,
)
from atelier_tui.services.readiness.requirement_source import CatalogSnapshot, load_catalog, order_spec, requirements_of
from atelier_tui.store.database import READ_ONLY, Database, reading
from atelier_tui.store.lean_reader import LeanSession

if TYPE_CHECKING:
    from sqlalchemy import Engine, Select
    from sqlalchemy.orm import Session

    from atelier_tui.store.models import RepairOrder


@cache
def _order_object() -> Select[Any]:
    """The order as the ORM object a write may change (the ORM loaded only then)."""
    from sqlalchemy import bindparam, select

    from atelier_tui.store.models import RepairOrder

    return select(RepairOrder).where(RepairOrder.reference == bindparam("reference"))


def _plain_reads(session: Session, on_sqlite3: bool) -> Session:
    """Where the checks read: the lean session as it is; on SQLite, a lean session on the very
    sqlite3 connection of SQLAlchemy's session (its transaction, and what it flushed: a check
    runs tens of statements, and SQLAlchemy's own work per statement cost more than the SQL);
    elsewhere the session's connection (an ORM session's execute costs more than many queries)."""
    if isinstance(session, LeanSession):
        return session
    from atelier_tui.store.core_engine import ReadSession

    connection = session.connection()
    if connection.dialect.name == "sqlite" and on_sqlite3:
        return LeanSession(connection.connection.dbapi_connection)  # type: ignore[arg-type,return-value]
    return session if isinstance(session, ReadSession) else ReadSession(connection)  # type: ignore[return-value]


class Assessor:
    def __init__(self, session: Session, bounded: bool = True, on_sqlite3: bool = True) -> None:
        """`bounded`: the tools of a capability are read nearest first and only as far as the
        verdict depends on them; False reads every one (the reference the tests compare with).
        `on_sqlite3`: False has SQLAlchemy run the statements even on SQLite (the reference the
        lean session is compared with)."""
        self.session = session
        self.bounded = bounded
        # The checks read Core rows only: an ORM session's own execute costs more than many of
        # its queries, so they run on its connection, in its transaction, once what it holds is
        # flushed (`_reading`).
        self._reads: Session = _plain_reads(session, on_sqlite3)
        self._reading()
        self.catalog: CatalogSnapshot = load_catalog(self._reads)
        self.workshop: WorkshopSnapshot = load_workshop(self._reads)
        self.bench_orders: BenchOrders = {}  # what the orders on a bench need, read once per batch

    def order(self, reference: str) -> RepairOrder:
        """The order: in a write session, the object the caller may change; in a read, its row
        (the ORM's objects are not built for a read: store/core_tables.py)."""
        order: Any
        if self._reads is self.session or self.session.info.get(READ_ONLY):
            order = self._reads.execute(order_by_reference, {"reference": reference}).first()
        else:
            order = self.session.execute(_order_object(), {"reference": reference}).scalar_one_or_none()
        if order is None:
            raise ServiceError(_("order: no repair order '{reference}'").format(reference=reference), field="order")
        return order

    def bench_for(self, order: RepairOrder, bench_code: str | None) -> str:
        if bench_code is None:
            if order.bench_id is None:
                raise ServiceError(_("bench: order {reference} is not assigned to a bench; name one").format(
                    reference=order.reference), field="bench")
            return self.workshop.benches[order.bench_id].code
        if bench_code not in self.workshop.bench_ids:
            raise ServiceError(_("bench: no bench '{code}'").format(code=bench_code), field="bench")
        return bench_code

    def _reading(self) -> None:
        """What a write session holds is flushed, as its autoflush would before a query: the
        queries of a check run on its connection, past its autoflush."""
        if self._reads is not self.session:
            self.session.flush()

    def assess(self, order: RepairOrder, bench_code: str, now: datetime, today: date) -> Verdict:
        self._reading()
        requirements = requirements_of(self._reads, order, self.catalog)
        bench = self.workshop.benches[self.workshop.bench_ids[bench_code]]
        # The order's technician when it names one, else whoever holds the bench.
        technician = self.workshop.staff.get(order.technician_id) if order.technician_id else None
        if technician is None and bench.technician:
            technician = next((s for s in self.workshop.staff.values() if s.login == bench.technician), None)
        inventory = inventory_for(self._reads, requirements, bench_code, self.catalog, self.workshop, today, order.id,
                                  self.bounded, self.bench_orders)
        runs = checklist_runs_for(self._reads, bench_code, order.id, today, self.workshop)
        job = Job(order_spec(order), requirements, self.catalog.requirements.supplies)
        verdict = assess(job, bench, inventory, runs, technician, now, today)
        borrowed = {f.requirement.removeprefix("capability:") for f in verdict.findings
                    if f.remedy is not None and f.remedy.benches and f.remedy.action in ("check_out", "ask")}
        if borrowed:
            # A remedy takes a tool from another bench: which work there needs it decides which
            # tool is offered and what the remedy says it blocks.
            worked = with_bench_work(self._reads, inventory, bench_code, self.catalog, self.workshop, order.id, borrowed,
                                     self.bench_orders)
            if any(tool.needed_by for tool in worked.tools):  # else the same verdict would come out again
                verdict = rematch_capabilities(verdict, job, worked, borrowed)
        return verdict


def check_order(engine: Database | Engine, reference: str, bench_code: str | None, now: datetime, today: date) -> Verdict:
    """The verdict for `reference` on `bench_code` (by default the bench the order is assigned to)."""
    with reading(engine) as session:
        assessor = Assessor(session)
        order = assessor.order(reference)
        return assessor.assess(order, assessor.bench_for(order, bench_code), now, today)
