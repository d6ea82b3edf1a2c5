"""How many rows a conditional UPDATE or DELETE changed: the check that a write won its race."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Executable
from sqlalchemy.orm import Session


def rows_changed(session: Session, statement: Executable) -> int:
    # Session.execute is typed for SELECTs (Result); an UPDATE or DELETE returns a CursorResult.
    return cast(CursorResult[Any], session.execute(statement)).rowcount
