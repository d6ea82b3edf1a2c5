"""Benches and store locations named by their codes in a filter (`bench:ME-01`, `location:C1`).

Case and accents are ignored. A location also stands for the places its code heads: `C1` is the
cabinet and its drawers `C1-D1`, `C1-D2` (a code, then `-`, `/` or `.`, then the part's own), as
a person asking for what is in a cabinet means its drawers too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from atelier_tui.services.common.paging import fold

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

SEPARATORS = ("-", "/", ".")


def _within(code: str, wanted: str) -> bool:
    return code == wanted or any(code.startswith(wanted + separator) for separator in SEPARATORS)


def place_ids(session: Session, model: Any, wanted: Iterable[str], within: bool = False) -> list[int]:
    """The ids of `model`'s rows (Bench or Location) whose code is one of `wanted`; `within`: or
    a place inside one of them."""
    folded = [fold(code.strip()) for code in wanted]
    return [
        row_id for row_id, code in session.execute(select(model.id, model.code))
        if any(_within(fold(code), text) if within else fold(code) == text for text in folded)
    ]
