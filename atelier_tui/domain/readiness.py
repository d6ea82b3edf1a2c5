"""The readiness check (design.md): is this bench ready for this repair order, and if not,
exactly why and what to do.

`assess` is pure: the order and its requirements, the bench, the inventory view, the checklist
runs, the technician and `now` come in; a Verdict goes out. Findings are listed in the order a
technician deals with them: the bench and the person, checklists, tools, supplies, the deadline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime

from atelier_tui.domain.checklists import applicability, unanswered_for
from atelier_tui.domain.findings import Allocation, Finding, Remedy, Verdict
from atelier_tui.domain.inventory import BenchView, ChecklistRunView, Inventory, StaffView
from atelier_tui.domain.phrases import Name, Phrase, Term, phrase
from atelier_tui.domain.requirements import ChecklistNeed, OrderSpec, Requirements, SupplyInfo
from atelier_tui.domain.supply_allocation import match_supply
from atelier_tui.domain.tool_matching import match_capability
from atelier_tui.domain.work_plan import WorkPlan, plan_work


@dataclass(frozen=True)
class Job:
    order: OrderSpec
    requirements: Requirements
    supplies: Mapping[str, SupplyInfo]  # the catalog's supplies, for names and stock units


def work_plan(today: date, requirements: Requirements) -> WorkPlan:
    """Bench time, then running-in, for the job started today."""
    return plan_work(today, requirements.estimated_minutes, requirements.running_in_minutes, requirements.estimate_from_order)


def _bench_findings(bench: BenchView, requirements: Requirements, inventory: Inventory) -> list[Finding]:
    findings = []
    if bench.status != "open":
        others = tuple(b.code for b in inventory.benches if b.status == "open" and b.code != bench.code)
        findings.append(Finding("out_of_service", True, "bench", phrase("bench_not_open", bench=bench.code, status=Term(bench.status)),
                                Remedy("move_order", phrase("open_or_move_bench"), benches=others[:3])))
    for feature in requirements.bench_features:
        if feature not in bench.features:
            fitted = tuple(b.code for b in inventory.benches if feature in b.features and b.status == "open")
            step = phrase("move_to_bench", benches=fitted[:3]) if fitted else phrase("fit_bench_feature")
            findings.append(Finding("missing", True, f"bench_feature:{feature}",
                                    phrase("bench_lacks_feature", bench=bench.code, feature=Term(feature)),
                                    Remedy("move_order", step, benches=fitted[:3])))
    return findings


def _technician_findings(technician: StaffView | None, bench: BenchView, requirements: Requirements,
                         inventory: Inventory) -> list[Finding]:
    qualified = tuple(
        person.login for person in inventory.staff
        if person.level >= requirements.level and person.works_on(requirements.movement_kind) and person.role != "gateway"
    )
    def assign(who: Phrase) -> Remedy:
        names = tuple(p.display_name for p in inventory.staff if p.login in qualified[:3])
        return Remedy("assign", phrase("assign", who=who, names=names), staff=qualified[:3])
    if technician is None:
        return [Finding("not_qualified", True, "technician", phrase("no_technician", bench=bench.code),
                        assign(phrase("assign_qualified")))]
    findings = []
    if technician.level < requirements.level:
        findings.append(Finding("not_qualified", True, "technician", phrase(
            "technician_level_too_low", needed=requirements.level, name=technician.display_name, level=technician.level),
            assign(phrase("assign_level", level=requirements.level)), subject=technician.login))
    if not technician.works_on(requirements.movement_kind):
        findings.append(Finding("not_qualified", True, "technician", phrase(
            "technician_not_on_kind", name=technician.display_name, kind=Term(requirements.movement_kind)),
            assign(phrase("assign_who_does")), subject=technician.login))
    return findings


def _checklist_finding(need: ChecklistNeed, order: str, bench: BenchView, runs: Iterable[ChecklistRunView], today: date,
                       facts: Iterable[str]) -> Finding | None:
    if need.scope == "order":
        mine = [r for r in runs if r.template_key == need.key and r.order == order]
    else:
        mine = [r for r in runs if r.template_key == need.key and r.bench == bench.code and r.run_date == today]
    signed = sorted((r for r in mine if r.signed_at is not None), key=lambda r: r.signed_at or datetime.min)
    name = Name(need.name_en, need.name_fr)
    where = phrase("for_this_order") if need.scope == "order" else phrase("on_bench_today", bench=bench.code)
    # The run is opened for this order even when it is the bench's: the checklist's conditions
    # and its items are then judged on this work, as here.
    remedy = Remedy("run_checklist", phrase("run_checklist", checklist=name, where=where), checklist=need.key, order=order)
    needed = applicability((), need.items, bench.features, facts)
    skipped = {id(r): unanswered_for(need.items, r.facts, needed) for r in signed if r.facts is not None}
    covering = [r for r in signed if not skipped.get(id(r))]
    if signed and not covering:
        # Signed, but without the items this order brings (a bench run made without the order):
        # it says nothing about this watch.
        missed = skipped[id(signed[-1])]
        return Finding("checklist_missing", True, need.requirement, phrase(
            "checklist_missed_items", checklist=name, where=where, items=tuple(missed)),
            Remedy("run_checklist", phrase("run_checklist_for_order", checklist=name), checklist=need.key, order=order))
    signed = covering
    if not signed:
        # Started (a run exists) but not signed, or never run at all.
        return Finding("checklist_missing", True, need.requirement, phrase(
            "checklist_not_signed" if mine else "checklist_not_run", checklist=name, where=where), remedy)
    if not signed[-1].passed:
        return Finding("checklist_failed", True, need.requirement, phrase("checklist_failed", checklist=name, where=where), remedy)
    return None


def _deadline_findings(order: OrderSpec, today: date, plan: WorkPlan) -> list[Finding]:
    end = plan.planned_end
    if order.deadline >= end:
        return []
    if order.deadline < today:
        detail = phrase("deadline_passed", deadline=order.deadline)
    else:
        detail = phrase("deadline_after_end", minutes=plan.bench_minutes, running_in=plan.running_in_minutes, end=end,
                        deadline=order.deadline)
    return [Finding("deadline_at_risk", False, "deadline", detail, Remedy("record", phrase("agree_new_date")))]


def _asked_finding(field_name: str) -> Finding:
    """The order does not give what decides the tools (the case-back type): the generic tool is
    asked for meanwhile, and a person records the field once the watch is seen."""
    return Finding("missing", False, f"order:{field_name}", phrase("order_lacks_field", what=Term(f"order.{field_name}")),
                   Remedy("record", phrase("record_on_order")))


def assess(job: Job, bench: BenchView, inventory: Inventory, runs: Iterable[ChecklistRunView],
           technician: StaffView | None, now: datetime, today: date | None = None) -> Verdict:
    """`today` is the workshop's calendar day (a bench checklist is valid for it); by default
    the date of `now`."""
    today = today or now.date()
    requirements = job.requirements
    plan = work_plan(today, requirements)
    end = plan.planned_end
    findings: list[Finding] = []
    allocations: list[Allocation] = []
    findings += _bench_findings(bench, requirements, inventory)
    findings += _technician_findings(technician, bench, requirements, inventory)
    runs = list(runs)
    for checklist in requirements.checklists:
        finding = _checklist_finding(checklist, job.order.reference, bench, runs, today, requirements.facts)
        if finding is not None:
            findings.append(finding)
    for capability in requirements.capabilities:
        found, allocation = match_capability(capability, bench.code, inventory, end)
        findings += found
        allocations.append(allocation)
    taken: dict[str, int] = {}
    for supply in requirements.supplies:
        found, allocation = match_supply(supply, bench.code, inventory, job.supplies, today, taken)
        findings += found
        allocations.append(allocation)
    findings += [_asked_finding(field_name) for field_name in requirements.asked]
    findings += _deadline_findings(job.order, today, plan)
    return Verdict(job.order.reference, bench.code, tuple(findings), tuple(allocations), end, plan)


def rematch_capabilities(verdict: Verdict, job: Job, inventory: Inventory, keys: set[str]) -> Verdict:
    """`verdict` with the capabilities `keys` matched again against `inventory` (the same tools,
    with more known of them: which work on other benches needs them); the rest is kept as is, so
    a check does not cost two whole assessments."""
    end = verdict.planned_end or date.min
    matched = {need.requirement: match_capability(need, verdict.bench, inventory, end)
               for need in job.requirements.capabilities if need.key in keys}
    findings: list[Finding] = []
    for finding in verdict.findings:
        if finding.requirement not in matched:
            findings.append(finding)
        elif not any(f.requirement == finding.requirement for f in findings):  # the capability's findings, once, in place
            findings += matched[finding.requirement][0]
    allocations = tuple(matched[a.requirement][1] if a.requirement in matched else a for a in verdict.allocations)
    return replace(verdict, findings=tuple(findings), allocations=allocations)
