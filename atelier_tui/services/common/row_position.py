"""Which page holds a given row in a list's order: after a new sort, the list opens on the page
of the row the cursor was on, so that the cursor stays on it.

The row's place is the number of rows that sort before it, counted with a condition on the sort's
columns: numbering every row (row_number) sorts them all once more, three to four times the cost
of the count on a workshop of 100,000 tools."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def _term(ordering: Any) -> tuple[Any, bool]:
    """(expression, descending) of one ORDER BY term: a column or expression, or its .asc()/.desc()."""
    if isinstance(ordering, UnaryExpression) and ordering.modifier in (operators.asc_op, operators.desc_op):
        return ordering.element, ordering.modifier is operators.desc_op
    return ordering, False


def _sorts_before(expression: Any, value: Any, descending: bool, nulls_first: bool) -> Any:
    """SQL: `expression` comes before `value` in this term's order. A NULL is the smallest value
    on SQLite and the largest on PostgreSQL, as their ORDER BY places it."""
    if value is None:
        return false() if nulls_first else expression.is_not(None)
    after = expression > value if descending else expression < value
    return or_(expression.is_(None), after) if nulls_first else after


def page_offset_of(
    session: Session, rows: Select, key_column: Any, order_by: list[Any], key: str, limit: int, otherwise: int,
) -> int:
    """The offset of the page of `limit` rows holding the row whose `key_column` is `key`, when
    `rows` (a select with the list's joins and filters) is sorted by `order_by` (which ends on a
    unique column); `otherwise` when the row is not among them."""
    terms = [_term(ordering) for ordering in order_by]
    kept = session.execute(rows.with_only_columns(*(expression for expression, _descending in terms)).where(key_column == key)).first()
    if kept is None:
        return otherwise
    nulls_smallest = session.get_bind().dialect.name == "sqlite"
    before = []
    for index, ((expression, descending), value) in enumerate(zip(terms, kept, strict=True)):
        ties = [earlier.is_not_distinct_from(earlier_value) for (earlier, _), earlier_value in zip(terms[:index], kept, strict=False)]
        before.append(and_(*ties, _sorts_before(expression, value, descending, nulls_first=nulls_smallest != descending)))
    ahead = session.execute(select(func.count()).select_from(rows.with_only_columns(key_column).where(or_(*before)).subquery())).scalar_one()
    return int(ahead) // limit * limit
