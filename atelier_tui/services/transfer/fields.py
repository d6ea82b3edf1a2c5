"""Reading one entry of a workshop file, or one row of a spreadsheet, into typed values; every
refusal is tied to the line a person has to fix."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from atelier_tui.domain.units import MICRO, Measured, UnitError, parse_quantity, parse_water_resistance, to_micro
from atelier_tui.domain.vocabulary import (
    BenchStatus,
    CaseBack,
    CrownType,
    CrystalMaterial,
    CrystalShape,
    LotStatus,
    Luminous,
    MovementKind,
    OrderStatus,
    Role,
    ToolStatus,
    values,
)
from atelier_tui.i18n import _

ROLES = values(Role)
TOOL_STATUSES = values(ToolStatus)
BENCH_STATUSES = values(BenchStatus)
LOT_STATUSES = values(LotStatus)
ORDER_STATUSES = values(OrderStatus)
MOVEMENT_KINDS = values(MovementKind)
LUMINOUS = values(Luminous)
# An order's case parts (issue 16): the words of each kind, and the lengths in mm.
CASE_PART_WORDS = {
    "crystal_material": values(CrystalMaterial),
    "crystal_shape": values(CrystalShape),
    "crown_type": values(CrownType),
    "case_back": values(CaseBack),
}
CASE_PART_LENGTHS = ("crystal_thickness", "crystal_gasket_outer_diameter", "crystal_gasket_inner_diameter",
                     "crystal_gasket_height", "crown_diameter", "crown_tube_diameter", "crown_gasket_inner_diameter",
                     "crown_gasket_section")

# A case marked only "water resistant", without a figure: kept as written, with no pressure (it is
# tested at 2 bar, see domain/requirements.py).
WATER_RESISTANT_MARKS = ("water resistant", "water-resistant", "wr", "étanche")


def read_water_resistance(text: str, field: str = "water_resistance") -> tuple[float | None, str]:
    """A water-resistance mark as a person copies it from the dial: (bar, the text as written).
    '5 bar', '50 m', '100M', '3 ATM' give their pressure; 'water resistant' gives none."""
    given = str(text).strip()
    if given.casefold() in WATER_RESISTANT_MARKS:
        return None, given
    return parse_water_resistance(given, field).value, given


class Problems:
    """Every error found so far, each with its line; nothing is written while there is one."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[int, str]] = []

    def add(self, line: int, message: str) -> None:
        self.items.append((line, message))

    def at(self, line: int) -> list[str]:
        return [self.format(n, message) for n, message in self.items if n == line]

    def format(self, line: int, message: str) -> str:
        return f"{self.source}:{line}: {message}"

    def messages(self) -> list[str]:
        return [self.format(line, message) for line, message in sorted(self.items, key=lambda item: item[0])]

    def __bool__(self) -> bool:
        return bool(self.items)


class FieldReader:
    """Typed access to one entry. A value that is missing or empty counts as absent (TOML has no
    null, and a spreadsheet cell left blank means nothing was said)."""

    def __init__(self, data: Mapping[str, Any], line_of: Callable[[str], int], problems: Problems, whole_row: bool = True) -> None:
        self.data = dict(data)
        self.line_of = line_of
        self.problems = problems
        # A workshop file's entry is the whole row; a spreadsheet's blank cell leaves a value as it is.
        self.whole_row = whole_row
        self.used: set[str] = set()
        self.ok = True

    def fail(self, name: str, message: str) -> None:
        self.ok = False
        self.problems.add(self.line_of(name), message)

    def given(self, name: str) -> bool:
        return self.data.get(name) not in (None, "")

    def said(self, name: str) -> bool:
        """Whether the row sets `name`: always in a whole row (absent, it takes its default), only
        when given in a spreadsheet row."""
        return self.whole_row or self.given(name)

    def _take(self, name: str) -> Any:
        self.used.add(name)
        value = self.data.get(name)
        return None if value == "" else value

    def raw(self, name: str) -> Any:
        """The value as the file wrote it, for a reader that checks its own shape (a list of tables)."""
        return self._take(name)

    def text(self, name: str, required: bool = False) -> str:
        value = self._take(name)
        if value is None:
            if required:
                self.fail(name, _("{field} is required").format(field=name))
            return ""
        if not isinstance(value, str):
            self.fail(name, _("{field} must be text in quotes").format(field=name))
            return ""
        return value

    def integer(self, name: str, default: int, low: int, high: int | None = None) -> int:
        value = self._take(name)
        if value is None:
            return default
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(name, _("{field} must be a whole number").format(field=name))
            return default
        if value < low or (high is not None and value > high):
            if high is not None:
                self.fail(name, _("{field} must be from {low} to {high}, not {value}").format(field=name, low=low, high=high, value=value))
            else:
                self.fail(name, _("{field} must be {low} or more, not {value}").format(field=name, low=low, value=value))
            return default
        return value

    def boolean(self, name: str, default: bool) -> bool:
        value = self._take(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(name, _("{field} must be true or false").format(field=name))
            return default
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str, required: bool = False) -> str:
        value = self.text(name, required)
        if not value:
            return default
        if value not in choices:
            self.fail(name, _("{field} '{given}' is not one of {choices}").format(field=name, given=value, choices=", ".join(choices)))
            return default
        return value

    def day(self, name: str, required: bool = False) -> date | None:
        value = self._take(name)
        if value is None:
            if required:
                self.fail(name, _("{field} is required").format(field=name))
            return None
        if isinstance(value, datetime):
            self.fail(name, _("{field} must be a date (YYYY-MM-DD), without a time").format(field=name))
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(name, _("{field}: '{given}' is not a date (YYYY-MM-DD)").format(field=name, given=value))
            return None

    def words(self, name: str) -> list[str]:
        value = self._take(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            self.fail(name, _("{field} must be a list of texts, like [\"a\", \"b\"]").format(field=name))
            return []
        return list(value)

    def table(self, name: str) -> dict[str, Any]:
        value = self._take(name)
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(name, _("{field} must be a table, like {{ key = \"value\" }}").format(field=name))
            return {}
        return value

    def quantity(self, name: str, unit: str, value: Any = None, line_name: str | None = None) -> Measured | None:
        """A quantity written with its unit; a bare number is refused by parse_quantity."""
        value = self._take(name) if value is None else value
        if value is None:
            return None
        try:
            return parse_quantity(str(value), unit, name)
        except UnitError as error:
            self.fail(line_name or name, str(error))
            return None

    def water_resistance(self, name: str) -> tuple[float | None, str] | None:
        """(bar or None, the mark as written); see read_water_resistance."""
        value = self._take(name)
        if value is None:
            return None
        try:
            return read_water_resistance(str(value), name)
        except UnitError as error:
            self.fail(name, str(error))
            return None

    def finish(self, what: str) -> None:
        """Unknown fields are refused: a misspelt field silently ignored would lose data."""
        for name in self.data:
            if name not in self.used:
                self.fail(name, _("unknown field '{field}' in {what}").format(field=name, what=what))


def stock_micro(measured: Measured, stock_unit: str) -> int:
    """Integer millionths of the stock unit. Written in the stock unit itself, the number is read
    exactly (a float would lose digits of a large quantity with six decimals)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(\S+)\s*", measured.text)
    if match and match.group(2) == stock_unit:
        try:
            exact = Decimal(match.group(1)) * MICRO
        except InvalidOperation:
            exact = None
        if exact is not None and exact == exact.to_integral_value():
            return int(exact)
    return to_micro(measured.value)


def micro_text(amount: int, unit: str) -> str:
    """'12.5 ml' from 12_500_000 micro-ml, exactly (no float in between)."""
    whole, fraction = divmod(abs(amount), MICRO)
    number = f"{'-' if amount < 0 else ''}{whole}"
    if fraction:
        number += f".{fraction:06d}".rstrip("0")
    return f"{number} {unit}"


def number_text(value: float, unit: str) -> str:
    """Ten significant digits: what parse_quantity keeps, so that text and value round-trip."""
    return f"{value:.10g} {unit}"
