"""Drawing a demo order: its watch, the interventions its job asks for, its dates, and the columns
of its row (customer, serial number, gasket and crystal sizes the catalog holds)."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from atelier_tui.demo._base import BenchRow, DemoContext, InterventionInfo, StaffRow, SupplyInfo
from atelier_tui.demo._data import WatchModel
from atelier_tui.domain.units import parse_water_resistance

SERIAL_CHARACTERS = string.ascii_uppercase + string.digits
Size = tuple[float, float]  # an O-ring's inner diameter and section, in mm


@cache
def _water_resistance_bar(text: str) -> float | None:
    return parse_water_resistance(text).value if text else None


@dataclass
class PlannedOrder:
    model: WatchModel
    interventions: list[InterventionInfo]
    status: str
    received_on: date = date.min
    deadline: date = date.min
    bench: BenchRow | None = None
    technician: StaffRow | None = None
    featured: bool = False  # planted for a situation the demo must show: left as it is
    gasket_out_of_stock: bool = False  # see _data.QueuedJob
    row: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> int:
        return max((i.level for i in self.interventions), default=1)

    @property
    def movement_kind(self) -> str:
        return self.model.movement_kind


def o_rings(ctx: DemoContext) -> dict[Size, list[SupplyInfo]]:
    """The catalog's O-rings by size, smallest first (flat gaskets also have an outer diameter)."""
    sizes: dict[Size, list[SupplyInfo]] = {}
    for s in ctx.catalog.supplies:
        if s.category == "gasket" and "section" in s.attributes and "outer_diameter" not in s.attributes:
            sizes.setdefault((s.attributes["inner_diameter"]["value"], s.attributes["section"]["value"]), []).append(s)
    return dict(sorted(sizes.items()))


class OrderMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.jobs, self.watches = ctx.data.jobs, ctx.data.watches
        models = self.watches.models
        self.models_by_job = {
            "quartz": [m for m in models if m.movement_kind == "quartz"],
            "mechanical": [m for m in models if m.movement_kind != "quartz"],
            "casing": [m for m in models if m.water_resistance_text],
            "polishing": [m for m in models if not m.vintage],
        }
        self.o_rings = sorted(o_rings(ctx))
        # material -> the catalog's crystals of it: (diameter, thickness, shape)
        self.crystals: dict[str, list[tuple[float, float | None, str | None]]] = {}
        for supply in ctx.catalog.supplies:
            if supply.category == "crystal" and "diameter" in supply.attributes and "material" in supply.properties:
                thickness = supply.attributes.get("thickness", {}).get("value")
                self.crystals.setdefault(supply.properties["material"], []).append(
                    (supply.attributes["diameter"]["value"], thickness, supply.properties.get("shape")))

    def interventions(self, job: tuple[str, ...], kind: str) -> list[InterventionInfo]:
        catalog = self.ctx.catalog.interventions
        keys = [self.jobs.full_service_by_kind.get(kind, "") if key == self.jobs.full_service else key for key in job]
        chosen = [catalog[k] for k in dict.fromkeys(keys) if k in catalog and kind in catalog[k].movement_kinds]
        if not chosen:  # a catalog without these keys: any intervention that fits the movement
            fitting = [i for i in catalog.values() if kind in i.movement_kinds]
            chosen = [self.rng.choice(fitting)] if fitting else []
        return chosen

    def plan(self, job_kind: str, status: str, model: WatchModel | None = None,
             job: tuple[str, ...] | None = None) -> PlannedOrder:
        if model is None:
            models = self.models_by_job[job_kind]
            # Vintage watches are a minority of the work, but a regular one.
            model = self.rng.choices(models, weights=[1 if m.vintage else 4 for m in models])[0]
        job = job or self.rng.choice(self.jobs.by_bench_kind[job_kind])
        return PlannedOrder(model, self.interventions(job, model.movement_kind), status)

    def gasket(self, model: WatchModel,
               pick: Callable[[list[Size]], Size] | None = None) -> tuple[float | None, float | None]:
        """A case-back O-ring of a size the catalog holds, about 12 mm under the case diameter;
        its section drawn, or chosen by `pick` among the (inner diameter, section) sizes."""
        if not model.water_resistance_text or not self.o_rings:
            return None, None
        target = model.case_diameter_mm - 12
        inner = min({d for d, _ in self.o_rings}, key=lambda d: (abs(d - target), d))
        return (pick or self.rng.choice)([size for size in self.o_rings if size[0] == inner])

    def crystal(self, model: WatchModel) -> dict[str, Any]:
        """The watch's crystal: its material, and a crystal the catalog stocks about 9 mm under
        the case diameter, whose size, thickness and shape are recorded (pocket watches and other
        sizes the catalog does not stock have only their material)."""
        target = model.case_diameter_mm - 9
        sizes = [c for c in self.crystals.get(model.crystal, []) if abs(c[0] - target) <= 3]
        chosen = min(sizes, key=lambda c: (abs(c[0] - target), c[0])) if sizes else (None, None, None)
        return {"crystal_material": model.crystal, "crystal_diameter_mm": chosen[0], "crystal_thickness_mm": chosen[1],
                "crystal_shape": chosen[2]}

    def dates(self, order: PlannedOrder) -> None:
        rng, today = self.rng, self.ctx.today
        if order.status == "done":
            age = rng.randint(12, self.ctx.profile.history_days)
        else:
            age = rng.randint(*self.jobs.age_days[order.status])
        order.received_on = today - timedelta(days=age)
        turnaround = rng.randint(3, 7) if rng.random() < 0.1 else rng.randint(10, 35)
        order.deadline = order.received_on + timedelta(days=turnaround)

    def row(self, order: PlannedOrder) -> dict[str, Any]:
        rng, model = self.rng, order.model
        gasket = self.gasket(model)
        if model.luminous == "radium":
            notes = self.watches.radium_note
        elif model.luminous == "tritium":
            notes = self.watches.tritium_note
        elif model.uncatalogued_calibre:
            notes = self.watches.uncatalogued_note.format(calibre=model.uncatalogued_calibre)
        else:
            notes = rng.choice(self.watches.reception_notes)
        return {
            "reference": "", "site_id": self.ctx.site_id, "customer_ref": f"CLI-{rng.randint(10000, 99999)}",
            "case_serial": "".join(rng.choice(SERIAL_CHARACTERS) for _ in range(8)),
            **self.watch_columns(order, gasket), "reception_notes": notes,
            "received_on": order.received_on, "deadline": order.deadline, "status": order.status, "version": 1,
        }

    def watch_columns(self, order: PlannedOrder, gasket: tuple[float | None, float | None]) -> dict[str, Any]:
        """The columns that follow from the watch, its job and who has it (no draw here)."""
        model = order.model
        calibre = self.ctx.catalog.calibres.get(model.calibre_key) if model.calibre_key else None
        if calibre is not None and calibre.movement_kind != model.movement_kind:
            raise ValueError(f"demo watch {model.model}: its calibre {calibre.key} is {calibre.movement_kind}")
        return {
            "brand": model.brand, "model": model.model,
            "calibre_id": calibre.id if calibre else None, "movement_kind": model.movement_kind,
            "case_diameter_mm": model.case_diameter_mm,
            "water_resistance_bar": _water_resistance_bar(model.water_resistance_text),
            "water_resistance_text": model.water_resistance_text,
            "gasket_inner_diameter_mm": gasket[0], "gasket_section_mm": gasket[1],
            **self.crystal(model), "lug_width_mm": model.lug_width_mm,
            "vintage": model.vintage, "luminous": model.luminous, "level": order.level,
            "bench_id": order.bench.id if order.bench else None,
            "technician_id": order.technician.id if order.technician else None,
        }


def eligible(people: list[StaffRow], order: PlannedOrder) -> list[StaffRow]:
    return [p for p in people if p.level >= order.level and order.movement_kind in p.movement_kinds]
