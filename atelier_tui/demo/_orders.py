"""Demo repair orders: where they stand, and who works on them. The orders in progress are made
bench by bench, so that each fits its bench (features, movement kind) and a free technician cleared
for it. Some orders waiting to start are then given the work queued on the first cell's benches
(_bench_queue)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from atelier_tui.demo._base import DemoContext
from atelier_tui.demo._bench_queue import queue_on_benches
from atelier_tui.demo._order_maker import OrderMaker, PlannedOrder, eligible
from atelier_tui.store.models import (
    Bench,
    InterventionSheet,
    InterventionType,
    OrderIntervention,
    RepairOrder,
    SheetEntry,
)

WORKED_STATUSES = ("in_progress", "quality_control", "done")
MECHANICAL_KINDS = ("manual", "automatic")


def _apportion(total: int, weights: dict[str, int]) -> list[str]:
    """`total` statuses in the proportions of `weights`, largest remainders first."""
    scale = sum(weights.values())
    exact = {status: total * weight / scale for status, weight in weights.items()}
    counts = {status: int(value) for status, value in exact.items()}
    by_remainder = sorted(weights, key=lambda status: exact[status] - counts[status], reverse=True)
    for status in by_remainder[: total - sum(counts.values())]:
        counts[status] += 1
    return [status for status, count in counts.items() for _ in range(count)]


def _orders_in_progress(ctx: DemoContext, maker: OrderMaker) -> list[PlannedOrder]:
    rng = ctx.rng
    free = ctx.workers()
    planned: list[PlannedOrder] = []
    for bench in ctx.benches:
        if bench.kind not in ctx.profile.occupied_bench_kinds or rng.random() >= ctx.profile.bench_occupancy:
            continue
        jobs = list(ctx.data.jobs.by_bench_kind[bench.kind])
        rng.shuffle(jobs)
        for job in jobs:
            order = maker.plan(bench.kind, "in_progress", job=job)
            needs = {feature for i in order.interventions for feature in i.bench_features}
            # Technicians take the bench work; a lead steps in only when no technician can.
            people = eligible([p for p in free if p.role == "technician"], order) or eligible(free, order)
            if order.interventions and needs <= set(bench.features) and people:
                order.bench, order.technician = bench, rng.choice(people)
                free.remove(order.technician)
                planned.append(order)
                break
    return planned


def _other_orders(ctx: DemoContext, maker: OrderMaker, count: int) -> list[PlannedOrder]:
    rng, jobs = ctx.rng, ctx.data.jobs
    statuses = _apportion(count, ctx.profile.status_mix)
    vintage = {m.luminous: m for m in ctx.data.watches.models if m.vintage and m.luminous in ("radium", "tritium")}
    # Two vintage watches every demo shows: a radium dial waiting for diagnosis, a tritium one
    # accepted for a full service.
    featured = [("received", "radium", ("diagnosis",)), ("accepted", "tritium", (jobs.full_service,))]
    planned = []
    for status, luminous, job in featured:
        if status in statuses and luminous in vintage:
            statuses.remove(status)
            planned.append(maker.plan("mechanical", status, vintage[luminous], job))
            planned[-1].featured = True
    kinds, weights = list(jobs.kind_weights), list(jobs.kind_weights.values())
    for status in statuses:
        planned.append(maker.plan(rng.choices(kinds, weights=weights)[0], status))
    workers = ctx.workers()
    for order in planned:
        if order.status in ("quality_control", "done"):
            people = eligible(workers, order)
            order.technician = rng.choice(people) if people else None
    return planned


def create_orders(ctx: DemoContext) -> None:
    maker = OrderMaker(ctx)
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
    queued = queue_on_benches(ctx, maker, orders)
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
    ctx.orders_on_benches = [
        (ids[o.row["reference"]], o.bench.id, o.technician.id, tuple(dict.fromkeys(c for i in o.interventions for c in i.checklists)),
         sorted(set(_watch_facts(o)) | {fact for i in o.interventions for fact in i.facts} | set(o.bench.features)))
        for o in queued if o.bench and o.technician
    ]
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
    if order.movement_kind in MECHANICAL_KINDS:
        facts.append("mechanical")
    if order.row.get("water_resistance_bar"):
        facts.append("water_resistant")
    if order.model.vintage:
        facts.append("vintage")
    if order.model.luminous in ("tritium", "radium"):
        facts += ["luminous", f"luminous:{order.model.luminous}"]
    return facts
