"""Instruments in service by a lead's override: the latest record of one of their calibration or
verification plans failed, and a lead put them back in service with a written reason
(`tools.actions.return_to_service`). Readiness and the tool's detail show it as a warning, so the
override is not forgotten once granted; the tool lists say it in the reader's language
(wording.overrides)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import METROLOGY_KINDS
from atelier_tui.domain.inventory import MetrologyOverride
from atelier_tui.domain.vocabulary import RecordResult, ToolStatus
from atelier_tui.services.common.paging import utc
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # the read path hands a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session

# The statuses in which a tool serves: out of service, an override is not in force.
SERVING_STATUSES = (ToolStatus.IN_SERVICE, ToolStatus.CHECKED_OUT)
OVERRIDE_ACTION = "return_to_service_override"


# Bound to the tools' ids and tags: a readiness check asks for a few tools at a time.
@read_statement
def _failed() -> Any:
    from sqlalchemy import and_, bindparam, func, select

    from atelier_tui.store.core_tables import MaintenancePlan, MaintenanceRecord

    latest = (select(MaintenanceRecord.tool_id, MaintenanceRecord.plan_id, func.max(MaintenanceRecord.performed_at).label("at"))
              .where(MaintenanceRecord.tool_id.in_(bindparam("tool_ids", expanding=True)))
              .group_by(MaintenanceRecord.tool_id, MaintenanceRecord.plan_id).subquery())
    return (
        select(MaintenanceRecord.tool_id, MaintenancePlan.name_en, MaintenancePlan.name_fr, MaintenanceRecord.performed_at)
        .join(latest, and_(latest.c.tool_id == MaintenanceRecord.tool_id, latest.c.plan_id == MaintenanceRecord.plan_id,
                           latest.c.at == MaintenanceRecord.performed_at))
        .join(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
        .where(MaintenanceRecord.result == RecordResult.FAIL, MaintenancePlan.kind.in_(METROLOGY_KINDS))
        .order_by(MaintenanceRecord.performed_at)
    )


@read_statement
def _decisions() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import AuditEvent

    return (
        select(AuditEvent.entity_key, AuditEvent.actor, AuditEvent.reason)
        .where(AuditEvent.entity == "tool", AuditEvent.action == OVERRIDE_ACTION,
               AuditEvent.entity_key.in_(bindparam("tags", expanding=True)))
        .order_by(AuditEvent.id)
    )


def overrides_of(session: Session, tags: Mapping[int, str]) -> dict[int, MetrologyOverride]:
    """tool id -> its override, for the tools of `tags` (id -> asset tag, serving tools only)."""
    if not tags:
        return {}
    failed = session.execute(_failed, {"tool_ids": list(tags)}).all()
    if not failed:
        return {}
    decisions = {
        key: (actor, reason)
        for key, actor, reason in session.execute(_decisions, {"tags": sorted({tags[row.tool_id] for row in failed})})
    }  # the newest decision on each tool wins
    overrides = {}
    for tool_id, name_en, name_fr, failed_at in failed:  # the newest failure last: it wins
        by, reason = decisions.get(tags[tool_id], ("?", ""))
        overrides[tool_id] = MetrologyOverride(name_en, name_fr, utc(failed_at).astimezone().date(), by, reason)
    return overrides

