"""Which page holds a given row in a list's order: after a new sort, the list opens on the page
of the row the cursor was on, so that the cursor stays on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, func, select

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def page_offset_of(
    session: Session, rows: Select, key_column: Any, order_by: list[Any], key: str, limit: int, otherwise: int,
) -> int:
    """The offset of the page of `limit` rows holding the row whose `key_column` is `key`, when
    `rows` (a select with the list's joins and filters) is sorted by `order_by`; `otherwise` when
    the row is not among them. One read of the matching rows, as the sort itself does."""
    numbered = rows.with_only_columns(
        key_column.label("row_key"), func.row_number().over(order_by=order_by).label("position")
    ).subquery()
    position = session.execute(select(numbered.c.position).where(numbered.c.row_key == key)).scalar_one_or_none()
    return otherwise if position is None else (position - 1) // limit * limit
