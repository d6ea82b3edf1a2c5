"""SQL that SQLite and PostgreSQL write each their own way, for read statements that decide in
the database what Python would decide after reading every row (services/readiness/_lot_source):
a date some days before another, text ordered as Python orders it, and the first rows of a correlated subquery."""

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


class among_first(FunctionElement[Any]):  # lower case: it reads as the SQL function it stands for
    """`id` is one of the ids a correlated subquery with a LIMIT selects (the first lots of a
    supply): SQLite's IN runs the subquery once per outer row; PostgreSQL plans the same IN as a
    filter on every row of the join, every lot of the supply, where `= ANY(ARRAY(...))` is an
    index condition the subquery feeds once per outer row. Untyped: a Boolean one would be
    written `... = 1` on SQLite, which keeps its planner from reading the IN as a lookup."""
    inherit_cache = True
    name = "among_first"


@compiles(among_first, "sqlite")
def _sqlite_among_first(element: among_first, compiler: Any, **kw: Any) -> str:
    id_, ids = list(element.clauses)
    return f"{compiler.process(id_, **kw)} IN {compiler.process(ids, **kw)}"


@compiles(among_first)
def _among_first(element: among_first, compiler: Any, **kw: Any) -> str:
    id_, ids = list(element.clauses)
    return f"{compiler.process(id_, **kw)} = ANY(ARRAY{compiler.process(ids, **kw)})"
