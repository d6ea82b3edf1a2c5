"""What was done to a tool: maintenance, verification and calibration records."""

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from atelier_tui.store.base import json_field


class MaintenanceRecord(SQLModel, table=True):
    __tablename__ = "maintenance_record"
    __table_args__ = (Index("ix_maintenance_record_tool_plan_at", "tool_id", "plan_id", "performed_at"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id")
    plan_id: Optional[int] = Field(default=None, foreign_key="maintenance_plan.id")
    performed_at: datetime
    performed_by_id: Optional[int] = Field(default=None, foreign_key="staff.id")
    scheduled: bool = True  # an ad hoc record does not move the schedule unless the lead says so
    result: str  # pass | adjusted | fail
    # {"test point key": {"as_found": {...Measured}, "as_left": {...Measured}}}
    readings: dict[str, Any] = json_field()
    certificate_ref: str = ""
    reference_standard: str = ""
    usage_at: int = 0  # the tool's usage counter when this was done
    notes: str = ""
