"""What a stored text may contain, and how stored text is shown on a terminal.

A text that reaches a terminal raw can drive it: ESC starts sequences that retitle the window,
rewrite the screen or (on some terminals) answer back as typed input; C1 codes (0x80-0x9F) are
the same commands in one byte; bidirectional overrides make a line read differently from what
it holds. No field needs them, so they are refused on input, in every field and every entry path.

Line breaks and tabs are kept only in the fields that are written as paragraphs (see
multi_line): notes, reasons, a sheet's entries, and the texts inside catalog data. A carriage
return is refused everywhere: on a terminal it moves back over what the line already showed.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = "control_characters"  # the refusal codes; a front end words them
TOO_LONG = "too_long"

# A line (a reference, a serial, a name, a lot number) fits a label and a screen line many times
# over below MAX_LINE_LENGTH; a paragraph (notes, a reason) is a few pages at most. Past these a text
# is a paste gone wrong (a reference of 100,000 characters was stored), not something a person said.
# An SSH public key is one line of up to a few thousand characters (RSA 16384).
MAX_LINE_LENGTH = 1_000
MAX_PARAGRAPH_LENGTH = 20_000
MAX_KEY_LENGTH = 16_384
_LONG_LINE_NAMES = frozenset({"public_key"})

_C0 = "".join(chr(code) for code in range(0x20))
_C1 = "".join(chr(code) for code in range(0x80, 0xA0))
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REFUSED = re.compile("[" + re.escape(_C0 + "\x7f" + _C1 + _BIDI) + "]")
_REFUSED_IN_PARAGRAPHS = re.compile("[" + re.escape(_C0.replace("\n", "").replace("\t", "") + "\x7f" + _C1 + _BIDI) + "]")

# Field names whose text is a paragraph: a person may break lines in it.
_PARAGRAPH_SUFFIXES = ("notes", "reason")
_PARAGRAPH_NAMES = frozenset({"text", "steps"})


def multi_line(field: str) -> bool:
    """Whether a field (a column or an input name) holds paragraphs: notes, reasons, sheet text."""
    return field in _PARAGRAPH_NAMES or field.endswith(_PARAGRAPH_SUFFIXES)


def text_refusal(text: str, *, paragraphs: bool = False, longest: int | None = None) -> str | None:
    """CONTROL_CHARACTERS when `text` holds a character no field accepts (newline and tab are
    accepted where `paragraphs` is true), TOO_LONG past `longest` characters (by default the
    bound of a line or of a paragraph), else None."""
    if len(text) > (longest or (MAX_PARAGRAPH_LENGTH if paragraphs else MAX_LINE_LENGTH)):
        return TOO_LONG
    pattern = _REFUSED_IN_PARAGRAPHS if paragraphs else _REFUSED
    return CONTROL_CHARACTERS if pattern.search(text) else None


def longest_text(field: str) -> int:
    if field in _LONG_LINE_NAMES:
        return MAX_KEY_LENGTH
    return MAX_PARAGRAPH_LENGTH if multi_line(field) else MAX_LINE_LENGTH


def field_refusal(field: str, text: str) -> str | None:
    """text_refusal with the line rule and the length bound of the field named `field`."""
    return text_refusal(text, paragraphs=multi_line(field), longest=longest_text(field))


_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(found: re.Match[str]) -> str:
    character = found.group()
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str, *, paragraphs: bool = False) -> str:
    """`text` made harmless for a terminal: each refused character written as its escape
    (ESC as \\x1b, U+202E as \\u202e). A database written before control characters were
    refused is shown this way; with `paragraphs`, newlines and tabs are left as they are."""
    pattern = _REFUSED_IN_PARAGRAPHS if paragraphs else _REFUSED
    return pattern.sub(_escaped, text)
