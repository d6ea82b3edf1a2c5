"""What a lead does from the planner's list: record a maintenance for the highlighted item (r: the
result, the as-found and as-left value of each test point typed with its unit, a certificate
reference), move its next due date (d: a date and a reason), accept or decline an interval
proposal (a, x). Read-only sessions and roles other than lead and admin do not see these keys; the
services refuse them anyway."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from textual.binding import Binding
from textual.validation import ValidationResult, Validator

from atelier_tui.domain.vocabulary import PlanKind, RecordResult
from atelier_tui.i18n import N_, _, localized, ngettext
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, QuantityValidator, for_example, one_of
from atelier_tui.wording.vocabulary import word

PLANNER_BINDINGS = [
    Binding("r", "record", N_("Record"), id="planner.record"),
    Binding("d", "reschedule", N_("Reschedule"), id="planner.reschedule"),
    Binding("a", "accept_proposal", N_("Accept"), id="planner.accept"),
    Binding("x", "decline_proposal", N_("Decline"), id="planner.decline"),
    Binding("g", "group", N_("Group"), id="planner.group"),
]
RESULTS = tuple(RecordResult)
METROLOGY = (PlanKind.CALIBRATION, PlanKind.VERIFICATION)
# Which kind of highlighted entry each change applies to.
CHANGES = {"record": "due", "reschedule": "due", "accept_proposal": "proposal", "decline_proposal": "proposal"}


def plan_points(context: Any, plan_key: str) -> Any:
    from atelier_tui.services.maintenance.records import plan_test_points

    return plan_test_points(context.engine(), plan_key)


def result_key(typed: str) -> str | None:
    """pass, adjusted or fail, typed as such or in the interface's words."""
    text = typed.strip().lower()
    return next((key for key in RESULTS if text in (key, word(RecordResult, key).lower())), None)


def record_summary(checked: Any) -> str:
    """The confirmation of a record: every value that will be stored, and what follows from it."""
    lines = [_("Record {plan} of {tag} on {date}, result: {result}?").format(
        plan=checked.plan_name, tag=checked.asset_tag, date=f"{checked.performed_at.astimezone():%Y-%m-%d %H:%M}",
        result=word(RecordResult, checked.result))]
    for reading in checked.readings:
        name = localized(reading.point.name_en, reading.point.name_fr) or reading.point.key
        parts = []
        if reading.as_found is not None:
            parts.append(_("as found {value} ({judged})").format(
                value=reading.as_found.text, judged=_("in tolerance") if reading.found_in_tolerance else _("out of tolerance")))
        if reading.as_left is not None:
            parts.append(_("as left {value} ({judged})").format(
                value=reading.as_left.text, judged=_("in tolerance") if reading.left_in_tolerance else _("out of tolerance")))
        lines.append(f"  {name}: " + (", ".join(parts) or _("not read")))
    if checked.certificate_ref:
        lines.append(_("Certificate: {ref}").format(ref=checked.certificate_ref))
    if checked.takes_out_of_service:
        lines.append(_("{tag} will be taken out of service.").format(tag=checked.asset_tag))
    return "\n".join(lines)


class ResultValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        if result_key(value):
            return self.success()
        if not value.strip():
            return self.failure(_("result: choose one of {choices}").format(choices=", ".join(word(RecordResult, key) for key in RESULTS)))
        return self.failure(_("result: '{given}' is not one of {choices}").format(
            given=value.strip(), choices=", ".join(word(RecordResult, key) for key in RESULTS)))


class OptionalQuantity(QuantityValidator):
    """A reading may be left empty (an as-left value, a failed instrument); typed, it is a
    quantity of the test point's kind."""

    def validate(self, value: str) -> ValidationResult:
        return self.success() if not value.strip() else super().validate(value)


class DateValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return self.failure(_("date: '{given}' is not a date like 2026-12-31").format(given=value.strip()))
        return self.success()


class RecordForm(FormModal):
    """The record form: one line per field (planner.tcss), scrolling when a plan has many test
    points. The service names a reading's side (as_found, as_left): its refusal goes under the
    field of the test point it mentions."""

    CSS_PATH = "planner.tcss"

    def __init__(self, title: str, fields: list[FormField], submit: Any, point_keys: list[str], confirm: Any = None) -> None:
        super().__init__(title, fields, submit, submit_label=N_("Record"), confirm=confirm)
        self.point_keys = point_keys

    def show_refusal(self, message: str, field_name: str | None = None) -> None:
        if field_name in ("as_found", "as_left") and self.point_keys:
            side = "found" if field_name == "as_found" else "left"
            index = next((i for i, key in enumerate(self.point_keys) if re.search(rf"\b{re.escape(key)}\b", message)), 0)
            field_name = f"{side}-{index}"
        super().show_refusal(message, field_name)
        self._fit_errors()

    def action_submit(self) -> None:
        super().action_submit()
        self._fit_errors()

    # Textual calls the handlers of every class in the MRO: these add to FormModal's own.
    def on_mount(self) -> None:
        self._fit_errors()

    def on_input_changed(self) -> None:
        self.call_after_refresh(self._fit_errors)

    def _fit_errors(self) -> None:
        """An error line takes room only when it says something."""
        for line in self.query(".field-error"):
            line.display = bool(str(line.content))  # type: ignore[attr-defined]


class PlannerActions:
    """Mixed into the planner screen, which has `current()` -> (kind, entry) of the highlighted
    row and `reload()`."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGES:
            context = self.app.context  # type: ignore[attr-defined]
            # Recording is offered to leads only here: the planner is where calibrations are recorded.
            if not context.may("calibration.record" if CHANGES[action] == "due" else "interval.decide"):
                return False
            return self.current()[0] == CHANGES[action]  # type: ignore[attr-defined]
        return True

    def _highlighted(self, kind: str) -> Any:
        found, entry = self.current()  # type: ignore[attr-defined]
        return entry if found == kind else None

    def _plan_name(self, item: Any) -> str:
        return localized(item.plan_name_en, item.plan_name_fr)

    # Record ------------------------------------------------------------------------------------

    def action_record(self) -> None:
        item = self._highlighted("due")
        if item is not None:
            self.call(plan_points, item.plan_key, then=lambda points: self._ask_record(item, points))  # type: ignore[attr-defined]

    def _ask_record(self, item: Any, points: Any) -> None:
        # No result is pre-filled: a judgement is chosen (Enter on an untouched form recorded a pass).
        fields = [FormField("result", N_("Result: pass, adjusted or fail"), placeholder=one_of([word(RecordResult, key) for key in RESULTS]),
                            suggestions=[word(RecordResult, key) for key in RESULTS], validators=[ResultValidator()])]
        for index, point in enumerate(points):
            name = localized(point.name_en, point.name_fr) or point.key
            nominal = _("nominal {point}").format(point=point.describe())
            fields.append(FormField(f"found-{index}", _("{point}: as found").format(point=name), placeholder=nominal,
                                    validators=[OptionalQuantity(point.nominal.unit, name)]))
            fields.append(FormField(f"left-{index}", _("{point}: as left, if adjusted").format(point=name),
                                    placeholder=nominal, validators=[OptionalQuantity(point.nominal.unit, name)]))
        if item.plan_kind in METROLOGY:  # an outside laboratory's certificate: calibrations and verifications
            fields.append(FormField("certificate_ref", N_("Certificate reference (outside laboratory)")))
        keys = [point.key for point in points]

        def arguments(values: dict[str, str]) -> tuple[Any, ...]:
            found = {key: values[f"found-{i}"] for i, key in enumerate(keys) if values[f"found-{i}"]}
            left = {key: values[f"left-{i}"] for i, key in enumerate(keys) if values[f"left-{i}"]}
            return (item.asset_tag, item.plan_key, result_key(values["result"]) or values["result"], found, left,
                    values.get("certificate_ref", ""))

        def confirm(context: Any, values: dict[str, str]) -> str:
            from atelier_tui.services.maintenance.records import check_maintenance

            return record_summary(check_maintenance(context.engine(), context.actor(), context.now(), *arguments(values)))

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.maintenance.records import record_maintenance

            tag, plan_key, result, found, left, certificate = arguments(values)
            return record_maintenance(context.engine(), context.actor(), context.now(), tag, plan_key, result, found, left,
                                      certificate_ref=certificate)

        title = _("Record {plan} of {tag}").format(plan=self._plan_name(item), tag=item.asset_tag)
        form = RecordForm(title, fields, submit, keys, confirm=confirm)
        self.app.push_screen(form, lambda done: self._recorded(item, done))  # type: ignore[attr-defined]

    def _recorded(self, item: Any, done: Any) -> None:
        if done is None:
            return
        app: Any = self.app  # type: ignore[attr-defined]
        app.notify(_("{tag}: {plan} recorded ({result})").format(tag=done.asset_tag, plan=self._plan_name(item),
                                                                 result=word(RecordResult, done.result)))
        if done.out_of_service:
            app.notify(_("{tag} is out of service: {reason}").format(tag=done.asset_tag, reason=done.status_reason),
                       severity="warning", timeout=10)
        if done.review_id is not None:
            app.notify(ngettext("Out-of-tolerance review #{id} opened: {count} sheet to decide",
                                "Out-of-tolerance review #{id} opened: {count} sheets to decide", done.review_sheets).format(
                id=done.review_id, count=done.review_sheets), severity="warning", timeout=10)
        if done.proposal_id is not None:
            app.notify(_("Interval proposal: {current} days → {proposed} days, waiting for a decision").format(
                current=done.current_days, proposed=done.proposed_days), timeout=8)
        self.reload()  # type: ignore[attr-defined]

    # Reschedule --------------------------------------------------------------------------------

    def action_reschedule(self) -> None:
        item = self._highlighted("due")
        if item is None:
            return
        if not item.every_days:
            self.app.refuse(_("{plan} of {tag} is counted in uses only: it has no date to move").format(  # type: ignore[attr-defined]
                plan=self._plan_name(item), tag=item.asset_tag))
            return

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.maintenance.changes import reschedule

            return reschedule(context.engine(), context.actor(), context.now(), item.asset_tag, item.plan_key,
                              date.fromisoformat(values["date"]), values["reason"])

        due = item.next_due_on.isoformat() if item.next_due_on else "—"
        form = FormModal(
            _("Reschedule {plan} of {tag} (due {date})").format(plan=self._plan_name(item), tag=item.asset_tag, date=due),
            [FormField("date", N_("New due date (YYYY-MM-DD)"), placeholder=for_example("2026-12-31"), validators=[DateValidator()]),
             FormField("reason", N_("Reason (required)"))],
            submit, submit_label=N_("Reschedule"),
        )

        def done(moved: Any) -> None:
            if moved is not None:
                self.app.notify(_("{tag}: {plan} now due on {date}").format(  # type: ignore[attr-defined]
                    tag=moved.asset_tag, plan=self._plan_name(item), date=moved.due_on.isoformat()))
                self.reload()  # type: ignore[attr-defined]

        self.app.push_screen(form, done)  # type: ignore[attr-defined]

    # Interval proposals ------------------------------------------------------------------------

    def action_accept_proposal(self) -> None:
        self._decide(True)

    def action_decline_proposal(self) -> None:
        self._decide(False)

    def _decide(self, accept: bool) -> None:
        proposal = self._highlighted("proposal")
        if proposal is None:
            return
        names = {"tag": proposal.asset_tag, "plan": localized(proposal.plan_name_en, proposal.plan_name_fr),
                 "current": proposal.current_days, "proposed": proposal.proposed_days}
        question = (_("Accept an interval of {proposed} days instead of {current} for {tag} ({plan})?") if accept
                    else _("Decline the interval of {proposed} days proposed for {tag} ({plan})? It stays {current} days."))

        def decide(context: Any) -> Any:
            from atelier_tui.services.maintenance.intervals import decide_proposal

            return decide_proposal(context.engine(), context.actor(), context.now(), proposal.id, accept)

        def decided(row: Any) -> None:
            message = (_("{tag}: {plan} every {proposed} days from now on") if accept
                       else _("{tag}: the proposal is declined; {plan} stays every {current} days"))
            self.app.notify(message.format(**names))  # type: ignore[attr-defined]
            self.reload()  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmModal(question.format(**names)),  # type: ignore[attr-defined]
                             lambda yes: yes and self.call(decide, then=decided))  # type: ignore[attr-defined]
