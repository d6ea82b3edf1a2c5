"""Demo stock: lots of catalog supplies and their ledger.

Each lot's story is written backwards from the quantity it should hold today: first the
decrements (consumption, inventory adjustments), then the receipt that covers them all. The
ledger of a lot therefore starts with its receipt, only goes down afterwards, and sums exactly to
the lot's quantity: it can never go negative along the way."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from atelier_tui.demo._base import DemoContext, SupplyInfo
from atelier_tui.demo._data import Stock
from atelier_tui.domain.units import to_micro
from atelier_tui.store.models import Lot, StockMovement

FRESHNESS = ("fresh", "expiring", "expired")
FRESHNESS_WEIGHTS = (82, 9, 9)
OPENING = ("sealed", "opened", "opened_past")  # opened_past: past its shelf life after opening
OPENING_WEIGHTS = (40, 45, 15)
ON_BENCH_CATEGORIES = ("lubricant", "epilame")  # opened bottles live on the bench that uses them


@dataclass
class LotStory:
    supply: SupplyInfo
    lot_number: str = ""
    under_reorder: bool = False
    first_of_type: bool = False
    freshness: str = "fresh"
    opening: str = "sealed"
    disposed: bool = False
    received_on: date = date.min
    expires_on: date | None = None
    opened_on: date | None = None
    location_id: int | None = None
    bench_id: int | None = None
    decrements: int = 0  # how many consumption or adjustment movements
    movements: list[dict[str, Any]] = field(default_factory=list)
    quantity_micro: int = 0


def _usage_micro(stock: Stock, supply: SupplyInfo) -> tuple[int, int]:
    pack, per_job = stock.usage_by_key.get(supply.key) or stock.usage_by_category_and_unit.get(
        (supply.category, supply.stock_unit), stock.default_usage
    )
    return to_micro(pack), to_micro(per_job)


def _choose_supplies(ctx: DemoContext) -> list[LotStory]:
    """Every supply the workshop keeps a reorder point for (and every calibre's battery) gets a
    lot; the other lots go mostly to those same supplies, some to the rest of the catalog."""
    rng = ctx.rng
    battery_ids = {c.battery_supply_type_id for c in ctx.catalog.calibres.values() if c.battery_supply_type_id}
    stocked = [s for s in ctx.catalog.supplies if s.reorder_point_micro > 0 or s.id in battery_ids]
    # Supplies left under their reorder point: one lot each, holding less than the point.
    can_run_short = [s for s in stocked if s.reorder_point_micro >= 4 * _usage_micro(ctx.data.stock, s)[1]]
    short_count = min(len(can_run_short), max(4, round(len(can_run_short) * 0.08)))
    short = {s.id for s in rng.sample(can_run_short, short_count)}
    chosen = stocked[: ctx.profile.lots]
    stocked_ids = {s.id for s in stocked}
    weights = [0 if s.id in short else 3 if s.id in stocked_ids else 1 for s in ctx.catalog.supplies]
    chosen += rng.choices(ctx.catalog.supplies, weights=weights, k=ctx.profile.lots - len(chosen))
    chosen.sort(key=lambda s: s.id)
    stories, seen = [], set()
    for supply in chosen:
        stories.append(LotStory(supply, under_reorder=supply.id in short, first_of_type=supply.id not in seen))
        seen.add(supply.id)
    return stories


def _draw_states(ctx: DemoContext, stories: list[LotStory]) -> None:
    rng = ctx.rng
    for story in stories:
        if story.supply.shelf_life_days:
            story.freshness = rng.choices(FRESHNESS, weights=FRESHNESS_WEIGHTS)[0]
        if story.supply.after_opening_days:
            story.opening = rng.choices(OPENING, weights=OPENING_WEIGHTS)[0]
        # Some expired lots were already thrown away; the others still wait on the shelf.
        story.disposed = story.freshness == "expired" and not story.under_reorder and rng.random() < 0.25
    _plant_states_chance_missed(stories)


def _plant_states_chance_missed(stories: list[LotStory]) -> None:
    """Every demo shows an expired lot still on the shelf, one expiring soon, and a bottle
    opened past its shelf life after opening: planted here if the draw gave none."""
    dated = [s for s in stories if s.supply.shelf_life_days and not s.under_reorder and not s.disposed]
    if dated and not any(s.freshness == "expired" and not s.disposed for s in stories):
        dated[0].freshness = "expired"
    fresh = [s for s in dated if s.freshness == "fresh"]
    if fresh and not any(s.freshness == "expiring" for s in stories):
        fresh[0].freshness = "expiring"
    openable = [s for s in stories if s.supply.after_opening_days and not s.disposed]
    if openable and not any(s.opening == "opened_past" for s in openable):
        openable[0].opening = "opened_past"


def _draw_dates_and_place(ctx: DemoContext, story: LotStory) -> None:
    rng, today, supply = ctx.rng, ctx.today, story.supply
    shelf = supply.shelf_life_days
    if shelf:
        if story.freshness == "expired":
            story.expires_on = today - timedelta(days=rng.randint(1, 120))
        elif story.freshness == "expiring":
            story.expires_on = today + timedelta(days=rng.randint(1, 29))
        else:
            story.expires_on = today + timedelta(days=rng.randint(60, max(61, shelf - 30)))
        # Received some weeks after it was made; never in the future.
        received = story.expires_on - timedelta(days=shelf - rng.randint(30, 180))
        story.received_on = min(received, today - timedelta(days=rng.randint(1, 30)))
    else:
        story.received_on = today - timedelta(days=rng.randint(5, 700))
    after_opening = supply.after_opening_days
    if after_opening and story.opening == "opened":
        open_days = min(after_opening - 1, (today - story.received_on).days)
        story.opened_on = today - timedelta(days=rng.randint(0, max(0, open_days)))
    elif after_opening and story.opening == "opened_past":
        story.opened_on = today - timedelta(days=after_opening + rng.randint(1, 90))
        story.received_on = min(story.received_on, story.opened_on - timedelta(days=rng.randint(1, 20)))
    mechanical = [b.id for b in ctx.benches if b.kind == "mechanical"]
    if story.opened_on and supply.category in ON_BENCH_CATEGORIES and mechanical and rng.random() < 0.5:
        story.bench_id = rng.choice(mechanical)
    else:
        role = ctx.data.workshop.supply_home.get(supply.category, "lubricants_consumables")
        story.location_id = rng.choice(ctx.locations_by_role[role])


def _usable_window(ctx: DemoContext, story: LotStory) -> tuple[datetime, datetime] | None:
    """When this lot could have been drawn from: opened, and not yet expired."""
    if story.supply.after_opening_days and story.opened_on is None:
        return None
    start = ctx.at(max(story.received_on, story.opened_on or story.received_on), 11)
    end = ctx.now
    if story.freshness == "expired" and story.expires_on:
        end = min(end, ctx.at(story.expires_on, 8))
    return (start, end) if end > start + timedelta(hours=1) else None


def _allot_decrements(ctx: DemoContext, stories: list[LotStory], windows: list[Any]) -> None:
    rng = ctx.rng
    usable = [i for i, window in enumerate(windows) if window is not None]
    if ctx.profile.movements is None:
        for i in usable:
            stories[i].decrements = rng.choice((0, 1, 1, 2, 3, 4))
        return
    disposals = sum(1 for s in stories if s.disposed)
    wanted = ctx.profile.movements - len(stories) - disposals
    if not usable or wanted < 0:
        raise ValueError(f"cannot spread {ctx.profile.movements} movements over {len(stories)} lots")
    base, extra = divmod(wanted, len(usable))
    rng.shuffle(usable)
    for rank, i in enumerate(usable):
        stories[i].decrements = base + (1 if rank < extra else 0)


class _LedgerWriter:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        # Consumption is booked against orders someone worked on, received before it happened.
        self.order_days = [day for day, _ in ctx.worked_orders]
        self.order_ids = [order_id for _, order_id in ctx.worked_orders]
        self.receivers = [p.id for p in ctx.staff if p.role in ("lead", "admin")]
        self.workers = [p.id for p in ctx.workers()]

    def write(self, story: LotStory, window: tuple[datetime, datetime] | None) -> None:
        ctx, rng, supply = self.ctx, self.ctx.rng, story.supply
        pack, per_job = _usage_micro(ctx.data.stock, supply)
        texts = ctx.data.stock.texts
        decrements: list[tuple[datetime, str, int]] = []
        if window is not None and story.decrements:
            span = int((window[1] - window[0]).total_seconds())
            moments = sorted(window[0] + timedelta(seconds=rng.randint(0, span)) for _ in range(story.decrements))
            for moment in moments:
                kind = "consumption" if rng.random() < 0.9 else "adjustment"
                decrements.append((moment, kind, per_job * rng.choice((1, 1, 1, 2))))
        used = sum(amount for _, _, amount in decrements)
        if story.under_reorder:
            # A supply running short has this one lot, holding 30-70 % of the reorder point.
            final = int(supply.reorder_point_micro * rng.uniform(0.3, 0.7) // per_job) * per_job
            receipt = final + used
        else:
            final = pack * rng.randint(1, 4)
            if story.first_of_type:  # keeps the supply at or above its reorder point
                final = max(final, math.ceil(supply.reorder_point_micro / pack) * pack)
            receipt = math.ceil((final + used) / pack) * pack  # deliveries come in whole packs
            final = receipt - used
        blank = {"lot_id": 0, "supply_type_id": supply.id, "actor_id": None, "order_id": None, "reason": "",
                 "waste_stream": None, "from_location_id": None, "to_location_id": None}
        story.movements.append(blank | {
            "kind": "receipt", "quantity_micro": receipt, "at": ctx.at(story.received_on, 9, rng.randint(0, 59)),
            "actor_id": rng.choice(self.receivers), "reason": texts["receipt"],
            "to_location_id": story.location_id,
        })
        for moment, kind, amount in decrements:
            row = blank | {"kind": kind, "quantity_micro": -amount, "at": moment, "actor_id": rng.choice(self.workers)}
            if kind == "adjustment":
                row["reason"] = texts["adjustment"]
            else:
                known = bisect.bisect_right(self.order_days, moment.date())
                if known and rng.random() < 0.8:
                    row["order_id"] = self.order_ids[rng.randrange(known)]
            story.movements.append(row)
        if story.disposed:
            after_last = story.movements[-1]["at"] + timedelta(hours=1)
            found_expired = ctx.at((story.expires_on or ctx.today) + timedelta(days=rng.randint(1, 20)), 16)
            story.movements.append(blank | {
                "kind": "disposal", "quantity_micro": -final, "at": min(max(after_last, found_expired), ctx.now),
                "actor_id": rng.choice(self.receivers), "reason": texts["disposal"],
                "waste_stream": supply.waste_stream, "from_location_id": story.location_id,
            })
            final = 0
        story.quantity_micro = final


def create_stock(ctx: DemoContext) -> None:
    stories = _choose_supplies(ctx)
    _draw_states(ctx, stories)
    for number, story in enumerate(stories, start=1):
        _draw_dates_and_place(ctx, story)
        story.lot_number = f"L{story.received_on:%y%m}-{number:04d}"
    windows = [_usable_window(ctx, story) for story in stories]
    _allot_decrements(ctx, stories, windows)
    writer = _LedgerWriter(ctx)
    for story, window in zip(stories, windows, strict=True):
        writer.write(story, window)
    ctx.insert(Lot, "lot", [
        {"supply_type_id": s.supply.id, "site_id": ctx.site_id, "lot_number": s.lot_number,
         "location_id": s.location_id, "bench_id": s.bench_id, "quantity_micro": s.quantity_micro, "reserved_micro": 0,
         "received_on": s.received_on, "expires_on": s.expires_on, "opened_on": s.opened_on,
         "status": "disposed" if s.disposed else "available", "version": 1}
        for s in stories
    ])
    lot_ids = dict(ctx.connection.execute(select(Lot.lot_number, Lot.id).where(Lot.site_id == ctx.site_id)).all())
    ledger: list[dict[str, Any]] = []
    for story in stories:
        for row in story.movements:
            row["lot_id"] = lot_ids[story.lot_number]
            ledger.append(row)
    # The ledger is append-only: its ids follow time, as if it had been written day by day.
    ledger.sort(key=lambda row: (row["at"], row["lot_id"]))
    ctx.insert(StockMovement, "stock_movement", ledger)
