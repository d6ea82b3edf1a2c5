"""The readiness panel of an order: GO or NO-GO in words and symbol (readable without colour),
then each finding with its remedy, one option per finding so that Enter can act on it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from atelier_tui.domain.units import from_micro
from atelier_tui.i18n import _
from atelier_tui.tui.widgets.states import SEVERE, severity_style
from atelier_tui.wording import finding_message, remedy_text
from atelier_tui.wording.numbers import quantity_text
from atelier_tui.wording.readiness_words import FINDING_WORDS

CODE_WORDS = FINDING_WORDS  # the words live in wording/readiness_words (the command line uses them too)
# What Enter does on a finding, by its remedy's action.
ACTING_REMEDIES = ("check_out", "run_checklist")


def finding_text(finding: Any) -> Text:
    mark, style = ("✘", severity_style(SEVERE)) if finding.blocking else ("!", "yellow")
    # TRANSLATORS: the finding's word before what it found (French: a space before the colon)
    label = _("{finding}:").format(finding=_(CODE_WORDS.get(finding.code, finding.code)))
    text = Text.assemble((f"{mark} ", style), (f"{label} ", "bold"), finding_message(finding))
    if finding.remedy is not None:
        prompt = "  ⏎ " if finding.remedy.action in ACTING_REMEDIES else "  → "
        text.append("\n" + prompt + remedy_text(finding.remedy), style="italic")
    return text


def verdict_text(verdict: Any) -> Text:
    blocking, warnings = len(verdict.blocking), len(verdict.warnings)
    if verdict.ready:
        head = Text.assemble(("✔ GO ", "bold green"), _("ready on bench {bench}").format(bench=verdict.bench))
    else:
        head = Text.assemble(("✘ NO-GO ", severity_style(SEVERE)), _("not ready on bench {bench}").format(bench=verdict.bench))
    counts = _("{blocking} blocking, {warnings} to watch").format(blocking=blocking, warnings=warnings)
    return head.append(f"  ({counts})", style="dim")


def pick_list_text(prepared: Any) -> Text:
    text = Text(_("Pick list, by store location:"), style="bold")
    for pick in prepared.picks:
        if pick.kind == "tool":
            line = _("{place}: tool {tag}, checked out to the bench").format(place=pick.place or "?", tag=pick.key)
            if pick.blocks:
                line += " — " + _("{orders} there now blocked").format(orders=", ".join(pick.blocks))
        elif pick.kind == "lot":
            line = _("{place}: lot {lot}, {quantity} reserved").format(
                place=pick.place or "?", lot=pick.key, quantity=quantity_text(from_micro(pick.quantity_micro), pick.unit))
        else:
            line = _("run the checklist {key}").format(key=pick.key)
        text.append("\n  • " + line)
    if not prepared.picks:
        text.append("\n  " + _("nothing to fetch"))
    for withheld in prepared.withheld:
        text.append("\n  ! " + _("{tag} left on bench {bench}: {orders} there need it").format(
            tag=withheld.tag, bench=withheld.bench, orders=", ".join(withheld.blocks)), style="yellow")
    return text


class ReadinessPanel(Vertical):
    def compose(self) -> ComposeResult:
        yield Static(_("Readiness: checking…"), id="verdict")
        yield Static("", id="picklist")
        yield OptionList(id="findings")
        # A GO with nothing to watch says so, rather than leave the findings' frame empty.
        yield Static(Text.assemble(("✔ ", "bold green"), _("Nothing to do: ready")), id="nothing-to-do")

    def on_mount(self) -> None:
        self.query_one("#picklist", Static).display = False
        self.query_one("#nothing-to-do", Static).display = False
        self.findings: tuple[Any, ...] = ()

    def show_message(self, message: str) -> None:
        self.query_one("#verdict", Static).update(Text(message, style="dim"))
        self.query_one("#findings", OptionList).clear_options()
        self.query_one("#findings", OptionList).display = True
        self.query_one("#nothing-to-do", Static).display = False
        self.findings = ()

    def show_verdict(self, verdict: Any) -> None:
        self.query_one("#verdict", Static).update(verdict_text(verdict))
        options = self.query_one("#findings", OptionList)
        options.clear_options()
        self.findings = verdict.findings
        options.add_options([Option(finding_text(finding), id=str(index)) for index, finding in enumerate(verdict.findings)])
        nothing_to_do = verdict.ready and not self.findings
        options.display = not nothing_to_do
        self.query_one("#nothing-to-do", Static).display = nothing_to_do
        if self.findings:
            # Enter first acts on what blocks: the first blocking finding is highlighted.
            options.highlighted = next((i for i, finding in enumerate(self.findings) if finding.blocking), 0)

    def show_picks(self, prepared: Any) -> None:
        picklist = self.query_one("#picklist", Static)
        picklist.update(pick_list_text(prepared))
        picklist.display = True

    def finding(self, index: int | None) -> Any:
        return self.findings[index] if index is not None and 0 <= index < len(self.findings) else None
