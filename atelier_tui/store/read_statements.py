"""Read statements that a process may run before it has imported SQLAlchemy.

A read statement is written once, as a SQLAlchemy Core statement, in a function that builds it
(`@read_statement`). Where the statement is run decides how:

- on a SQLite file's lean session (store/lean_reader.py), its SQL as rendered ahead of time
  (store/lean_render.py writes store/lean_sql.py; a test checks it against a fresh render) runs
  on the standard library's sqlite3: the process imports neither SQLAlchemy, nor SQLModel, nor
  pydantic to answer;
- anywhere else (PostgreSQL, a write transaction, a read on SQLAlchemy's connection), the function
  builds the Core statement once, and SQLAlchemy runs it as it runs any other.

Importing SQLAlchemy costs a read command or a first screen more than all the rest of its work
(issue 20: `python -c "import sqlalchemy"` is the yardstick the read commands are held to)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # to the type checker a session runs it as any statement; at run time, no SQLAlchemy
    from sqlalchemy.sql.expression import Executable as _Statement
else:
    _Statement = object

__all__ = ["LEAN_STATEMENTS", "ReadStatement", "TextStatement", "read_statement", "registered"]

_REGISTRY: dict[str, ReadStatement] = {}


class ReadStatement(_Statement):
    """A named statement: its name is the key of its rendered SQL; `core()` builds the SQLAlchemy
    statement (importing SQLAlchemy then, once)."""

    __slots__ = ("_build", "_core", "name")

    def __init__(self, name: str, build: Callable[[], Any]) -> None:
        self.name = name
        self._build = build
        self._core: Any = None

    def core(self) -> Any:
        if self._core is None:
            self._core = self._build()
        return self._core

    def __repr__(self) -> str:
        return f"ReadStatement({self.name})"


def read_statement(build: Callable[[], Any], name: str | None = None) -> ReadStatement:
    """Registers `build` (a function returning a Core select) under `module:function`, or under
    `name` for one of several variants built by one function."""
    name = name or f"{build.__module__}:{build.__qualname__}"
    if name in _REGISTRY:
        raise ValueError(f"read statement {name} is defined twice")
    statement = ReadStatement(name, build)
    _REGISTRY[name] = statement
    return statement


def registered() -> dict[str, ReadStatement]:
    """Every read statement of the modules imported so far (the renderer imports them all)."""
    return dict(_REGISTRY)


class TextStatement(_Statement):
    """A statement written as SQL text with `:name` parameters, for the few whose shape depends on
    the values (a UNION of one part per tool type): the lean session runs the text as it is;
    SQLAlchemy runs it as `text()` with typed columns. `columns`: each column's name and its
    conversion (store/lean_reader.py: "date", "utc_datetime", "json", "bool", or None)."""

    __slots__ = ("_core", "columns", "lean", "sql")

    def __init__(self, sql: str, columns: tuple[tuple[str, str | None], ...]) -> None:
        self.sql = sql
        self.columns = columns
        self.lean: Any = None  # the lean session's own preparation, made on first use
        self._core: Any = None

    def core(self) -> Any:
        if self._core is None:
            from sqlalchemy import JSON, Boolean, Date, DateTime, column, text

            from atelier_tui.store.core_tables import UTCDateTime

            types: dict[str | None, Any] = {"json": JSON, "bool": Boolean, "date": Date, "datetime": DateTime,
                                            "utc_datetime": UTCDateTime, None: None}
            self._core = text(self.sql).columns(*(column(name, types[code]() if types[code] else None)
                                                  for name, code in self.columns))
        return self._core


# What the lean session runs; each one's `core()` is the same statement for SQLAlchemy.
LEAN_STATEMENTS = (ReadStatement, TextStatement)
