"""Actions on one tool, shared by the tools list (the selected row) and a tool's detail screen."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding

from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.i18n import N_, _
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, Required, one_of

# Each key's action and what the permission table calls it.
CHANGE_ACTIONS = {"check_out": "tool.check_out", "check_in": "tool.check_in", "out_of_service": "tool.out_of_service",
                  "back_in_service": "tool.return_to_service"}

# The statuses each change can start from (the service refuses the others): a screen that knows
# the tool's status offers only what can succeed.
POSSIBLE_FROM = {"check_out": (ToolStatus.IN_SERVICE,), "check_in": (ToolStatus.CHECKED_OUT,),
                 "out_of_service": (ToolStatus.IN_SERVICE, ToolStatus.CHECKED_OUT, ToolStatus.IN_MAINTENANCE),
                 "back_in_service": (ToolStatus.OUT_OF_SERVICE, ToolStatus.IN_MAINTENANCE)}

TOOL_BINDINGS = [
    Binding("o", "check_out", N_("Check out"), id="tool.check_out"),
    Binding("i", "check_in", N_("Check in"), id="tool.check_in"),
    Binding("x", "out_of_service", N_("Out of service"), id="tool.out_of_service"),
    Binding("r", "back_in_service", N_("Back in service"), id="tool.back_in_service"),
]


def _bench_codes_and_version(context: Any, tag: str) -> tuple[list[str], int | None]:
    """What the check-out form offers, and the version of the tool it opens on."""
    from atelier_tui.services.benches.queries import list_benches
    from atelier_tui.services.tools.queries import tool_version

    return [bench.code for bench in list_benches(context.engine())], tool_version(context.engine(), tag)


def _version(context: Any, tag: str) -> int | None:
    from atelier_tui.services.tools.queries import tool_version

    return tool_version(context.engine(), tag)


class ToolActions:
    """Mixed into a screen that defines `current_tag()` (the tool acted on) and `tool_changed()`
    (refresh after a change)."""

    def current_status(self) -> str | None:
        """The status of the tool acted on, when the screen knows it (None: every change is offered)."""
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS:
            status = self.current_status()
            if status is not None and status not in POSSIBLE_FROM[action]:
                return False
            return self.app.context.may(CHANGE_ACTIONS[action])  # type: ignore[attr-defined]
        return True

    def action_check_out(self) -> None:
        tag = self.current_tag()  # type: ignore[attr-defined]
        if tag is None:
            return
        self.call(_bench_codes_and_version, tag, then=lambda loaded: self._ask_bench(tag, *loaded))  # type: ignore[attr-defined]

    def _ask_bench(self, tag: str, codes: list[str], version: int | None) -> None:
        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.tools.actions import check_out

            return check_out(context.engine(), context.actor(), context.now(), tag, values["bench"].upper(), version)

        form = FormModal(
            _("Check out {tag} to a bench").format(tag=tag),
            [FormField("bench", N_("Bench"), placeholder=one_of([*codes[:4], "…"] if len(codes) > 4 else codes), suggestions=codes,
                       validators=[Required(_("bench"))])],
            submit,
            submit_label=N_("Check out"),
        )
        self.app.push_screen(form, lambda done: self._done(done, _("{tag} checked out").format(tag=tag)))  # type: ignore[attr-defined]

    def action_check_in(self) -> None:
        tag = self.current_tag()  # type: ignore[attr-defined]
        if tag is None:
            return

        def check_in(context: Any) -> Any:
            from atelier_tui.services.tools.actions import check_in as service

            return service(context.engine(), context.actor(), context.now(), tag)

        self.call(check_in, then=lambda done: self._done(done, _("{tag} checked in").format(tag=tag)))  # type: ignore[attr-defined]

    def action_out_of_service(self) -> None:
        tag = self.current_tag()  # type: ignore[attr-defined]
        if tag is None:
            return
        self.call(_version, tag, then=lambda version: self._ask_reason(tag, version))  # type: ignore[attr-defined]

    def _ask_reason(self, tag: str, version: int | None) -> None:
        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.tools.actions import put_out_of_service

            return put_out_of_service(context.engine(), context.actor(), context.now(), tag, values["reason"], version)

        form = FormModal(
            _("Put {tag} out of service").format(tag=tag),
            [FormField("reason", N_("Reason (required)"), validators=[Required(_("reason"))])],
            submit,
            submit_label=N_("Out of service"),
        )
        self.app.push_screen(form, lambda done: self._done(done, _("{tag} is out of service").format(tag=tag)))  # type: ignore[attr-defined]

    def action_back_in_service(self) -> None:
        tag = self.current_tag()  # type: ignore[attr-defined]
        if tag is None:
            return

        def failed(context: Any) -> Any:
            from atelier_tui.services.tools.actions import failed_calibration_of

            return failed_calibration_of(context.engine(), tag)

        self.call(failed, then=lambda held: self._ask_override(tag, held) if held else self._confirm_back(tag))  # type: ignore[attr-defined]

    def _ask_override(self, tag: str, held: Any) -> None:
        """A failed calibration or verification: back only through a passing record of that plan,
        or a lead's written override."""
        _plan_key, plan_name, failed_at = held
        when = failed_at.astimezone().date().isoformat()
        if not self.app.context.may("calibration.record"):  # type: ignore[attr-defined]
            self.app.refuse(_("{tag} failed its {plan} on {date}: it returns to service through a passing record of that plan "  # type: ignore[attr-defined]
                              "(as left in tolerance), or a lead's written override").format(tag=tag, plan=plan_name, date=when))
            return

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.tools.actions import return_to_service

            return return_to_service(context.engine(), context.actor(), context.now(), tag, values["reason"], override=True)

        form = FormModal(
            _("{tag} failed its {plan} on {date}. Put it back in service without a passing record? The override is recorded "
              "with your name and your reason, and shown with the tool's status.").format(tag=tag, plan=plan_name, date=when),
            [FormField("reason", N_("Reason for the override (required)"), validators=[Required(_("reason"))])],
            submit,
            submit_label=N_("Override"),
        )
        self.app.push_screen(form, lambda done: self._done(done, _("{tag} is back in service by override").format(tag=tag)))  # type: ignore[attr-defined]

    def _confirm_back(self, tag: str) -> None:
        def confirmed(yes: bool | None) -> None:
            if not yes:
                return

            def back(context: Any) -> Any:
                from atelier_tui.services.tools.actions import return_to_service

                return return_to_service(context.engine(), context.actor(), context.now(), tag)

            self.call(back, then=lambda done: self._done(done, _("{tag} is back in service").format(tag=tag)))  # type: ignore[attr-defined]

        self.app.push_screen(ConfirmModal(_("Put {tag} back in service?").format(tag=tag)), confirmed)  # type: ignore[attr-defined]

    def _done(self, result: Any, message: str) -> None:
        if result is None:
            return
        self.app.notify(message)  # type: ignore[attr-defined]
        self.tool_changed()  # type: ignore[attr-defined]
