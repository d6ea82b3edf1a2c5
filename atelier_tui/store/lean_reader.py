"""The lean session: read statements (store/read_statements.py) run on the standard library's
sqlite3, from their SQL rendered ahead of time (store/lean_sql.py), with the values converted as
SQLAlchemy converts them, so that a query function reads the same rows on it as on SQLAlchemy's
connection (tests/store/test_lean_reader.py compares them statement by statement).

It answers the session calls the read queries make (execute, flush) and the result calls they make
on what execute returns; anything else is a programming error, said at once."""

from __future__ import annotations

import json
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

from atelier_tui.store.lean_sql import STATEMENTS
from atelier_tui.store.read_statements import ReadStatement, TextStatement

__all__ = ["LeanResult", "LeanSession", "NotRendered", "lean_session"]

BUSY_TIMEOUT_MS = 10_000  # as store/core_engine.py sets it on SQLAlchemy's connections
_EMPTY_LIST = "(SELECT 1 WHERE 0)"  # what `x IN ()` is: no row matches


class NotRendered(TypeError):
    """A statement the lean session cannot run: not a read statement, or one missing from
    store/lean_sql.py (run `python -m atelier_tui.services.read_sql_render`)."""


def _date_out(value: Any) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _datetime_out(value: Any) -> str:
    return f"{_date_out(value)} {value.hour:02d}:{value.minute:02d}:{value.second:02d}.{value.microsecond:06d}"


def _utc_datetime_out(value: datetime) -> str:
    if value.utcoffset() is None:
        raise ValueError("a datetime stored in the workshop carries its time zone")
    return _datetime_out(value.astimezone(UTC))


def _utc_datetime_in(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment.astimezone(UTC)


# Parameters: Python value -> what SQLAlchemy binds on SQLite (sqlalchemy.dialects.sqlite's DATE
# and DATETIME storage formats; store.core_tables.UTCDateTime).
_PARAMETER: dict[str, Callable[[Any], Any]] = {
    "date": _date_out,
    "datetime": _datetime_out,
    "utc_datetime": _utc_datetime_out,
    "bool": lambda value: int(bool(value)),
    "json": json.dumps,
}
# Columns: what sqlite3 returns -> what SQLAlchemy's result processors return.
_COLUMN: dict[str, Callable[[Any], Any]] = {
    "date": date.fromisoformat,
    "datetime": datetime.fromisoformat,
    "utc_datetime": _utc_datetime_in,
    "bool": bool,
    "json": json.loads,
}


class _Rendered:
    """One statement of store/lean_sql.py, ready to run."""

    __slots__ = ("columns", "expanding", "fixed", "name", "order", "parameters", "row", "sql")

    def __init__(self, name: str, entry: tuple[Any, ...]) -> None:
        self.name = name
        self.sql, self.order, self.expanding, self.fixed, conversions, keys, columns = entry
        self.parameters = {key: _PARAMETER[code] for key, code in conversions.items() if code is not None}
        self.columns = [(index, _COLUMN[code]) for index, code in enumerate(columns) if code is not None]
        self.row = namedtuple("Row", keys, rename=True)  # type: ignore[misc]

    def arguments(self, given: Mapping[str, Any]) -> tuple[str, list[Any]]:
        values: list[Any] = []
        sql = self.sql
        for key in self.order:
            if key in self.fixed:
                value, convert = self.fixed[key], None
            else:
                try:
                    value = given[key]
                except KeyError:
                    raise NotRendered(f"{self.name}: parameter {key} not given") from None
                convert = self.parameters.get(key)
            if key in self.expanding:
                items = [convert(item) if convert and item is not None else item for item in value]
                marker = f"(__[POSTCOMPILE_{key}])"
                sql = sql.replace(marker, "(" + ", ".join("?" * len(items)) + ")" if items else _EMPTY_LIST, 1)
                values.extend(items)
            else:
                values.append(convert(value) if convert is not None and value is not None else value)
        return sql, values

    def rows(self, raw: list[tuple[Any, ...]]) -> list[Any]:
        make, columns = self.row._make, self.columns
        if not columns:
            return [make(values) for values in raw]
        result = []
        for values in raw:
            converted = list(values)
            for index, convert in columns:
                if converted[index] is not None:
                    converted[index] = convert(converted[index])
            result.append(make(converted))
        return result


_READY: dict[str, _Rendered] = {}


def _rendered(statement: Any) -> _Rendered:
    if not isinstance(statement, ReadStatement):
        raise NotRendered(f"the lean session runs read statements only, not {type(statement).__name__}")
    ready = _READY.get(statement.name)
    if ready is None:
        entry = STATEMENTS.get(statement.name)
        if entry is None:
            raise NotRendered(f"{statement.name} is not in store/lean_sql.py: run python -m atelier_tui.services.read_sql_render")
        ready = _READY[statement.name] = _Rendered(statement.name, entry)
    return ready


class _Scalars:
    def __init__(self, values: list[Any]) -> None:
        self._values = values

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def all(self) -> list[Any]:
        return self._values

    def first(self) -> Any:
        return self._values[0] if self._values else None

    def one(self) -> Any:
        if len(self._values) != 1:
            raise LookupError(f"one row expected, {len(self._values)} found")
        return self._values[0]

    def one_or_none(self) -> Any:
        if len(self._values) > 1:
            raise LookupError(f"at most one row expected, {len(self._values)} found")
        return self._values[0] if self._values else None


class LeanResult(_Scalars):
    """The rows of one statement, answering as SQLAlchemy's Result does."""

    def fetchall(self) -> list[Any]:
        return self._values

    def scalars(self) -> _Scalars:
        return _Scalars([row[0] for row in self._values])

    def scalar(self) -> Any:
        return self._values[0][0] if self._values else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalar_one_or_none(self) -> Any:
        row = self.one_or_none()
        return None if row is None else row[0]


class LeanSession:
    """One read transaction (one snapshot) on a sqlite3 connection."""

    dialect_name = "sqlite"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def execute(self, statement: Any, parameters: Mapping[str, Any] | None = None) -> LeanResult:
        if isinstance(statement, TextStatement):
            ready = statement.lean
            if ready is None:
                ready = statement.lean = _Rendered(statement.sql, (statement.sql, (), (), {}, {}, *zip(*statement.columns)))
            return LeanResult(ready.rows(self._connection.execute(statement.sql, dict(parameters or {})).fetchall()))
        ready = _rendered(statement)
        sql, values = ready.arguments(parameters or {})
        return LeanResult(ready.rows(self._connection.execute(sql, values).fetchall()))

    def flush(self) -> None:
        """Nothing to flush: a read adds nothing."""

    def connection(self) -> LeanSession:
        """Itself: the queries that read on a session's connection read on the lean session."""
        return self


def connect(path: str) -> sqlite3.Connection:
    """A connection to an existing SQLite file, set up as store/core_engine.py sets SQLAlchemy's
    (a file that is not there is not created: sqlite3.OperationalError)."""
    connection = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None, check_same_thread=False)
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


@contextmanager
def lean_session(path: str) -> Iterator[LeanSession]:
    """One snapshot for every query of the block; ends with a rollback: it never writes."""
    connection = connect(path)
    try:
        connection.execute("BEGIN DEFERRED")
        try:
            yield LeanSession(connection)
        finally:
            connection.execute("ROLLBACK")
    finally:
        connection.close()
