"""The store's side of the rule on stored text (atelier_tui/domain/text.py): every new or changed
text of a row is checked as the session flushes (engine.py installs the check), so that no entry
path (command line, workshop files, spreadsheets, catalogs, forms, key comments) can store a
control character. The refusal is a typed error naming table.column; the services turn it into
their own refusal (they register how with translate_refusals_with), the store words nothing.

Kept free of SQLAlchemy so that the services can register without loading the database layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from atelier_tui.domain.text import field_refusal, text_refusal

# An audit event's key, before and after copy rows that were checked as they were written: a row
# written before the rule must still be recorded as it was when it is changed or corrected.
UNCHECKED_COLUMNS = frozenset({("audit_event", "entity_key"), ("audit_event", "before"), ("audit_event", "after")})


class StoredTextRefused(ValueError):
    """A text no field accepts, about to be written to `table`.`column`; `code` says why."""

    def __init__(self, table: str, column: str, code: str) -> None:
        self.table = table
        self.column = column
        self.code = code
        super().__init__(f"{table}.{column}: {code}")

    @property
    def field(self) -> str:
        return f"{self.table}.{self.column}"


def refusal_in(table: str, column: str, value: Any) -> StoredTextRefused | None:
    """The refusal of a column's value: a text by the column's line rule; the texts inside JSON
    data (catalog steps, attributes, readings), keys included, as paragraphs."""
    if (table, column) in UNCHECKED_COLUMNS or value is None:
        return None
    code = field_refusal(column, value) if isinstance(value, str) else _nested_refusal(value)
    return StoredTextRefused(table, column, code) if code else None


def _nested_refusal(value: Any) -> str | None:
    pending = [value]
    while pending:  # a loop, not recursion: JSON data may nest deeper than the stack
        item = pending.pop()
        if isinstance(item, str):
            if code := text_refusal(item, paragraphs=True):
                return code
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, (list, tuple)):
            pending.extend(item)
    return None


_translate: list[Callable[[StoredTextRefused], Exception]] = []


def translate_refusals_with(translate: Callable[[StoredTextRefused], Exception]) -> None:
    """How a refusal reaches people: the services give their own error type (services/context.py)."""
    _translate[:] = [translate]


def translated(refusal: StoredTextRefused) -> Exception:
    return _translate[0](refusal) if _translate else refusal
