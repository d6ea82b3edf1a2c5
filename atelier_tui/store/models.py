"""Every table, imported in one place so that SQLModel.metadata is complete (alembic, tests)."""

from atelier_tui.store.access_models import StaffKey
from atelier_tui.store.audit_models import AuditEvent
from atelier_tui.store.catalog_models import (
    AttributeDefinition,
    Calibre,
    Capability,
    ChecklistItem,
    ChecklistTemplate,
    InterventionType,
    MaintenancePlan,
    SupplyAlias,
    SupplyType,
    ToolType,
    ToolTypeCapability,
)
from atelier_tui.store.maintenance_models import MaintenanceRecord
from atelier_tui.store.order_models import (
    ChecklistAnswer,
    ChecklistRun,
    InterventionSheet,
    OrderIntervention,
    RepairOrder,
    SheetEntry,
    SheetLotUse,
    SheetMeasurement,
    SheetPartNotReplaced,
    SheetToolUse,
)
from atelier_tui.store.stock_models import Lot, StockMovement
from atelier_tui.store.workshop_models import Bench, Location, Site, Staff, Tool

__all__ = [
    "AttributeDefinition", "AuditEvent", "Bench", "Calibre", "Capability", "ChecklistAnswer",
    "ChecklistItem", "ChecklistRun", "ChecklistTemplate", "InterventionSheet", "InterventionType",
    "Location", "Lot", "MaintenancePlan", "MaintenanceRecord", "OrderIntervention", "RepairOrder",
    "SheetEntry", "SheetLotUse", "SheetMeasurement", "SheetPartNotReplaced", "SheetToolUse", "Site", "Staff", "StaffKey",
    "StockMovement", "SupplyAlias", "SupplyType", "Tool", "ToolType", "ToolTypeCapability",
]
