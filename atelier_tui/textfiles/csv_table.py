"""A spreadsheet saved as CSV, read into rows that know their line.

The first row names the columns (any order, any case); the separator is a comma, a semicolon or
a tab, whichever the header uses; a UTF-8 byte-order mark is dropped. A quoted cell may span
lines: a row is known by the line where it starts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from atelier_tui.i18n import _
from atelier_tui.textfiles.line_error import LineError


@dataclass
class CsvTable:
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line, column -> non-blank cell)
    bad_rows: list[LineError] = field(default_factory=list)  # rows that cannot be read as cells of the header
    errors: list[LineError] = field(default_factory=list)  # the file as a whole: nothing else is read


def read_csv_table(text: str, source: str, what: str, required: tuple[str, ...], optional: tuple[str, ...]) -> CsvTable:
    """`what` names the kind of sheet in a refusal of its header ("tools", "lots")."""
    text = text.removeprefix("\ufeff")  # spreadsheets often save UTF-8 with a byte-order mark
    header_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = CsvTable()
    try:
        _read_rows(reader, source, what, required, optional, table)
    except csv.Error as error:  # a cell past the csv module's limit (131,072 characters), a stray NUL
        table.errors.append(LineError(source, reader.line_num, _("this row cannot be read as CSV ({reason})").format(reason=error)))
    return table


def _read_rows(reader: Any, source: str, what: str, required: tuple[str, ...],  # a csv reader
               optional: tuple[str, ...], table: CsvTable) -> None:
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in required if name not in header]
    if missing:
        table.errors.append(LineError(source, 1, _("missing column {missing}; {what} columns are {required} (optional: {optional})").format(
            missing=", ".join(missing), what=what, required=", ".join(required), optional=", ".join(optional))))
    seen: set[str] = set()
    for name in header:
        if name not in required + optional:
            table.errors.append(LineError(source, 1, _("unknown column '{name}'").format(name=name)))
        elif name in seen:
            table.errors.append(LineError(source, 1, _("column '{name}' appears twice").format(name=name)))
        seen.add(name)
    if table.errors:
        return
    line = reader.line_num + 1
    for cells in reader:
        start, line = line, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            table.bad_rows.append(LineError(source, start, _("this row has {cells} cells; the header has {columns}").format(
                cells=len(cells), columns=len(header))))
            continue
        table.rows.append((start, {name: cell.strip() for name, cell in zip(header, cells, strict=False) if cell.strip()}))
