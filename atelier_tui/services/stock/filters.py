"""The supplies list as people ask for it: `category:battery location:C1 expired 371` (the syntax
of services/common/list_filter.py), sorted by any column."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import BigInteger, Engine, and_, case, cast, func, literal, or_, select

from atelier_tui.domain.vocabulary import LotStatus
from atelier_tui.i18n import N_, language
from atelier_tui.services.common.choices import screen_words, word_order
from atelier_tui.services.common.list_filter import FilterKey, ParsedFilter, parse_filter
from atelier_tui.services.common.paging import Page, check_window, fold
from atelier_tui.services.common.place_codes import place_ids
from atelier_tui.services.stock.queries import SupplyRow, _supply_ids_matching, supply_rows
from atelier_tui.store.core_engine import read_rows
from atelier_tui.store.core_tables import Bench, Location, Lot, SupplyType
from atelier_tui.wording.supply_categories import SUPPLY_CATEGORY_WORDS

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

STATES = {"ok": N_("ok"), "low": N_("low"), "out": N_("out of stock"), "not_stocked": N_("not stocked")}


def supply_keys() -> list[FilterKey]:
    """The keys of the supplies list, their values' words in the interface language of the moment."""
    return [
        FilterKey("category", "catégorie", screen_words(SUPPLY_CATEGORY_WORDS), description=N_("the supply's category")),
        FilterKey("location", "emplacement", description=N_("a store location or bench holding a lot of it")),
        FilterKey("state", "état", screen_words(STATES), description=N_("its stock against the reorder point")),
        FilterKey("expired", "périmé", flag=True, description=N_("supplies with an expired lot")),
    ]


SUPPLY_SORTS = ("name", "category", "on_hand", "reorder_point", "lots", "state")


def _available() -> Any:
    return and_(Lot.status == LotStatus.AVAILABLE, Lot.quantity_micro > 0)


def _on_hand() -> Any:
    return (
        select(func.coalesce(cast(func.sum(Lot.quantity_micro), BigInteger), 0))
        .where(Lot.supply_type_id == SupplyType.id, _available()).scalar_subquery()
    )


def _state_condition(state: str) -> Any:
    on_hand, point = _on_hand(), SupplyType.reorder_point_micro
    return {
        "out": and_(on_hand <= 0, point > 0),
        "not_stocked": and_(on_hand <= 0, point <= 0),
        "low": and_(on_hand > 0, on_hand <= point),
        "ok": and_(on_hand > 0, on_hand > point),
    }[state]


def supply_conditions(session: Session, parsed: ParsedFilter, today: date) -> list[Any]:
    conditions: list[Any] = []
    if parsed.has("category"):
        conditions.append(SupplyType.category.in_(parsed.values("category")))
    if parsed.has("location"):
        benches = place_ids(session, Bench, parsed.values("location"))
        locations = place_ids(session, Location, parsed.values("location"), within=True)
        held = select(Lot.supply_type_id).where(_available(), or_(Lot.bench_id.in_(benches), Lot.location_id.in_(locations)))
        conditions.append(SupplyType.id.in_(held))
    if parsed.has("state"):
        conditions.append(or_(*(_state_condition(state) for state in parsed.values("state"))))
    if parsed.has("expired"):
        conditions.append(SupplyType.id.in_(select(Lot.supply_type_id).where(_available(), Lot.expires_on < today)))
    return conditions


def _name_order(session: Session) -> Any:
    """SQL: a supply's rank by its name in the interface language, accents and case folded (the
    catalog is hundreds of rows: ranked here, as tools.filters.type_name_order argues)."""
    french = language() == "fr"
    names = session.execute(select(SupplyType.id, SupplyType.name_en, SupplyType.name_fr)).all()
    ranked = sorted(names, key=lambda row: (fold((row.name_fr if french and row.name_fr else row.name_en) or ""), row.id))
    if not ranked:
        return literal(0)
    return case({row.id: rank for rank, row in enumerate(ranked)}, value=SupplyType.id, else_=len(ranked))


def _state_order(today: date) -> Any:
    """SQL: a supply's state by urgency, as the list's State column words it: out of stock, low,
    expired lots in stock, ok, then what the workshop does not stock."""
    expired = select(Lot.id).where(Lot.supply_type_id == SupplyType.id, _available(), Lot.expires_on < today).exists()
    return case((_state_condition("out"), 0), (_state_condition("low"), 1), (expired, 2), (_state_condition("ok"), 3), else_=4)


def _sort_key(session: Session, sort: str, today: date) -> Any:
    if sort == "name":
        return _name_order(session)
    if sort == "category":
        return word_order(SupplyType.category, SUPPLY_CATEGORY_WORDS)
    if sort == "on_hand":
        return _on_hand()
    if sort == "reorder_point":
        return SupplyType.reorder_point_micro
    if sort == "state":
        return _state_order(today)
    return select(func.count()).where(Lot.supply_type_id == SupplyType.id, _available()).scalar_subquery()


def find_supplies(
    engine: Engine, today: date, query: str = "", sort: str = "name", descending: bool = False,
    offset: int = 0, limit: int = 100, around: str | None = None,
) -> Page[SupplyRow]:
    """A page of the supplies `query` asks for (free text as list_supplies's), sorted by `sort`
    (SUPPLY_SORTS); `around` (a supply key): the page holding that supply."""
    from atelier_tui.i18n import _
    from atelier_tui.services.context import ServiceError

    if sort not in SUPPLY_SORTS:
        raise ServiceError(_("sort: '{given}' is not one of {choices}").format(given=sort, choices=", ".join(SUPPLY_SORTS)), field="sort")
    check_window(offset, limit)
    parsed = parse_filter(query, supply_keys())
    with read_rows(engine) as session:
        conditions = supply_conditions(session, parsed, today)
        if parsed.text:
            conditions.append(SupplyType.id.in_(_supply_ids_matching(session, parsed.text)))
        key = _sort_key(session, sort, today)
        order = [key.desc(), SupplyType.key.desc()] if descending else [key.asc(), SupplyType.key.asc()]
        return supply_rows(session, today, conditions, offset, limit, order=order, around=around)
