"""Matching a capability need against the tools: on the bench first, then in the store, then on
other benches. A tool serves when it is in service, its calibration and maintenance are not
overdue and its attributes reach the need's bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from atelier_tui.domain.due import PlanDue
from atelier_tui.domain.findings import Allocation, Finding, Remedy
from atelier_tui.domain.inventory import Inventory, ToolView
from atelier_tui.domain.phrases import Amount, Name, Phrase, Term, phrase
from atelier_tui.domain.requirements import CapabilityNeed

UNAVAILABLE_STATUSES = ("in_maintenance", "out_of_service", "retired")
CALIBRATION_KINDS = ("calibration", "verification")


# Each job counts one use of every tool it used (the sheet's close): a tool with that many uses
# left reaches its limit with this job.
USES_PER_JOB = 1


@dataclass(frozen=True)
class Problem:
    code: str
    blocking: bool
    detail: Phrase
    plan: PlanDue | None = None  # the plan the problem comes from, when one does


def _name(tool: ToolView) -> Phrase:
    return phrase("tool", tag=tool.asset_tag, name=Name(tool.name_en, tool.name_fr))


def _late(tool_name: Phrase, plan: PlanDue, plan_name: Name) -> Phrase:
    said = {"tool": tool_name, "plan": plan_name}
    if plan.uses_left is not None and plan.uses_left < 0:
        return phrase("plan_overdue_by_uses", **said, uses=-plan.uses_left)
    if plan.uses_left is not None and plan.uses_left == 0:
        return phrase("plan_no_use_left", **said)
    if plan.last_done is None:
        return phrase("plan_never_recorded", **said)
    if plan.days_late == 0:
        return phrase("plan_due_today", **said, when=plan.next_due_on)
    return phrase("plan_overdue_since", **said, when=plan.next_due_on)


def _soon(tool_name: Phrase, plan: PlanDue, plan_name: Name, planned_end: date) -> Phrase | None:
    """What is left before the plan's limit, when the tool is due soon or this job brings it to
    its limit; None when there is nothing to watch."""
    said = {"tool": tool_name, "plan": plan_name}
    if plan.uses_left is not None and plan.uses_left <= USES_PER_JOB:
        return phrase("plan_last_use", **said, uses=plan.uses_left)
    if plan.next_due_on is not None and plan.next_due_on <= planned_end:
        return phrase("plan_due_before_end", **said, when=plan.next_due_on)
    if plan.state == "due_soon":
        left: list[Phrase] = []
        if plan.uses_left is not None:
            left.append(phrase("uses_left", uses=plan.uses_left))
        if plan.next_due_on is not None:
            left.append(phrase("due_on", when=plan.next_due_on))
        return phrase("plan_due_soon", **said, left=tuple(left))
    return None


def _plan_problems(tool: ToolView, planned_end: date) -> list[Problem]:
    if not tool.plans:
        return []
    problems = []
    tool_name = _name(tool)  # once per tool: a tool has several plans, a check weighs hundreds of tools
    for plan in tool.plans:
        code = "calibration_overdue" if plan.kind in CALIBRATION_KINDS else "maintenance_overdue"
        plan_name = Name(plan.name_en, plan.name_fr)
        if plan.limit_reached:
            detail = _late(tool_name, plan, plan_name)
            if plan.in_grace:
                detail = phrase("late_within_grace", late=detail, days=plan.grace_days)
            elif not plan.blocking:
                detail = phrase("late_not_stopping", late=detail)
            problems.append(Problem(code, plan.blocks, detail, plan))
            continue
        soon = _soon(tool_name, plan, plan_name, planned_end)
        if soon is not None:
            problems.append(Problem("maintenance_due_soon", False, soon, plan))
    return problems


def tool_problems(tool: ToolView, need: CapabilityNeed, planned_end: date) -> list[Problem]:
    """Why `tool` cannot serve `need` (blocking) or what to watch (warnings)."""
    problems = []
    if tool.status in UNAVAILABLE_STATUSES:
        problems.append(Problem("out_of_service", True, phrase("tool_out_of_service", tool=_name(tool), reason=tool.status_reason)))
    problems.extend(_plan_problems(tool, planned_end))
    if tool.override is not None:
        override = tool.override
        problems.append(Problem("returned_by_override", False, phrase(
            "back_in_service_by_override", tool=_name(tool), login=override.by,
            plan=Name(override.plan_name_en, override.plan_name_fr), date=override.failed_on, reason=override.reason)))
    for bound in need.bounds:
        if bound.unresolved:
            continue
        value = tool.attributes.get(bound.attribute)
        if not bound.admits(value):
            if bound.maximum is None:
                wanted = phrase("at_least", value=Amount(float(bound.minimum or 0), bound.unit))
            elif bound.minimum is None:
                wanted = phrase("at_most", value=Amount(bound.maximum, bound.unit))
            else:
                wanted = phrase("between", low=Amount(bound.minimum, bound.unit), high=Amount(bound.maximum, bound.unit))
            has = Amount(value, bound.unit) if value is not None else phrase("not_recorded")
            problems.append(Problem("capability_too_low", True, phrase(
                "tool_attribute_short", tool=_name(tool), attribute=Name(bound.name_en.lower(), bound.name_fr.lower()), has=has,
                wanted=wanted)))
    return problems


def _blocked(problems: list[Problem]) -> bool:
    return any(problem.blocking for problem in problems)


def _where(tool: ToolView) -> Phrase:
    if tool.bench:
        return phrase("on_bench", bench=tool.bench)
    if tool.location:
        return phrase("in_location", location=tool.location)
    return phrase("no_location")


# The order in which a lead would fix a tool's blocking problems (a range too short cannot be
# fixed by a calibration).
_FIX_ORDER = ("capability_too_low", "out_of_service", "calibration_overdue", "maintenance_overdue")


def _closest(candidates: list[ToolView], problems: dict[str, list[Problem]]) -> tuple[ToolView, Problem]:
    """The tool closest to serving, with its first blocking problem in the fixing order."""
    best = min(candidates, key=lambda t: (min(_FIX_ORDER.index(p.code) for p in problems[t.asset_tag] if p.blocking), _sort_key(t)))
    return best, min((p for p in problems[best.asset_tag] if p.blocking), key=lambda p: _FIX_ORDER.index(p.code))


def _remedy(need: CapabilityNeed, short: int, free: list[ToolView], elsewhere: list[ToolView],
            candidates: list[ToolView], problems: dict[str, list[Problem]]) -> Remedy:
    if free:
        picks = free[:short]
        step = phrase("check_out_tools", tools=tuple(phrase("tool_at", tool=_name(tool), where=_where(tool)) for tool in picks))
        return Remedy("check_out", step, tools=tuple(tool.asset_tag for tool in picks))
    if elsewhere:
        # A tool resting on its home bench can be checked out from there; one checked out to
        # another bench has to come back first. One that work there needs comes last: taking it
        # stops that work.
        tool = min(elsewhere, key=lambda t: (bool(t.needed_by), t.status != "in_service"))
        benches = (tool.bench,) if tool.bench else ()
        if tool.status == "in_service" and tool.needed_by:
            return Remedy("check_out", phrase("borrow_tool_blocking", tool=_name(tool), where=_where(tool), orders=tool.needed_by),
                          tools=(tool.asset_tag,), benches=benches, blocks=tool.needed_by)
        if tool.status == "in_service":
            return Remedy("check_out", phrase("borrow_tool", tool=_name(tool), where=_where(tool)), tools=(tool.asset_tag,),
                          benches=benches)
        return Remedy("ask", phrase("ask_for_tool", tool=_name(tool), where=_where(tool)), tools=(tool.asset_tag,), benches=benches)
    if candidates:
        tool, first = _closest(candidates, problems)
        if first.plan is not None and all(p.plan is not None for p in problems[tool.asset_tag] if p.blocking):
            # The plan's own work puts the tool back in service: name it, not a generic repair.
            return Remedy("maintain", phrase("carry_out_plan", plan=Name(first.plan.name_en, first.plan.name_fr), tool=_name(tool)),
                          tools=(tool.asset_tag,))
        return Remedy("repair", phrase("repair_capability", capability=Name(need.name_en, need.name_fr)))
    return Remedy("acquire", phrase("acquire_capability", capability=Name(need.name_en, need.name_fr)))


def _sort_key(tool: ToolView) -> tuple[str, str]:
    return (tool.location or tool.bench or "~", tool.asset_tag)


def match_capability(need: CapabilityNeed, bench: str, inventory: Inventory, planned_end: date) -> tuple[list[Finding], Allocation]:
    candidates = inventory.tools_with(need.key)
    problems = {tool.asset_tag: tool_problems(tool, need, planned_end) for tool in candidates}
    usable = [tool for tool in candidates if not _blocked(problems[tool.asset_tag])]
    # By tag, not `tool in usable`: comparing two views field by field, for every pair of
    # candidates, cost more than the rest of the matching.
    unusable = [tool for tool in candidates if _blocked(problems[tool.asset_tag])]
    # Among the tools in hand, those with nothing to watch come first.
    on_bench = sorted((t for t in usable if t.bench == bench), key=lambda t: (len(problems[t.asset_tag]), t.asset_tag))
    findings: list[Finding] = []
    requirement = need.requirement
    unresolved = tuple(dict.fromkeys(ref for bound in need.bounds for ref in bound.unresolved))
    if unresolved:
        findings.append(Finding("capability_too_low", False, requirement, phrase(
            "capability_value_unknown", capability=Name(need.name_en, need.name_fr), value=tuple(Term(ref) for ref in unresolved)),
            Remedy("record", phrase("record_watch_values"))))
    chosen = on_bench[:need.count]
    for tool in chosen:
        findings.extend(Finding(p.code, False, requirement, p.detail, subject=tool.asset_tag) for p in problems[tool.asset_tag])
    short = need.count - len(chosen)
    if short <= 0:
        return findings, Allocation(requirement, tools=tuple(t.asset_tag for t in chosen))
    free = sorted((t for t in usable if t.bench is None), key=lambda t: (bool(problems[t.asset_tag]), _sort_key(t)))
    # A fixture of another bench (its ESD mat, strap, lamp, extraction) stays there: taking it
    # would stop that bench serving. The work goes to that bench instead.
    fixed_elsewhere = sorted((t for t in usable if t.fixture and t.bench not in (None, bench)), key=_sort_key)
    elsewhere = sorted((t for t in usable if not t.fixture and t.bench not in (None, bench)),
                       key=lambda t: (bool(t.needed_by), _sort_key(t)))
    broken_here = sorted((t for t in unusable if t.bench == bench), key=lambda t: t.asset_tag)
    name = Name(need.name_en, need.name_fr)
    if not (free or elsewhere) and fixed_elsewhere:
        benches = tuple(dict.fromkeys(t.bench for t in fixed_elsewhere if t.bench))[:3]
        move = Remedy("move_order", phrase("move_or_fit", benches=benches, capability=name), benches=benches)
        if broken_here:
            first = next(p for p in problems[broken_here[0].asset_tag] if p.blocking)
            findings.append(Finding(first.code, True, requirement, first.detail, move, subject=broken_here[0].asset_tag))
        else:
            findings.append(Finding("elsewhere", True, requirement, phrase("fixture_of_other_bench", capability=name, benches=benches),
                                    move, subject=fixed_elsewhere[0].asset_tag))
        return findings, Allocation(requirement, tools=tuple(t.asset_tag for t in chosen))
    remedy = _remedy(need, short, free, elsewhere, unusable, problems)
    if broken_here:
        first = next(p for p in problems[broken_here[0].asset_tag] if p.blocking)
        findings.append(Finding(first.code, True, requirement, first.detail, remedy, subject=broken_here[0].asset_tag))
    elif free or elsewhere:
        where = free[0] if free else elsewhere[0]
        if chosen:
            detail = phrase("too_few_on_bench", count=need.count, found=len(chosen), capability=name, tool=_name(where),
                            where=_where(where))
        else:
            detail = phrase("none_on_bench", capability=name, tool=_name(where), where=_where(where))
        findings.append(Finding("elsewhere", True, requirement, detail, remedy, subject=where.asset_tag))
    elif unusable:
        best, first = _closest(unusable, problems)
        findings.append(Finding(first.code, True, requirement, first.detail, remedy, subject=best.asset_tag))
    else:
        findings.append(Finding("missing", True, requirement, phrase("no_capability", capability=name), remedy))
    return findings, Allocation(requirement, tools=tuple(t.asset_tag for t in chosen))
