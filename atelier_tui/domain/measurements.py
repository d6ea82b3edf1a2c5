"""What a technician measures on the intervention sheet, and whether it is within tolerance.

Pure: the caller gives the value (already parsed in the quantity's unit) and the tolerances (a
calibre's, as stored in `Calibre.tolerances`: {"mean_rate": {"min": {"value", "unit", "text"},
"max": {...}}, ..., "grades": {"top": {...}}}); nothing here reads a clock or a database.

Tolerances are modelled as the makers give them (ETA and Sellita grades, COSC / ISO 3159 for a
chronometer); each is optional, per calibre and per grade (docs/catalog-format.md):

    position_rate       s/d   the rate in any one position (a single reading is judged on it)
    mean_rate           s/d   the mean of the positions' rates of a series (older name: rate)
    rate_delta          s/d   the largest difference between two positions' rates
    position_deviation  s/d   the largest difference between a position's rate and the mean
                              (COSC "P")
    hv_difference       s/d   mean of the vertical positions minus mean of the horizontal ones
                              (COSC "D")
    amplitude           deg   horizontal positions (dial up, dial down), full wind
    amplitude_vertical  deg   vertical positions (crown up, down, left, right)
    beat_error          ms    any position
    quartz_rate         s/month, judged on a single rate reading of a quartz watch

Quantities and their units (domain brief §9):

    rate             s/d    per position
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
CH and CB are the horizontal positions, the others vertical.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from atelier_tui.domain.units import to_unit
from atelier_tui.domain.vocabulary import Judgement

PASS = Judgement.PASS
FAIL = Judgement.FAIL
NOT_JUDGED = Judgement.NONE


@dataclass(frozen=True)
class Quantity:
    key: str
    unit: str  # the unit values are kept in (and parsed to)
    positional: bool  # measured in a position of the watch
    tolerance_keys: tuple[str, ...]  # the calibre tolerances that apply, first found wins


QUANTITIES: dict[str, Quantity] = {
    quantity.key: quantity
    for quantity in (
        Quantity("rate", "s/d", True, ("position_rate", "quartz_rate")),
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
HORIZONTAL = ("CH", "CB")
VERTICAL = ("3H", "6H", "9H", "12H")
GRADES = ("standard", "elabore", "top", "chronometer")
# Judged on a series of positions, never on one reading.
SERIES_CRITERIA = ("mean_rate", "rate_delta", "position_deviation", "hv_difference")
# The unit each tolerance is kept in (the catalog's reader checks against it).
TOLERANCE_UNITS = {
    "position_rate": "s/d", "mean_rate": "s/d", "rate_delta": "s/d", "position_deviation": "s/d", "hv_difference": "s/d",
    "amplitude": "deg", "amplitude_vertical": "deg", "beat_error": "ms", "quartz_rate": "s/month", "current": "uA",
    "coil_resistance": "kohm", "insulation": "kohm", "power_reserve": "h",
}
LEGACY_TOLERANCE_NAMES = {"rate": "mean_rate"}  # ETA's "rate" figure is the mean rate of a grade
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
    source: str  # the tolerance key it came from ("position_rate", "amplitude_vertical", ...)
    texts: tuple[str, str] = ("", "")  # min and max as the catalog writes them, when it does

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


def _text(bound: Mapping[str, Any] | None) -> str:
    return str((bound or {}).get("text") or "")


def _bounds(key: str, bound: Mapping[str, Any] | None, unit: str) -> Bounds | None:
    if not bound or not (bound.get("min") or bound.get("max")):
        return None
    return Bounds(_side(bound.get("min"), unit), _side(bound.get("max"), unit), unit, key,
                  (_text(bound.get("min")), _text(bound.get("max"))))


def for_grade(tolerances: Mapping[str, Any] | None, grade: str | None = None) -> dict[str, Any]:
    """The tolerances that apply to a movement of `grade`: the calibre's own, with what the grade
    gives in their place; older names read as they were meant (`rate` is the mean rate)."""
    merged: dict[str, Any] = {}
    for key, bound in (tolerances or {}).items():
        if key != "grades":
            merged[LEGACY_TOLERANCE_NAMES.get(key, key)] = bound
    if grade:
        for key, bound in ((tolerances or {}).get("grades") or {}).get(grade, {}).items():
            merged[LEGACY_TOLERANCE_NAMES.get(key, key)] = bound
    return merged


def grades_defined(tolerances: Mapping[str, Any] | None) -> tuple[str, ...]:
    """The grades a calibre's tolerances judge: its own table is the standard grade, and each
    `grades` table another; none when the calibre gives no tolerances."""
    if not tolerances:
        return ()
    named = (tolerances.get("grades") or {}).keys()
    return tuple(grade for grade in GRADES if grade == "standard" or grade in named)


def _amplitude_bounds(tolerances: Mapping[str, Any], position: str) -> Bounds | None:
    horizontal = _bounds("amplitude", tolerances.get("amplitude"), "deg")
    vertical = _bounds("amplitude_vertical", tolerances.get("amplitude_vertical"), "deg")
    if position in HORIZONTAL:
        return horizontal
    if position in VERTICAL:
        # The horizontal minimum (a dial-up, full-wind figure) never applies to a vertical
        # position; its maximum (knocking) does.
        if vertical is not None:
            return vertical
        if horizontal is not None and horizontal.maximum is not None:
            return Bounds(None, horizontal.maximum, "deg", "amplitude", ("", horizontal.texts[1]))
        return None
    # No position given: only what holds in every position.
    if horizontal is None and vertical is None:
        return None
    low = vertical.minimum if vertical is not None else None
    highs = [b.maximum for b in (horizontal, vertical) if b is not None and b.maximum is not None]
    high = max(highs) if highs else None
    if low is None and high is None:
        return None
    return Bounds(low, high, "deg", "amplitude_vertical" if low is not None else "amplitude")


def bounds_for(quantity: str, tolerances: Mapping[str, Any] | None, position: str = "") -> Bounds | None:
    """The tolerance a single reading of `quantity` in `position` is judged against, converted to
    its unit; None when none applies. A rate reading is judged on the per-position limit only,
    never on the mean rate (a series' criterion)."""
    spec = QUANTITIES.get(quantity)
    if spec is None or not tolerances:
        return None
    applying = for_grade(tolerances)
    if quantity == "amplitude":
        return _amplitude_bounds(applying, position)
    for key in spec.tolerance_keys:
        found = _bounds(key, applying.get(key), spec.unit)
        if found is not None:
            return found
    return None


def judge(quantity: str, value: float, tolerances: Mapping[str, Any] | None, position: str = "") -> str:
    """'pass' or 'fail' against the tolerance that applies, '' when none applies."""
    bounds = bounds_for(quantity, tolerances, position)
    if bounds is None:
        return NOT_JUDGED
    return PASS if bounds.admits(value) else FAIL


@dataclass(frozen=True)
class Reading:
    quantity: str
    position: str
    value: float  # in the quantity's unit


@dataclass(frozen=True)
class SeriesCriterion:
    key: str  # one of SERIES_CRITERIA
    value: float  # s/d
    bounds: Bounds
    judged: str  # pass | fail


# Readings further apart than this from the latest one belong to an earlier session (before the
# service, before a regulation).
SESSION_WINDOW = timedelta(hours=2)


def latest_session(timed: Sequence[tuple[datetime, Reading]], window: timedelta = SESSION_WINDOW) -> list[Reading]:
    """The readings of the latest session: those taken within `window` of the latest one, the
    latest reading of each position and quantity counting."""
    if not timed:
        return []
    last = max(at for at, _reading in timed)
    latest: dict[tuple[str, str], tuple[datetime, Reading]] = {}
    for at, reading in timed:
        key = (reading.quantity, reading.position)
        if last - at <= window and (key not in latest or latest[key][0] <= at):
            latest[key] = (at, reading)
    return [reading for _at, reading in latest.values()]


def judge_series(readings: Sequence[Reading], tolerances: Mapping[str, Any] | None) -> tuple[SeriesCriterion, ...]:
    """The criteria of a measurement series (the rates of several positions of one session; the
    latest reading of a position counts) that the tolerances give. Needs two positions at least;
    the difference between vertical and horizontal needs one of each."""
    applying = for_grade(tolerances)
    rates: dict[str, float] = {}
    for reading in readings:
        if reading.quantity == "rate" and reading.position:
            rates[reading.position] = reading.value
    if len(rates) < 2:
        return ()
    mean = sum(rates.values()) / len(rates)
    values = {
        "mean_rate": mean,
        "rate_delta": max(rates.values()) - min(rates.values()),
        "position_deviation": max(abs(rate - mean) for rate in rates.values()),
    }
    horizontal = [rate for position, rate in rates.items() if position in HORIZONTAL]
    vertical = [rate for position, rate in rates.items() if position in VERTICAL]
    if horizontal and vertical:
        values["hv_difference"] = sum(vertical) / len(vertical) - sum(horizontal) / len(horizontal)
    criteria = []
    for key in SERIES_CRITERIA:
        bounds = _bounds(key, applying.get(key), "s/d")
        if bounds is not None and key in values:
            value = round(values[key], 3)
            criteria.append(SeriesCriterion(key, value, bounds, PASS if bounds.admits(value) else FAIL))
    return tuple(criteria)


def series_verdict(criteria: Sequence[SeriesCriterion]) -> str:
    """'fail' when a criterion fails, 'pass' when all pass, '' when none was judged."""
    if not criteria:
        return NOT_JUDGED
    return FAIL if any(c.judged == FAIL for c in criteria) else PASS


def with_watch(tolerances: Mapping[str, Any] | None, water_resistance_bar: float | None, grade: str | None = None) -> dict[str, Any]:
    """The calibre's tolerances for the movement's grade (None: the calibre's own) plus the
    watch's: a water-resistance test must reach the pressure marked on the watch (domain brief
    §6.1: the marked rating is the minimum)."""
    merged = for_grade(tolerances, grade)
    if water_resistance_bar:
        merged["test_pressure"] = {"min": {"value": water_resistance_bar, "unit": "bar", "text": f"{water_resistance_bar:g} bar"}}
    return merged


def judge_pressure_test(value_bar: float, result: str, tolerances: Mapping[str, Any] | None) -> str:
    """A water-resistance test fails when the tester says so, or when it did not reach the
    pressure the watch is marked for; it passes otherwise."""
    if result == FAIL:
        return FAIL
    return FAIL if judge("test_pressure", value_bar, tolerances) == FAIL else PASS
