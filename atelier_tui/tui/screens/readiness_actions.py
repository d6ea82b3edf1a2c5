"""What a technician does from an order's readiness panel: check against another bench, carry out
a remedy (Enter: check the suggested tool out to this bench, run the checklist), prepare the
bench, start the work (a lead may concede a NO-GO with a written reason)."""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.widgets import OptionList

from atelier_tui.i18n import N_, _
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, Required, one_of
from atelier_tui.tui.widgets.readiness_panel import ReadinessPanel
from atelier_tui.wording import remedy_text

READINESS_BINDINGS = [
    Binding("b", "choose_bench", N_("Bench"), id="order.bench"),
    Binding("r", "recheck", N_("Check again"), show=False, id="order.recheck"),
    Binding("p", "prepare", N_("Prepare bench"), id="order.prepare"),
    Binding("s", "start", N_("Start work"), id="order.start"),
]
CHANGE_ACTIONS = {"prepare", "start"}


def load_verdict(context: Any, reference: str, bench: str | None) -> Any:
    from atelier_tui.services.readiness.check import check_order

    return check_order(context.engine(), reference, bench, context.now(), context.today())


class ReadinessActions:
    """Mixed into the order screen, which has `reference`, `bench` (the bench checked against,
    None: the order's own) and `verdict` (the last one shown)."""

    reference: str
    bench: str | None
    verdict: Any

    def panel(self) -> ReadinessPanel:
        return self.query_one(ReadinessPanel)  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS and self.app.context.readonly:  # type: ignore[attr-defined]
            return False
        if action in CHANGE_ACTIONS:  # only what can succeed: an order already started is neither prepared nor started again
            from atelier_tui.services.orders.queries import STARTABLE_STATUSES

            status = getattr(self, "status", None)
            return status is None or status in STARTABLE_STATUSES
        return True

    def action_recheck(self) -> None:
        self.call(load_verdict, self.reference, self.bench, then=self.show_verdict, failed=self._not_checked,  # type: ignore[attr-defined]
                  group="verdict")

    def show_verdict(self, verdict: Any) -> None:
        self.verdict = verdict
        self.unchecked_because = ""
        self.bench = verdict.bench
        self.panel().show_verdict(verdict)

    def _not_checked(self, message: str, field: str | None) -> None:
        hint = _("press b to choose a bench") if field == "bench" else ""
        self.unchecked_because = f"{message} — {hint}" if hint else message
        self.panel().show_message(self.unchecked_because)

    def _has_verdict(self) -> bool:
        """Prepare and start act on the verdict shown: before there is one, a key says why it waits
        rather than doing nothing."""
        if getattr(self, "verdict", None) is not None:
            return True
        reason = getattr(self, "unchecked_because", "")
        if reason:
            self.app.notify(reason, title=_("Not checked"), severity="warning")  # type: ignore[attr-defined]
        else:
            self.app.notify(_("The readiness of {order} is still being checked: press the key again once the verdict shows").format(  # type: ignore[attr-defined]
                order=self.reference))
        return False

    def action_choose_bench(self) -> None:
        def chosen(context: Any, values: dict[str, str]) -> Any:
            return load_verdict(context, self.reference, values["bench"].strip().upper())

        def codes(context: Any) -> list[str]:
            from atelier_tui.services.benches.queries import list_benches

            return [bench.code for bench in list_benches(context.engine())]

        def ask(bench_codes: list[str]) -> None:
            form = FormModal(_("Check {order} against a bench").format(order=self.reference),
                             [FormField("bench", N_("Bench"), value=self.bench or "", suggestions=bench_codes,
                                        placeholder=one_of([*bench_codes[:4], "…"] if len(bench_codes) > 4 else bench_codes),
                                        validators=[Required(_("bench"))])],
                             chosen, submit_label=N_("Check"))
            self.app.push_screen(form, lambda verdict: verdict and self.show_verdict(verdict))  # type: ignore[attr-defined]

        self.call(codes, then=ask)  # type: ignore[attr-defined]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        finding = self.panel().finding(event.option_index)
        if finding is None or finding.remedy is None or self.verdict is None:
            return
        remedy = finding.remedy
        if self.app.context.readonly:  # type: ignore[attr-defined]
            self.app.notify(remedy_text(remedy))  # type: ignore[attr-defined]
        elif remedy.action == "check_out" and remedy.tools:
            self._check_out(remedy.tools, remedy.blocks, remedy.benches[0] if remedy.benches else "")
        elif remedy.action == "run_checklist" and remedy.checklist:
            self._run_checklist(remedy.checklist, remedy.order)
        else:
            self.app.notify(remedy_text(remedy), title=_("To do"))  # type: ignore[attr-defined]

    def _check_out(self, tags: tuple[str, ...], blocks: tuple[str, ...], source: str) -> None:
        bench = self.verdict.bench

        def check_out(context: Any) -> Any:
            from atelier_tui.services.readiness.bench_preparation import take_for_order

            return take_for_order(context.engine(), context.actor(), context.now(), context.today(), self.reference, bench, tags,
                                  frozenset(blocks))

        def done(verdict: Any) -> None:
            self.app.notify(_("{tags} checked out to bench {bench}").format(tags=", ".join(tags), bench=bench))  # type: ignore[attr-defined]
            self.show_verdict(verdict)

        if not blocks:
            self.call(check_out, then=done)  # type: ignore[attr-defined]
            return
        # Taking it stops a colleague's work: say which, and act only on a yes.
        question = _("Take {tags} from bench {bench}? {orders} there need it and become NO-GO.").format(
            tags=", ".join(tags), bench=source, orders=", ".join(blocks))
        self.app.push_screen(ConfirmModal(question), lambda yes: yes and self.call(check_out, then=done))  # type: ignore[attr-defined]

    def _run_checklist(self, key: str, order: str | None) -> None:
        from atelier_tui.tui.screens.checklist_run import ChecklistRunScreen

        screen = ChecklistRunScreen(key, self.verdict.bench, order)
        self.app.push_screen(screen, lambda _signed: self.action_recheck())  # type: ignore[attr-defined]

    def action_prepare(self) -> None:
        if not self._has_verdict():
            return
        bench = self.verdict.bench

        from atelier_tui.services.readiness.bench_preparation import blocked_by_remedies

        blocked = blocked_by_remedies(self.verdict)
        may_block = frozenset(order for _bench, orders in blocked.values() for order in orders)

        def prepare(context: Any) -> Any:
            from atelier_tui.services.readiness.bench_preparation import prepare_bench

            return prepare_bench(context.engine(), context.actor(), context.now(), context.today(), self.reference, bench, may_block)

        def done(prepared: Any) -> None:
            self.panel().show_picks(prepared)
            self.show_verdict(prepared.after)

        question = _("Prepare bench {bench} for {order}: check the listed tools out to it and reserve the supplies?").format(
            bench=bench, order=self.reference)
        for tag, (source, orders) in blocked.items():
            question += "\n" + _("{tag} is taken from bench {bench}: {orders} there need it and become NO-GO.").format(
                tag=tag, bench=source, orders=", ".join(orders))
        self.app.push_screen(ConfirmModal(question), lambda yes: yes and self.call(prepare, then=done))  # type: ignore[attr-defined]

    def action_start(self) -> None:
        if not self._has_verdict():
            return
        bench = self.verdict.bench

        def start(context: Any, concession: str = "") -> Any:
            from atelier_tui.services.orders.start import start_order

            return start_order(context.engine(), context.actor(), context.now(), context.today(), self.reference, bench, concession)

        if self.verdict.ready:
            question = _("Start {order} on bench {bench}? Its supplies will be reserved.").format(order=self.reference, bench=bench)
            self.app.push_screen(ConfirmModal(question), lambda yes: yes and self.call(start, then=self._started))  # type: ignore[attr-defined]
            return
        if not self.app.context.may("order.concede"):  # type: ignore[attr-defined]
            self.app.refuse(_("{order} is not ready on bench {bench}: only a lead can grant a concession").format(  # type: ignore[attr-defined]
                order=self.reference, bench=bench))
            return
        form = FormModal(_("Start {order} despite the NO-GO: concession").format(order=self.reference),
                         [FormField("reason", N_("Written reason"), validators=[Required(_("reason"))])],
                         lambda context, values: start(context, values["reason"]), submit_label=N_("Start"))
        self.app.push_screen(form, lambda started: started and self._started(started))  # type: ignore[attr-defined]

    def _started(self, started: Any) -> None:
        self.app.notify(_("{order} started on bench {bench}").format(order=started.reference, bench=started.bench))  # type: ignore[attr-defined]
        self.order_changed()  # type: ignore[attr-defined]
