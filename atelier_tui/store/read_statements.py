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

__all__ = ["ReadStatement", "read_statement", "registered"]

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


def read_statement(build: Callable[[], Any]) -> ReadStatement:
    """Registers `build` (a function returning a Core select) under `module:function`."""
    name = f"{build.__module__}:{build.__qualname__}"
    if name in _REGISTRY:
        raise ValueError(f"read statement {name} is defined twice")
    statement = ReadStatement(name, build)
    _REGISTRY[name] = statement
    return statement


def registered() -> dict[str, ReadStatement]:
    """Every read statement of the modules imported so far (the renderer imports them all)."""
    return dict(_REGISTRY)
