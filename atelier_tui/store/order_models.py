"""Repair orders and the work done on them: checklist runs and intervention sheets."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import (
    Answer,
    Judgement,
    LotUseState,
    Luminous,
    MovementKind,
    OrderStatus,
    SheetEntryKind,
    SheetStatus,
)
from atelier_tui.store.base import json_field, one_of, version_field

# The orders not yet closed, as the open-orders index names them; a query that writes this very
# term, its values as literals (services/orders/rows.open_orders), lets the planner walk that
# index by deadline instead of every closed order of the workshop's history.
OPEN_ORDERS_WHERE = "status NOT IN ('done', 'returned', 'cancelled')"


class RepairOrder(SQLModel, table=True):
    """Ordre de réparation. Watch dimensions are stored in their canonical unit (mm, bar) next to
    what was typed at reception."""

    __tablename__ = "repair_order"
    __table_args__ = (
        Index("ix_repair_order_status_deadline", "status", "deadline"),
        # The orders list: its order (a page is the next rows of this index) and its calibre filter.
        Index("ix_repair_order_deadline_reference", "deadline", "reference"),
        Index("ix_repair_order_open_by_deadline", "deadline", "reference",
              sqlite_where=text(OPEN_ORDERS_WHERE), postgresql_where=text(OPEN_ORDERS_WHERE)),
        Index("ix_repair_order_calibre_id", "calibre_id"),
        one_of("status", OrderStatus),
        one_of("movement_kind", MovementKind),
        one_of("luminous", Luminous),
    )
    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True)
    site_id: int = Field(foreign_key="site.id")
    customer_ref: str = ""
    brand: str = ""
    model: str = ""
    case_serial: str = ""
    calibre_id: int | None = Field(default=None, foreign_key="calibre.id")
    movement_kind: str = MovementKind.AUTOMATIC
    case_diameter_mm: float | None = None
    water_resistance_bar: float | None = None
    water_resistance_text: str = ""
    gasket_inner_diameter_mm: float | None = None
    gasket_section_mm: float | None = None
    crystal_diameter_mm: float | None = None
    lug_width_mm: float | None = None
    vintage: bool = False
    luminous: str = Luminous.NONE
    # The cell as read on the old one or asked by the customer: an IEC code or a 3-digit alias.
    # Empty: the calibre's battery.
    battery: str = ""
    # Case parts (issue 16), None while not given: the crystal as it is ordered (material, shape,
    # thickness) and its own gasket; the crown and its gasket; how the case back holds.
    crystal_material: str | None = None
    crystal_shape: str | None = None
    crystal_thickness_mm: float | None = None
    crystal_gasket_outer_diameter_mm: float | None = None
    crystal_gasket_inner_diameter_mm: float | None = None
    crystal_gasket_height_mm: float | None = None
    crown_type: str | None = None
    crown_diameter_mm: float | None = None
    crown_tube_diameter_mm: float | None = None
    crown_gasket_inner_diameter_mm: float | None = None
    crown_gasket_section_mm: float | None = None
    case_back: str | None = None
    reception_notes: str = ""
    # Planning the work (issues 16 and 21): the movement's grade its measurements are judged by
    # (empty: the calibre's own tolerances), and the order's own bench-time estimate, as typed and
    # in minutes (none: its interventions' estimates).
    grade: str = ""
    estimate_minutes: int | None = None
    estimate_text: str = ""
    received_on: date
    deadline: date
    level: int = 1
    status: str = OrderStatus.RECEIVED
    bench_id: int | None = Field(default=None, foreign_key="bench.id", index=True)
    technician_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    version: int = version_field()


class OrderIntervention(SQLModel, table=True):
    __tablename__ = "order_intervention"
    __table_args__ = (UniqueConstraint("order_id", "intervention_type_id"),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="repair_order.id", ondelete="CASCADE", index=True)
    intervention_type_id: int = Field(foreign_key="intervention_type.id")
    position: int = 0


class ChecklistRun(SQLModel, table=True):
    __tablename__ = "checklist_run"
    __table_args__ = (Index("ix_checklist_run_bench_template_day", "bench_id", "template_id", "run_date"),)
    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id")
    bench_id: int = Field(foreign_key="bench.id")
    order_id: int | None = Field(default=None, foreign_key="repair_order.id", index=True)
    run_by_id: int = Field(foreign_key="staff.id")
    run_date: date  # a bench checklist is valid for this calendar day
    started_at: datetime
    signed_at: datetime | None = None  # set once: a signed run is frozen
    passed: bool | None = None
    facts: list[str] = json_field(list)  # the facts that decided which items applied
    version: int = version_field()


class ChecklistAnswer(SQLModel, table=True):
    __tablename__ = "checklist_answer"
    __table_args__ = (UniqueConstraint("run_id", "item_id"), one_of("answer", Answer))
    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="checklist_run.id", ondelete="CASCADE")
    item_id: int = Field(foreign_key="checklist_item.id")
    answer: str
    reason: str = ""
    answered_at: datetime


class InterventionSheet(SQLModel, table=True):
    """Fiche de suivi: one per order once work starts."""

    __tablename__ = "intervention_sheet"
    __table_args__ = (one_of("status", SheetStatus),)
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="repair_order.id", unique=True)
    bench_id: int = Field(foreign_key="bench.id")
    technician_id: int = Field(foreign_key="staff.id")
    opened_at: datetime
    closed_at: datetime | None = None
    status: str = SheetStatus.OPEN
    verdict: dict[str, Any] = json_field()  # the readiness verdict as it was at start
    concession_reason: str = ""
    concession_by_id: int | None = Field(default=None, foreign_key="staff.id")
    version: int = version_field()


class SheetEntry(SQLModel, table=True):
    __tablename__ = "sheet_entry"
    __table_args__ = (one_of("kind", SheetEntryKind),)
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="intervention_sheet.id", ondelete="CASCADE", index=True)
    kind: str
    position: int = 0
    text: str
    category: str = ""
    done_at: datetime | None = None
    author_id: int | None = Field(default=None, foreign_key="staff.id")
    # An alert to the lead leaves the lead's dashboard once a lead acknowledges it.
    acknowledged_at: datetime | None = None
    acknowledged_by_id: int | None = Field(default=None, foreign_key="staff.id")


class SheetMeasurement(SQLModel, table=True):
    __tablename__ = "sheet_measurement"
    __table_args__ = (one_of("judged", Judgement),)
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="intervention_sheet.id", ondelete="CASCADE", index=True)
    quantity: str  # rate | amplitude | beat_error | test_pressure | power_reserve | coil_resistance | current
    position: str = ""  # CH, FH, 3H, 6H, 9H, 12H
    value: float
    unit: str
    text: str
    tool_id: int | None = Field(default=None, foreign_key="tool.id", index=True)
    judged: str = Judgement.NONE
    measured_at: datetime


class SheetToolUse(SQLModel, table=True):
    """Which tool served on which job: what makes an out-of-tolerance review possible."""

    __tablename__ = "sheet_tool_use"
    __table_args__ = (UniqueConstraint("sheet_id", "tool_id"),)
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="intervention_sheet.id", ondelete="CASCADE")
    tool_id: int = Field(foreign_key="tool.id", index=True)
    used_at: datetime


class SheetLotUse(SQLModel, table=True):
    """A lot reserved for an order: by preparing the bench (no sheet yet) or at start; consumed
    in the ledger when the sheet closes, released if the work is called off."""
    __tablename__ = "sheet_lot_use"
    __table_args__ = (one_of("state", LotUseState),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="repair_order.id", index=True)
    sheet_id: int | None = Field(default=None, foreign_key="intervention_sheet.id", ondelete="CASCADE", index=True)
    lot_id: int = Field(foreign_key="lot.id", index=True)
    quantity_micro: int = Field(sa_column=Column(BigInteger, nullable=False))
    state: str = LotUseState.RESERVED


class SheetPartNotReplaced(SQLModel, table=True):
    """A part the job replaces (a cell, a movement, ...) left in the watch, and why: the sheet may
    then close without one fitted."""

    __tablename__ = "sheet_part_not_replaced"
    __table_args__ = (UniqueConstraint("sheet_id", "part"),)
    id: int | None = Field(default=None, primary_key=True)
    sheet_id: int = Field(foreign_key="intervention_sheet.id", ondelete="CASCADE")
    part: str  # a supply category of domain.replaced_parts.REPLACED_PARTS
    reason: str
    recorded_at: datetime
    author_id: int | None = Field(default=None, foreign_key="staff.id")
