"""The sentences of tool matching (atelier_tui/domain/tool_matching.py): a tool's problems, where
it is, and what to do about it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from atelier_tui.i18n import N_, _

TEMPLATES = {
    "plan_overdue_by_uses": N_("{tool}: {plan} overdue by {uses} uses"),
    "plan_no_use_left": N_("{tool}: {plan} has reached its limit of uses (none left)"),
    "plan_never_recorded": N_("{tool}: {plan} has never been recorded"),
    "plan_due_today": N_("{tool}: {plan} is due today ({when})"),
    "plan_overdue_since": N_("{tool}: {plan} overdue since {when}"),
    "plan_last_use": N_("{tool}: {plan}: {uses} use left, this job brings it to its limit"),
    "plan_due_before_end": N_("{tool}: {plan} falls due on {when}, before the job ends"),
    "back_in_service_by_override": N_("{tool}: back in service by {login}'s override although its {plan} failed on {date} "
                                      "({reason})"),
    "uses_left": N_("{uses} uses left"),
    "due_on": N_("due on {when}"),
    "plan_due_soon": N_("{tool}: {plan} due soon ({left})"),
    "late_within_grace": N_("{late}: within the grace of {days} days set for this plan"),
    "late_not_stopping": N_("{late}: the plan does not stop the work; do it when convenient"),
    "at_least": N_("at least {value}"),
    "at_most": N_("at most {value}"),
    "between": N_("between {low} and {high}"),
    "not_recorded": N_("not recorded"),
    "tool_attribute_short": N_("{tool}: {attribute} is {has}, the job needs {wanted}"),
    "on_bench": N_("on bench {bench}"),
    "in_location": N_("in {location}"),
    "no_location": N_("with no location recorded"),
    "check_out_tools": N_("Check out {tools} to this bench"),
    "borrow_tool": N_("Borrow {tool} {where}: check it out to this bench"),
    "borrow_tool_blocking": N_("Borrow {tool} {where}: check it out to this bench; {orders} there need it and would "
                               "be blocked"),
    "ask_for_tool": N_("Ask for {tool}, now {where}, to be checked in"),
    "carry_out_plan": N_("Carry out \u201c{plan}\u201d on {tool} and record it"),
    "repair_capability": N_("No {capability} in the workshop can serve: repair, calibrate or replace one"),
    "acquire_capability": N_("The workshop has no {capability}: acquire one"),
    "capability_value_unknown": N_("{capability}: the order does not give {value}, so the tool cannot be checked against it"),
    "record_watch_values": N_("Record the watch's values on the order"),
    "move_or_fit": N_("Move the order to bench {benches}, or fit a {capability} on this bench"),
    "fixture_of_other_bench": N_("No {capability} on this bench; the one of bench {benches} is part of that bench"),
    "too_few_on_bench": N_("{count} {capability} needed, {found} on this bench; {tool} is {where}"),
    "none_on_bench": N_("No {capability} on this bench; {tool} is {where}"),
    "no_capability": N_("The workshop has no {capability}"),
}


def _tool(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    """A tool by its asset tag and its type's name: AT-3 (Pressure tester)."""
    return f"{show(values['tag'])} ({show(values['name'])})"


def _tool_at(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    return f"{show(values['tool'])} {show(values['where'])}"


def _out_of_service(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    reason = values["reason"]
    return _("{tool} is out of service{reason}").format(tool=show(values["tool"]), reason=f" ({reason})" if reason else "")


COMPOSED = {"tool": _tool, "tool_at": _tool_at, "tool_out_of_service": _out_of_service}
