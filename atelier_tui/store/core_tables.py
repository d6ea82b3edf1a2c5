"""Every table of the workshop as a SQLAlchemy Core `Table`, for reading without pydantic, SQLModel
or the ORM (store/core_tables_render.py writes this file from the SQLModel tables; do not edit it:
tests/store/test_core_tables.py checks it column for column). Writes keep the SQLModel tables.

Each table is also named as its SQLModel class, through `TableColumns`: `RepairOrder.reference` is
the column, `select(RepairOrder)` reads whole rows (as rows, not objects), so that a query reads
the same with either."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Interval,
    MetaData,
    String,
    Table,
)
from sqlalchemy.types import TypeDecorator, TypeEngine

metadata = MetaData()


class UTCDateTime(TypeDecorator[datetime]):
    """SQLModel's UTCDateTime, without importing SQLModel: aware datetimes stored in UTC, and read
    back aware (a SQLite value has no offset: it is UTC)."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def coerce_compared_value(self, op: Any, value: Any) -> TypeEngine[Any]:
        return Interval() if isinstance(value, timedelta) else self

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("a datetime stored in the workshop carries its time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


class TableColumns:
    """A Core table whose columns are its attributes, as the SQLModel class's are."""

    def __init__(self, table: Table) -> None:
        self.__table__ = table
        self.__tablename__ = table.name

    def __clause_element__(self) -> Any:  # Any: SQLAlchemy's typing expects a column here, a table works
        return self.__table__

    def __getattr__(self, name: str) -> Column[Any]:
        try:
            return self.__table__.c[name]  # type: ignore[no-any-return]
        except KeyError:
            raise AttributeError(f"table {self.__table__.name} has no column {name}") from None


def aliased(table: TableColumns, name: str | None = None) -> TableColumns:
    """The same table under another name, to join it twice (as sqlalchemy.orm.aliased; a method
    would hide a column of that name)."""
    return TableColumns(table.__table__.alias(name))  # type: ignore[arg-type]


attribute_definition = Table(
    'attribute_definition', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('unit', String(), nullable=False),
)

audit_event = Table(
    'audit_event', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('at', UTCDateTime(), nullable=False),
    Column('actor', String(), nullable=False),
    Column('action', String(), nullable=False),
    Column('entity', String(), nullable=False),
    Column('entity_key', String(), nullable=False),
    Column('before', JSON(), nullable=True),
    Column('after', JSON(), nullable=True),
    Column('reason', String(), nullable=False),
    Column('prev_hash', String(64), nullable=False),
    Column('hash', String(64), nullable=False),
)

bench = Table(
    'bench', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('code', String(), nullable=False),
    Column('name', String(), nullable=False),
    Column('zone', String(), nullable=False),
    Column('features', JSON(), nullable=False),
    Column('status', String(), nullable=False),
    Column('technician_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('version', Integer(), nullable=False),
)

calibre = Table(
    'calibre', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('reference', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('maker', String(), nullable=False),
    Column('movement_kind', String(), nullable=False),
    Column('frequency_vph', Float(), nullable=True),
    Column('jewels', Integer(), nullable=True),
    Column('diameter_mm', Float(), nullable=True),
    Column('height_mm', Float(), nullable=True),
    Column('power_reserve_h', Float(), nullable=True),
    Column('battery_life_months', Float(), nullable=True),
    Column('lift_angle_deg', Float(), nullable=True),
    Column('battery_supply_type_id', Integer(), ForeignKey('supply_type.id'), nullable=True),
    Column('battery_alternatives', JSON(), nullable=False),
    Column('lubricants', JSON(), nullable=False),
    Column('mainspring', String(), nullable=True),
    Column('stem', String(), nullable=True),
    Column('tolerances', JSON(), nullable=False),
    Column('version', Integer(), nullable=False),
)

capability = Table(
    'capability', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
)

checklist_answer = Table(
    'checklist_answer', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('run_id', Integer(), ForeignKey('checklist_run.id'), nullable=False),
    Column('item_id', Integer(), ForeignKey('checklist_item.id'), nullable=False),
    Column('answer', String(), nullable=False),
    Column('reason', String(), nullable=False),
    Column('answered_at', UTCDateTime(), nullable=False),
)

checklist_item = Table(
    'checklist_item', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('template_id', Integer(), ForeignKey('checklist_template.id'), nullable=False),
    Column('key', String(), nullable=False),
    Column('position', Integer(), nullable=False),
    Column('tag', String(), nullable=False),
    Column('level', String(), nullable=False),
    Column('text_en', String(), nullable=False),
    Column('text_fr', String(), nullable=False),
    Column('conditions', JSON(), nullable=False),
    Column('measured', JSON(), nullable=False),
)

checklist_run = Table(
    'checklist_run', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('template_id', Integer(), ForeignKey('checklist_template.id'), nullable=False),
    Column('bench_id', Integer(), ForeignKey('bench.id'), nullable=False),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=True),
    Column('run_by_id', Integer(), ForeignKey('staff.id'), nullable=False),
    Column('run_date', Date(), nullable=False),
    Column('started_at', UTCDateTime(), nullable=False),
    Column('signed_at', UTCDateTime(), nullable=True),
    Column('passed', Boolean(), nullable=True),
    Column('facts', JSON(), nullable=False),
    Column('version', Integer(), nullable=False),
)

checklist_template = Table(
    'checklist_template', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('version', Integer(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('scope', String(), nullable=False),
    Column('conditions', JSON(), nullable=False),
    Column('is_current', Boolean(), nullable=False),
)

interval_proposal = Table(
    'interval_proposal', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=False),
    Column('plan_id', Integer(), ForeignKey('maintenance_plan.id'), nullable=False),
    Column('record_id', Integer(), ForeignKey('maintenance_record.id'), nullable=True),
    Column('current_days', Integer(), nullable=False),
    Column('proposed_days', Integer(), nullable=False),
    Column('reason', String(), nullable=False),
    Column('in_tolerance_run', Integer(), nullable=True),
    Column('state', String(), nullable=False),
    Column('proposed_at', UTCDateTime(), nullable=False),
    Column('decided_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('decided_at', UTCDateTime(), nullable=True),
    Column('version', Integer(), nullable=False),
)

intervention_sheet = Table(
    'intervention_sheet', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=False),
    Column('bench_id', Integer(), ForeignKey('bench.id'), nullable=False),
    Column('technician_id', Integer(), ForeignKey('staff.id'), nullable=False),
    Column('opened_at', UTCDateTime(), nullable=False),
    Column('closed_at', UTCDateTime(), nullable=True),
    Column('status', String(), nullable=False),
    Column('verdict', JSON(), nullable=False),
    Column('concession_reason', String(), nullable=False),
    Column('concession_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('version', Integer(), nullable=False),
)

intervention_type = Table(
    'intervention_type', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('movement_kinds', JSON(), nullable=False),
    Column('level', Integer(), nullable=False),
    Column('estimated_minutes', Integer(), nullable=False),
    Column('running_in_minutes', Integer(), nullable=False),
    Column('running_in_from', String(), nullable=False),
    Column('checklists', JSON(), nullable=False),
    Column('facts', JSON(), nullable=False),
    Column('bench_features', JSON(), nullable=False),
    Column('steps', JSON(), nullable=False),
    Column('tool_requirements', JSON(), nullable=False),
    Column('supply_requirements', JSON(), nullable=False),
    Column('version', Integer(), nullable=False),
)

location = Table(
    'location', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('code', String(), nullable=False),
    Column('name', String(), nullable=False),
    Column('kind', String(), nullable=False),
    Column('version', Integer(), nullable=False),
)

lot = Table(
    'lot', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('supply_type_id', Integer(), ForeignKey('supply_type.id'), nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('lot_number', String(), nullable=False),
    Column('location_id', Integer(), ForeignKey('location.id'), nullable=True),
    Column('bench_id', Integer(), ForeignKey('bench.id'), nullable=True),
    Column('quantity_micro', BigInteger(), nullable=False),
    Column('reserved_micro', BigInteger(), nullable=False),
    Column('received_on', Date(), nullable=False),
    Column('expires_on', Date(), nullable=True),
    Column('opened_on', Date(), nullable=True),
    Column('status', String(), nullable=False),
    Column('version', Integer(), nullable=False),
)

maintenance_due = Table(
    'maintenance_due', metadata,
    Column('tool_id', Integer(), primary_key=True, nullable=False),
    Column('plan_id', Integer(), primary_key=True, nullable=False),
    Column('every_days', Integer(), nullable=True),
    Column('starts_on', Date(), nullable=True),
    Column('last_done_at', UTCDateTime(), nullable=True),
    Column('last_record_id', Integer(), nullable=True),
    Column('next_due_on', Date(), nullable=True),
    Column('uses_left', Integer(), nullable=True),
    Column('usage_seen', Integer(), nullable=False),
    Column('rescheduled', Boolean(), nullable=False),
    Column('reschedule_reason', String(), nullable=False),
    Column('attention', Boolean(), nullable=False),
)

maintenance_due_stale = Table(
    'maintenance_due_stale', metadata,
    Column('tool_id', Integer(), primary_key=True, nullable=False),
)

maintenance_plan = Table(
    'maintenance_plan', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('tool_type_id', Integer(), ForeignKey('tool_type.id'), nullable=True),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=True),
    Column('kind', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('every_days', Integer(), nullable=True),
    Column('every_uses', Integer(), nullable=True),
    Column('anchor', String(), nullable=False),
    Column('grace_days', Integer(), nullable=False),
    Column('blocking', Boolean(), nullable=False),
    Column('steps', JSON(), nullable=False),
    Column('test_points', JSON(), nullable=False),
    Column('active', Boolean(), nullable=False),
    Column('version', Integer(), nullable=False),
)

maintenance_record = Table(
    'maintenance_record', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=False),
    Column('plan_id', Integer(), ForeignKey('maintenance_plan.id'), nullable=True),
    Column('performed_at', UTCDateTime(), nullable=False),
    Column('performed_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('scheduled', Boolean(), nullable=False),
    Column('ad_hoc', Boolean(), nullable=False),
    Column('result', String(), nullable=False),
    Column('readings', JSON(), nullable=False),
    Column('found_in_tolerance', Boolean(), nullable=True),
    Column('certificate_ref', String(), nullable=False),
    Column('reference_standard', String(), nullable=False),
    Column('usage_at', Integer(), nullable=False),
    Column('notes', String(), nullable=False),
)

maintenance_reschedule = Table(
    'maintenance_reschedule', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=False),
    Column('plan_id', Integer(), ForeignKey('maintenance_plan.id'), nullable=False),
    Column('due_on', Date(), nullable=False),
    Column('previous_due_on', Date(), nullable=True),
    Column('after_record_id', Integer(), ForeignKey('maintenance_record.id'), nullable=True),
    Column('reason', String(), nullable=False),
    Column('by_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('at', UTCDateTime(), nullable=False),
)

maintenance_review = Table(
    'maintenance_review', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=False),
    Column('record_id', Integer(), ForeignKey('maintenance_record.id'), nullable=False),
    Column('plan_id', Integer(), ForeignKey('maintenance_plan.id'), nullable=True),
    Column('window_start', UTCDateTime(), nullable=True),
    Column('window_end', UTCDateTime(), nullable=False),
    Column('reason', String(), nullable=False),
    Column('opened_at', UTCDateTime(), nullable=False),
    Column('closed_at', UTCDateTime(), nullable=True),
    Column('version', Integer(), nullable=False),
)

maintenance_review_item = Table(
    'maintenance_review_item', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('review_id', Integer(), ForeignKey('maintenance_review.id'), nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=False),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=False),
    Column('used_at', UTCDateTime(), nullable=False),
    Column('measurements', JSON(), nullable=False),
    Column('disposition', String(), nullable=False),
    Column('reason', String(), nullable=False),
    Column('decided_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('decided_at', UTCDateTime(), nullable=True),
    Column('version', Integer(), nullable=False),
)

order_intervention = Table(
    'order_intervention', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=False),
    Column('intervention_type_id', Integer(), ForeignKey('intervention_type.id'), nullable=False),
    Column('position', Integer(), nullable=False),
)

repair_order = Table(
    'repair_order', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('reference', String(), nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('customer_ref', String(), nullable=False),
    Column('brand', String(), nullable=False),
    Column('model', String(), nullable=False),
    Column('case_serial', String(), nullable=False),
    Column('calibre_id', Integer(), ForeignKey('calibre.id'), nullable=True),
    Column('movement_kind', String(), nullable=False),
    Column('case_diameter_mm', Float(), nullable=True),
    Column('water_resistance_bar', Float(), nullable=True),
    Column('water_resistance_text', String(), nullable=False),
    Column('gasket_inner_diameter_mm', Float(), nullable=True),
    Column('gasket_section_mm', Float(), nullable=True),
    Column('crystal_diameter_mm', Float(), nullable=True),
    Column('lug_width_mm', Float(), nullable=True),
    Column('vintage', Boolean(), nullable=False),
    Column('luminous', String(), nullable=False),
    Column('battery', String(), nullable=False),
    Column('crystal_material', String(), nullable=True),
    Column('crystal_shape', String(), nullable=True),
    Column('crystal_thickness_mm', Float(), nullable=True),
    Column('crystal_gasket_outer_diameter_mm', Float(), nullable=True),
    Column('crystal_gasket_inner_diameter_mm', Float(), nullable=True),
    Column('crystal_gasket_height_mm', Float(), nullable=True),
    Column('crown_type', String(), nullable=True),
    Column('crown_diameter_mm', Float(), nullable=True),
    Column('crown_tube_diameter_mm', Float(), nullable=True),
    Column('crown_gasket_inner_diameter_mm', Float(), nullable=True),
    Column('crown_gasket_section_mm', Float(), nullable=True),
    Column('case_back', String(), nullable=True),
    Column('reception_notes', String(), nullable=False),
    Column('grade', String(), nullable=False),
    Column('estimate_minutes', Integer(), nullable=True),
    Column('estimate_text', String(), nullable=False),
    Column('received_on', Date(), nullable=False),
    Column('deadline', Date(), nullable=False),
    Column('level', Integer(), nullable=False),
    Column('status', String(), nullable=False),
    Column('bench_id', Integer(), ForeignKey('bench.id'), nullable=True),
    Column('technician_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('version', Integer(), nullable=False),
)

sheet_entry = Table(
    'sheet_entry', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=False),
    Column('kind', String(), nullable=False),
    Column('position', Integer(), nullable=False),
    Column('text', String(), nullable=False),
    Column('category', String(), nullable=False),
    Column('done_at', UTCDateTime(), nullable=True),
    Column('author_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('acknowledged_at', UTCDateTime(), nullable=True),
    Column('acknowledged_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
)

sheet_lot_use = Table(
    'sheet_lot_use', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=True),
    Column('lot_id', Integer(), ForeignKey('lot.id'), nullable=False),
    Column('quantity_micro', BigInteger(), nullable=False),
    Column('state', String(), nullable=False),
)

sheet_measurement = Table(
    'sheet_measurement', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=False),
    Column('quantity', String(), nullable=False),
    Column('position', String(), nullable=False),
    Column('value', Float(), nullable=False),
    Column('unit', String(), nullable=False),
    Column('text', String(), nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=True),
    Column('judged', String(), nullable=False),
    Column('measured_at', UTCDateTime(), nullable=False),
)

sheet_part_not_replaced = Table(
    'sheet_part_not_replaced', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=False),
    Column('part', String(), nullable=False),
    Column('reason', String(), nullable=False),
    Column('recorded_at', UTCDateTime(), nullable=False),
    Column('author_id', Integer(), ForeignKey('staff.id'), nullable=True),
)

sheet_tool_use = Table(
    'sheet_tool_use', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('sheet_id', Integer(), ForeignKey('intervention_sheet.id'), nullable=False),
    Column('tool_id', Integer(), ForeignKey('tool.id'), nullable=False),
    Column('used_at', UTCDateTime(), nullable=False),
)

site = Table(
    'site', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('code', String(), nullable=False),
    Column('name', String(), nullable=False),
    Column('version', Integer(), nullable=False),
)

staff = Table(
    'staff', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('login', String(), nullable=False),
    Column('display_name', String(), nullable=False),
    Column('role', String(), nullable=False),
    Column('level', Integer(), nullable=False),
    Column('movement_kinds', JSON(), nullable=False),
    Column('active', Boolean(), nullable=False),
    Column('version', Integer(), nullable=False),
)

staff_key = Table(
    'staff_key', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('staff_id', Integer(), ForeignKey('staff.id'), nullable=False),
    Column('fingerprint', String(), nullable=False),
    Column('algorithm', String(), nullable=False),
    Column('public_key', String(), nullable=False),
    Column('comment', String(), nullable=False),
    Column('added_at', UTCDateTime(), nullable=False),
    Column('added_by_id', Integer(), ForeignKey('staff.id'), nullable=True),
)

stock_movement = Table(
    'stock_movement', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('lot_id', Integer(), ForeignKey('lot.id'), nullable=False),
    Column('supply_type_id', Integer(), ForeignKey('supply_type.id'), nullable=False),
    Column('kind', String(), nullable=False),
    Column('quantity_micro', BigInteger(), nullable=False),
    Column('at', UTCDateTime(), nullable=False),
    Column('actor_id', Integer(), ForeignKey('staff.id'), nullable=True),
    Column('order_id', Integer(), ForeignKey('repair_order.id'), nullable=True),
    Column('reason', String(), nullable=False),
    Column('waste_stream', String(), nullable=True),
    Column('from_location_id', Integer(), ForeignKey('location.id'), nullable=True),
    Column('to_location_id', Integer(), ForeignKey('location.id'), nullable=True),
)

supply_alias = Table(
    'supply_alias', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('supply_type_id', Integer(), ForeignKey('supply_type.id'), nullable=False),
    Column('alias', String(), nullable=False),
)

supply_type = Table(
    'supply_type', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('category', String(), nullable=False),
    Column('stock_unit', String(), nullable=False),
    Column('iec_code', String(), nullable=True),
    Column('drain', String(), nullable=True),
    Column('rechargeable', Boolean(), nullable=False),
    Column('fits', JSON(), nullable=False),
    Column('properties', JSON(), nullable=False),
    Column('attributes', JSON(), nullable=False),
    Column('hazards', JSON(), nullable=False),
    Column('waste_stream', String(), nullable=False),
    Column('shelf_life_days', Integer(), nullable=True),
    Column('shelf_life_after_opening_days', Integer(), nullable=True),
    Column('use_points', JSON(), nullable=False),
    Column('reorder_point_micro', Integer(), nullable=False),
    Column('version', Integer(), nullable=False),
)

tool = Table(
    'tool', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('asset_tag', String(), nullable=False),
    Column('tool_type_id', Integer(), ForeignKey('tool_type.id'), nullable=False),
    Column('site_id', Integer(), ForeignKey('site.id'), nullable=False),
    Column('serial', String(), nullable=False),
    Column('maker', String(), nullable=False),
    Column('home_location_id', Integer(), ForeignKey('location.id'), nullable=True),
    Column('home_bench_id', Integer(), ForeignKey('bench.id'), nullable=True),
    Column('bench_id', Integer(), ForeignKey('bench.id'), nullable=True),
    Column('status', String(), nullable=False),
    Column('status_reason', String(), nullable=False),
    Column('status_record_id', Integer(), nullable=True),
    Column('usage_count', Integer(), nullable=False),
    Column('attributes', JSON(), nullable=False),
    Column('acquired_on', Date(), nullable=True),
    Column('version', Integer(), nullable=False),
)

tool_type = Table(
    'tool_type', metadata,
    Column('id', Integer(), primary_key=True, nullable=False),
    Column('key', String(), nullable=False),
    Column('name_en', String(), nullable=False),
    Column('name_fr', String(), nullable=False),
    Column('category', String(), nullable=False),
    Column('measuring', Boolean(), nullable=False),
    Column('small', Boolean(), nullable=False),
    Column('attributes', JSON(), nullable=False),
    Column('version', Integer(), nullable=False),
)

tool_type_capability = Table(
    'tool_type_capability', metadata,
    Column('tool_type_id', Integer(), ForeignKey('tool_type.id'), primary_key=True, nullable=False),
    Column('capability_id', Integer(), ForeignKey('capability.id'), primary_key=True, nullable=False),
)


AttributeDefinition = TableColumns(attribute_definition)
AuditEvent = TableColumns(audit_event)
Bench = TableColumns(bench)
Calibre = TableColumns(calibre)
Capability = TableColumns(capability)
ChecklistAnswer = TableColumns(checklist_answer)
ChecklistItem = TableColumns(checklist_item)
ChecklistRun = TableColumns(checklist_run)
ChecklistTemplate = TableColumns(checklist_template)
IntervalProposal = TableColumns(interval_proposal)
InterventionSheet = TableColumns(intervention_sheet)
InterventionType = TableColumns(intervention_type)
Location = TableColumns(location)
Lot = TableColumns(lot)
MaintenancePlan = TableColumns(maintenance_plan)
MaintenanceRecord = TableColumns(maintenance_record)
MaintenanceReschedule = TableColumns(maintenance_reschedule)
MaintenanceReview = TableColumns(maintenance_review)
MaintenanceReviewItem = TableColumns(maintenance_review_item)
OrderIntervention = TableColumns(order_intervention)
RepairOrder = TableColumns(repair_order)
SheetEntry = TableColumns(sheet_entry)
SheetLotUse = TableColumns(sheet_lot_use)
SheetMeasurement = TableColumns(sheet_measurement)
SheetPartNotReplaced = TableColumns(sheet_part_not_replaced)
SheetToolUse = TableColumns(sheet_tool_use)
Site = TableColumns(site)
Staff = TableColumns(staff)
StaffKey = TableColumns(staff_key)
StockMovement = TableColumns(stock_movement)
StoredDue = TableColumns(maintenance_due)
StoredDueStale = TableColumns(maintenance_due_stale)
SupplyAlias = TableColumns(supply_alias)
SupplyType = TableColumns(supply_type)
Tool = TableColumns(tool)
ToolType = TableColumns(tool_type)
ToolTypeCapability = TableColumns(tool_type_capability)
