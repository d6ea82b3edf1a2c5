"""The audit trail in words: what each recorded action and entity is called, in the interface's
language, for the audit view and `atelier audit list` alike. The trail itself stores codes (they are
part of its hash chain, and --json keeps them)."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import SYSTEM_LOGIN
from atelier_tui.i18n import N_, _

# Every action a service records (tests/tui/test_audit_view.py finds any missing); an unknown one
# (a newer atelier's) is shown as recorded.
ACTIONS = {
    "add_staff_key": N_("SSH key added"),
    "adjust": N_("stock adjusted"),
    "answer_checklist_item": N_("checklist answered"),
    "assign_technician": N_("technician assigned"),
    "check_in": N_("checked in"),
    "check_out": N_("checked out"),
    "consume": N_("consumed"),
    "create": N_("created"),
    "document.print": N_("document printed"),
    "dispose": N_("disposed of"),
    "generate_demo": N_("demo generated"),
    "interval.accept": N_("interval accepted"),
    "interval.decline": N_("interval declined"),
    "interval.propose": N_("interval proposed"),
    "label.print": N_("labels printed"),
    "maintenance.record": N_("maintenance done"),
    "maintenance_plan.retire": N_("plan retired"),
    "maintenance.reschedule": N_("maintenance moved"),
    "order.create": N_("order created"),
    "order.prepare": N_("bench prepared"),
    "order.set_bench": N_("order on bench"),
    "order.set_plan": N_("grade or estimate changed"),
    "order.start": N_("work started"),
    "out_of_service": N_("out of service"),
    "receive": N_("lot received"),
    "register_staff": N_("person registered"),
    "remove_staff": N_("person removed"),
    "remove_staff_key": N_("SSH key removed"),
    "restore": N_("database restored"),
    "return_to_service": N_("back in service"),
    "return_to_service_override": N_("back in service by override"),
    "review.close": N_("review closed"),
    "review.dispose": N_("review decision"),
    "review.open": N_("review opened"),
    "set_bench_status": N_("bench status"),
    "sheet.alert": N_("alert raised"),
    "sheet.acknowledge_alert": N_("alert acknowledged"),
    "sheet.anomaly": N_("anomaly noted"),
    "sheet.close": N_("sheet closed"),
    "sheet.measure": N_("measurement"),
    "sheet.not_replaced": N_("part not replaced"),
    "sheet.tick": N_("step done"),
    "sheet.tool": N_("tool used"),
    "sheet.untick": N_("step undone"),
    "sign_checklist": N_("checklist signed"),
    "start_checklist": N_("checklist started"),
    "transfer": N_("lot moved"),
    "unassign_technician": N_("bench freed"),
    "update": N_("updated"),
    "usage.correct": N_("use count fixed"),
}

# The entities of the trail under a short name; any other is shown as written.
ENTITIES = {
    "tool": N_("tool"),
    "repair_order": N_("order"),
    "lot": N_("lot"),
    "bench": N_("bench"),
    "staff": N_("person"),
    "checklist": N_("checklist"),
    "checklist_run": N_("checklist"),
    "intervention_sheet": N_("sheet"),
    "maintenance_review": N_("review"),
    "interval_proposal": N_("proposal"),
    "workshop": N_("workshop"),
    "database": N_("database"),
    "site": N_("site"),
    "location": N_("location"),
    "tool_type": N_("tool type"),
    "supply_type": N_("supply"),
    "capability": N_("capability"),
    "attribute": N_("attribute"),
    "calibre": N_("calibre"),
    "intervention_type": N_("intervention"),
    "maintenance_plan": N_("plan"),
    "maintenance_record": N_("maintenance record"),
}


def action_text(code: str) -> str:
    label = ACTIONS.get(code)
    return _(label) if label else code


def entity_text(code: str) -> str:
    label = ENTITIES.get(code)
    return _(label) if label else code


def subject_text(entity: str, entity_key: str, name: str = "") -> str:
    """What an event is about: the kind of thing in words, then a catalog entry by its name in the
    interface's language (`name`), anything else by its key (an asset tag, an order reference)."""
    return f"{entity_text(entity)} {name or entity_key}"


def actor_text(login: str) -> str:
    """Who acted: a person's login as recorded; the workstation itself (imports, the demo) in words."""
    return _("system") if login == SYSTEM_LOGIN else login
