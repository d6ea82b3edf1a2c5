"""The start gate: work on an order starts only on a ready bench, or with a lead's concession and
a written reason. Starting reserves the supplies the verdict chose (so another bench cannot take
the last cell), opens the intervention sheet with the verdict as it was, and puts the order in
progress, all in one transaction: the verdict is taken inside the write lock, so two benches
racing for the last unit see each other's reservation and exactly one wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atelier_tui.domain.findings import LotPick, Verdict
from atelier_tui.domain.vocabulary import OrderStatus, SheetEntryKind
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.context import Actor, WorkshopRefusal
from atelier_tui.services.orders.queries import STARTABLE_STATUSES
from atelier_tui.services.permissions import PermissionDenied, allowed, require
from atelier_tui.services.readiness.check import Assessor
from atelier_tui.services.stock.reservations import hold_lots
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import (
    Bench,
    InterventionSheet,
    InterventionType,
    OrderIntervention,
    RepairOrder,
    SheetEntry,
    SheetToolUse,
    Staff,
    Tool,
)
from atelier_tui.wording import verdict_document
from atelier_tui.wording.readiness_words import finding_word


@dataclass(frozen=True)
class Started:
    reference: str
    bench: str
    sheet_id: int
    verdict: Verdict
    reserved: tuple[LotPick, ...]
    concession: str


def _technician_id(session: Session, order: RepairOrder, bench_code: str, actor: Actor) -> int:
    bench_technician = session.execute(select(Bench.technician_id).where(Bench.code == bench_code)).scalar()
    chosen = order.technician_id or bench_technician or session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar()
    if chosen is None:
        raise WorkshopRefusal(_("bench {bench}: no technician is assigned to it").format(bench=bench_code), field="bench")
    return chosen


def _steps(session: Session, order_id: int) -> list[SheetEntry]:
    rows = session.execute(
        select(InterventionType.key, InterventionType.steps)
        .join(OrderIntervention, OrderIntervention.intervention_type_id == InterventionType.id)
        .where(OrderIntervention.order_id == order_id)
        .order_by(OrderIntervention.position, OrderIntervention.id)
    )
    entries: list[SheetEntry] = []
    for key, steps in rows:
        for index, step in enumerate(steps):
            # The English text is kept as written then; `category` points back at the template
            # step so that a screen can show it in French.
            entries.append(SheetEntry(sheet_id=0, kind=SheetEntryKind.STEP, position=len(entries), text=step.get("en", ""),
                                      category=f"{key}#{index}"))
    return entries


def start_order(engine: Engine, actor: Actor, now: datetime, today: date, reference: str, bench_code: str | None = None,
                concession: str = "") -> Started:
    require(actor, "order.start")
    concession = concession.strip()
    with write_session(engine) as session:
        assessor = Assessor(session)
        order = assessor.order(reference)
        if order.status not in STARTABLE_STATUSES:
            raise WorkshopRefusal(_("order {reference} is {status}: only an order not yet started can be started").format(
                reference=reference, status=order.status), field="order")
        bench = assessor.bench_for(order, bench_code)
        verdict = assessor.assess(order, bench, now, today)
        if not verdict.ready:
            if not concession:
                codes = ", ".join(dict.fromkeys(finding_word(f.code) for f in verdict.blocking))
                raise WorkshopRefusal(_("order {reference} is not ready on bench {bench} ({codes}); a lead may start it with a concession "
                                     "and a written reason").format(reference=reference, bench=bench, codes=codes), field="concession")
            if not allowed(actor.role, "order.concede"):
                raise PermissionDenied(actor, "order.concede", _("concession: only a lead may start an order that is not ready; "
                                                                  "{login} is {role}").format(login=actor.login, role=actor.role),
                                       field="concession")
        else:
            concession = ""  # nothing was conceded
        before = audit.snapshot(order)
        picks = tuple(pick for allocation in verdict.allocations for pick in allocation.lots)
        concession_by = session.execute(select(Staff.id).where(Staff.login == actor.login)).scalar() if concession else None
        sheet = InterventionSheet(
            order_id=order.id, bench_id=assessor.workshop.bench_ids[bench],
            technician_id=_technician_id(session, order, bench, actor), opened_at=now,
            verdict=verdict_document(verdict), concession_reason=concession, concession_by_id=concession_by,
        )
        session.add(sheet)
        session.flush()
        for entry in _steps(session, order.id):
            entry.sheet_id = sheet.id
            session.add(entry)
        hold_lots(session, order.id, picks, sheet.id)
        # The tools in hand for the job are recorded as used from the start: an out-of-tolerance
        # review would rather recall a sheet too many than miss one.
        tags = dict.fromkeys(tag for allocation in verdict.allocations for tag in allocation.tools)
        if tags:
            tool_ids = session.execute(select(Tool.id).where(Tool.asset_tag.in_(tags))).scalars().all()
            session.add_all(SheetToolUse(sheet_id=sheet.id, tool_id=tool_id, used_at=now) for tool_id in tool_ids)
        order.status = OrderStatus.IN_PROGRESS
        order.bench_id = sheet.bench_id
        order.technician_id = sheet.technician_id
        order.version += 1
        session.add(order)
        session.flush()
        audit.record(session, actor, now, "order.start", "repair_order", reference, before, audit.snapshot(order), reason=concession)
        return Started(reference, bench, sheet.id, verdict, picks, concession)
