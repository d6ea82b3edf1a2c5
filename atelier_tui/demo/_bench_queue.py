"""The work waiting on the first cell's benches (data/jobs.toml, bench_queue): orders waiting to
start are given its jobs, each on its bench for a technician cleared for it; and, once the stock is
known, the order planted to lack its O-ring is given a size the store holds none of."""

from __future__ import annotations

from sqlalchemy import select, update

from atelier_tui.demo._base import DemoContext
from atelier_tui.demo._order_maker import OrderMaker, PlannedOrder, eligible, o_rings
from atelier_tui.store.models import Lot, RepairOrder

WAITING_STATUSES = ("received", "accepted", "ready")  # the statuses the demo gives that work can start from
GASKET_LEEWAY_MM = 1.0  # how far a case-back O-ring's inner diameter may be from the one first chosen


def queue_on_benches(ctx: DemoContext, maker: OrderMaker, orders: list[PlannedOrder]) -> list[PlannedOrder]:
    """Gives waiting orders the jobs of the bench queue, each on its bench for the person
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
    for spec in ctx.data.jobs.bench_queue:
        bench = benches.get(spec.bench)
        order = next((o for o in waiting if o.status == spec.status), None)
        if bench is None or order is None or not all(key in catalog for key in spec.job):
            continue
        job = PlannedOrder(spec.model, [catalog[key] for key in spec.job], spec.status)
        needs = {feature for intervention in job.interventions for feature in intervention.bench_features}
        fits = all(job.movement_kind in intervention.movement_kinds for intervention in job.interventions)
        holder = holders.get(bench.id)
        if holder is not None:
            technician = holder if eligible([holder], job) else None
        else:
            free = [person for person in technicians if person.id not in taken]
            technician = min(eligible(free, job), key=lambda person: person.level, default=None)
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
    """A stage after _stock: the waiting orders planted to lack their O-ring get a size close
    to their watch's (within GASKET_LEEWAY_MM) of which the store holds none, preferring one the
    workshop keeps no reorder point for (nobody would expect it in stock), now that the stock is
    known. An order with no such size keeps its own. No draw."""
    if not ctx.gasket_out_of_stock:
        return
    held = set(ctx.connection.execute(
        select(Lot.supply_type_id).where(Lot.site_id == ctx.site_id, Lot.status == "available", Lot.quantity_micro > 0)
    ).scalars())
    sizes = o_rings(ctx)
    held_sizes = {size for size, supplies in sizes.items() if any(supply.id in held for supply in supplies)}
    lacking = [size for size in sizes if size not in held_sizes]
    for order_id in ctx.gasket_out_of_stock:
        inner = ctx.connection.execute(select(RepairOrder.gasket_inner_diameter_mm).where(RepairOrder.id == order_id)).scalar()
        close = [size for size in lacking if inner is not None and abs(size[0] - inner) <= GASKET_LEEWAY_MM]
        if not close:
            continue
        size = min(close, key=lambda s: (abs(s[0] - inner), any(x.reorder_point_micro for x in sizes[s]), s))
        ctx.connection.execute(update(RepairOrder).where(RepairOrder.id == order_id)
                               .values(gasket_inner_diameter_mm=size[0], gasket_section_mm=size[1]))
