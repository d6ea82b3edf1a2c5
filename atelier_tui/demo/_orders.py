"""Demo repair orders: watches, the interventions they ask for, where they stand, and who works
on them. The orders in progress are made bench by bench, so that each fits its bench (features,
movement kind) and a free technician cleared for it. Some orders waiting to start are then given
the jobs of demo_data.BENCH_QUEUE and queued on the first cell's benches."""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select, update

from atelier_tui.domain.units import parse_water_resistance
from atelier_tui.demo import _data as data
from atelier_tui.demo._base import BenchRow, DemoContext, InterventionInfo, StaffRow, SupplyInfo
from atelier_tui.store.models import Bench, InterventionSheet, InterventionType, Lot, OrderIntervention, RepairOrder, SheetEntry

# Days since reception, by status (finished orders go back as far as the profile's history).
AGE_DAYS = {
    "received": (0, 3), "accepted": (2, 12), "ready": (4, 20), "in_progress": (5, 25), "quality_control": (8, 30),
}
WORKED_STATUSES = ("in_progress", "quality_control", "done")
WAITING_STATUSES = ("received", "accepted", "ready")  # the statuses the demo gives that work can start from
SERIAL_CHARACTERS = string.ascii_uppercase + string.digits
Size = tuple[float, float]  # an O-ring's inner diameter and section, in mm
GASKET_LEEWAY_MM = 1.0  # how far a case-back O-ring's inner diameter may be from the one first chosen


@lru_cache(maxsize=None)
def _water_resistance_bar(text: str) -> float | None:
    return parse_water_resistance(text).value if text else None


@dataclass
class PlannedOrder:
    model: data.WatchModel
    interventions: list[InterventionInfo]
    status: str
    received_on: date = date.min
    deadline: date = date.min
    bench: BenchRow | None = None
    technician: StaffRow | None = None
    featured: bool = False  # planted for a situation the demo must show: left as it is
    gasket_out_of_stock: bool = False  # see demo_data.QueuedJob
    row: dict[str, Any] = field(default_factory=dict)

    @property
    def level(self) -> int:
        return max((i.level for i in self.interventions), default=1)

    @property
    def movement_kind(self) -> str:
        return self.model.movement_kind


def _o_rings(ctx: DemoContext) -> dict[Size, list[SupplyInfo]]:
    """The catalog's O-rings by size, smallest first (flat gaskets also have an outer diameter)."""
    sizes: dict[Size, list[SupplyInfo]] = {}
    for s in ctx.catalog.supplies:
        if s.category == "gasket" and "section" in s.attributes and "outer_diameter" not in s.attributes:
            sizes.setdefault((s.attributes["inner_diameter"]["value"], s.attributes["section"]["value"]), []).append(s)
    return dict(sorted(sizes.items()))


def _apportion(total: int, weights: dict[str, int]) -> list[str]:
    """`total` statuses in the proportions of `weights`, largest remainders first."""
    scale = sum(weights.values())
    exact = {status: total * weight / scale for status, weight in weights.items()}
    counts = {status: int(value) for status, value in exact.items()}
    by_remainder = sorted(weights, key=lambda status: exact[status] - counts[status], reverse=True)
    for status in by_remainder[: total - sum(counts.values())]:
        counts[status] += 1
    return [status for status, count in counts.items() for _ in range(count)]


class _OrderMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.models_by_job = {
            "quartz": [m for m in data.WATCH_MODELS if m.movement_kind == "quartz"],
            "mechanical": [m for m in data.WATCH_MODELS if m.movement_kind != "quartz"],
            "casing": [m for m in data.WATCH_MODELS if m.water_resistance_text],
            "polishing": [m for m in data.WATCH_MODELS if not m.vintage],
        }
        self.o_rings = sorted(_o_rings(ctx))
        self.crystals: dict[str, list[float]] = {}
        for supply in ctx.catalog.supplies:
            if supply.category == "crystal" and "diameter" in supply.attributes:
                material = supply.key.split("_")[1]
                self.crystals.setdefault(material, []).append(supply.attributes["diameter"]["value"])

    def interventions(self, job: tuple[str, ...], kind: str) -> list[InterventionInfo]:
        catalog = self.ctx.catalog.interventions
        keys = [data.FULL_SERVICE_BY_KIND.get(kind, "") if key == data.FULL_SERVICE else key for key in job]
        chosen = [catalog[k] for k in dict.fromkeys(keys) if k in catalog and kind in catalog[k].movement_kinds]
        if not chosen:  # a catalog without these keys: any intervention that fits the movement
            fitting = [i for i in catalog.values() if kind in i.movement_kinds]
            chosen = [self.rng.choice(fitting)] if fitting else []
        return chosen

    def plan(self, job_kind: str, status: str, model: data.WatchModel | None = None,
             job: tuple[str, ...] | None = None) -> PlannedOrder:
        if model is None:
            models = self.models_by_job[job_kind]
            # Vintage watches are a minority of the work, but a regular one.
            model = self.rng.choices(models, weights=[1 if m.vintage else 4 for m in models])[0]
        job = job or self.rng.choice(data.JOBS[job_kind])
        return PlannedOrder(model, self.interventions(job, model.movement_kind), status)

    def gasket(self, model: data.WatchModel,
               pick: Callable[[list[Size]], Size] | None = None) -> tuple[float | None, float | None]:
        """A case-back O-ring of a size the catalog holds, about 12 mm under the case diameter;
        its section drawn, or chosen by `pick` among the (inner diameter, section) sizes."""
        if not model.water_resistance_text or not self.o_rings:
            return None, None
        target = model.case_diameter_mm - 12
        inner = min({d for d, _ in self.o_rings}, key=lambda d: (abs(d - target), d))
        return (pick or self.rng.choice)([size for size in self.o_rings if size[0] == inner])

    def crystal(self, model: data.WatchModel) -> float | None:
        """A crystal size the catalog stocks, about 9 mm under the case diameter (pocket watches
        and other sizes the catalog does not stock have none recorded)."""
        target = model.case_diameter_mm - 9
        sizes = [d for d in self.crystals.get(model.crystal, []) if abs(d - target) <= 3]
        return min(sizes, key=lambda d: (abs(d - target), d)) if sizes else None

    def dates(self, order: PlannedOrder) -> None:
        rng, today = self.rng, self.ctx.today
        if order.status == "done":
            age = rng.randint(12, self.ctx.profile.history_days)
        else:
            age = rng.randint(*AGE_DAYS[order.status])
        order.received_on = today - timedelta(days=age)
        turnaround = rng.randint(3, 7) if rng.random() < 0.1 else rng.randint(10, 35)
        order.deadline = order.received_on + timedelta(days=turnaround)

    def row(self, order: PlannedOrder) -> dict[str, Any]:
        rng, model = self.rng, order.model
        gasket = self.gasket(model)
        if model.luminous == "radium":
            notes = data.RADIUM_NOTE
        elif model.luminous == "tritium":
            notes = data.TRITIUM_NOTE
        elif model.uncatalogued_calibre:
            notes = f"Calibre {model.uncatalogued_calibre}, absent du catalogue"
        else:
            notes = rng.choice(data.RECEPTION_NOTES)
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
            "crystal_diameter_mm": self.crystal(model), "lug_width_mm": model.lug_width_mm,
            "vintage": model.vintage, "luminous": model.luminous, "level": order.level,
            "bench_id": order.bench.id if order.bench else None,
            "technician_id": order.technician.id if order.technician else None,
        }


def _eligible(people: list[StaffRow], order: PlannedOrder) -> list[StaffRow]:
    return [p for p in people if p.level >= order.level and order.movement_kind in p.movement_kinds]


def _orders_in_progress(ctx: DemoContext, maker: _OrderMaker) -> list[PlannedOrder]:
    rng = ctx.rng
    free = ctx.workers()
    planned: list[PlannedOrder] = []
    for bench in ctx.benches:
        if bench.kind not in ctx.profile.occupied_bench_kinds or rng.random() >= ctx.profile.bench_occupancy:
            continue
        jobs = list(data.JOBS[bench.kind])
        rng.shuffle(jobs)
        for job in jobs:
            order = maker.plan(bench.kind, "in_progress", job=job)
            needs = {feature for i in order.interventions for feature in i.bench_features}
            # Technicians take the bench work; a lead steps in only when no technician can.
            people = _eligible([p for p in free if p.role == "technician"], order) or _eligible(free, order)
            if order.interventions and needs <= set(bench.features) and people:
                order.bench, order.technician = bench, rng.choice(people)
                free.remove(order.technician)
                planned.append(order)
                break
    return planned


def _other_orders(ctx: DemoContext, maker: _OrderMaker, count: int) -> list[PlannedOrder]:
    rng = ctx.rng
    statuses = _apportion(count, ctx.profile.status_mix)
    vintage = {m.luminous: m for m in data.WATCH_MODELS if m.vintage and m.luminous in ("radium", "tritium")}
    # Two vintage watches every demo shows: a radium dial waiting for diagnosis, a tritium one
    # accepted for a full service.
    featured = [("received", "radium", ("diagnosis",)), ("accepted", "tritium", (data.FULL_SERVICE,))]
    planned = []
    for status, luminous, job in featured:
        if status in statuses and luminous in vintage:
            statuses.remove(status)
            planned.append(maker.plan("mechanical", status, vintage[luminous], job))
            planned[-1].featured = True
    kinds, weights = list(data.JOB_KIND_WEIGHTS), list(data.JOB_KIND_WEIGHTS.values())
    for status in statuses:
        planned.append(maker.plan(rng.choices(kinds, weights=weights)[0], status))
    workers = ctx.workers()
    for order in planned:
        if order.status in ("quality_control", "done"):
            people = _eligible(workers, order)
            order.technician = rng.choice(people) if people else None
    return planned


def create_orders(ctx: DemoContext) -> None:
    maker = _OrderMaker(ctx)
    in_progress = _orders_in_progress(ctx, maker)
    orders = in_progress + _other_orders(ctx, maker, ctx.profile.orders - len(in_progress))
    for order in orders:
        maker.dates(order)
    if in_progress:  # at least one job already late
        first = in_progress[0]
        first.deadline = ctx.today - timedelta(days=2)
        first.received_on = first.deadline - timedelta(days=ctx.rng.randint(10, 20))
    for order in orders:
        order.row = maker.row(order)
    queued = _queue_on_benches(ctx, maker, orders)
    _number_by_reception(orders)
    ctx.insert(RepairOrder, "repair_order", [order.row for order in orders])
    reference_ids = select(RepairOrder.reference, RepairOrder.id).where(RepairOrder.site_id == ctx.site_id)
    ids = dict(ctx.connection.execute(reference_ids).all())
    ctx.insert(OrderIntervention, "order_intervention", [
        {"order_id": ids[order.row["reference"]], "intervention_type_id": intervention.id, "position": position}
        for order in orders
        for position, intervention in enumerate(order.interventions)
    ])
    _open_sheets(ctx, in_progress, ids)
    ctx.worked_orders = [(o.received_on, ids[o.row["reference"]]) for o in orders if o.status in WORKED_STATUSES]
    ctx.gasket_out_of_stock = [ids[o.row["reference"]] for o in queued if o.gasket_out_of_stock]
    for order in in_progress:
        assert order.bench and order.technician
        bench_id, technician_id = order.bench.id, order.technician.id
        ctx.connection.execute(update(Bench).where(Bench.id == bench_id).values(technician_id=technician_id))
        ctx.bench_technician[bench_id] = technician_id
        ctx.bench_facts[bench_id] = _watch_facts(order)
    for order in queued:  # a bench nobody held is now held by the technician its work waits for
        assert order.bench and order.technician
        bench_id, technician_id = order.bench.id, order.technician.id
        if bench_id in ctx.bench_technician or bench_id in ctx.queue_technician:
            continue
        ctx.connection.execute(update(Bench).where(Bench.id == bench_id).values(technician_id=technician_id))
        ctx.queue_technician[bench_id] = technician_id
        ctx.queue_facts[bench_id] = _watch_facts(order)


def _open_sheets(ctx: DemoContext, orders: list[PlannedOrder], ids: dict[str, int]) -> None:
    """Every order in progress has its sheet, as starting it would have opened it (issue 17: an
    order in progress without one was a dead end): on its bench, for its technician, opened this
    morning, the steps of its interventions none ticked. No draw: the rest of the demo stays as drawn."""
    if not orders:
        return
    type_ids = {intervention.id for order in orders for intervention in order.interventions}
    steps = dict(ctx.connection.execute(select(InterventionType.id, InterventionType.steps).where(InterventionType.id.in_(type_ids))).all())
    opened = ctx.at(ctx.today, 8, 30)
    order_ids = [ids[order.row["reference"]] for order in orders]
    ctx.insert(InterventionSheet, "intervention_sheet", [
        {"order_id": ids[order.row["reference"]], "bench_id": order.bench.id, "technician_id": order.technician.id,  # type: ignore[union-attr]
         "opened_at": opened, "status": "open", "verdict": {}, "concession_reason": ""}
        for order in orders
    ])
    sheet_ids = dict(ctx.connection.execute(
        select(InterventionSheet.order_id, InterventionSheet.id).where(InterventionSheet.order_id.in_(order_ids))).all())
    entries = []
    for order in orders:
        sheet_id, position = sheet_ids[ids[order.row["reference"]]], 0
        for intervention in order.interventions:
            for index, step in enumerate(steps.get(intervention.id) or []):
                entries.append({"sheet_id": sheet_id, "kind": "step", "position": position, "text": step.get("en", ""),
                                "category": f"{intervention.key}#{index}"})
                position += 1
    ctx.insert(SheetEntry, "sheet_entry", entries)


def _queue_on_benches(ctx: DemoContext, maker: _OrderMaker, orders: list[PlannedOrder]) -> list[PlannedOrder]:
    """Gives waiting orders the jobs of demo_data.BENCH_QUEUE, each on its bench for the person
    who holds the bench, or, on a bench nobody holds, for the least senior technician free and
    cleared for it. An order keeps what was drawn for it (dates, customer, serial number); its
    watch, job and note are replaced without a draw, so the rest of the demo stays as drawn. A
    job that does not fit its bench or its technician (a large workshop's random draw) is left
    out."""
    benches = {bench.code: bench for bench in ctx.benches}
    holders = {order.bench.id: order.technician for order in orders if order.bench and order.technician}
    taken = {person.id for person in holders.values()}
    # A vintage watch keeps its own story (its dial, its calibre).
    waiting = [o for o in orders if o.status in WAITING_STATUSES and o.bench is None and not o.featured and not o.model.vintage]
    catalog = ctx.catalog.interventions
    technicians = [person for person in ctx.workers() if person.role == "technician"]
    queued: list[PlannedOrder] = []
    for spec in data.BENCH_QUEUE:
        bench = benches.get(spec.bench)
        order = next((o for o in waiting if o.status == spec.status), None)
        if bench is None or order is None or not all(key in catalog for key in spec.job):
            continue
        job = PlannedOrder(spec.model, [catalog[key] for key in spec.job], spec.status)
        needs = {feature for intervention in job.interventions for feature in intervention.bench_features}
        fits = all(job.movement_kind in intervention.movement_kinds for intervention in job.interventions)
        holder = holders.get(bench.id)
        if holder is not None:
            technician = holder if _eligible([holder], job) else None
        else:
            free = [person for person in technicians if person.id not in taken]
            technician = min(_eligible(free, job), key=lambda person: person.level, default=None)
        if not fits or not needs <= set(bench.features) or technician is None:
            continue
        waiting.remove(order)
        holders[bench.id] = technician
        taken.add(technician.id)
        order.model, order.interventions, order.featured = spec.model, job.interventions, True
        order.bench, order.technician = bench, technician
        order.row.update(maker.watch_columns(order, maker.gasket(spec.model, pick=min)), reception_notes=spec.note)
        order.gasket_out_of_stock = spec.gasket_out_of_stock
        queued.append(order)
    return queued


def fit_gaskets_out_of_stock(ctx: DemoContext) -> None:
    """A stage after demo_stock: the waiting orders planted to lack their O-ring get a size close
    to their watch's (within GASKET_LEEWAY_MM) of which the store holds none, preferring one the
    workshop keeps no reorder point for (nobody would expect it in stock), now that the stock is
    known. An order with no such size keeps its own. No draw."""
    if not ctx.gasket_out_of_stock:
        return
    held = set(ctx.connection.execute(
        select(Lot.supply_type_id).where(Lot.site_id == ctx.site_id, Lot.status == "available", Lot.quantity_micro > 0)
    ).scalars())
    o_rings = _o_rings(ctx)
    held_sizes = {size for size, supplies in o_rings.items() if any(supply.id in held for supply in supplies)}
    lacking = [size for size in o_rings if size not in held_sizes]
    for order_id in ctx.gasket_out_of_stock:
        inner = ctx.connection.execute(select(RepairOrder.gasket_inner_diameter_mm).where(RepairOrder.id == order_id)).scalar()
        close = [size for size in lacking if inner is not None and abs(size[0] - inner) <= GASKET_LEEWAY_MM]
        if not close:
            continue
        size = min(close, key=lambda s: (abs(s[0] - inner), any(x.reorder_point_micro for x in o_rings[s]), s))
        ctx.connection.execute(update(RepairOrder).where(RepairOrder.id == order_id)
                               .values(gasket_inner_diameter_mm=size[0], gasket_section_mm=size[1]))


def _number_by_reception(orders: list[PlannedOrder]) -> None:
    """References follow reception: OR-<year>-<number within the year>."""
    orders.sort(key=lambda order: order.received_on)  # stable: same-day orders keep their order
    numbers: dict[int, int] = {}
    for order in orders:
        year = order.received_on.year
        numbers[year] = numbers.get(year, 0) + 1
        order.row["reference"] = f"OR-{year}-{numbers[year]:04d}"


def _watch_facts(order: PlannedOrder) -> list[str]:
    """The watch facts of docs/catalog-format.md that checklist conditions test."""
    facts = [f"movement:{order.movement_kind}"]
    if order.movement_kind in data.MECHANICAL_KINDS:
        facts.append("mechanical")
    if order.row.get("water_resistance_bar"):
        facts.append("water_resistant")
    if order.model.vintage:
        facts.append("vintage")
    if order.model.luminous in ("tritium", "radium"):
        facts += ["luminous", f"luminous:{order.model.luminous}"]
    return facts
