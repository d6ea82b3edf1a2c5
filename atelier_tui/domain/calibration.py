"""Judging a calibration or a verification: the values an instrument showed against the test
points of its plan (a nominal and a symmetric tolerance, as quantities), as found (before any
adjustment) and as left (after it).

Pure: typed values are parsed with the one unit registry (`domain.units`); nothing here reads a
database or a clock. An as-found value outside its tolerance means the instrument was out of
tolerance while it was in use: the caller takes it out of service and reviews the work it served.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from atelier_tui.domain.units import Measured, parse_quantity
from atelier_tui.domain.vocabulary import PlanKind, RecordResult, values

RESULTS = values(RecordResult)
METROLOGY_KINDS = (PlanKind.CALIBRATION, PlanKind.VERIFICATION)
AS_FOUND, AS_LEFT = "as_found", "as_left"


@dataclass(frozen=True)
class TestPoint:
    __test__ = False  # not a pytest class

    key: str
    name_en: str
    name_fr: str
    nominal: Measured
    tolerance: Measured  # a half-width: nominal ± tolerance, in the nominal's unit

    @classmethod
    def from_plan(cls, data: Mapping[str, Any]) -> TestPoint:
        """A test point as the catalog import stores it in MaintenancePlan.test_points."""
        return cls(str(data["key"]), str(data.get("name_en", "")), str(data.get("name_fr", "")),
                   Measured.from_dict(data["nominal"]), Measured.from_dict(data["tolerance"]))

    @property
    def low(self) -> float:
        return self.nominal.value - self.tolerance.value

    @property
    def high(self) -> float:
        return self.nominal.value + self.tolerance.value

    def admits(self, value: float) -> bool:
        """Within nominal ± tolerance, the bounds included (float noise of unit conversion aside)."""
        slack = 1e-9 * max(1.0, abs(self.nominal.value), abs(self.tolerance.value))
        return abs(value - self.nominal.value) <= self.tolerance.value + slack

    def describe(self) -> str:
        """'1.5 V ± 0.01 V': the test point as the catalog wrote it."""
        return f"{self.nominal.text} ± {self.tolerance.text}"


@dataclass(frozen=True)
class RecordFinding:
    """Why a calibration or verification record took its instrument out of service, as data for a
    reader to word in their language: the record's plan and time, and the first test point found
    out of tolerance with the value found (both None when the record failed without one)."""

    plan_key: str
    plan_name_en: str
    plan_name_fr: str
    performed_at: datetime
    point: TestPoint | None = None
    found: Measured | None = None


@dataclass(frozen=True)
class PointReading:
    point: TestPoint
    as_found: Measured | None
    as_left: Measured | None

    @property
    def found_in_tolerance(self) -> bool | None:
        return None if self.as_found is None else self.point.admits(self.as_found.value)

    @property
    def left_in_tolerance(self) -> bool | None:
        return None if self.as_left is None else self.point.admits(self.as_left.value)

    def as_dict(self) -> dict[str, Any]:
        """The shape of MaintenanceRecord.readings[point key]."""
        data: dict[str, Any] = {}
        if self.as_found is not None:
            data[AS_FOUND] = self.as_found.as_dict()
            data["found_in_tolerance"] = self.found_in_tolerance
        if self.as_left is not None:
            data[AS_LEFT] = self.as_left.as_dict()
            data["left_in_tolerance"] = self.left_in_tolerance
        return data


@dataclass(frozen=True)
class Judgement:
    readings: tuple[PointReading, ...]

    @property
    def found_in_tolerance(self) -> bool | None:
        """Every as-found reading within tolerance; None when nothing was read as found."""
        found = [r.found_in_tolerance for r in self.readings if r.as_found is not None]
        return all(found) if found else None

    @property
    def left_in_tolerance(self) -> bool | None:
        """Every point within tolerance as left (an as-left value, else the as-found one)."""
        left = [r.left_in_tolerance if r.as_left is not None else r.found_in_tolerance for r in self.readings
                if r.as_left is not None or r.as_found is not None]
        return all(left) if left else None

    @property
    def found_out(self) -> tuple[PointReading, ...]:
        """The readings whose as-found value was outside tolerance."""
        return tuple(r for r in self.readings if r.found_in_tolerance is False)

    @property
    def left_out(self) -> tuple[PointReading, ...]:
        return tuple(r for r in self.readings if (r.left_in_tolerance if r.as_left is not None else r.found_in_tolerance) is False)

    def as_dict(self) -> dict[str, Any]:
        return {reading.point.key: reading.as_dict() for reading in self.readings}


class ReadingError(ValueError):
    """Readings that do not fit the plan: a test point it does not have (`unknown`), or one it
    needs and that was not given (`missing`). `which` is as_found or as_left."""

    def __init__(self, which: str, code: str, points: Sequence[str], known: Sequence[str]) -> None:
        self.which = which
        self.code = code  # unknown | missing
        self.points = tuple(points)
        self.known = tuple(known)
        super().__init__(f"{which}: {code} test point(s) {', '.join(points)}; the plan has {', '.join(known) or 'none'}")


def points_of(plan_points: Sequence[Mapping[str, Any]]) -> tuple[TestPoint, ...]:
    """The test points of a plan, as MaintenancePlan.test_points stores them."""
    return tuple(TestPoint.from_plan(point) for point in plan_points)


def _parse_side(points: Mapping[str, TestPoint], typed: Mapping[str, str], which: str) -> dict[str, Measured]:
    unknown = [key for key in typed if key not in points]
    if unknown:
        raise ReadingError(which, "unknown", unknown, list(points))
    # UnitError names the field "as_found voltage_1_5": the side and the test point.
    return {key: parse_quantity(text, points[key].nominal.unit, f"{which} {key}") for key, text in typed.items()}


def judge_readings(points: Sequence[TestPoint], as_found: Mapping[str, str], as_left: Mapping[str, str],
                   require_found: bool = True) -> Judgement:
    """Parse the typed values of each side ('1,502 V', '1805 ohm') in the unit of their test
    point and judge them. `require_found`: every test point needs an as-found value (a
    calibration reads them all). Raises ReadingError or UnitError."""
    by_key = {point.key: point for point in points}
    found = _parse_side(by_key, as_found, AS_FOUND)
    left = _parse_side(by_key, as_left, AS_LEFT)
    if require_found:
        missing = [key for key in by_key if key not in found]
        if missing:
            raise ReadingError(AS_FOUND, "missing", missing, list(by_key))
    return Judgement(tuple(PointReading(point, found.get(point.key), left.get(point.key)) for point in points
                           if point.key in found or point.key in left))


def stored_in_tolerance(readings: Mapping[str, Any]) -> bool | None:
    """found_in_tolerance of a stored record's readings (None when they do not say)."""
    flags = [entry.get("found_in_tolerance") for entry in readings.values() if isinstance(entry, Mapping)]
    flags = [flag for flag in flags if flag is not None]
    return all(flags) if flags else None
