"""Writes store/lean_sql.py: every read statement (store/read_statements.py) rendered by
SQLAlchemy for SQLite, with what the lean session needs to run it on sqlite3 as SQLAlchemy would:
its parameters in order, the values the statement itself fixes, and how each parameter and each
column of its rows is converted (a date, a UTC timestamp, JSON, a boolean). Run after changing a
read statement (tests/store/test_lean_sql.py says when):

    python -m atelier_tui.services.read_sql_render
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, TypeDecorator
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.elements import BindParameter
from sqlalchemy.types import TypeEngine

import atelier_tui.services
from atelier_tui.store import lean_sql
from atelier_tui.store.core_tables import UTCDateTime
from atelier_tui.store.read_statements import ReadStatement, registered

TARGET = Path(lean_sql.__file__)

_HEADER = '''"""Every read statement (store/read_statements.py) as SQLAlchemy renders it for SQLite, for the
lean session (store/lean_reader.py). Written by services/read_sql_render.py; do not edit:
tests/store/test_lean_sql.py checks it against a fresh render.

name: (SQL, parameters in order, expanding parameters, fixed values, parameter conversions,
       row keys, column conversions)"""

from __future__ import annotations

from typing import Any

STATEMENTS: dict[str, tuple[Any, ...]] = {
'''

_DIALECT = sqlite.dialect()


def _conversion(kind: TypeEngine[Any], what: str) -> str | None:
    """The conversion the lean session applies for a value of this type, None when sqlite3's
    value is already SQLAlchemy's; a type it cannot convert is refused here, not at run time."""
    if isinstance(kind, UTCDateTime):
        return "utc_datetime"
    if isinstance(kind, TypeDecorator):
        raise ValueError(f"{what}: no lean conversion for {type(kind).__name__}")
    if isinstance(kind, DateTime):
        return "datetime"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, JSON):
        return "json"
    if type(kind).__name__ in ("Integer", "BigInteger", "String", "Float", "NullType", "SmallInteger"):
        return None
    raise ValueError(f"{what}: no lean conversion for {type(kind).__name__}")


def _fixed_value(bind: BindParameter[Any], what: str) -> Any:
    """A value the statement fixes (`status != 'retired'`, `kind IN ('calibration', …)`), as
    SQLAlchemy binds it for SQLite."""
    if bind.expanding:
        return tuple(_one_value(bind, value, what) for value in bind.effective_value or ())
    return _one_value(bind, bind.effective_value, what)


def _one_value(bind: BindParameter[Any], value: Any, what: str) -> Any:
    process = bind.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
    if process is not None:
        value = process(value)
    if isinstance(value, str):
        return str(value)  # a StrEnum member as its plain value
    if value is None or isinstance(value, (int, float)):
        return value
    raise ValueError(f"{what}: fixed value {value!r} cannot be written here")


def render_statement(statement: ReadStatement) -> tuple[Any, ...]:
    core = statement.core()
    compiled = core.compile(dialect=_DIALECT)
    by_name = {name: bind for bind, name in compiled.bind_names.items()}
    order = tuple(compiled.positiontup or ())
    expanding, fixed, conversions = [], {}, {}
    for name in dict.fromkeys(order):
        bind = by_name[name]
        what = f"{statement.name}, parameter {name}"
        if bind.expanding:
            expanding.append(name)
            marker = f"(__[POSTCOMPILE_{name}])"
            if f"NOT IN {marker}" in compiled.string:
                raise ValueError(f"{what}: NOT IN a list is not rendered (write it as IN)")
        if bind.required:
            conversions[name] = _conversion(bind.type, what)
        else:
            fixed[name] = _fixed_value(bind, what)
    keys = tuple(entry.keyname for entry in compiled._result_columns)
    columns = tuple(_conversion(entry.type, f"{statement.name}, column {entry.keyname}") for entry in compiled._result_columns)
    return (compiled.string, order, tuple(expanding), fixed, conversions, keys, columns)


def statement_modules() -> list[str]:
    """Every service module: read statements are defined beside the queries that run them."""
    return [module.name for module in pkgutil.walk_packages(atelier_tui.services.__path__, "atelier_tui.services.")]


def _entry(name: str, rendered: tuple[Any, ...]) -> str:
    sql, *rest = rendered
    lines = [f"    {name!r}: (", *(f"        {line!r}" for line in sql.splitlines(keepends=True))]
    lines[-1] += ","
    lines += [f"        {part!r}," for part in rest]
    return "\n".join([*lines, "    ),"])


def render() -> str:
    for name in statement_modules():
        importlib.import_module(name)
    entries = [_entry(name, render_statement(statement)) for name, statement in sorted(registered().items())]
    return _HEADER + "\n".join(entries) + "\n}\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
