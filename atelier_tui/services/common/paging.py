"""What list queries share: a page of rows with the total behind it ("N of M"), text matching,
and datetimes read back as UTC.

A list screen never holds more than a page (see shared/engineering-notes.md, "DataTable and
large lists"): the filter, the sort and the paging happen in SQL, and the total is counted there.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from atelier_tui.i18n import _
from atelier_tui.services.context import ServiceError

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

T = TypeVar("T")

MAX_PAGE = 1000  # a DataTable of more rows costs seconds to fill
# A count stops here: "1–100 of 10,000+" says as much as an exact figure, and counting every
# match of a short filter would read the whole index.
COUNT_CAP = 10_000


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int  # rows matching the filter, of which `rows` is the slice at `offset`
    offset: int
    limit: int
    more: bool = False  # the count stopped at `total`: more rows match (services/common/substring.py)


def check_window(offset: int, limit: int) -> None:
    if offset < 0:
        raise ServiceError(_("offset: {offset} must not be negative").format(offset=offset), field="offset")
    if not 0 < limit <= MAX_PAGE:
        raise ServiceError(_("limit: {limit} must be between 1 and {most}").format(limit=limit, most=MAX_PAGE), field="limit")


@lru_cache(maxsize=8192)  # catalog names are folded on every keystroke of a filter
def fold(text: str) -> str:
    """Lower case without accents, so that 'controleur' finds 'Contrôleur'. Used in Python on
    small catalog tables: SQLite's lower() only knows ASCII."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


LIKE_ESCAPE = "\\"


def escape_like(text: str) -> str:
    """`text` stripped and in lower case, its %, _ and \\ taken literally in a LIKE pattern."""
    return text.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(text: str, starting: bool = False) -> str:
    """A lower-case LIKE pattern for 'contains `text`' (or 'starts with'), the user's % and _
    taken literally."""
    escaped = escape_like(text)
    return f"{escaped}%" if starting else f"%{escaped}%"


def like(session: Session, column: Any, pattern: str) -> Any:
    """SQL: `column` matches the LIKE `pattern`, ignoring case. SQLite's LIKE already ignores ASCII
    case; wrapping the column in lower() would cost three times as much on 10,000 rows."""
    if session.get_bind().dialect.name == "sqlite":
        return column.like(pattern, escape=LIKE_ESCAPE)
    return column.ilike(pattern, escape=LIKE_ESCAPE)


def any_contains(session: Session, columns: list[Any], text: str, starting: bool = False) -> Any:
    """SQL: one of `columns` contains (or starts with) `text`, ignoring case."""
    pattern = like_pattern(text, starting)
    from sqlalchemy import or_

    return or_(*(like(session, column, pattern) for column in columns))


def utc(value: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every stored datetime is UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def count_ceiling(cap: int, offset: int, limit: int) -> int:
    """How far a capped count counts: to `cap`, or to the end of the page asked for when further."""
    return max(cap, offset + limit)


def capped_total(counted: int, ceiling: int) -> tuple[int, bool]:
    """(the total shown, whether there are more) of a count that stopped one row past `ceiling`."""
    return (ceiling, True) if counted > ceiling else (counted, False)
