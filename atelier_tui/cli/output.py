"""Printing on the command line without letting stored text drive the terminal.

New text with control characters is refused as it is written (atelier_tui/domain/text.py), but a
database written before that rule, or by another tool, or restored from one, may still hold an
order reference with `ESC ] 0 ; … BEL` in it. So every line a command prints goes through `echo`
(which escapes with `shown`: such characters are written as \\x1b), and --json output through
`echo_json` (or `safe_json`); no command module calls click.echo itself (tests/cli/test_cli_escapes.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import click

from atelier_tui.domain.text import visible

# json.dumps(ensure_ascii=False) escapes C0 itself, but leaves DEL, C1 and bidi overrides raw.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: Any, *, paragraphs: bool = False) -> str:
    """A stored value as it may be printed: control characters escaped (newlines kept with
    `paragraphs`)."""
    return visible(str(text), paragraphs=paragraphs)


def echo(text: Any = "", *, err: bool = False, paragraphs: bool = True, nl: bool = True) -> None:
    """click.echo of what a command prints: its lines (with `paragraphs`, several), escaped."""
    click.echo(shown(text, paragraphs=paragraphs), err=err, nl=nl)


def safe_json(data: Any, indent: int | None = 2, ascii_only: bool = False) -> str:
    """JSON for --json output: the same data, with every character that could drive a terminal
    written as a \\u escape (still valid JSON, parsed back to the same strings)."""
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def echo_json(data: Any, indent: int | None = 2, ascii_only: bool = False) -> None:
    """Print `data` as safe JSON (not through `echo`: its escapes, such as \\x7f, are not JSON)."""
    click.echo(safe_json(data, indent, ascii_only))


def echo_table(header: list[str], rows: list[list[str]]) -> None:
    """Columns as wide as their widest cell, two spaces apart; cells are escaped here."""
    table = [header] + [[shown(cell) for cell in row] for row in rows]
    widths = [max(len(line[column]) for line in table) for column in range(len(header))]
    for line in table:
        echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
