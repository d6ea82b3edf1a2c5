"""A small workshop as plain values, ready for a battery change on a water-resistant quartz
watch at bench QZ-01; each readiness test changes one thing and looks at the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from atelier_tui.domain.due import PlanDue
from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.inventory import BenchView, ChecklistRunView, Inventory, LotView, StaffView, ToolView
from atelier_tui.domain.readiness import Job, assess
from atelier_tui.domain.requirements import (
    CalibreSpec,
    ChecklistInfo,
    InterventionSpec,
    OrderSpec,
    RequirementCatalog,
    SupplyInfo,
    derive_requirements,
)
from atelier_tui.domain.units import to_micro

NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
BENCH = "QZ-01"

CATALOG = RequirementCatalog(
    attribute_units={"max_pressure": "bar"},
    attribute_names={"max_pressure": ("Maximum test pressure", "Pression d'essai maximale")},
    capability_names={
        "case_opening": ("Case opening", "Ouverture de boîte"),
        "tweezers_non_conductive": ("Non-conductive tweezers", "Brucelles non conductrices"),
        "water_resistance_test": ("Water-resistance testing", "Contrôle d'étanchéité"),
    },
    supplies={
        "battery_sr626sw": SupplyInfo("battery_sr626sw", "Silver-oxide cell SR626SW (377)", "Pile oxyde d'argent SR626SW (377)",
                                      "battery", "piece", {"diameter": 6.8, "height": 2.6}),
        "battery_sr920sw": SupplyInfo("battery_sr920sw", "Silver-oxide cell SR920SW (371)", "Pile oxyde d'argent SR920SW (371)",
                                      "battery", "piece", {"diameter": 9.5, "height": 2.05}),
        "gasket_280x060": SupplyInfo("gasket_280x060", "O-ring gasket 28.0 × 0.60 mm", "Joint torique 28,0 × 0,60 mm", "gasket",
                                     "piece", {"inner_diameter": 28.0, "section": 0.6}),
        "gasket_grease": SupplyInfo("gasket_grease", "Silicone gasket grease", "Graisse silicone pour joints", "grease", "g"),
    },
    supply_names={"377": ("battery_sr626sw",), "sr626sw": ("battery_sr626sw",), "battery_sr626sw": ("battery_sr626sw",),
                  "371": ("battery_sr920sw",), "sr920sw": ("battery_sr920sw",), "battery_sr920sw": ("battery_sr920sw",)},
    checklists={
        "bench_opening": ChecklistInfo("bench_opening", "Bench opening", "Ouverture du poste de travail", "bench"),
        "vintage_luminous": ChecklistInfo("vintage_luminous", "Vintage watches", "Montres anciennes", "order", ("vintage",)),
    },
)

BATTERY_CHANGE = InterventionSpec(
    "battery_change", "Battery change", "Changement de pile", level=1, estimated_minutes=20,
    checklists=("bench_opening", "vintage_luminous"), facts=("electronics",), bench_features=("esd",),
    tool_requirements=(
        {"capability": "case_opening"},
        {"capability": "tweezers_non_conductive"},
        {"capability": "water_resistance_test", "when": ["water_resistant"],
         "attributes": {"max_pressure": {"min": {"ref": "watch.test_pressure"}}}},
    ),
    supply_requirements=(
        {"from": "calibre.battery", "quantity": {"value": 1, "unit": "piece"}},
        {"category": "gasket", "match": {"inner_diameter": "watch.gasket_inner_diameter", "section": "watch.gasket_section"},
         "quantity": {"value": 1, "unit": "piece"}, "when": ["water_resistant"]},
        {"supply": "gasket_grease", "quantity": {"value": 0.01, "unit": "g"}, "when": ["water_resistant"]},
    ),
)

CALIBRE = CalibreSpec("eta_f06_111", "F06.111", 25.6, battery_key="battery_sr920sw")
ORDER = OrderSpec("OR-T-0001", "quartz", 1, TODAY + timedelta(days=5), water_resistance_bar=5.0, water_resistance_text="5 bar",
                  gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6)
TECHNICIAN = StaffView("slefevre", "Sophie Lefèvre", 2, frozenset({"quartz"}))


def tool(tag: str, capability: str, bench: str | None = BENCH, location: str | None = None, status: str = "in_service",
         attributes: dict[str, float] | None = None, plans: tuple[PlanDue, ...] = ()) -> ToolView:
    return ToolView(tag, capability.replace("_", " "), capability, frozenset({capability}), attributes or {}, status,
                    bench, location if bench is None else None, plans)


def lot(number: str, supply: str, quantity: float, bench: str | None = None, location: str | None = "C3-D1",
        expires_on: date | None = None, reserved: float = 0, opened_on: date | None = None,
        shelf_life_after_opening_days: int | None = None) -> LotView:
    return LotView(number, supply, to_micro(quantity), to_micro(reserved), expires_on, opened_on, shelf_life_after_opening_days,
                   bench, location if bench is None else None)


def calibration(state: str, next_due_on: date | None, kind: str = "calibration", uses_left: int | None = None,
                grace_days: int = 0, blocking: bool = True) -> PlanDue:
    days_late = max(0, (TODAY - next_due_on).days) if next_due_on else 0
    return PlanDue(f"{kind}_plan", kind, f"Annual {kind}", f"{kind} annuel", NOW - timedelta(days=300), next_due_on, uses_left, state,
                   False, grace_days, blocking, days_late)


@dataclass
class World:
    order: OrderSpec = ORDER
    calibre: CalibreSpec | None = CALIBRE
    interventions: list[InterventionSpec] = field(default_factory=lambda: [BATTERY_CHANGE])
    bench: BenchView = field(default_factory=lambda: BenchView(BENCH, "Quartz bench", frozenset({"esd"}), "open", "slefevre"))
    tools: list[ToolView] = field(default_factory=lambda: [
        tool("AT-1", "case_opening"),
        tool("AT-2", "tweezers_non_conductive"),
        tool("AT-3", "water_resistance_test", attributes={"max_pressure": 10.0},
             plans=(calibration("ok", TODAY + timedelta(days=200)),)),
    ])
    lots: list[LotView] = field(default_factory=lambda: [
        lot("B-371", "battery_sr920sw", 20, expires_on=TODAY + timedelta(days=900)),
        lot("G-28", "gasket_280x060", 10),
        lot("GR-1", "gasket_grease", 5, expires_on=TODAY + timedelta(days=400)),
    ])
    runs: list[ChecklistRunView] = field(default_factory=lambda: [
        ChecklistRunView("bench_opening", BENCH, None, TODAY, NOW - timedelta(hours=1), True),
    ])
    technician: StaffView | None = TECHNICIAN
    staff: list[StaffView] = field(default_factory=lambda: [TECHNICIAN, StaffView("tmoreau", "Thomas Moreau", 3)])
    other_benches: list[BenchView] = field(default_factory=lambda: [BenchView("ME-01", "Mechanical", frozenset({"ventilation"}))])
    reorder_points: dict[str, int] = field(default_factory=dict)

    def verdict(self) -> Verdict:
        requirements = derive_requirements(self.order, self.calibre, self.interventions, CATALOG)
        stock: dict[str, int] = {}
        for item in self.lots:
            stock[item.supply_key] = stock.get(item.supply_key, 0) + item.quantity_micro
        inventory = Inventory(tuple(self.tools), tuple(self.lots), (self.bench, *self.other_benches), tuple(self.staff),
                              self.reorder_points, stock)
        return assess(Job(self.order, requirements, CATALOG.supplies), self.bench, inventory, self.runs, self.technician, NOW)

    def with_order(self, **changes: object) -> World:
        self.order = replace(self.order, **changes)  # type: ignore[arg-type]
        return self


def codes(verdict: Verdict, blocking: bool | None = None) -> list[str]:
    return [f.code for f in verdict.findings if blocking is None or f.blocking == blocking]
