"""The sentences of the readiness check's own findings (atelier_tui/domain/readiness.py): the
bench, the technician, the checklists, the deadline."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from atelier_tui.i18n import N_, _
from atelier_tui.wording.numbers import number

TEMPLATES = {
    "bench_not_open": N_("Bench {bench} is {status}"),
    "open_or_move_bench": N_("Open the bench or move the order to another bench"),
    "move_to_bench": N_("Move the order to bench {benches}"),
    "order_lacks_field": N_("The order does not give {what}, on which the tools to take depend"),
    "fit_bench_feature": N_("No open bench has it: fit one"),
    "bench_lacks_feature": N_("Bench {bench} is not {feature}, as this work needs"),
    "no_technician": N_("No technician is assigned to bench {bench}"),
    "assign_qualified": N_("Assign a qualified technician"),
    "technician_level_too_low": N_("The job needs technical level {needed}; {name} has level {level}"),
    "assign_level": N_("Assign a technician of level {level} or more"),
    "technician_not_on_kind": N_("{name} does not work on {kind} movements"),
    "assign_who_does": N_("Assign a technician who does"),
    "for_this_order": N_("for this order"),
    "on_bench_today": N_("on bench {bench} today"),
    "run_checklist": N_("Run the checklist \u201c{checklist}\u201d {where}"),
    "checklist_missed_items": N_("Checklist \u201c{checklist}\u201d {where} did not answer what applies to this order: {items}"),
    "run_checklist_for_order": N_("Run the checklist \u201c{checklist}\u201d for this order"),
    "checklist_not_signed": N_("Checklist \u201c{checklist}\u201d {where} is started but not signed off"),
    "checklist_not_run": N_("Checklist \u201c{checklist}\u201d has not been run {where}"),
    "checklist_failed": N_("Checklist \u201c{checklist}\u201d {where} failed: a required item is not ok"),
    "deadline_passed": N_("The deadline {deadline} has passed"),
    "agree_new_date": N_("Agree a new date with the customer"),
}


def _assign(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    """Whom to assign, then the qualified people by name when there are any."""
    names = values["names"]
    return show(values["who"]) + (f": {show(names)}" if names else "")


def _deadline_after_end(values: Mapping[str, Any], show: Callable[[Any], str]) -> str:
    hours, end, deadline = number(values["minutes"] / 60, 1), show(values["end"]), show(values["deadline"])
    running_in = values.get("running_in") or 0
    if not running_in:
        return _("The work needs about {hours} h of bench time and would end on {end}, after the deadline {deadline}").format(
            hours=hours, end=end, deadline=deadline)
    return _("The work needs about {hours} h of bench time, then {elapsed} h of running-in and observation, and would end "
             "on {end}, after the deadline {deadline}").format(hours=hours, elapsed=number(running_in / 60), end=end, deadline=deadline)


COMPOSED = {"assign": _assign, "deadline_after_end": _deadline_after_end}
