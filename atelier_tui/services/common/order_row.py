"""A repair order's row by its reference, as a read statement (store/read_statements.py): the
readiness check and the intervention sheet both start from it, on sqlite3 or SQLAlchemy alike."""

from __future__ import annotations

from typing import Any

from atelier_tui.store.read_statements import read_statement


@read_statement
def order_by_reference() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import RepairOrder

    return select(RepairOrder).where(RepairOrder.reference == bindparam("reference"))
