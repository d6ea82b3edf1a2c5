"""SQL that SQLite and PostgreSQL write each their own way, for read statements that decide in
the database what Python would decide after reading every row (services/readiness/_lot_source):
a date some days before another, and text ordered as Python orders it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Date, String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class code_point_order(FunctionElement[Any]):
    """Text compared code point by code point, as Python compares strings: SQLite's own (BINARY)
    collation; PostgreSQL's default follows the server's locale ("a" before "B")."""
    type = String()
    inherit_cache = True
    name = "code_point_order"


@compiles(code_point_order, "sqlite")
def _sqlite_code_point_order(element: code_point_order, compiler: Any, **kw: Any) -> str:
    (text,) = list(element.clauses)
    return str(compiler.process(text, **kw))


@compiles(code_point_order)
def _code_point_order(element: code_point_order, compiler: Any, **kw: Any) -> str:
    (text,) = list(element.clauses)
    return f'({compiler.process(text, **kw)} COLLATE "C")'


class days_before(FunctionElement[Any]):  # lower case: it reads as the SQL function it stands for
    """The date some days before another. SQLite has no date arithmetic but its date() function;
    PostgreSQL subtracts an integer from a date."""
    type = Date()
    inherit_cache = True
    name = "days_before"


@compiles(days_before, "sqlite")
def _sqlite_days_before(element: days_before, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"date({compiler.process(day, **kw)}, '-' || {compiler.process(days, **kw)} || ' days')"


@compiles(days_before)
def _days_before(element: days_before, compiler: Any, **kw: Any) -> str:
    day, days = list(element.clauses)
    return f"({compiler.process(day, **kw)} - {compiler.process(days, **kw)})"
