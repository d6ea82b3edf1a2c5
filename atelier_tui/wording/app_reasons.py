"""The reasons the workstation gives for what it did itself (a longer calibration interval, a
demo generated, a checklist item that does not apply), worded for each reader. What was done is
stored as data (a count, a size and a seed, the conditions), never as a sentence in the language
of the session that did it; a reason a person typed is stored and shown as typed."""

from __future__ import annotations

from collections.abc import Iterable

from atelier_tui.i18n import N_, _
from atelier_tui.wording.terms import word

LONGER = "longer"
SHORTER = "shorter"
_INTERVAL_REASONS = {
    LONGER: N_("{count} calibrations in a row found in tolerance"),
    SHORTER: N_("found out of tolerance"),
}


def interval_reason(current_days: int, proposed_days: int, in_tolerance_run: int) -> str:
    """Why the staircase proposed `proposed_days` instead of `current_days`."""
    direction = LONGER if proposed_days > current_days else SHORTER
    return _(_INTERVAL_REASONS[direction]).format(count=in_tolerance_run)


def demo_reason(size: str, seed: int) -> str:
    return _("demo workshop, size {size}, seed {seed}").format(size=size, seed=seed)


def moved_reason(bench: str) -> str:
    """Why a bench was freed without anyone freeing it: its technician was assigned to `bench`."""
    return _("moved to bench {bench}").format(bench=bench)


def import_reason(source: str) -> str:
    return _("imported from {source}").format(source=source)


def condition_reason(conditions: Iterable[str]) -> str:
    """Why a checklist item was answered "not applicable" without anyone: its conditions, in words."""
    return _("condition not met: {conditions}").format(conditions=", ".join(word(condition) for condition in conditions))
