"""Reading one catalog entry's fields, each refusal pointing at the line of that field."""

from __future__ import annotations

import re
from typing import Any

from atelier_tui.domain.units import Measured, UnitError, parse_quantity
from atelier_tui.i18n import _
from atelier_tui.textfiles import LineError, TomlFile

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_MISSING = object()


class EntryReader:
    """Reads the fields of the index-th `[[table]]` entry of a file (or of a sub-entry)."""

    def __init__(
        self,
        source: TomlFile,
        table: str,
        index: int,
        data: dict[str, Any],
        errors: list[LineError],
        sub: tuple[str, int] | None = None,
    ) -> None:
        self.source = source
        self.table = table
        self.index = index
        self.data = data
        self.errors = errors
        self.sub = sub

    def line(self, field_name: str | None = None) -> int:
        if self.sub is not None:
            return self.source.sub_entry_line(self.table, self.index, self.sub[0], self.sub[1], field_name)
        return self.source.field_line(self.table, self.index, field_name)

    def error(self, field_name: str | None, message: str) -> None:
        self.errors.append(LineError(self.source.path, self.line(field_name), message))

    def child(self, sub: str, sub_index: int, data: Any) -> EntryReader | None:
        if not isinstance(data, dict):
            self.error(sub, f"{sub}: each entry must be a table")
            return None
        return EntryReader(self.source, self.table, self.index, data, self.errors, (sub, sub_index))

    def _get(self, name: str, kind: type | tuple[type, ...], required: bool, default: Any) -> Any:
        value = self.data.get(name, _MISSING)
        if value is _MISSING:
            if required:
                self.error(None, f"{self._what()}: '{name}' is missing")
            return default
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            wanted = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.error(name, f"{name}: expected {_KIND_WORDS.get(wanted, wanted)}, got {value!r}")
            return default
        return value

    def _what(self) -> str:
        key = self.data.get("key")
        label = self.sub[0] if self.sub else self.table
        return f"{label} '{key}'" if key else label

    def text(self, name: str, required: bool = True, default: str = "") -> str:
        value = self._get(name, str, required, default)
        if required and isinstance(value, str) and not value.strip() and name in self.data:
            self.error(name, f"{name}: must not be empty")
        return value

    def integer(self, name: str, required: bool = False, default: int | None = None, minimum: int | None = None) -> Any:
        value = self._get(name, int, required, default)
        if isinstance(value, int) and minimum is not None and value < minimum:
            self.error(name, f"{name}: must be at least {minimum}, got {value}")
            return default
        return value

    def boolean(self, name: str, default: bool = False) -> bool:
        return self._get(name, bool, False, default)

    def strings(self, name: str, required: bool = False) -> list[str]:
        value = self._get(name, list, required, [])
        if any(not isinstance(item, str) for item in value):
            self.error(name, f"{name}: expected a list of strings")
            return []
        return list(value)

    def mapping(self, name: str, required: bool = False) -> dict[str, Any]:
        return self._get(name, dict, required, {})

    def tables(self, name: str) -> list[Any]:
        return self._get(name, list, False, [])

    def choice(self, name: str, allowed: set[str] | frozenset[str], required: bool = True, default: str = "") -> str:
        value = self.text(name, required, default)
        if value and value not in allowed:
            self.error(name, f"{name}: '{value}' is not one of {', '.join(sorted(allowed))}")
            return default
        return value

    def choices(self, name: str, allowed: set[str] | frozenset[str]) -> list[str]:
        values = self.strings(name)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            self.error(name, f"{name}: {', '.join(repr(v) for v in unknown)} not one of {', '.join(sorted(allowed))}")
            return [v for v in values if v in allowed]
        return values

    def key(self) -> str:
        value = self.text("key")
        if value and not KEY_PATTERN.match(value):
            self.error("key", f"key: '{value}' must be lower-case letters, digits and '_'")
        return value

    def names(self) -> tuple[str, str]:
        return self.text("name_en"), self.text("name_fr")

    def quantity(self, name: str, unit: str, required: bool = False, label: str | None = None) -> Measured | None:
        raw = self.data.get(name, _MISSING)
        if raw is _MISSING:
            if required:
                self.error(None, f"{self._what()}: '{name}' is missing")
            return None
        return self.parse(raw, unit, name, label or name)

    def parse(self, raw: Any, unit: str, line_field: str, label: str) -> Measured | None:
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            self.error(line_field, f"{label}: expected a quantity with its unit, got {raw!r}")
            return None
        try:
            return parse_quantity(str(raw), unit, label)
        except UnitError as exc:
            self.error(line_field, str(exc))
            return None

    def bilingual_steps(self, name: str = "steps") -> list[dict[str, str]]:
        steps = []
        for position, step in enumerate(self.tables(name)):
            if not (isinstance(step, dict) and isinstance(step.get("en"), str) and isinstance(step.get("fr"), str)):
                self.error(name, f"{name}[{position}]: each step needs an English 'en' and a French 'fr' text")
                continue
            steps.append({"en": step["en"], "fr": step["fr"]})
        return steps


def min_above_max(where: str, low: str, high: str) -> str:
    """The refusal of a range that admits nothing (domain/plausibility.py MIN_ABOVE_MAX)."""
    return _("{where}: min {low} is above max {high}; nothing could fall within it").format(where=where, low=low, high=high)


_KIND_WORDS = {"str": "text", "int": "a whole number", "bool": "true or false", "list": "a list", "dict": "a table"}
