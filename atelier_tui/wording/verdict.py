"""A readiness verdict in words: each finding's sentence and its remedy's, and the verdict as the
JSON of `atelier order check --json` (documented in the README), sentences included."""

from __future__ import annotations

from typing import Any

from atelier_tui.domain.findings import Finding, Remedy, Verdict
from atelier_tui.domain.work_plan import WorkPlan
from atelier_tui.wording.sentences import say


def finding_message(finding: Finding) -> str:
    return say(finding.detail)


def remedy_text(remedy: Remedy) -> str:
    return say(remedy.detail)


def remedy_document(remedy: Remedy) -> dict[str, Any]:
    data: dict[str, Any] = {"action": remedy.action, "text": remedy_text(remedy)}
    if remedy.tools:
        data["tools"] = list(remedy.tools)
    if remedy.lots:
        data["lots"] = [{"lot": pick.lot_number, "supply": pick.supply_key, "quantity_micro": pick.quantity_micro,
                         "location": pick.location, "bench": pick.bench} for pick in remedy.lots]
    for name in ("checklist", "supply", "order"):
        if getattr(remedy, name):
            data[name] = getattr(remedy, name)
    if remedy.staff:
        data["staff"] = list(remedy.staff)
    if remedy.benches:
        data["benches"] = list(remedy.benches)
    if remedy.blocks:
        data["blocks"] = list(remedy.blocks)
    return data


def verdict_document(verdict: Verdict) -> dict[str, Any]:
    return {
        "order": verdict.order,
        "bench": verdict.bench,
        "ready": verdict.ready,
        "findings": [
            {"code": f.code, "blocking": f.blocking, "requirement": f.requirement, "message": finding_message(f),
             "remedy": remedy_text(f.remedy) if f.remedy else None,
             **({"subject": f.subject} if f.subject else {}),
             **({"action": remedy_document(f.remedy)} if f.remedy else {})}
            for f in verdict.findings
        ],
        **({"plan": plan_document(verdict.plan)} if verdict.plan is not None else {}),
    }


def plan_document(plan: WorkPlan) -> dict[str, Any]:
    """Bench time (worked) and running-in (elapsed) apart, and the day they end."""
    return {"bench_minutes": plan.bench_minutes, "bench_days": plan.bench_days, "running_in_minutes": plan.running_in_minutes,
            "estimate": "order" if plan.estimate_from_order else "interventions", "planned_end": plan.planned_end.isoformat()}
