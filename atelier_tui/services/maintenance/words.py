"""The words of maintenance as people read them (due states, results, tool statuses, plan kinds,
review dispositions, interval proposals), for the screens and the commands that show them."""

from __future__ import annotations

from atelier_tui.i18n import N_, _

# Keys are the stored values. The tables are kept apart by what they name, as the same value
# ("accepted") reads differently for a sheet and for a proposal.
KIND_WORDS = {"cleaning": N_("cleaning"), "maintenance": N_("maintenance work"), "verification": N_("verification"),
              "calibration": N_("calibration")}
WORDS = {
    # due states
    "ok": N_("ok"), "due_soon": N_("due soon"), "due": N_("due"), "overdue": N_("overdue"),
    # results
    "pass": N_("pass"), "adjusted": N_("adjusted"), "fail": N_("fail"),
    # tool statuses
    "out_of_service": N_("out of service"), "in_maintenance": N_("in maintenance"), "retired": N_("retired"),
    "in_service": N_("in service"), "checked_out": N_("checked out"),
}
DISPOSITION_WORDS = {"accepted": N_("work accepted"), "recalled": N_("recalled for re-test"), "": N_("undecided")}
PROPOSAL_WORDS = {"proposed": N_("awaiting decision"), "accepted": N_("interval accepted"), "declined": N_("interval declined"),
                  "superseded": N_("superseded by a newer proposal")}


def say(value: str, words: dict[str, str] = WORDS) -> str:
    """`value` (a due state, a result, a tool status; or from `words`: KIND_WORDS,
    DISPOSITION_WORDS, PROPOSAL_WORDS) in the interface language."""
    return _(words[value]) if value in words else value
