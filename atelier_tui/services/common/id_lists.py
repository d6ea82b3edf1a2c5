"""`column IN (ids)` for lists of ids worked out in Python (a maintenance state, a group of
places): the ids are written into the statement, since a list of thousands would pass SQLite's
limit of bound parameters."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import bindparam


def ids_in(column: Any, ids: Sequence[Any]) -> Any:
    return column.in_(bindparam(None, value=list(ids), expanding=True, literal_execute=True))
