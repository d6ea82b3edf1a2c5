"""Checking the stored due rows: recompute where every plan of every tool stands from the records,
reschedules, interval decisions and plans themselves, and name each row that differs from what is
stored (a row missing, one too many, or one with other values). Tools marked by a write that no
service recomputed yet are named apart: readers compute them afresh. Read-only; anyone who may
read the planner may run it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.services.maintenance.due_store import FIELDS, computed_rows, stale_tools, stored_rows
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import MaintenancePlan, Tool


@dataclass(frozen=True)
class DueDifference:
    asset_tag: str
    plan_key: str
    stored: dict[str, Any] | None  # None: no row is stored
    computed: dict[str, Any] | None  # None: the plan does not apply to the tool (or it is retired)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields that differ (every field when one side has no row)."""
        if self.stored is None or self.computed is None:
            return FIELDS
        return tuple(name for name in FIELDS if self.stored[name] != self.computed[name])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _values(row: dict[str, Any]) -> dict[str, Any]:
    return {name: _plain(row[name]) for name in FIELDS}


@dataclass(frozen=True)
class DueCheck:
    differences: list[DueDifference]  # by asset tag, then plan key
    # Tools a write moved without a service recomputing them (store.due_marks): every reader
    # computes their schedule afresh, so their stored rows are not compared.
    marked: list[str]


def _tags(session: Session, tool_ids: set[int]) -> dict[int, str]:
    return dict(session.execute(select(Tool.id, Tool.asset_tag).where(Tool.id.in_(tool_ids))).all()) if tool_ids else {}


def due_check(session: Session) -> DueCheck:
    """Every stored row the readers trust that differs from a full recomputation."""
    marked = stale_tools(session)
    computed = {(row["tool_id"], row["plan_id"]): _values(row) for row in computed_rows(session, None) if row["tool_id"] not in marked}
    stored = {key: _values(dict(zip(FIELDS, values, strict=True))) for key, values in stored_rows(session, None).items()
              if key[0] not in marked}
    differing = [key for key in computed.keys() | stored.keys() if computed.get(key) != stored.get(key)]
    marked_tags = sorted(_tags(session, marked).values())
    if not differing:
        return DueCheck([], marked_tags)
    tags = _tags(session, {tool_id for tool_id, _plan in differing})
    keys: dict[int, str] = dict(session.execute(select(MaintenancePlan.id, MaintenancePlan.key)
                                .where(MaintenancePlan.id.in_({plan_id for _tool, plan_id in differing}))).all())
    found = [DueDifference(tags.get(tool_id, f"#{tool_id}"), keys.get(plan_id, f"#{plan_id}"), stored.get((tool_id, plan_id)),
                           computed.get((tool_id, plan_id)))
             for tool_id, plan_id in differing]
    return DueCheck(sorted(found, key=lambda difference: (difference.asset_tag, difference.plan_key)), marked_tags)


def check_due(engine: Engine) -> DueCheck:
    """`due_check` in a read transaction of its own."""
    with read_session(engine) as session:
        return due_check(session)
