"""Why a tool is out of service, as data its reader words.

A failed calibration or verification keeps the record that took the tool out of service
(Tool.status_record_id), not a sentence: what the record found is read here from that record, its
plan and its readings (a RecordFinding), and worded by wording.status_reasons in the language of
whoever reads it (a screen's, or a printed document's). A reason a person typed (or one stored
before records were kept) is shown as it was written."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import AS_FOUND, RecordFinding, points_of
from atelier_tui.domain.units import Measured
from atelier_tui.store.read_statements import read_statement

if TYPE_CHECKING:  # also read through a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def _finding(plan: Any, performed_at: datetime, readings: dict[str, Any]) -> RecordFinding:
    for point in points_of(plan.test_points or []):  # the first point found out, in the plan's order
        reading = readings.get(point.key) or {}
        if reading.get("found_in_tolerance") is False and AS_FOUND in reading:
            return RecordFinding(plan.key, plan.name_en, plan.name_fr, performed_at, point, Measured.from_dict(reading[AS_FOUND]))
    return RecordFinding(plan.key, plan.name_en, plan.name_fr, performed_at)


@read_statement
def _records() -> Any:
    from sqlalchemy import bindparam, select

    from atelier_tui.store.core_tables import MaintenancePlan, MaintenanceRecord

    return (
        select(MaintenanceRecord.id, MaintenanceRecord.performed_at, MaintenanceRecord.readings, MaintenancePlan.key,
               MaintenancePlan.name_en, MaintenancePlan.name_fr, MaintenancePlan.test_points)
        .join(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
        .where(MaintenanceRecord.id.in_(bindparam("records", expanding=True)))
    )


def record_findings(session: Session, record_ids: Iterable[int | None]) -> dict[int, RecordFinding]:
    """record id -> what that record found when it took its tool out of service."""
    wanted = {record_id for record_id in record_ids if record_id is not None}
    if not wanted:
        return {}
    rows = session.execute(_records, {"records": sorted(wanted)})
    return {row.id: _finding(row, row.performed_at, row.readings or {}) for row in rows}
