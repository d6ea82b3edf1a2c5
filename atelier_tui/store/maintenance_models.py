"""What was done to a tool: maintenance, verification and calibration records; and what follows
from them: out-of-tolerance reviews with one item per affected intervention sheet, interval
proposals (the staircase of ILAC-G24) and reschedules set by the lead."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import Disposition, ProposalState, RecordResult
from atelier_tui.store.base import json_field, one_of, version_field


class MaintenanceRecord(SQLModel, table=True):
    __tablename__ = "maintenance_record"
    __table_args__ = (
        Index("ix_maintenance_record_tool_plan_at", "tool_id", "plan_id", "performed_at"),
        one_of("result", RecordResult),
    )
    id: int | None = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id")
    plan_id: int | None = Field(default=None, foreign_key="maintenance_plan.id")
    performed_at: datetime
    performed_by_id: int | None = Field(default=None, foreign_key="staff.id")
    # Counts for the schedule (the due engine reads only these): every scheduled record, and an
    # ad hoc one only when the lead said it moves the schedule.
    scheduled: bool = True
    # Done outside the plan (after a repair, a drop, a doubt); see `scheduled`.
    ad_hoc: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    result: str
    # {"test point key": {"as_found": {...Measured}, "as_left": {...Measured},
    #                     "found_in_tolerance": bool, "left_in_tolerance": bool}}
    readings: dict[str, Any] = json_field()
    # Every as-found reading within its tolerance (None: no test point was read).
    found_in_tolerance: bool | None = None
    certificate_ref: str = ""
    reference_standard: str = ""
    usage_at: int = 0  # the tool's usage counter when this was done
    notes: str = ""


class MaintenanceReview(SQLModel, table=True):
    """An instrument found out of tolerance: every intervention sheet that used it between its
    last in-tolerance calibration (`window_start`; None when it never had one) and the opening of
    the review needs a disposition from the lead. Closed when each has one."""

    __tablename__ = "maintenance_review"
    id: int | None = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id", index=True)
    record_id: int = Field(foreign_key="maintenance_record.id", unique=True)
    plan_id: int | None = Field(default=None, foreign_key="maintenance_plan.id")
    window_start: datetime | None = None
    window_end: datetime
    reason: str = ""  # the test point and the value found, as shown to people
    opened_at: datetime
    closed_at: datetime | None = Field(default=None, index=True)
    version: int = version_field()


class MaintenanceReviewItem(SQLModel, table=True):
    """One intervention sheet that used the instrument in the review's window."""

    __tablename__ = "maintenance_review_item"
    __table_args__ = (UniqueConstraint("review_id", "sheet_id"), one_of("disposition", Disposition))
    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="maintenance_review.id", ondelete="CASCADE")
    sheet_id: int = Field(foreign_key="intervention_sheet.id", index=True)
    order_id: int = Field(foreign_key="repair_order.id", index=True)
    used_at: datetime  # when the instrument was first noted on the sheet
    # The measurements the instrument took on this sheet, as they were:
    # [{"id", "quantity", "position", "value", "unit", "text", "judged", "measured_at"}]
    measurements: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    disposition: str = Disposition.UNDECIDED
    reason: str = ""
    decided_by_id: int | None = Field(default=None, foreign_key="staff.id")
    decided_at: datetime | None = None
    version: int = version_field()


class IntervalProposal(SQLModel, table=True):
    """A longer or shorter interval for one instrument's plan, proposed by the staircase rule;
    it changes nothing until the lead accepts it. The latest accepted one is the interval in force."""

    __tablename__ = "interval_proposal"
    __table_args__ = (Index("ix_interval_proposal_tool_plan", "tool_id", "plan_id"), one_of("state", ProposalState))
    id: int | None = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id")
    plan_id: int = Field(foreign_key="maintenance_plan.id")
    record_id: int | None = Field(default=None, foreign_key="maintenance_record.id")
    current_days: int
    proposed_days: int
    reason: str  # "" when in_tolerance_run says why (worded for each reader); a sentence stored before 0021
    # How many calibrations in a row were found in tolerance (a longer interval); 0 for a shorter one.
    in_tolerance_run: int | None = None
    state: str = Field(default=ProposalState.PROPOSED, index=True)
    proposed_at: datetime
    decided_by_id: int | None = Field(default=None, foreign_key="staff.id")
    decided_at: datetime | None = None
    version: int = version_field()


class MaintenanceReschedule(SQLModel, table=True):
    """The lead moved the next due date of a tool's plan. It holds until the plan is next done:
    `after_record_id` names the completion that was the latest when it was set."""

    __tablename__ = "maintenance_reschedule"
    __table_args__ = (Index("ix_maintenance_reschedule_tool_plan", "tool_id", "plan_id"),)
    id: int | None = Field(default=None, primary_key=True)
    tool_id: int = Field(foreign_key="tool.id")
    plan_id: int = Field(foreign_key="maintenance_plan.id")
    due_on: date
    previous_due_on: date | None = None
    after_record_id: int | None = Field(default=None, foreign_key="maintenance_record.id")
    reason: str
    by_id: int | None = Field(default=None, foreign_key="staff.id")
    at: datetime


class StoredDue(SQLModel, table=True):
    """Where one plan of one tool stands, stored so that a due list reads a window of dates through
    an index instead of evaluating every plan of every tool. Derived: services.maintenance.due_store
    recomputes a tool's rows in the transaction that moves them; nothing here depends on the day it
    is read (a plan never done is due on whatever day it is read: `next_due_on` is None)."""

    __tablename__ = "maintenance_due"
    __table_args__ = (
        Index("ix_maintenance_due_next_due_on", "next_due_on"),
        Index("ix_maintenance_due_attention", "attention"),
    )
    tool_id: int = Field(primary_key=True)
    plan_id: int = Field(primary_key=True)
    every_days: int | None = None  # the interval in force (an accepted proposal's, else the plan's)
    starts_on: date | None = None  # a fixed calendar's first step: the first completion
    last_done_at: datetime | None = None
    last_record_id: int | None = None  # the completion the schedule counts from
    next_due_on: date | None = None  # the lead's date when rescheduled; None: never done, or counted in uses only
    uses_left: int | None = None  # when the tool's counter read `usage_seen`
    usage_seen: int = 0
    rescheduled: bool = False
    reschedule_reason: str = ""
    # Not ok whatever the date: never done (nor put off), or its uses at or near the limit.
    attention: bool = False


class StoredDueStale(SQLModel, table=True):
    """Tools whose stored due rows a write has moved and no service has recomputed yet. Triggers
    (store.due_marks) add them on every write to what the schedule reads, so a write that does not
    go through a service (a script, a repair by hand) is never read as current."""

    __tablename__ = "maintenance_due_stale"
    tool_id: int = Field(primary_key=True)
