"""The orders list as people ask for it: `mine bench:ME-01 status:ready omega` (the syntax of
services/common/list_filter.py), open orders unless a status says otherwise, sorted by any
column."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, and_, case, func, not_, or_, select

from atelier_tui.domain.vocabulary import OrderStatus, values
from atelier_tui.i18n import N_, _
from atelier_tui.services.common.choices import screen_words, words_of
from atelier_tui.services.common.list_filter import FilterKey, ParsedFilter, parse_filter
from atelier_tui.services.common.paging import Page, check_window, fold
from atelier_tui.services.common.place_codes import place_ids
from atelier_tui.services.common.substring import COUNT_CAP
from atelier_tui.services.orders.queries import OrderRow, order_rows, text_conditions
from atelier_tui.services.orders.rows import open_orders
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import (  # order_rows reads these: a model's column would join twice
    Bench,
    RepairOrder,
    Staff,
)

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

ALL = "all"
READINESS = {"go": N_("GO"), "no_go": N_("NO-GO"), "not_checked": N_("not checked")}


def order_keys() -> list[FilterKey]:
    """The keys of the orders list, their values' words in the interface language of the moment."""
    statuses = {**words_of(OrderStatus), ALL: ("all", "tout", "tous", _("all"))}
    return [
        FilterKey("status", "statut", statuses, description=N_("the order's status (done ones show with status:done or status:all)")),
        FilterKey("mine", "mes", flag=True, description=N_("the orders of the person signed in")),
        FilterKey("technician", "technicien", description=N_("the technician's login or name")),
        FilterKey("bench", "établi", description=N_("the bench the order is assigned to")),
        FilterKey("readiness", "faisabilité", screen_words(READINESS), description=N_("GO, NO-GO or not checked, for orders waiting on a bench")),
    ]


# column -> SQL; the status by its place in the work's course, not its word.
_STATUS_COURSE = case({status: rank for rank, status in enumerate(values(OrderStatus))}, value=RepairOrder.status)
ORDER_SORTS: dict[str, Any] = {
    "deadline": RepairOrder.deadline,
    "reference": RepairOrder.reference,
    "watch": func.lower(RepairOrder.brand + " " + RepairOrder.model),
    "status": _STATUS_COURSE,
    "bench": func.coalesce(Bench.code, ""),
}


def _ids_of_staff(session: Session, wanted: tuple[str, ...]) -> list[int]:
    folded = [fold(text) for text in wanted]
    return [
        staff_id for staff_id, login, name in session.execute(select(Staff.id, Staff.login, Staff.display_name))
        if any(text == fold(login) or text in fold(name or "") for text in folded)
    ]


def _waiting_on_bench() -> Any:
    from atelier_tui.services.orders.queries import STARTABLE_STATUSES

    return and_(RepairOrder.status.in_(STARTABLE_STATUSES), RepairOrder.bench_id.is_not(None))


def _readiness_condition(session: Session, wanted: tuple[str, ...], narrowed: list[Any], today: date) -> Any:
    """Readiness is what the check says now (services/readiness), asked only of the orders the
    other terms leave that wait on a bench: the others are "not checked"."""
    from atelier_tui.services.readiness.check import Assessor

    conditions = []
    if "not_checked" in wanted:
        conditions.append(not_(_waiting_on_bench()))
    if {"go", "no_go"} & set(wanted):
        waiting = session.execute(
            select(RepairOrder).outerjoin(Bench, Bench.id == RepairOrder.bench_id)
            .outerjoin(Staff, Staff.id == RepairOrder.technician_id).where(_waiting_on_bench(), *narrowed)
        ).all()
        now = datetime.combine(today, time(12), tzinfo=UTC)
        chosen = []
        if waiting:
            assessor = Assessor(session)
            for order in waiting:
                verdict = assessor.assess(order, assessor.workshop.benches[order.bench_id].code, now, today)
                if ("go" if verdict.ready else "no_go") in wanted:
                    chosen.append(order.id)
        conditions.append(RepairOrder.id.in_(chosen))
    return or_(*conditions)


def order_conditions(session: Session, parsed: ParsedFilter, login: str | None, today: date) -> list[Any]:
    """SQL conditions on the orders list (its joins: bench, technician) for the terms of `parsed`."""
    conditions: list[Any] = []
    statuses = parsed.values("status")
    if not statuses:
        conditions.append(open_orders())
    elif ALL not in statuses:
        conditions.append(RepairOrder.status.in_(statuses))
    if parsed.has("mine"):
        conditions.append(Staff.login == (login or ""))
    if parsed.has("technician"):
        conditions.append(RepairOrder.technician_id.in_(_ids_of_staff(session, parsed.values("technician"))))
    if parsed.has("bench"):
        conditions.append(RepairOrder.bench_id.in_(place_ids(session, Bench, parsed.values("bench"))))
    if parsed.has("readiness"):
        conditions.append(_readiness_condition(session, parsed.values("readiness"), list(conditions), today))
    return conditions


def find_orders(
    engine: Engine, today: date, query: str = "", login: str | None = None, sort: str = "deadline",
    descending: bool = False, offset: int = 0, limit: int = 100, count_cap: int | None = COUNT_CAP,
    around: str | None = None,
) -> Page[OrderRow]:
    """A page of the orders `query` asks for (`mine`: those of `login`), sorted by `sort`
    (ORDER_SORTS). Free text matches as list_orders's text: reference, brand, model, customer
    reference, case serial and calibre. `around` (a reference): the page holding that order."""
    if sort not in ORDER_SORTS:
        from atelier_tui.services.context import ServiceError

        raise ServiceError(_("sort: '{given}' is not one of {choices}").format(given=sort, choices=", ".join(ORDER_SORTS)), field="sort")
    check_window(offset, limit)
    parsed = parse_filter(query, order_keys())
    with read_rows(engine) as session:
        filters, counted, count_cap = text_conditions(session, parsed.text, count_cap)
        terms = order_conditions(session, parsed, login, today)
        key = ORDER_SORTS[sort]
        ordered = (lambda column: column.desc()) if descending else (lambda column: column.asc())
        # Each column once: a repeated one keeps SQLite from taking the order from an index.
        order = [ordered(column) for column in dict.fromkeys([key, RepairOrder.deadline, RepairOrder.reference])]
        return order_rows(session, today, [*filters, *terms], offset, limit, count_cap, [*counted, *terms], order=order,
                          around=around)
