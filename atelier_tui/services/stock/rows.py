"""A supply and a lot as the lists and the dashboards show them (SupplyRow, LotRow), made from
plain rows: importing this module imports no SQLAlchemy, so that the lead's dashboard reads its
stock sections as read statements (services/overview/dashboard.py) on the lean session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from atelier_tui.domain.units import from_micro

EXPIRING_DAYS = 30  # a lot expiring within this many days is flagged "expiring"


@dataclass(frozen=True)
class SupplyRow:
    key: str
    name_en: str
    name_fr: str
    category: str
    stock_unit: str
    on_hand: float  # in available lots
    reserved: float  # of which set aside for orders
    reorder_point: float
    lots: int  # available lots holding something
    earliest_expiry: date | None
    expired_lots: int
    state: str  # ok | low (at or under the reorder point) | out


@dataclass(frozen=True)
class LotRow:
    lot_number: str
    supply_key: str
    quantity: float
    reserved: float
    stock_unit: str
    where: str  # the bench it is on, else its store location
    received_on: date
    expires_on: date | None
    opened_on: date | None
    status: str  # available | quarantined | disposed
    expiry: str  # ok | expiring | expired | open_too_long


def lot_expiry(expires_on: date | None, opened_on: date | None, after_opening_days: int | None, today: date) -> str:
    """A lot is usable through its expiry date, and for `after_opening_days` after it was
    opened; past either it is flagged. Expired wins over open too long, which wins over soon."""
    if expires_on is not None and expires_on < today:
        return "expired"
    if opened_on is not None and after_opening_days and opened_on + timedelta(days=after_opening_days) < today:
        return "open_too_long"
    if expires_on is not None and expires_on <= today + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return "ok"


def stock_state(on_hand_micro: int, reorder_point_micro: int) -> str:
    """Out of stock is a shortage only against a minimum the workshop keeps: a catalog supply with
    no reorder point and nothing on hand is one the workshop does not stock."""
    if on_hand_micro <= 0:
        return "out" if reorder_point_micro > 0 else "not_stocked"
    return "low" if on_hand_micro <= reorder_point_micro else "ok"


def supply_row_of(row: Any) -> SupplyRow:
    """A row of the columns stock.queries.supply_rows selects."""
    key, name_en, name_fr, category, unit, on_hand, reserved, point, lots, earliest, expired = row
    return SupplyRow(key, name_en, name_fr, category, unit, from_micro(on_hand), from_micro(reserved), from_micro(point),
                     lots, earliest, expired, stock_state(on_hand, point))


def lot_row(row: Any, today: date) -> LotRow:
    """A row of the columns of stock.queries.lot_query."""
    number, key, quantity, reserved, unit, where, received, expires, opened, status, after_opening = row
    return LotRow(number, key, from_micro(quantity), from_micro(reserved), unit, where, received, expires, opened, status,
                  lot_expiry(expires, opened, after_opening, today))
