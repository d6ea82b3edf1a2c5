"""What the readiness check looks at: the workshop's tools, lots, benches and people as plain
values, with the lookups the matching needs. Built by a service; nothing here reads a database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property

from atelier_tui.domain.due import PlanDue
from atelier_tui.domain.vocabulary import BenchStatus, MovementKind, ToolStatus


@dataclass(frozen=True)
class MetrologyOverride:
    """A lead put the instrument back in service although its last calibration or verification
    failed: what failed, when, who decided and why."""
    plan_name_en: str
    plan_name_fr: str
    failed_on: date
    by: str  # login
    reason: str


@dataclass(frozen=True)
class ToolView:
    asset_tag: str
    name_en: str
    name_fr: str
    capabilities: frozenset[str]
    attributes: Mapping[str, float]  # the tool's own values over its type's, in each attribute's unit
    status: str  # in_service | checked_out | in_maintenance | out_of_service | retired
    bench: str | None  # the bench it is on now
    location: str | None  # the store location it is in, when on no bench
    plans: tuple[PlanDue, ...] = ()
    status_reason: str = ""
    # Part of its bench (ESD mat and strap, lamp, extraction): fitted from the store, never
    # taken from another bench, which would stop serving.
    fixture: bool = False
    # The orders in progress or ready on the bench it is on that need it: taking it blocks them.
    needed_by: tuple[str, ...] = ()
    override: MetrologyOverride | None = None


def lot_expiry(expires_on: date | None, received_on: date, shelf_life_days: int | None) -> date | None:
    """A lot's expiry: the date it was given, else its reception plus the supply's shelf life
    (a cell received in 2017 with no date is not fresh). The one rule for every way a lot
    enters: received at the workstation, a workshop file, a spreadsheet."""
    if expires_on is not None or not shelf_life_days:
        return expires_on
    return received_on + timedelta(days=shelf_life_days)


@dataclass(frozen=True)
class LotView:
    lot_number: str
    supply_key: str
    quantity_micro: int
    reserved_micro: int
    expires_on: date | None
    opened_on: date | None = None
    shelf_life_after_opening_days: int | None = None
    bench: str | None = None
    location: str | None = None

    @property
    def available_micro(self) -> int:
        return self.quantity_micro - self.reserved_micro

    @cached_property
    def use_by(self) -> date | None:
        """The earlier of its expiry date and the end of its shelf life once opened."""
        dates = [d for d in (self.expires_on, self._opened_limit) if d is not None]
        return min(dates) if dates else None

    @property
    def _opened_limit(self) -> date | None:
        if self.opened_on is None or self.shelf_life_after_opening_days is None:
            return None
        return self.opened_on + timedelta(days=self.shelf_life_after_opening_days)

    def expired(self, today: date) -> bool:
        use_by = self.use_by
        return use_by is not None and use_by < today


@dataclass(frozen=True)
class BenchView:
    code: str
    name: str
    features: frozenset[str] = frozenset()
    status: str = BenchStatus.OPEN
    technician: str | None = None  # login


@dataclass(frozen=True)
class StaffView:
    login: str
    display_name: str
    level: int
    movement_kinds: frozenset[str] = frozenset()  # empty: every kind
    role: str = "technician"

    def works_on(self, movement_kind: str) -> bool:
        """Kinetic and solar watches are quartz watches with a rechargeable cell: a person cleared
        for quartz works on them too."""
        if not self.movement_kinds or movement_kind in self.movement_kinds:
            return True
        return movement_kind in (MovementKind.KINETIC, MovementKind.SOLAR) and MovementKind.QUARTZ in self.movement_kinds


@dataclass(frozen=True)
class ChecklistRunView:
    template_key: str
    bench: str
    order: str | None
    run_date: date
    signed_at: datetime | None
    passed: bool | None
    facts: tuple[str, ...] | None = None  # the facts its items were judged on; None: not known


@dataclass(frozen=True)
class Inventory:
    tools: tuple[ToolView, ...] = ()
    lots: tuple[LotView, ...] = ()
    benches: tuple[BenchView, ...] = ()
    staff: tuple[StaffView, ...] = ()
    reorder_points_micro: Mapping[str, int] = field(default_factory=dict)
    # Per supply key, every lot's quantity, or at least its reorder point plus what the job may
    # take of it: either way, what tells whether the job leaves it under its reorder point.
    stock_micro: Mapping[str, int] = field(default_factory=dict)

    @cached_property
    def _tools_by_capability(self) -> dict[str, list[ToolView]]:
        index: dict[str, list[ToolView]] = {}
        for tool in self.tools:
            if tool.status != ToolStatus.RETIRED:
                for capability in tool.capabilities:
                    index.setdefault(capability, []).append(tool)
        return index

    @cached_property
    def _lots_by_supply(self) -> dict[str, list[LotView]]:
        index: dict[str, list[LotView]] = {}
        for lot in self.lots:
            index.setdefault(lot.supply_key, []).append(lot)
        return index

    def tools_with(self, capability: str) -> list[ToolView]:
        return self._tools_by_capability.get(capability, [])

    def lots_of(self, supply_key: str) -> list[LotView]:
        return self._lots_by_supply.get(supply_key, [])
