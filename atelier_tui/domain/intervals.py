"""Reviewing a calibration interval by the staircase method (ILAC-G24 / OIML D 10, method 1):
after a number of consecutive calibrations found in tolerance the interval may grow; after one
found out of tolerance it shrinks. The rule only proposes: the lead accepts or declines, and
nothing changes before that.

Pure: the caller gives the outcomes (as-found in tolerance or not, oldest first) of the scheduled
calibrations since the interval was last reviewed, and the interval in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LONGER, SHORTER = "longer", "shorter"


@dataclass(frozen=True)
class StaircaseRule:
    consecutive: int = 3  # in-tolerance calibrations in a row before a longer interval is proposed
    longer_factor: float = 1.5
    shorter_factor: float = 0.5
    max_days: int = 730  # never proposes more (the cap)
    min_days: int = 1  # never proposes less (the floor)

    def __post_init__(self) -> None:
        if self.consecutive < 1:
            raise ValueError("consecutive: at least one calibration")
        if not (self.longer_factor > 1 and 0 < self.shorter_factor < 1):
            raise ValueError("factors: longer above 1, shorter between 0 and 1")
        if not 1 <= self.min_days <= self.max_days:
            raise ValueError("min_days and max_days: 1 <= min_days <= max_days")


DEFAULT_RULE = StaircaseRule()


@dataclass(frozen=True)
class IntervalChange:
    direction: str  # longer | shorter
    current_days: int
    proposed_days: int
    in_tolerance_run: int  # the consecutive in-tolerance outcomes that led to it (0 for shorter)


def _whole_days(days: float) -> int:
    return int(days + 0.5)  # half a day rounds up: 365 x 1.5 = 548


def in_tolerance_run(outcomes: Sequence[bool]) -> int:
    """How many outcomes at the end are in tolerance, in a row."""
    run = 0
    for outcome in reversed(outcomes):
        if not outcome:
            break
        run += 1
    return run


def propose_interval(outcomes: Sequence[bool], current_days: int, rule: StaircaseRule = DEFAULT_RULE) -> IntervalChange | None:
    """The change the staircase proposes after the latest outcome, or None.

    The latest found out of tolerance: a shorter interval (x shorter_factor, not below min_days).
    The last `consecutive` found in tolerance: a longer one (x longer_factor, not above max_days).
    None when the proposed interval would not differ from the current one (at the cap or floor)."""
    if not outcomes or current_days < 1:
        return None
    if not outcomes[-1]:
        shorter = max(rule.min_days, min(current_days - 1, _whole_days(current_days * rule.shorter_factor)))
        return IntervalChange(SHORTER, current_days, shorter, 0) if shorter < current_days else None
    run = in_tolerance_run(outcomes)
    if run < rule.consecutive:
        return None
    longer = min(rule.max_days, max(current_days + 1, _whole_days(current_days * rule.longer_factor)))
    return IntervalChange(LONGER, current_days, longer, run) if longer > current_days else None
