"""A tiny workshop built for racing: few tools, few lots with small quantities, one bench, one
technician and one repair order per worker process, so that the processes of
tests/support/concurrency_worker.py really collide. Also starts those processes and checks afterwards,
from the database alone, that every success they reported is there exactly once.

Used by tests/services/test_concurrency_stress.py and tests/perf/test_concurrency_perf.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from atelier_tui.domain.units import to_micro
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor
from atelier_tui.services.stock import ledger as stock
from atelier_tui.store.audit_models import AuditEvent
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import (
    Bench,
    Location,
    Lot,
    RepairOrder,
    SheetLotUse,
    Site,
    Staff,
    StockMovement,
    SupplyType,
    Tool,
    ToolType,
)

ROOT = Path(__file__).resolve().parents[2]
SUPPLY = "battery_sr626sw"  # counted in pieces
TOOL_TYPES = ("timegrapher", "esd_wrist_strap", "wr_tester_dry")
START = datetime(2026, 11, 27, 8, 0, tzinfo=UTC)

# The refusals a person racing another bench may get, by operation: anything else is a failure.
REFUSALS = {
    "check_out": {"taken": "is already checked out to bench"},
    "check_in": {"not_out": "is not checked out"},
    "stray_check_in": {"not_out": "is not checked out"},
    "consume": {"short": "cannot take"},
    "reserve": {"short": "was taken by another bench meanwhile"},
    "release": {},
    "adjust": {},
}


@dataclass
class World:
    url: str
    supply: str
    tools: list[str]
    lots: dict[str, int]  # lot number -> pieces received
    benches: list[str]  # one per worker
    technicians: list[dict[str, Any]]  # one Actor (as a dict) per worker
    lead: dict[str, Any]
    orders: list[int]  # one repair order id per worker
    bench_ids: dict[str, int] = field(default_factory=dict)


def build_world(engine: Engine, url: str, workers: int, tools: int = 3, lots: dict[str, int] | None = None) -> World:
    """The site, a cabinet, `workers` benches each with its technician and an order, `tools` tools
    at home in the cabinet, and the lots received through the stock service (receipt movements)."""
    lots = lots or {"L1": 4, "L2": 4}
    with write_session(engine) as session:
        site = Site(code="RACE", name="Race")
        session.add(site)
        session.flush()
        cabinet = Location(site_id=site.id, code="C1", name="Cabinet 1")
        lead = Staff(site_id=site.id, login="race-lead", display_name="Lea Lead", role="lead", level=3)
        people = [Staff(site_id=site.id, login=f"tech{i:02d}", display_name=f"Tech {i}", role="technician", level=2)
                  for i in range(workers)]
        session.add_all([cabinet, lead, *people])
        session.flush()
        benches = [Bench(site_id=site.id, code=f"B{i:02d}", name=f"Bench {i}", technician_id=people[i].id) for i in range(workers)]
        session.add_all(benches)
        session.flush()
        types = dict(session.execute(select(ToolType.key, ToolType.id)).all())
        tags = [f"T-{n + 1:02d}" for n in range(tools)]
        session.add_all(Tool(asset_tag=tag, tool_type_id=types[TOOL_TYPES[n % len(TOOL_TYPES)]], site_id=site.id,
                             home_location_id=cabinet.id) for n, tag in enumerate(tags))
        orders = [RepairOrder(reference=f"RACE-{i:02d}", site_id=site.id, movement_kind="quartz", battery="377",
                              received_on=START.date(), deadline=START.date() + timedelta(days=7), status="accepted",
                              bench_id=benches[i].id, technician_id=people[i].id) for i in range(workers)]
        session.add_all(orders)
        session.flush()
        world = World(
            url=url, supply=SUPPLY, tools=tags, lots=dict(lots), benches=[b.code for b in benches],
            technicians=[{"login": p.login, "role": "technician", "staff_id": p.id} for p in people],
            lead={"login": lead.login, "role": "lead", "staff_id": lead.id},
            orders=[o.id for o in orders], bench_ids={b.code: b.id for b in benches},
        )
    for number, pieces in lots.items():
        stock.receive_lot(engine, Actor(**world.lead), START, SUPPLY, number, f"{pieces} piece", "C1")
    return world


def run_workers(world: World, folder: Path, mode: str, seconds: float, workers: int | None = None,
                extra: dict[str, Any] | None = None, start_timeout: float = 120.0) -> list[dict[str, Any]]:
    """Start the worker processes (one launcher that forks them, see tests/support/concurrency_worker.py),
    release them together once every one is connected, wait for their result files. Returns one
    result per worker."""
    workers = workers or len(world.benches)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(workers):
        config = {"url": world.url, "folder": str(folder), "index": index, "workers": workers, "mode": mode,
                  "seconds": seconds, "seed": 1000 + index, "supply": world.supply, "tools": world.tools,
                  "lots": sorted(world.lots), "bench": world.benches[index], "technician": world.technicians[index],
                  "lead": world.lead, "order_id": world.orders[index], **(extra or {})}
        path = folder / f"config-{index}.json"
        path.write_text(json.dumps(config))
        paths.append(str(path))
    with open(folder / "workers.log", "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "tests.support.concurrency_worker", *paths], cwd=ROOT,
                                   env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=log)
        try:
            deadline = time.monotonic() + start_timeout
            while not all((folder / f"ready-{i}").exists() for i in range(workers)):
                if process.poll() is not None:
                    raise AssertionError(f"the workers stopped before the start: {_log(folder)}")
                if time.monotonic() > deadline:
                    raise AssertionError(f"the workers did not all start in time: {_log(folder)}")
                time.sleep(0.01)
            go = folder / "go.tmp"
            go.write_text(repr(time.time()))
            go.rename(folder / "go")
            code = process.wait(timeout=seconds + start_timeout)
            assert code == 0, f"a worker failed (exit {code}): {_log(folder)}"
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    return [json.loads((folder / f"result-{i}.json").read_text()) for i in range(workers)]


def _log(folder: Path) -> str:
    return (folder / "workers.log").read_text(errors="replace")[-3000:]
# --- What the database must show afterwards.

@dataclass
class Findings:
    lost_updates: list[str] = field(default_factory=list)  # (a) a reported success missing, doubled or overwritten
    negative_stock: list[str] = field(default_factory=list)  # (b)
    ledger: list[str] = field(default_factory=list)  # (c) movements do not add up to the lot
    two_benches: list[str] = field(default_factory=list)  # (d) a tool's history or final state is impossible
    chain: list[str] = field(default_factory=list)  # (e)
    unexpected: list[str] = field(default_factory=list)  # errors and refusals no racing person should see

    def problems(self) -> int:
        return sum(len(v) for v in (self.lost_updates, self.negative_stock, self.ledger, self.two_benches, self.chain))


def successes(results: list[dict[str, Any]]) -> list[tuple[str, str, int | None, str]]:
    return [(op, key, version, bench) for result in results for op, key, version, bench in result["successes"]]


def refusals(results: list[dict[str, Any]]) -> Counter[str]:
    counted: Counter[str] = Counter()
    for result in results:
        counted.update(result["refusals"])
    return counted


def _state(snapshot: dict[str, Any] | None) -> tuple[Any, ...] | None:
    return None if snapshot is None else (snapshot.get("status"), snapshot.get("bench_id"), snapshot.get("version"))


def verify(engine: Engine, world: World, results: list[dict[str, Any]]) -> Findings:
    found = Findings()
    for result in results:
        found.unexpected.extend(f"worker {result['index']}: {e}" for e in result["errors"])
    done = successes(results)
    by_key: dict[tuple[str, str], list[tuple[int | None, str]]] = defaultdict(list)
    for op, key, version, bench in done:
        by_key[(op, key)].append((version, bench))
    count = Counter((op, key) for op, key, _, _ in done)
    with read_session(engine) as session:
        _verify_tools(session, world, by_key, count, found)
        _verify_lots(session, world, count, found)
    broken = audit.verify_chain(engine)
    if broken is not None:
        found.chain.append(f"audit chain broken: {broken}")
    return found


def _verify_tools(session, world: World, by_key, count: Counter, found: Findings) -> None:  # type: ignore[no-untyped-def]
    for tag in world.tools:
        tool = session.execute(select(Tool).where(Tool.asset_tag == tag)).scalar_one()
        events = session.execute(select(AuditEvent).where(AuditEvent.entity == "tool", AuditEvent.entity_key == tag)
                                 .order_by(AuditEvent.id)).scalars().all()
        actions = Counter(e.action for e in events)
        reported_out = count[("check_out", tag)]
        reported_in = count[("check_in", tag)] + count[("stray_check_in", tag)]
        if actions["check_out"] != reported_out or actions["check_in"] != reported_in:
            found.lost_updates.append(f"{tag}: workers report {reported_out} check-outs and {reported_in} check-ins, the audit "
                                      f"trail has {actions['check_out']} and {actions['check_in']}")
        # Every success changed the tool once: its version counts them, and no two successes share one.
        versions = sorted(v for op in ("check_out", "check_in", "stray_check_in") for v, _ in by_key[(op, tag)])
        if tool.version != 1 + reported_out + reported_in or versions != list(range(2, tool.version + 1)):
            duplicated = sorted(v for v, n in Counter(versions).items() if n > 1)
            found.lost_updates.append(f"{tag}: version {tool.version} after {reported_out + reported_in} reported changes "
                                      f"(versions reported twice: {duplicated[:10]})")
        # The trail is one unbroken story: each event starts from the state the one before left,
        # check-outs and check-ins alternate (a tool is on one bench at a time), and the tool is
        # now where the last event put it.
        state: tuple[Any, ...] | None = ("in_service", None, 1)
        previous = "check_in"
        after_by_version = {}
        for event in events:
            if _state(event.before) != state:
                found.lost_updates.append(f"{tag}: event {event.id} ({event.action}) starts from {_state(event.before)}, "
                                          f"the event before left {state}")
            if event.action == previous:
                found.two_benches.append(f"{tag}: event {event.id} is a second {event.action} in a row "
                                         f"(bench {event.after.get('bench_id')})")
            state, previous = _state(event.after), event.action
            after_by_version[event.after.get("version")] = event
        if (tool.status, tool.bench_id, tool.version) != state:
            found.two_benches.append(f"{tag}: now {(tool.status, tool.bench_id, tool.version)}, the last event left {state}")
        if (tool.status == "checked_out" and tool.bench_id is None) or (tool.status == "in_service" and tool.bench_id is not None):
            found.two_benches.append(f"{tag}: status {tool.status} with bench {tool.bench_id}")
        for version, bench in by_key[("check_out", tag)]:
            event = after_by_version.get(version)
            if event is None or event.action != "check_out" or event.after.get("bench_id") != world.bench_ids[bench]:
                found.two_benches.append(f"{tag}: the check-out to {bench} (version {version}) is not in the trail as such")


def _verify_lots(session, world: World, count: Counter, found: Findings) -> None:  # type: ignore[no-untyped-def]
    supply_id = session.execute(select(SupplyType.id).where(SupplyType.key == world.supply)).scalar_one()
    for number, pieces in world.lots.items():
        lot = session.execute(select(Lot).where(Lot.supply_type_id == supply_id, Lot.lot_number == number)).scalar_one()
        key = f"{world.supply}/{number}"
        consumed, adjusted = count[("consume", key)], count[("adjust", key)]
        reserved, released = count[("reserve", key)], count[("release", key)]
        if lot.quantity_micro < 0 or lot.reserved_micro < 0 or lot.reserved_micro > lot.quantity_micro:
            found.negative_stock.append(f"{key}: quantity {lot.quantity_micro}, reserved {lot.reserved_micro}")
        movements = session.execute(select(StockMovement.kind, func.count(), func.sum(StockMovement.quantity_micro))
                                    .where(StockMovement.lot_id == lot.id).group_by(StockMovement.kind)).all()
        kinds = {kind: (n, int(total)) for kind, n, total in movements}
        ledger = sum(total for _, total in kinds.values())
        if ledger != lot.quantity_micro:
            found.ledger.append(f"{key}: movements sum to {ledger}, the lot holds {lot.quantity_micro}")
        if kinds.get("receipt", (0, 0)) != (1, to_micro(pieces)):
            found.ledger.append(f"{key}: receipt movements {kinds.get('receipt')}, expected one of {pieces} pieces")
        if kinds.get("consumption", (0, 0))[0] != consumed or kinds.get("adjustment", (0, 0))[0] != adjusted:
            found.lost_updates.append(f"{key}: workers report {consumed} consumptions and {adjusted} adjustments, the ledger has "
                                      f"{kinds.get('consumption', (0, 0))[0]} and {kinds.get('adjustment', (0, 0))[0]}")
        # What the workers did, replayed: received + adjustments (each +ADJUST_PIECES) - consumptions.
        expected = to_micro(pieces + adjusted * ADJUST_PIECES - consumed)
        if lot.quantity_micro != expected:
            found.lost_updates.append(f"{key}: holds {lot.quantity_micro}, the reported successes leave {expected}")
        if lot.version != 1 + consumed + adjusted + reserved + released:
            found.lost_updates.append(f"{key}: version {lot.version} after {consumed + adjusted + reserved + released} reported changes")
        uses = session.execute(select(SheetLotUse.state, func.count(), func.sum(SheetLotUse.quantity_micro))
                               .where(SheetLotUse.lot_id == lot.id).group_by(SheetLotUse.state)).all()
        states = {state: (n, int(total)) for state, n, total in uses}
        held = states.get("reserved", (0, 0))
        if held[1] != lot.reserved_micro:
            found.ledger.append(f"{key}: reservations held add up to {held[1]}, the lot says {lot.reserved_micro} reserved")
        if held[0] + states.get("released", (0, 0))[0] != reserved or states.get("released", (0, 0))[0] != released:
            found.lost_updates.append(f"{key}: workers report {reserved} reservations and {released} releases, the table has "
                                      f"{states}")
        events = Counter(session.execute(select(AuditEvent.action).where(AuditEvent.entity == "lot", AuditEvent.entity_key == key)).scalars())
        if events["consume"] != consumed or events["adjust"] != adjusted:
            found.lost_updates.append(f"{key}: audit trail has {events['consume']} consumptions and {events['adjust']} adjustments, "
                                      f"workers report {consumed} and {adjusted}")


ADJUST_PIECES = 2  # a lead's recount adds this many pieces (tests/support/concurrency_worker.py)
