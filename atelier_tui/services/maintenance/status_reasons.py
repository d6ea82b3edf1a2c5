"""Why a tool is out of service, as its reader reads it.

A failed calibration or verification keeps the record that took the tool out of service
(Tool.status_record_id), not a sentence: the sentence is built here from that record, its plan
and its finding, in the interface language of whoever reads it. A reason a person typed (or one
stored before records were kept) is shown as it was written."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from atelier_tui.domain.calibration import AS_FOUND, points_of
from atelier_tui.domain.units import Measured
from atelier_tui.i18n import _, localized
from atelier_tui.store.read_statements import read_statement
from atelier_tui.wording.numbers import measured_text

if TYPE_CHECKING:  # also read through a store.core_engine.ReadSession: no ORM to import
    from sqlalchemy.orm import Session


def finding_sentence(plan_name: str, point_name: str, value: str, nominal: str, tolerance: str) -> str:
    return _("{plan}: {point} found at {value}, outside {nominal} ± {tolerance}").format(
        plan=plan_name, point=point_name, value=value, nominal=nominal, tolerance=tolerance)


def failure_sentence(plan_name: str, performed_at: datetime) -> str:
    return _("{plan}: failed on {date}").format(plan=plan_name, date=performed_at.astimezone().date().isoformat())


def _sentence(plan: Any, performed_at: datetime, readings: dict[str, Any]) -> str:
    plan_name = localized(plan.name_en, plan.name_fr) or plan.key
    for point in points_of(plan.test_points or []):  # the first point found out, in the plan's order
        reading = readings.get(point.key) or {}
        if reading.get("found_in_tolerance") is False and AS_FOUND in reading:
            found = Measured.from_dict(reading[AS_FOUND])
            return finding_sentence(plan_name, localized(point.name_en, point.name_fr) or point.key, measured_text(found),
                                    measured_text(point.nominal), measured_text(point.tolerance))
    when = performed_at if performed_at.tzinfo else performed_at.replace(tzinfo=UTC)
    return failure_sentence(plan_name, when)


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


def record_reasons(session: Session, record_ids: Iterable[int | None]) -> dict[int, str]:
    """record id -> why that record took its tool out of service, in the interface language."""
    wanted = {record_id for record_id in record_ids if record_id is not None}
    if not wanted:
        return {}
    rows = session.execute(_records, {"records": sorted(wanted)})
    return {row.id: _sentence(row, row.performed_at, row.readings or {}) for row in rows}


def shown_reason(stored: str, record_id: int | None, reasons: dict[int, str]) -> str:
    """The reason a reader sees: what was typed, else the sentence of the record that set the status."""
    return stored or (reasons.get(record_id, "") if record_id is not None else "")
