"""A TOML file with the lines of what it holds (tomllib gives values, not positions).

Lines are found from the text itself: the n-th `[[table]]` header is the n-th entry of `table`,
a field is the first `name =` line inside its entry, a top-level key is where it is first given.
Every lookup is a bisection over the headers, so that pointing each of n entries' errors at a
line stays linear in the file (a scan from the top per entry made a 20,000-entry catalog take
minutes)."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atelier_tui.i18n import _
from atelier_tui.textfiles.line_error import LineError

_KEY_PART = r"""(?:[A-Za-z0-9_\-]+|"[^"\n]*"|'[^'\n]*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED_KEY})\s*\]\]?\s*(#.*)?$")
_ASSIGNMENT = re.compile(rf"^\s*({_DOTTED_KEY})\s*=")
_PART = re.compile(r"""[A-Za-z0-9_\-]+|"([^"\n]*)"|'([^'\n]*)'""")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")


def _dotted(key: str) -> str:
    """`answers . "hands_washed"` -> `answers.hands_washed`."""
    return ".".join(match.group(1) or match.group(2) or match.group(0) for match in _PART.finditer(key))


@dataclass(frozen=True)
class Header:
    line: int
    name: str  # dotted, without quotes
    array: bool  # [[name]] rather than [name]


@dataclass
class TomlFile:
    """A parsed file (`data`) and where its tables and keys are written."""

    path: str
    data: dict[str, Any]
    lines: list[str]
    headers: list[Header] = field(default_factory=list)  # in line order
    _entry_starts: dict[str, list[int]] = field(init=False, repr=False)  # [[name]] -> the lines of its headers
    _header_lines: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._entry_starts = {}
        for header in self.headers:
            if header.array:
                self._entry_starts.setdefault(header.name, []).append(header.line)
        self._header_lines = [header.line for header in self.headers]

    def error(self, line: int, message: str) -> LineError:
        return LineError(self.path, line, message)

    def entry_line(self, table: str, index: int, key_field: str = "key") -> int:
        """Line of the index-th entry of `table`: its `[[table]]` header, or for entries written
        inline (`table = [{...}]`) the line that gives its key."""
        starts = self._entry_starts.get(table, [])
        if 0 <= index < len(starts):
            return starts[index]
        entries = self.data.get(table)
        entry = entries[index] if isinstance(entries, list) and 0 <= index < len(entries) else None
        key = entry.get(key_field) if isinstance(entry, dict) else None
        if isinstance(key, str) and key:
            pattern = re.compile(rf"""\b{re.escape(key_field)}\s*=\s*["']{re.escape(key)}["']""")
            for number, line in enumerate(self.lines, start=1):
                if pattern.search(line):
                    return number
        return self.top_level_line(table)

    def _headers_after(self, start: int) -> range:
        """Positions in `headers` of the headers below line `start`."""
        return range(bisect_right(self._header_lines, start), len(self.headers))

    def _entry_end(self, start: int, table: str) -> int:
        for position in self._headers_after(start):
            header = self.headers[position]
            if not header.name.startswith(table + "."):
                return header.line
        return len(self.lines) + 1

    def _assignment_line(self, name: str, first: int, end: int) -> int | None:
        pattern = re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*=""")
        for line_no in range(first, end):
            if pattern.match(self.lines[line_no - 1]):
                return line_no
        return None

    def field_line(self, table: str, index: int, field_name: str | None = None, key_field: str = "key") -> int:
        """Line of `field_name = ...` inside the index-th entry of `table` (the entry's own line
        when the field is not there: a missing required field)."""
        return self.field_in_entry(self.entry_line(table, index, key_field), table, field_name)

    def field_in_entry(self, start: int, table: str, field_name: str | None) -> int:
        """Line of `field_name = ...` in the entry of `table` that starts at line `start`, its
        sub-tables (`[table.attributes]`) included. A dotted name ("attributes.section") is looked
        for as `section =`, then `attributes =`."""
        if field_name is None:
            return start
        end = self._entry_end(start, table)
        for candidate in reversed(field_name.split(".")):
            found = self._assignment_line(candidate, start, end)
            if found is not None:
                return found
        return start

    def sub_entry_line(self, table: str, index: int, sub: str, sub_index: int, field_name: str | None = None) -> int:
        """Line inside the sub_index-th `[[table.sub]]` of the index-th `[[table]]`."""
        start = self.entry_line(table, index)
        end = self._entry_end(start, table)
        full = f"{table}.{sub}"
        seen = -1
        for position in self._headers_after(start):
            header = self.headers[position]
            if header.line >= end:
                break
            if header.name == full:
                seen += 1
                if seen == sub_index:
                    if field_name is None:
                        return header.line
                    sub_end = self.headers[position + 1].line if position + 1 < len(self.headers) else end
                    found = self._assignment_line(field_name, header.line + 1, min(sub_end, end))
                    return found if found is not None else header.line
        return self.field_line(table, index, sub)

    def top_level_line(self, name: str) -> int:
        """Where a top-level key or table is first written: `name = ...` above the first header,
        or a `[name]`, `[[name]]`, `[name.sub]` header (1 when it cannot be told)."""
        first_header = self._header_lines[0] if self._header_lines else len(self.lines) + 1
        for line_no in range(1, first_header):
            match = _ASSIGNMENT.match(self.lines[line_no - 1])
            if match and _dotted(match.group(1)).split(".")[0] == name:
                return line_no
        for header in self.headers:
            if header.name == name or header.name.startswith(name + "."):
                return header.line
        return 1

    def table_lines(self, table: str) -> tuple[int, dict[str, int]]:
        """Line of the `[table]` header (1 without one), and the line where each key of that
        table is first given: `key = ...`, `key.answer = ...` or a `[table.key]` header."""
        header_line, keys = 1, {}
        current = ""
        for line_no, raw in enumerate(self.lines, start=1):
            header = _HEADER.match(raw)
            if header:
                current = _dotted(header.group(2))
                if current == table:
                    header_line = line_no
                elif current.startswith(table + "."):
                    keys.setdefault(current[len(table) + 1:].split(".")[0], line_no)
                continue
            assignment = _ASSIGNMENT.match(raw)
            if assignment:
                path = f"{current}.{_dotted(assignment.group(1))}" if current else _dotted(assignment.group(1))
                if path.startswith(table + "."):
                    keys.setdefault(path[len(table) + 1:].split(".")[0], line_no)
        return header_line, keys


def read_text(path: Path, display: str | None = None) -> str | LineError:
    """A file's UTF-8 text (a byte-order mark dropped), or why it cannot be read."""
    shown = display or str(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return LineError(shown, 1, _("cannot read the file ({reason})").format(reason=exc.strerror))
    except UnicodeDecodeError:
        return LineError(shown, 1, _("is not UTF-8 text"))


def syntax_error(error: tomllib.TOMLDecodeError, text: str, display: str) -> LineError:
    """tomllib puts the position in its message: '... (at line 3, column 5)' or '(at end of
    document)', which is the last line that has text."""
    message = str(error)
    match = _TOML_POSITION.search(message)
    if match:
        line, reason = int(match.group(1)), message[: match.start()]
    else:
        written = [number for number, raw in enumerate(text.split("\n"), start=1) if raw.strip()]
        line, reason = (written[-1] if written else 1), message.split(" (at ")[0]
    return LineError(display, line, _("TOML syntax error: {reason}").format(reason=reason))


def parse_toml(text: str, display: str) -> TomlFile | LineError:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return LineError(display, 1, _("TOML nested too deeply (arrays or tables inside each other thousands of times)"))
    except tomllib.TOMLDecodeError as exc:
        return syntax_error(exc, text, display)
    lines = text.split("\n")  # as tomllib counts lines (splitlines also breaks at U+2028 and others)
    headers = []
    for number, raw in enumerate(lines, start=1):
        match = _HEADER.match(raw)
        if match:
            headers.append(Header(number, _dotted(match.group(2)), match.group(1) == "[["))
    return TomlFile(display, data, lines, headers)


def read_toml(path: Path, display: str | None = None) -> TomlFile | LineError:
    text = read_text(path, display)
    return text if isinstance(text, LineError) else parse_toml(text, display or str(path))
