"""Catalog tables: reference data loaded from catalogs/*.toml, upserted by `key`."""

from typing import Any

from sqlalchemy import UniqueConstraint, false, true
from sqlmodel import Field, SQLModel

from atelier_tui.domain.vocabulary import (
    ChecklistScope,
    Drain,
    ItemLevel,
    ItemTag,
    MovementKind,
    PlanAnchor,
    PlanKind,
    WasteStream,
)
from atelier_tui.store.base import json_field, one_of, version_field


class Capability(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=False)
    name_en: str
    name_fr: str


class AttributeDefinition(SQLModel, table=True):
    __tablename__ = "attribute_definition"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name_en: str
    name_fr: str
    unit: str


class ToolType(SQLModel, table=True):
    __tablename__ = "tool_type"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name_en: str
    name_fr: str
    category: str
    measuring: bool = False
    # Too small for a QR label (a screwdriver's blade, tweezers): its labels carry a Micro QR code,
    # whatever the layout (printing/codes.py).
    small: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    attributes: dict[str, Any] = json_field()
    version: int = version_field()


class ToolTypeCapability(SQLModel, table=True):
    __tablename__ = "tool_type_capability"
    tool_type_id: int = Field(foreign_key="tool_type.id", primary_key=True, ondelete="CASCADE")
    capability_id: int = Field(foreign_key="capability.id", primary_key=True, index=True)


class SupplyType(SQLModel, table=True):
    __tablename__ = "supply_type"
    __table_args__ = (one_of("waste_stream", WasteStream), one_of("drain", Drain))
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name_en: str
    name_fr: str
    category: str = Field(index=True)
    stock_unit: str
    iec_code: str | None = Field(default=None, index=True)
    # Cells: "low" (SW) or "high" (W) drain for silver oxide; a rechargeable (secondary) cell.
    drain: str | None = None
    rechargeable: bool = False
    # Movements: the calibre keys this movement replaces (its own and the maker's drop-ins).
    fits: list[str] = json_field(list)
    # Crystals: material and shape; crowns: crown_type (domain/case_parts.py), matched as words.
    properties: dict[str, str] = json_field()
    attributes: dict[str, Any] = json_field()
    hazards: list[str] = json_field(list)
    waste_stream: str = WasteStream.GENERAL
    shelf_life_days: int | None = None
    shelf_life_after_opening_days: int | None = None
    use_points: list[str] = json_field(list)
    reorder_point_micro: int = 0
    version: int = version_field()


class SupplyAlias(SQLModel, table=True):
    """Another name people type for a supply (a battery's 3-digit number). Charts disagree, so
    one alias may point at two supply types."""

    __tablename__ = "supply_alias"
    __table_args__ = (UniqueConstraint("supply_type_id", "alias"),)
    id: int | None = Field(default=None, primary_key=True)
    supply_type_id: int = Field(foreign_key="supply_type.id", ondelete="CASCADE")
    alias: str = Field(index=True)


class Calibre(SQLModel, table=True):
    __table_args__ = (one_of("movement_kind", MovementKind),)
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    reference: str = Field(index=True)
    name_en: str
    name_fr: str
    maker: str
    movement_kind: str
    frequency_vph: float | None = None
    jewels: int | None = None
    diameter_mm: float | None = None
    height_mm: float | None = None
    power_reserve_h: float | None = None
    battery_life_months: float | None = None
    lift_angle_deg: float | None = None
    battery_supply_type_id: int | None = Field(default=None, foreign_key="supply_type.id")
    # Lists of supply keys, checked against supply_type at import.
    battery_alternatives: list[str] = json_field(list)
    lubricants: list[str] = json_field(list)
    mainspring: str | None = None
    stem: str | None = None
    # {"rate": {"min": {...Measured}, "max": {...}}, ...}
    tolerances: dict[str, Any] = json_field()
    version: int = version_field()


class InterventionType(SQLModel, table=True):
    __tablename__ = "intervention_type"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    name_en: str
    name_fr: str
    movement_kinds: list[str] = json_field(list)
    level: int = 1
    estimated_minutes: int = 0
    # Running-in and observation after the bench time (elapsed, not worked): minutes, or
    # "calibre.power_reserve" (as long as the movement runs on a full wind).
    running_in_minutes: int = 0
    running_in_from: str = ""
    checklists: list[str] = json_field(list)
    facts: list[str] = json_field(list)
    bench_features: list[str] = json_field(list)
    steps: list[dict[str, str]] = json_field(list)
    tool_requirements: list[dict[str, Any]] = json_field(list)
    supply_requirements: list[dict[str, Any]] = json_field(list)
    version: int = version_field()


class ChecklistTemplate(SQLModel, table=True):
    """Versioned: a run pins the version it used, so editing a checklist never rewrites history."""

    __tablename__ = "checklist_template"
    __table_args__ = (UniqueConstraint("key", "version"), one_of("scope", ChecklistScope))
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    version: int = 1
    name_en: str
    name_fr: str
    scope: str  # bench (valid for the calendar day) | order (valid for that order)
    conditions: list[str] = json_field(list)
    is_current: bool = True


class ChecklistItem(SQLModel, table=True):
    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("template_id", "key"), one_of("tag", ItemTag), one_of("level", ItemLevel))
    id: int | None = Field(default=None, primary_key=True)
    template_id: int = Field(foreign_key="checklist_template.id", ondelete="CASCADE")
    key: str
    position: int
    tag: str
    level: str
    text_en: str
    text_fr: str
    conditions: list[str] = json_field(list)
    # The sheet's quantities the item vouches for (rate, amplitude, ...): answered ok only when
    # the order's sheet holds them, none failing by the order's grade.
    measured: list[str] = json_field(list)


class MaintenancePlan(SQLModel, table=True):
    """For a tool type (the default) or for one tool (an override)."""

    __tablename__ = "maintenance_plan"
    __table_args__ = (one_of("kind", PlanKind), one_of("anchor", PlanAnchor))
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    tool_type_id: int | None = Field(default=None, foreign_key="tool_type.id", index=True)
    tool_id: int | None = Field(default=None, foreign_key="tool.id", index=True)
    kind: str
    name_en: str
    name_fr: str
    every_days: int | None = None
    every_uses: int | None = None
    anchor: str = PlanAnchor.COMPLETION
    grace_days: int = 0
    # Reaching the limit stops the tool from serving; false for care done when needed (dressing).
    blocking: bool = Field(default=True, sa_column_kwargs={"server_default": true()})
    steps: list[dict[str, str]] = json_field(list)
    test_points: list[dict[str, Any]] = json_field(list)
    active: bool = True
    version: int = version_field()
