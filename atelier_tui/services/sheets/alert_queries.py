"""Alerts raised on a sheet (`l`) that no lead has acknowledged yet, read for the lead's dashboard
and `atelier sheet alerts` through the Core tables (store/core_tables.py): the dashboard is the
first screen, and reading it must not load the ORM (nor, on a SQLite file, SQLAlchemy: the alerts
to acknowledge are a read statement, store/read_statements.py). Acknowledging one is a change:
alerts.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.vocabulary import OrderStatus, SheetEntryKind
from atelier_tui.services.common.paging import utc
from atelier_tui.store.database import Database, reading
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the lean session, or a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy import Engine, Select
    from sqlalchemy.orm import Session

# An alert stays before the lead while the watch is in the workshop; once it is returned to its
# owner (or the order cancelled) there is nothing left to act on.
GONE_STATUSES = (OrderStatus.RETURNED, OrderStatus.CANCELLED)
STILL_HERE = tuple(status for status in OrderStatus if status not in GONE_STATUSES)  # as IN: the lean render takes no NOT IN


@dataclass(frozen=True)
class BenchAlert:
    id: int
    reference: str
    bench: str
    technician: str | None  # who raised it (None: a person since removed from the staff table)
    at: datetime | None
    text: str


def alert_rows() -> Select[Any]:
    """Every alert with its order, bench and author, on the Core tables: a condition added to it
    names their columns (a SQLModel class's would join its table a second time)."""
    from sqlalchemy import select

    from atelier_tui.store.core_tables import Bench, InterventionSheet, RepairOrder, SheetEntry, Staff, aliased

    author = aliased(Staff)
    return (
        select(SheetEntry.id, RepairOrder.reference, Bench.code, author.display_name, SheetEntry.done_at, SheetEntry.text)
        .join(InterventionSheet, InterventionSheet.id == SheetEntry.sheet_id)
        .join(RepairOrder, RepairOrder.id == InterventionSheet.order_id)
        .join(Bench, Bench.id == InterventionSheet.bench_id)
        .outerjoin(author, author.id == SheetEntry.author_id)
        .where(SheetEntry.kind == SheetEntryKind.ALERT)
    )


def bench_alert(entry_id: int, reference: str, bench: str, technician: str | None, at: datetime | None, text: str) -> BenchAlert:
    return BenchAlert(entry_id, reference, bench, technician, utc(at) if at is not None else None, text)


@read_statement
def _to_acknowledge() -> Any:
    from atelier_tui.store.core_tables import RepairOrder, SheetEntry

    return (
        alert_rows()
        .where(SheetEntry.acknowledged_at.is_(None), RepairOrder.status.in_(STILL_HERE))
        .order_by(SheetEntry.done_at.desc(), SheetEntry.id.desc())
    )


def alerts_to_acknowledge_in(session: Session) -> list[BenchAlert]:
    """Alerts no lead has acknowledged, on watches still in the workshop, newest first."""
    rows = session.execute(_to_acknowledge).all()
    return [bench_alert(entry_id, reference, bench, who, at, text) for entry_id, reference, bench, who, at, text in rows]


def alerts_to_acknowledge(source: Database | Engine) -> list[BenchAlert]:
    """The alerts no lead has acknowledged yet, as `alerts_to_acknowledge_in` lists them."""
    with reading(source) as session:
        return alerts_to_acknowledge_in(session)
