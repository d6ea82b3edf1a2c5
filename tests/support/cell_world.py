"""The readiness world of tests/support/readiness_world.py with a catalog of real cells: the twins of one
size (SW low drain, W high drain), a taller alternative, and the rechargeable cells of kinetic
and solar watches; and calibres that take each."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.inventory import Inventory
from atelier_tui.domain.readiness import Job, assess
from atelier_tui.domain.requirements import (
    CalibreSpec,
    InterventionSpec,
    RequirementCatalog,
    SupplyInfo,
    derive_requirements,
)
from tests.support.readiness_world import CATALOG, NOW, World


def cell(key: str, iec: str, alias: str, diameter: float, height: float, voltage: float = 1.55, drain: str | None = "low",
         rechargeable: bool = False) -> SupplyInfo:
    return SupplyInfo(key, f"Cell {iec} ({alias})", f"Pile {iec} ({alias})", "battery", "piece",
                      {"diameter": diameter, "height": height, "voltage": voltage}, drain=drain, rechargeable=rechargeable,
                      iec_code=iec)


CELLS = [
    cell("battery_sr920sw", "SR920SW", "371", 9.5, 2.05),
    cell("battery_sr920w", "SR920W", "370", 9.5, 2.05, drain="high"),
    cell("battery_sr927sw", "SR927SW", "395", 9.5, 2.70),
    cell("battery_sr626sw", "SR626SW", "377", 6.8, 2.6),
    cell("battery_mt920", "MT920", "MT920", 9.5, 2.0, voltage=1.5, drain=None, rechargeable=True),
    cell("battery_ctl1616", "CTL1616", "CTL1616", 16.0, 1.6, voltage=2.3, drain=None, rechargeable=True),
    cell("battery_cr1616", "CR1616", "DL1616", 16.0, 1.6, voltage=3.0, drain=None),
]


def _names(cells: list[SupplyInfo]) -> dict[str, tuple[str, ...]]:
    names: dict[str, tuple[str, ...]] = {}
    for info in cells:
        alias = info.name_en.split("(")[1].rstrip(")")
        for name in {info.key, info.iec_code, alias}:
            names[name.lower()] = (info.key,)
    return names


CELL_CATALOG = replace(CATALOG, supplies={**CATALOG.supplies, **{c.key: c for c in CELLS}},
                       supply_names={**CATALOG.supply_names, **_names(CELLS)})

ETA_955_112 = CalibreSpec("eta_955_112", "ETA 955.112", 25.6, battery_key="battery_sr920sw",
                          battery_alternatives=("battery_sr927sw",), movement_kind="quartz")
SEIKO_5M85 = CalibreSpec("seiko_5m85a", "Seiko 5M85A", 27.0, battery_key="battery_mt920", movement_kind="kinetic")
NO_CELL_NAMED = CalibreSpec("isa_1198", "ISA 1198", 25.7, movement_kind="quartz")


@dataclass
class CellWorld(World):
    catalog: RequirementCatalog = CELL_CATALOG
    interventions: list[InterventionSpec] = field(default_factory=lambda: [replace(World().interventions[0])])

    def verdict(self) -> Verdict:
        requirements = derive_requirements(self.order, self.calibre, self.interventions, self.catalog)
        stock: dict[str, int] = {}
        for item in self.lots:
            stock[item.supply_key] = stock.get(item.supply_key, 0) + item.quantity_micro
        inventory = Inventory(tuple(self.tools), tuple(self.lots), (self.bench, *self.other_benches), tuple(self.staff),
                              self.reorder_points, stock)
        return assess(Job(self.order, requirements, self.catalog.supplies), self.bench, inventory, self.runs, self.technician, NOW)

    def on(self, calibre: CalibreSpec | None, **order: object) -> CellWorld:
        self.calibre = calibre
        if calibre is not None and "movement_kind" not in order:
            order["movement_kind"] = calibre.movement_kind
        return self.with_order(**order)  # type: ignore[return-value]


def cell_finding(verdict: Verdict):  # type: ignore[no-untyped-def]
    return [f for f in verdict.findings if f.requirement.startswith("supply:") and "gasket" not in f.requirement]


def picks(verdict: Verdict) -> dict[str, list[str]]:
    return {a.requirement: [p.lot_number for p in a.lots] for a in verdict.allocations if a.requirement.startswith("supply:")}
