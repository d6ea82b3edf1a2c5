"""Quantities of the watchmaker's trade: one pint registry, parsing with clear refusals, formatting.

A quantity is kept as a magnitude in the canonical unit of its field (so queries compare plain
numbers) plus the text the person typed (so screens show what they wrote).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

DEFINITIONS_FILE = Path(__file__).with_name("units_definitions.txt")

_ANGLE_UNITS = {"radian", "degree", "arcminute", "arcsecond", "turn", "revolution"}
_RATIO_UNITS = {"ppm", "ppb", "percent", "permille"}

# Human names of the kinds a field can expect, keyed by the family computed in _family().
_KIND_NAMES = {
    "[length]": "a length",
    "[mass] / [length] / [time] ** 2": "a pressure",
    "[length] ** 3": "a volume",
    "[mass]": "a mass",
    "[time]": "a duration",
    "[current]": "a current",
    "[current] * [time]": "a charge",
    "[mass] * [length] ** 2 / [time] ** 3 / [current]": "a voltage",
    "[mass] * [length] ** 2 / [time] ** 3 / [current] ** 2": "a resistance",
    "[mass] * [length] ** 2 / [time] ** 3": "a power",
    "[luminosity] / [length] ** 2": "an illuminance",
    "1 / [time]": "a frequency",
    "[count]": "a count",
    "rate": "a rate (like s/d)",
    "angle": "an angle",
    "number": "a plain number",
}


class UnitError(ValueError):
    """A value that is not a quantity of the expected kind. The message names the field.

    Besides the English message, the refusal is kept as data (`code`, the kind given and the
    kind expected, see kind_of) so that an interface can say it in its own language."""

    def __init__(
        self, field: str, given: str, problem: str, expected: str, *,
        code: str = "", given_kind: str = "", expected_kind: str = "", expected_unit: str = "", detail: str = "",
    ) -> None:
        self.field = field
        self.given = given
        self.problem = problem
        self.expected = expected
        self.code = code  # empty | unknown_unit | not_quantity | no_unit | wrong_kind
        self.given_kind = given_kind
        self.expected_kind = expected_kind
        self.expected_unit = expected_unit
        self.detail = detail
        super().__init__(f"{field}: '{given}' {problem}; expected {expected}")


@dataclass(frozen=True)
class Measured:
    """A parsed quantity: `value` in `unit` (the field's canonical unit), and the typed `text`."""

    value: float
    unit: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Measured:
        return cls(float(data["value"]), str(data["unit"]), str(data["text"]))


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry[float]:
    """The one registry of the process; quantities of two registries cannot be combined."""
    import pickle

    import pint

    try:
        ureg: pint.UnitRegistry[float] = pint.UnitRegistry(cache_folder=":auto:", on_redefinition="raise")
        ureg.load_definitions(str(DEFINITIONS_FILE))
    except (EOFError, pickle.UnpicklingError, OSError):
        # pint writes its cache files in place: a terminal starting at the same moment as another
        # can read one half-written. This process then builds its registry without the cache.
        ureg = pint.UnitRegistry(cache_folder=None, on_redefinition="raise")
        ureg.load_definitions(str(DEFINITIONS_FILE))
    return ureg


_FRACTIONS = {"½": ".5", "¼": ".25", "¾": ".75"}
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
_DIAL_DEPTH = re.compile(r"^(\d+(?:[.,]\d+)?)\s*M$")
_LIGNE_MARK = re.compile(r"('''|‴)")
# The degree as keyboards give it: the masculine ordinal "º" (Spanish, Portuguese, Italian and
# Mac layouts) or the ring "˚" right after a number read as "°".
_DEGREE_LOOKALIKE = re.compile(r"(\d\s*)[º˚]")

# pint reads its input as an arithmetic expression: "2**2**30 mm" took seconds and hundreds of MB,
# "38 mm * 10**10**10" never ended. A quantity is therefore split here, within bounds, into a plain
# decimal number and a unit made of names (a product or quotient of a few, each with at most a
# small power: "mA*h", "s/d", "mm^2", "mm²"); pint only ever sees the number and the unit names.
MAX_TEXT_LENGTH = 64
# No workshop quantity comes near a billion of its field's unit (a year is 525,960 min; a stock of
# 1e9 pieces is 1e15 millionths, well inside the 64-bit integers stock is kept in).
MAX_MAGNITUDE = 1e9
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,2})?"
_POWER = r"(?:\^[+-]?[1-3]|[²³])"
_UNIT_TERM = rf"(?:[^\W\d]|[°%])+{_POWER}?"
_UNIT_SEPARATOR = re.compile(r"\s*[*/]\s*")
_QUANTITY = re.compile(rf"(?P<number>{_NUMBER})\s*(?P<unit>{_UNIT_TERM}(?:{_UNIT_SEPARATOR.pattern}{_UNIT_TERM}){{0,3}})?")
_TRAILING_POWER = re.compile(rf"{_POWER}$")
_SYMBOLS = frozenset("_°%")
_SHOWN_LENGTH = 40  # how much of a refused text a message repeats


def _normalise(text: str) -> str:
    """Accept what watchmakers write: '0,5 ml', '11½\\'\\'\\'', 'µA', 'mA×h'."""
    cleaned = text.strip()
    for glyph, decimal in _FRACTIONS.items():
        cleaned = cleaned.replace(glyph, decimal)
    cleaned = _DECIMAL_COMMA.sub(r"\1.\2", cleaned)
    cleaned = _LIGNE_MARK.sub(" ligne", cleaned)
    cleaned = _DEGREE_LOOKALIKE.sub(r"\1°", cleaned)
    cleaned = cleaned.replace("×", "*").replace("·", "*")
    return cleaned


def _family(quantity: pint.Quantity[Any]) -> str:
    if not quantity.dimensionless:
        return str(quantity.dimensionality)
    names = [name for name, _power in quantity.unit_items()]
    if not names:
        return "number"
    ureg = registry()
    if all(name in _ANGLE_UNITS for name in names):
        return "angle"
    if all(name in _RATIO_UNITS for name in names):
        return "rate"
    if all(ureg.Unit(name).dimensionality == ureg.second.dimensionality for name in names):
        return "rate"
    return "other"


def kind_name(unit: str) -> str:
    """'a length', 'a pressure', ... for the unit a field expects."""
    return _KIND_NAMES.get(kind_of(unit), f"a quantity in {unit}")


def kind_of(unit: str) -> str:
    """The kind a unit measures, as a stable key: '[length]', 'rate', 'angle', 'number', ..."""
    return _family(registry().Quantity(1, unit)) if unit else "number"


def _wanted(unit: str) -> dict[str, str]:
    return {"expected_kind": kind_of(unit), "expected_unit": unit}


def _expected(unit: str) -> str:
    return f"{kind_name(unit)} ({unit})" if unit else kind_name(unit)


def _round(value: float) -> float:
    """Trim float noise (0.30000000000000004 mm) to 10 significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 9 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def _typed(given: str) -> tuple[float, str] | None:
    """The typed number and unit names, or None: nothing here evaluates anything."""
    matched = _QUANTITY.fullmatch(_normalise(given))
    names = _UNIT_SEPARATOR.split(matched["unit"]) if matched and matched["unit"] else []
    plain = all(ch.isalpha() or ch in _SYMBOLS for name in names for ch in _TRAILING_POWER.sub("", name))
    if matched is None or not plain:
        return None
    return float(matched["number"]), matched["unit"] or ""


def _split(given: str, unit: str, field: str) -> tuple[float, str]:
    typed = _typed(given)
    if typed is None:
        raise UnitError(field, given, "is not a quantity", _expected(unit), code="not_quantity", **_wanted(unit))
    return typed


def unit_of(text: str) -> str | None:
    """The unit of a quantity as typed ('0 s/d' gives pint's 'second / day'), read the way
    parse_quantity reads it, never evaluated; None when the text is no quantity with a unit."""
    given = str(text).strip()
    typed = _typed(given) if 0 < len(given) <= MAX_TEXT_LENGTH else None
    if typed is None or not typed[1]:
        return None
    try:
        return str(registry().Unit(typed[1]))
    except Exception:  # an unknown name: pint says so in several ways
        return None


def is_unit(name: str) -> bool:
    """Whether `name` is a unit (a field's unit in a catalog), read as a quantity's unit is."""
    return unit_of(f"1 {name}") is not None


def parse_quantity(text: str, unit: str, field: str) -> Measured:
    """Parse `text` as a quantity of the kind of `unit` (a canonical unit such as 'mm', 's/d',
    'deg', or '' for a plain number): a decimal number and a unit, nothing else. Refuses unknown
    units, wrong kinds, missing units, expressions and magnitudes beyond MAX_MAGNITUDE."""
    import pint

    given = str(text).strip()
    if not given:
        raise UnitError(field, given, "is empty", _expected(unit), code="empty", **_wanted(unit))
    if len(given) > MAX_TEXT_LENGTH:
        shown = given[:_SHOWN_LENGTH] + "…"
        raise UnitError(field, shown, f"is too long (at most {MAX_TEXT_LENGTH} characters)", _expected(unit),
                        code="too_long", **_wanted(unit))
    magnitude, typed_unit = _split(given, unit, field)
    ureg = registry()
    try:
        parsed = ureg.Quantity(magnitude, typed_unit) if typed_unit else ureg.Quantity(magnitude)
    except (pint.errors.UndefinedUnitError, pint.errors.DefinitionSyntaxError) as exc:
        unknown = getattr(exc, "unit_names", None) or getattr(exc, "args", [""])[0]
        if isinstance(unknown, (tuple, list)):
            unknown = ", ".join(map(str, unknown))
        raise UnitError(
            field, given, f"uses an unknown unit ({unknown})", _expected(unit), code="unknown_unit", detail=str(unknown), **_wanted(unit)
        ) from None
    except Exception:  # pint refuses some names in several ways ("1 _"); all mean the same here
        raise UnitError(field, given, "is not a quantity", _expected(unit), code="not_quantity", **_wanted(unit)) from None

    wanted = ureg.Quantity(1, unit) if unit else ureg.Quantity(1)
    wanted_family = _family(wanted)
    given_family = _family(parsed)
    if given_family == "number" and wanted_family != "number":
        raise UnitError(field, given, "has no unit", _expected(unit), code="no_unit", **_wanted(unit))
    if given_family != wanted_family:
        what = _KIND_NAMES.get(given_family, "of another kind")
        raise UnitError(field, given, f"is {what}", _expected(unit), code="wrong_kind", given_kind=given_family, **_wanted(unit))
    try:
        value = float(parsed.to(unit).magnitude if unit else parsed.magnitude)
    except Exception:  # an offset unit in a product ("1 degC/s"): pint cannot convert it
        raise UnitError(field, given, "is not a quantity", _expected(unit), code="not_quantity", **_wanted(unit)) from None
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        bound = f"{MAX_MAGNITUDE:g} {unit}".strip()
        raise UnitError(field, given, f"is too large (beyond ±{bound})", _expected(unit), code="too_large", **_wanted(unit))
    return Measured(_round(value), unit, given)


def parse_water_resistance(text: str, field: str = "water_resistance") -> Measured:
    """A dial's water-resistance mark in bar. Dials print bar, ATM or metres; the trade reads
    10 m of the mark as 1 bar of static overpressure (ISO 22810 marking convention)."""
    # Dials print depth in capitals ("100M"), which pint would read as a mega-something.
    text = _DIAL_DEPTH.sub(r"\1 m", str(text).strip())
    try:
        return parse_quantity(text, "bar", field)
    except UnitError as pressure_error:
        try:
            depth = parse_quantity(text, "m", field)
        except UnitError as depth_error:
            # A length that is refused for itself ("1e12 m") says why; anything else is neither.
            refusal = depth_error if depth_error.code != "wrong_kind" else pressure_error
            raise UnitError(
                field, refusal.given, refusal.problem, "a pressure (bar, ATM) or a depth mark (m)",
                code=refusal.code, given_kind=refusal.given_kind, detail=refusal.detail,
            ) from None
        return Measured(_round(depth.value / 10.0), "bar", depth.text)


def to_unit(value: float, unit: str, target: str) -> float:
    """Convert a magnitude between two units of the same kind."""
    return _round(float(registry().Quantity(value, unit).to(target).magnitude))


def format_value(value: float, unit: str, decimals: int | None = None) -> str:
    """'1.2 mm', '28800 vph': a canonical value for display when the typed text is not wanted."""
    if decimals is None:
        number = f"{_round(value):g}" if abs(value) < 1e6 else f"{value:.0f}"
    else:
        number = f"{value:.{decimals}f}"
    return f"{number} {unit}".strip()


# Stock quantities are kept as integer millionths of the stock unit, so that the atomic
# "UPDATE ... SET qty = qty - :n WHERE qty >= :n" never trips on float noise.
MICRO = 1_000_000


def to_micro(value: float) -> int:
    return round(value * MICRO)


def from_micro(amount: int) -> float:
    return amount / MICRO
