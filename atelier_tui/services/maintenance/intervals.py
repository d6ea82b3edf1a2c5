"""Interval review: after each scheduled calibration or verification the staircase rule
(`domain.intervals`) may propose a longer or a shorter interval for that instrument's plan. The
proposal waits for the lead; accepted, it becomes the interval in force for that instrument (the
catalog's plan is left as it is); declined, nothing changes. The run of outcomes the rule looks at
starts after the latest proposal, whatever became of it, so a declined proposal is not made again
at the next calibration."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from atelier_tui.domain.intervals import DEFAULT_RULE, LONGER, IntervalChange, StaircaseRule, propose_interval
from atelier_tui.domain.vocabulary import ProposalState, RecordResult, values
from atelier_tui.i18n import _
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.common.paging import utc
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.maintenance._access import staff_id
from atelier_tui.services.maintenance.due_store import recompute_due
from atelier_tui.services.permissions import require
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.maintenance_models import IntervalProposal, MaintenanceRecord
from atelier_tui.store.models import MaintenancePlan, Staff, Tool
from atelier_tui.wording.app_reasons import interval_reason
from atelier_tui.wording.vocabulary import word

PROPOSAL_STATES = values(ProposalState)


@dataclass(frozen=True)
class ProposalRow:
    id: int
    asset_tag: str
    plan_key: str
    plan_name_en: str
    plan_name_fr: str
    current_days: int
    proposed_days: int
    direction: str  # longer | shorter
    reason: str
    state: str  # proposed | accepted | declined | superseded
    proposed_at: datetime
    decided_by: str | None
    decided_at: datetime | None


def interval_in_force(session: Session, tool_id: int, plan: MaintenancePlan) -> int | None:
    """The interval in days of the latest accepted proposal for this tool and plan, else the plan's."""
    accepted = session.execute(
        select(IntervalProposal.proposed_days).where(IntervalProposal.tool_id == tool_id, IntervalProposal.plan_id == plan.id,
                                                     IntervalProposal.state == ProposalState.ACCEPTED)
        .order_by(IntervalProposal.decided_at.desc(), IntervalProposal.id.desc()).limit(1)
    ).scalar()
    return accepted or plan.every_days


def _outcomes_since_last_proposal(session: Session, tool_id: int, plan_id: int) -> list[bool]:
    """In tolerance as found or not, oldest first, for the scheduled records after the one that
    led to the latest proposal. Records whose readings say nothing are left out."""
    record = MaintenanceRecord
    last = session.execute(
        select(record.performed_at, record.id).join(IntervalProposal, IntervalProposal.record_id == record.id)
        .where(IntervalProposal.tool_id == tool_id, IntervalProposal.plan_id == plan_id)
        .order_by(record.performed_at.desc(), record.id.desc()).limit(1)
    ).first()
    query = select(record.found_in_tolerance, record.result, record.performed_at, record.id).where(
        record.tool_id == tool_id, record.plan_id == plan_id, record.scheduled.is_(True))
    outcomes = []
    for found, result, at, record_id in session.execute(query.order_by(record.performed_at, record.id)):
        if last is not None and (utc(at), record_id) <= (utc(last.performed_at), last.id):
            continue
        if result == RecordResult.FAIL or found is False:
            outcomes.append(False)
        elif found:
            outcomes.append(True)
    return outcomes


def propose_after(session: Session, actor: Actor, now: datetime, tool: Tool, plan: MaintenancePlan, record: MaintenanceRecord,
                  rule: StaircaseRule = DEFAULT_RULE) -> IntervalProposal | None:
    """The proposal the staircase makes after `record`, in the caller's transaction; a proposal
    still waiting for the lead is superseded by a new one."""
    current = interval_in_force(session, tool.id, plan)
    if not current or not record.scheduled:
        return None
    outcomes = _outcomes_since_last_proposal(session, tool.id, plan.id)
    change: IntervalChange | None = propose_interval(outcomes, current, rule)
    if change is not None or (outcomes and not outcomes[-1]):
        # A newer proposal replaces a waiting one; so does an out-of-tolerance finding, even at the floor.
        session.execute(update(IntervalProposal).where(IntervalProposal.tool_id == tool.id, IntervalProposal.plan_id == plan.id,
                                                       IntervalProposal.state == ProposalState.PROPOSED)
                        .values(state=ProposalState.SUPERSEDED, decided_at=now, version=IntervalProposal.version + 1))
    if change is None:
        return None
    # the run, not a sentence: the reason is worded for each reader (app_reasons), here and in the trail
    proposal = IntervalProposal(tool_id=tool.id, plan_id=plan.id, record_id=record.id, current_days=change.current_days,
                                proposed_days=change.proposed_days, reason="", in_tolerance_run=change.in_tolerance_run,
                                proposed_at=now)
    session.add(proposal)
    session.flush()
    audit.record(session, actor, now, "interval.propose", "interval_proposal", str(proposal.id), None,
                 {**(audit.snapshot(proposal) or {}), "tool": tool.asset_tag, "plan": plan.key})
    return proposal


def _reason(proposal: IntervalProposal) -> str:
    """A reason stored before 0021 as it was written; a newer one in the reader's language."""
    if proposal.reason or proposal.in_tolerance_run is None:
        return proposal.reason
    return interval_reason(proposal.current_days, proposal.proposed_days, proposal.in_tolerance_run)


def _rows(session: Session, *conditions) -> list[ProposalRow]:  # type: ignore[no-untyped-def]
    rows = session.execute(
        select(IntervalProposal, Tool.asset_tag, MaintenancePlan.key, MaintenancePlan.name_en, MaintenancePlan.name_fr, Staff.display_name)
        .join(Tool, Tool.id == IntervalProposal.tool_id).join(MaintenancePlan, MaintenancePlan.id == IntervalProposal.plan_id)
        .outerjoin(Staff, Staff.id == IntervalProposal.decided_by_id)
        .where(*conditions).order_by(IntervalProposal.proposed_at, IntervalProposal.id)
    ).all()
    return [ProposalRow(p.id, tag, key, name_en, name_fr, p.current_days, p.proposed_days,
                        LONGER if p.proposed_days > p.current_days else "shorter", _reason(p), p.state, utc(p.proposed_at), by,
                        utc(p.decided_at) if p.decided_at else None)
            for p, tag, key, name_en, name_fr, by in rows]


def list_proposals(engine: Engine, state: str | None = ProposalState.PROPOSED, tag: str | None = None) -> list[ProposalRow]:
    """Interval proposals, oldest first: those waiting for the lead by default (None: all)."""
    if state is not None and state not in PROPOSAL_STATES:
        raise ServiceError(_("state: '{given}' is not one of {choices}").format(given=state, choices=", ".join(PROPOSAL_STATES)),
                           field="state")
    conditions = []
    if state is not None:
        conditions.append(IntervalProposal.state == state)
    if tag is not None:
        conditions.append(Tool.asset_tag == tag.strip())
    with read_session(engine) as session:
        return _rows(session, *conditions)


def decide_proposal(engine: Engine, actor: Actor, now: datetime, proposal_id: int, accept: bool) -> ProposalRow:
    """Accept (the proposed interval is in force for that instrument from now on) or decline."""
    require(actor, "interval.decide")
    with write_session(engine) as session:
        proposal = session.get(IntervalProposal, proposal_id)
        if proposal is None:
            raise ServiceError(_("proposal: no interval proposal {id}").format(id=proposal_id), field="proposal")
        if proposal.state != ProposalState.PROPOSED:
            raise ServiceError(_("proposal {id} was already decided ({state})").format(
                id=proposal_id, state=word(ProposalState, proposal.state)), field="proposal")
        before = audit.snapshot(proposal)
        proposal.state = ProposalState.ACCEPTED if accept else ProposalState.DECLINED
        proposal.decided_by_id, proposal.decided_at = staff_id(session, actor), now
        proposal.version += 1
        session.add(proposal)
        session.flush()
        audit.record(session, actor, now, "interval.accept" if accept else "interval.decline", "interval_proposal", str(proposal_id),
                     before, audit.snapshot(proposal))
        recompute_due(session, [proposal.tool_id])
        return _rows(session, IntervalProposal.id == proposal_id)[0]
