"""One maintenance record as a document (the calibration or verification record an auditor asks
for): the tool, the plan, who did it and when, the result, the certificate reference and the
reference standard, and each test point of the plan with its nominal, its tolerance and the values
as found and as left, judged as the record judged them (domain.calibration)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from atelier_tui.domain.calibration import AS_FOUND, AS_LEFT, PointReading, points_of
from atelier_tui.domain.units import Measured
from atelier_tui.i18n import _
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session
from atelier_tui.store.maintenance_models import MaintenanceRecord
from atelier_tui.store.models import MaintenancePlan, Staff, Tool, ToolType


@dataclass(frozen=True)
class CalibrationRecordDocument:
    record_id: int
    asset_tag: str
    type_name_en: str
    type_name_fr: str
    maker: str
    serial: str
    plan_key: str | None  # None: a record kept without a plan
    plan_kind: str | None  # calibration | verification | maintenance | cleaning
    plan_name_en: str
    plan_name_fr: str
    performed_at: datetime
    performed_by: str | None
    result: str  # pass | adjusted | fail
    ad_hoc: bool
    found_in_tolerance: bool | None
    certificate_ref: str
    reference_standard: str
    notes: str
    readings: tuple[PointReading, ...]  # every test point of the plan, read or not


def _measured(entry: Any, side: str) -> Measured | None:
    value = entry.get(side) if isinstance(entry, dict) else None
    return Measured.from_dict(value) if value else None


def record_content(engine: Engine, actor: Actor, record_id: int) -> CalibrationRecordDocument:
    require(actor, "document.print")
    with read_session(engine) as session:
        row = session.execute(
            select(MaintenanceRecord, Tool.asset_tag, Tool.maker, Tool.serial, ToolType.name_en, ToolType.name_fr, MaintenancePlan,
                   Staff.display_name)
            .join(Tool, Tool.id == MaintenanceRecord.tool_id)
            .join(ToolType, ToolType.id == Tool.tool_type_id)
            .outerjoin(MaintenancePlan, MaintenancePlan.id == MaintenanceRecord.plan_id)
            .outerjoin(Staff, Staff.id == MaintenanceRecord.performed_by_id)
            .where(MaintenanceRecord.id == record_id)
        ).first()
        if row is None:
            raise ServiceError(_("record: no maintenance record {id}").format(id=record_id), field="record")
        record, tag, maker, serial, type_en, type_fr, plan, performed_by = row
        stored = dict(record.readings or {})
        readings = tuple(PointReading(point, _measured(stored.get(point.key), AS_FOUND), _measured(stored.get(point.key), AS_LEFT))
                         for point in points_of(plan.test_points if plan else []))
        return CalibrationRecordDocument(
            record.id, tag, type_en, type_fr, maker, serial, plan.key if plan else None, plan.kind if plan else None,
            plan.name_en if plan else "", plan.name_fr if plan else "", utc(record.performed_at), performed_by, record.result,
            record.ad_hoc, record.found_in_tolerance, record.certificate_ref, record.reference_standard, record.notes, readings)
