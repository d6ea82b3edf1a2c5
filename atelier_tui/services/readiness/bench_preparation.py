"""Preparing a bench after a NO-GO: every remedy that can be carried out becomes a line of a pick
list sorted by store location (which tool from which cabinet, which lot from which drawer, which
checklist to run); the tools are checked out to the bench and the supplies reserved for the order
in one transaction, then the order is checked again. What cannot be remedied is said plainly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from atelier_tui.domain.findings import Finding, Verdict
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import require
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.stock.reservations import hold_lots
from atelier_tui.services.tools.actions import claim_tool
from atelier_tui.store.engine import write_session


@dataclass(frozen=True)
class PickLine:
    kind: str  # tool | lot | checklist
    key: str  # asset tag, lot number or checklist key
    place: str  # store location or bench it comes from ("" for a checklist)
    quantity_micro: int = 0
    supply: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Prepared:
    reference: str
    bench: str
    picks: tuple[PickLine, ...]
    before: Verdict
    after: Verdict

    @property
    def left(self) -> tuple[Finding, ...]:
        """What still blocks: nothing of that capability free, stock empty, a person to assign..."""
        return self.after.blocking


def _tool_places(verdict: Verdict) -> dict[str, str]:
    places = {}
    for finding in verdict.findings:
        remedy = finding.remedy
        if remedy is not None and remedy.action == "check_out":
            for tag in remedy.tools:
                places[tag] = remedy.benches[0] if remedy.benches else ""
    return places


def bench_cannot_serve(verdict: Verdict) -> bool:
    """The bench itself blocks (closed, or without a feature the work needs, such as ESD
    protection): nothing fitted to it would make it serve."""
    return any(f.blocking and (f.requirement == "bench" or f.requirement.startswith("bench_feature:")) for f in verdict.findings)


def prepare_bench(engine: Engine, actor: Actor, now: datetime, today: date, reference: str, bench_code: str | None = None) -> Prepared:
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
        for tag, place in _tool_places(before).items():
            tool = claim_tool(session, actor, now, tag, bench)
            picks.append(PickLine("tool", tag, place or assessor.workshop.locations.get(tool.home_location_id or 0, "")))
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
            "lots": [{"lot": p.key, "supply": p.supply, "quantity_micro": p.quantity_micro} for p in picks if p.kind == "lot"],
            "ready": after.ready,
        })
        # A checklist is run by a person; everything else on the list is done already.
        ordered = sorted(picks, key=lambda p: (p.kind == "checklist", p.place or "~", p.kind, p.key))
        return Prepared(reference, bench, tuple(ordered), before, after)
