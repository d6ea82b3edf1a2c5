"""Preparing a bench after a NO-GO: every remedy that can be carried out becomes a line of a pick
list sorted by store location (which tool from which cabinet, which lot from which drawer, which
checklist to run); the tools are checked out to the bench and the supplies reserved for the order
in one transaction, then the order is checked again. What cannot be remedied is said plainly.

A tool that orders on another bench need (in progress or ready there) is taken only when the
person named those orders as ones they accept to block (`may_block`); otherwise it is left where it
is and listed as withheld, with the orders it would block."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.domain.findings import Finding, Verdict
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.permissions import require
from atelier_tui.services.readiness._bench_work import BenchWork
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.stock.reservations import hold_lots
from atelier_tui.services.tools.actions import claim_tool
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Tool


@dataclass(frozen=True)
class PickLine:
    kind: str  # tool | lot | checklist
    key: str  # asset tag, lot number or checklist key
    place: str  # store location or bench it comes from ("" for a checklist)
    quantity_micro: int = 0
    supply: str = ""
    unit: str = ""
    blocks: tuple[str, ...] = ()  # orders on the bench the tool was taken from that needed it


@dataclass(frozen=True)
class Withheld:
    """A tool the remedy would take from another bench, left there: orders there need it."""
    tag: str
    bench: str
    blocks: tuple[str, ...]


@dataclass(frozen=True)
class Prepared:
    reference: str
    bench: str
    picks: tuple[PickLine, ...]
    before: Verdict
    after: Verdict
    withheld: tuple[Withheld, ...] = ()

    @property
    def left(self) -> tuple[Finding, ...]:
        """What still blocks: nothing of that capability free, stock empty, a person to assign..."""
        return self.after.blocking


def _tool_places(verdict: Verdict) -> dict[str, tuple[str, tuple[str, ...]]]:
    """asset tag -> (the bench it comes from, "" for the store; the orders there it would block)."""
    places = {}
    for finding in verdict.findings:
        remedy = finding.remedy
        if remedy is not None and remedy.action == "check_out":
            for tag in remedy.tools:
                places[tag] = (remedy.benches[0] if remedy.benches else "", remedy.blocks)
    return places


def blocked_by_remedies(verdict: Verdict) -> dict[str, tuple[str, tuple[str, ...]]]:
    """asset tag -> (its bench, the orders there it would block), for each tool the verdict's
    remedies would take from work on another bench: what to say before asking to go ahead."""
    return {tag: (bench, blocks) for tag, (bench, blocks) in _tool_places(verdict).items() if blocks}


def bench_cannot_serve(verdict: Verdict) -> bool:
    """The bench itself blocks (closed, or without a feature the work needs, such as ESD
    protection): nothing fitted to it would make it serve."""
    return any(f.blocking and (f.requirement == "bench" or f.requirement.startswith("bench_feature:")) for f in verdict.findings)


def prepare_bench(engine: Engine, actor: Actor, now: datetime, today: date, reference: str, bench_code: str | None = None,
                  may_block: frozenset[str] = frozenset()) -> Prepared:
    """`may_block`: the orders on other benches the person accepts to block by taking a tool they need."""
    require(actor, "order.prepare")
    with write_session(engine) as session:
        assessor = Assessor(session)
        order = assessor.order(reference)
        bench = assessor.bench_for(order, bench_code)
        before = assessor.assess(order, bench, now, today)
        if bench_cannot_serve(before):
            # The remedy is to move the order: stocking this bench would only strip others.
            audit.record(session, actor, now, "order.prepare", "repair_order", reference, None,
                         {"bench": bench, "tools": [], "lots": [], "ready": False, "move_order": True})
            return Prepared(reference, bench, (), before, before)
        picks: list[PickLine] = []
        withheld: list[Withheld] = []
        for tag, (place, blocks) in _tool_places(before).items():
            if not set(blocks) <= may_block:
                withheld.append(Withheld(tag, place, blocks))
                continue
            tool = claim_tool(session, actor, now, tag, bench)
            picks.append(PickLine("tool", tag, place or assessor.workshop.locations.get(tool.home_location_id or 0, ""), blocks=blocks))
        lots = [pick for allocation in before.allocations for pick in allocation.lots]
        hold_lots(session, order.id, lots)
        supplies = assessor.catalog.requirements.supplies
        picks += [PickLine("lot", pick.lot_number, pick.location or pick.bench or "", pick.quantity_micro, pick.supply_key,
                           supplies[pick.supply_key].stock_unit) for pick in lots]
        picks += [PickLine("checklist", f.remedy.checklist, "") for f in before.findings
                  if f.remedy is not None and f.remedy.action == "run_checklist" and f.remedy.checklist]
        session.flush()
        after = assessor.assess(order, bench, now, today)
        audit.record(session, actor, now, "order.prepare", "repair_order", reference, None, {
            "bench": bench, "tools": [p.key for p in picks if p.kind == "tool"],
            **({"blocked": sorted({order for p in picks for order in p.blocks})} if any(p.blocks for p in picks) else {}),
            "lots": [{"lot": p.key, "supply": p.supply, "quantity_micro": p.quantity_micro} for p in picks if p.kind == "lot"],
            "ready": after.ready,
        })
        # A checklist is run by a person; everything else on the list is done already.
        ordered = sorted(picks, key=lambda p: (p.kind == "checklist", p.place or "~", p.kind, p.key))
        return Prepared(reference, bench, tuple(ordered), before, after, tuple(withheld))


def _blocked_by_taking(session: Session, assessor: Assessor, tag: str, bench: str, order_id: int) -> tuple[str, tuple[str, ...]]:
    """(the bench `tag` is on, the orders there that need it), or ("", ()) when it is on no other bench."""
    row = session.execute(select(Tool.tool_type_id, Tool.bench_id, Tool.home_bench_id).where(Tool.asset_tag == tag)).first()
    if row is None:
        return "", ()
    where = row.bench_id or row.home_bench_id
    if where is None or where == assessor.workshop.bench_ids[bench]:
        return "", ()
    capabilities = assessor.workshop.tool_types[row.tool_type_id].capabilities
    return assessor.workshop.benches[where].code, BenchWork(session, assessor.catalog, {where}, order_id).needing(where, capabilities)


def take_for_order(engine: Engine, actor: Actor, now: datetime, today: date, reference: str, bench_code: str,
                   tags: tuple[str, ...], may_block: frozenset[str] = frozenset()) -> Verdict:
    """Carry out a check-out remedy: `tags` to `bench_code` for `reference`, all or none. Refused
    when a tool is needed by an order on its bench that is not in `may_block`. The verdict after."""
    require(actor, "tool.check_out")
    with write_session(engine) as session:
        assessor = Assessor(session)
        order = assessor.order(reference)
        bench = assessor.bench_for(order, bench_code)
        blocked: list[str] = []
        for tag in tags:
            source, blocks = _blocked_by_taking(session, assessor, tag, bench, order.id)
            if not set(blocks) <= may_block:
                raise ServiceError(_("{tag}: {orders} on bench {bench} need it; taking it would block them").format(
                    tag=tag, orders=", ".join(blocks), bench=source), field="confirm")
            claim_tool(session, actor, now, tag, bench)
            blocked += blocks
        if blocked:  # who chose to stop that work, and for which order
            audit.record(session, actor, now, "order.prepare", "repair_order", reference, None,
                         {"bench": bench, "tools": list(tags), "lots": [], "blocked": sorted(set(blocked))})
        session.flush()
        return assessor.assess(order, bench, now, today)
