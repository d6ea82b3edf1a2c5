"""Reading a TOML file and pointing errors at its lines (tomllib gives values, not positions)."""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(#.*)?$")
_TOML_ERROR_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class SourceError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class SourceFile:
    """A parsed file and where its tables start. Every lookup is by bisection over the headers, so
    that pointing each of n entries' errors at a line stays linear in the file (a scan from the top
    per entry made a 20,000-entry catalog take minutes)."""

    path: str
    data: dict[str, Any]
    lines: list[str]
    headers: list[tuple[int, str]] = field(default_factory=list)  # (1-based line, table name), in line order
    _starts: dict[str, list[int]] = field(init=False, repr=False)  # table name -> lines of its headers
    _header_lines: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._starts = {}
        for line_no, name in self.headers:
            self._starts.setdefault(name, []).append(line_no)
        self._header_lines = [line_no for line_no, _name in self.headers]

    def entry_line(self, table: str, index: int) -> int:
        """Line of the `[[table]]` header of the index-th entry."""
        starts = self._starts.get(table, ())
        return starts[index] if 0 <= index < len(starts) else 1

    def _headers_after(self, start: int) -> range:
        """Positions in `headers` of the headers below line `start`."""
        return range(bisect_right(self._header_lines, start), len(self.headers))

    def _entry_end(self, start: int, table: str) -> int:
        for position in self._headers_after(start):
            line_no, name = self.headers[position]
            if not name.startswith(table + "."):
                return line_no
        return len(self.lines) + 1

    def field_line(self, table: str, index: int, field_name: str | None = None) -> int:
        """Line of `field_name = ...` inside the index-th `[[table]]` entry (its header if absent).
        A dotted name ("attributes.section") is looked for as `section =`, then `attributes =`."""
        start = self.entry_line(table, index)
        if field_name is None:
            return start
        end = self._entry_end(start, table)
        for candidate in reversed(field_name.split(".")):
            pattern = re.compile(rf"^\s*{re.escape(candidate)}\s*=")
            for line_no in range(start + 1, end):
                if pattern.match(self.lines[line_no - 1]):
                    return line_no
        return start

    def sub_entry_line(self, table: str, index: int, sub: str, sub_index: int, field_name: str | None = None) -> int:
        """Line inside the sub_index-th `[[table.sub]]` of the index-th `[[table]]`."""
        start = self.entry_line(table, index)
        end = self._entry_end(start, table)
        full = f"{table}.{sub}"
        seen = -1
        for position in self._headers_after(start):
            line_no, name = self.headers[position]
            if line_no >= end:
                break
            if name == full:
                seen += 1
                if seen == sub_index:
                    if field_name is None:
                        return line_no
                    sub_end = self.headers[position + 1][0] if position + 1 < len(self.headers) else end
                    pattern = re.compile(rf"^\s*{re.escape(field_name)}\s*=")
                    for candidate in range(line_no + 1, min(sub_end, end)):
                        if pattern.match(self.lines[candidate - 1]):
                            return candidate
                    return line_no
        return self.field_line(table, index, sub)


# A workshop's catalogs hold hundreds to a few thousand entries (about 200 bytes each): these bounds
# are far above any real one, and keep a wrong file (a database dump, a whole supplier's export)
# from tying the command up for minutes.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_source(path: Path, display: str | None = None) -> SourceFile | SourceError:
    shown = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return SourceError(shown, 1, f"the file is {size / 1024 / 1024:.1f} MiB: a catalog file may be "
                                         f"{MAX_FILE_BYTES // 1024 // 1024} MiB at most (split it)")
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return SourceError(shown, 1, f"cannot read the file ({exc.strerror})")
    except UnicodeDecodeError:
        return SourceError(shown, 1, "is not UTF-8 text")
    return parse_source(text, shown)


def parse_source(text: str, display: str) -> SourceFile | SourceError:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return SourceError(display, 1, "TOML nested too deeply (arrays or tables inside each other thousands of times)")
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_ERROR_LINE.search(message)
        if match:
            line = int(match.group(1))
        else:  # "(at end of document)": the last line that has text
            line = max(1, len([raw for raw in text.splitlines() if raw.strip()]))
        reason = message.split(" (at ")[0]
        return SourceError(display, line, f"TOML syntax error: {reason}")
    lines = text.splitlines()
    headers = []
    for number, raw in enumerate(lines, start=1):
        match = _HEADER.match(raw)
        if match:
            headers.append((number, match.group(1)))
    return SourceFile(display, data, lines, headers)
