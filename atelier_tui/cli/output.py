"""Printing stored text on the command line without letting it drive the terminal.

New text with control characters is refused as it is written (atelier_tui/domain/text.py), but a
database written before that rule, or restored from one, may still hold an order reference with
`ESC ] 0 ; … BEL` in it. Every command that prints stored text goes through `shown` (or `echo`,
or `safe_json` for --json), which writes such characters as escapes (\\x1b)."""

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


def echo(text: Any, *, err: bool = False, paragraphs: bool = True) -> None:
    """click.echo for a line (or lines, with `paragraphs`) that holds stored text."""
    click.echo(shown(text, paragraphs=paragraphs), err=err)


def safe_json(data: Any) -> str:
    """JSON for --json output: the same data, with every character that could drive a terminal
    written as a \\u escape (still valid JSON, parsed back to the same strings)."""
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(data, indent=2, ensure_ascii=False))
