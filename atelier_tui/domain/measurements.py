"""What a technician measures on the intervention sheet, and whether it is within tolerance.

Pure: the caller gives the value (already parsed in the quantity's unit) and the tolerances (a
calibre's, as stored in `Calibre.tolerances`: {"rate": {"min": {"value", "unit", "text"},
"max": {...}}, ...}); nothing here reads a clock or a database.

Quantities and their units (domain brief §9):

    rate             s/d    per position; a quartz calibre's `quartz_rate` (s/month) applies
                            when it has no `rate` tolerance
    amplitude        deg    per position
    beat_error       ms     per position
    test_pressure    bar    water-resistance test; judged with the tester's result (pass/fail)
                            and against the pressure marked on the watch (its minimum)
    power_reserve    h
    coil_resistance  kohm
    current          uA

Positions, as the trade writes them on a timegrapher print-out ("nH": the hour mark that is up):

    CH   dial up (cadran haut)
    CB   dial down (cadran bas); also written FH (fond haut), DD
    3H   crown up (CU)
    6H   crown left (CL)
    9H   crown down (CD)
    12H  crown right (CR)

Five positions (COSC, "adjusted to five positions") are CH, CB, 3H, 6H, 9H; 12H is the sixth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from atelier_tui.domain.units import to_unit

PASS = "pass"
FAIL = "fail"
NOT_JUDGED = ""


@dataclass(frozen=True)
class Quantity:
    key: str
    unit: str  # the unit values are kept in (and parsed to)
    positional: bool  # measured in a position of the watch
    tolerance_keys: tuple[str, ...]  # the calibre tolerances that apply, first found wins


QUANTITIES: dict[str, Quantity] = {
    quantity.key: quantity
    for quantity in (
        Quantity("rate", "s/d", True, ("rate", "quartz_rate")),
        Quantity("amplitude", "deg", True, ("amplitude",)),
        Quantity("beat_error", "ms", True, ("beat_error",)),
        Quantity("test_pressure", "bar", False, ("test_pressure",)),
        Quantity("power_reserve", "h", False, ("power_reserve",)),
        Quantity("coil_resistance", "kohm", False, ("coil_resistance",)),
        Quantity("current", "uA", False, ("current",)),
    )
}

POSITIONS = ("CH", "CB", "3H", "6H", "9H", "12H")
FIVE_POSITIONS = ("CH", "CB", "3H", "6H", "9H")
_ALIASES = {
    "DU": "CH", "DD": "CB", "FH": "CB", "CU": "3H", "CL": "6H", "CD": "9H", "CR": "12H",
    "3": "3H", "6": "6H", "9": "9H", "12": "12H",
}


@dataclass(frozen=True)
class Bounds:
    """A tolerance in the quantity's unit; either side may be open."""

    minimum: float | None
    maximum: float | None
    unit: str
    source: str  # the tolerance key it came from ("rate", "quartz_rate", ...)

    def admits(self, value: float) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum


def position_code(text: str) -> str | None:
    """The position as the sheet keeps it ('CH', '3H', ...) for what was typed ('fh', 'CU',
    '6'), '' for nothing typed, None when it is not a position."""
    cleaned = text.strip().upper().replace(" ", "")
    if not cleaned:
        return ""
    if cleaned in POSITIONS:
        return cleaned
    return _ALIASES.get(cleaned)


def _side(bound: Mapping[str, Any] | None, unit: str) -> float | None:
    if not bound:
        return None
    value, given_unit = float(bound["value"]), str(bound.get("unit") or unit)
    return value if given_unit == unit else to_unit(value, given_unit, unit)


def bounds_for(quantity: str, tolerances: Mapping[str, Any] | None) -> Bounds | None:
    """The tolerance that applies to `quantity`, converted to its unit; None when none does."""
    spec = QUANTITIES.get(quantity)
    if spec is None or not tolerances:
        return None
    for key in spec.tolerance_keys:
        bound = tolerances.get(key)
        if bound and (bound.get("min") or bound.get("max")):
            return Bounds(_side(bound.get("min"), spec.unit), _side(bound.get("max"), spec.unit), spec.unit, key)
    return None


def judge(quantity: str, value: float, tolerances: Mapping[str, Any] | None) -> str:
    """'pass' or 'fail' against the tolerance that applies, '' when none applies."""
    bounds = bounds_for(quantity, tolerances)
    if bounds is None:
        return NOT_JUDGED
    return PASS if bounds.admits(value) else FAIL


def with_watch(tolerances: Mapping[str, Any] | None, water_resistance_bar: float | None) -> dict[str, Any]:
    """The calibre's tolerances plus the watch's own: a water-resistance test must reach the
    pressure marked on the watch (domain brief §6.1: the marked rating is the minimum)."""
    merged = dict(tolerances or {})
    if water_resistance_bar:
        merged["test_pressure"] = {"min": {"value": water_resistance_bar, "unit": "bar", "text": f"{water_resistance_bar:g} bar"}}
    return merged


def judge_pressure_test(value_bar: float, result: str, tolerances: Mapping[str, Any] | None) -> str:
    """A water-resistance test fails when the tester says so, or when it did not reach the
    pressure the watch is marked for; it passes otherwise."""
    if result == FAIL:
        return FAIL
    return FAIL if judge("test_pressure", value_bar, tolerances) == FAIL else PASS
