"""The lean session (store/lean_reader.py) reads what SQLAlchemy reads: the same rows, with the
same Python values (dates, UTC timestamps, JSON, booleans), for the same parameters, lists
included; and store/lean_sql.py is what the renderer writes from today's read statements."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, func, select

from atelier_tui.domain.vocabulary import ToolStatus
from atelier_tui.services.read_sql_render import TARGET, render, render_statement
from atelier_tui.store import core_tables
from atelier_tui.store.core_engine import make_engine, read_rows
from atelier_tui.store.database import Database, reading
from atelier_tui.store.lean_reader import NotRendered, _Rendered, lean_session
from atelier_tui.store.read_statements import ReadStatement

T = core_tables


def test_the_rendered_sql_is_todays() -> None:
    """Fails after a read statement changed: run `python -m atelier_tui.services.read_sql_render`."""
    assert TARGET.read_text(encoding="utf-8") == render()


def _both(database: Path, build: Any, parameters: dict[str, Any]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The rows of one statement read by SQLAlchemy, then by the lean session from its rendering."""
    statement = ReadStatement("test:statement", build)
    with read_rows(make_engine(f"sqlite:///{database}")) as session:
        expected = [tuple(row) for row in session.execute(statement, parameters).all()]
    rendered = _Rendered(statement.name, render_statement(statement))
    with lean_session(str(database)) as lean:
        sql, values = rendered.arguments(parameters)
        got = [tuple(row) for row in rendered.rows(lean._connection.execute(sql, values).fetchall())]
    return expected, got


@pytest.mark.parametrize("build", [
    # dates, JSON, booleans, floats and nulls among them
    lambda: select(T.Tool.id, T.Tool.asset_tag, T.Tool.attributes, T.Tool.status, T.Tool.bench_id).order_by(T.Tool.id),
    lambda: select(T.Lot.id, T.Lot.expires_on, T.Lot.opened_on, T.Lot.quantity_micro).order_by(T.Lot.id),
    lambda: select(T.MaintenanceRecord.id, T.MaintenanceRecord.performed_at, T.MaintenanceRecord.found_in_tolerance,
                   T.MaintenanceRecord.readings).order_by(T.MaintenanceRecord.id),
    lambda: select(T.Bench.code, T.Bench.features).order_by(T.Bench.code),
    lambda: select(T.Calibre.key, T.Calibre.frequency_vph, T.Calibre.lubricants).order_by(T.Calibre.key),
    lambda: select(T.Staff.login, T.Staff.active, T.Staff.movement_kinds).order_by(T.Staff.login),
    lambda: select(T.ChecklistRun.id, T.ChecklistRun.signed_at, T.ChecklistRun.passed, T.ChecklistRun.facts).order_by(T.ChecklistRun.id),
    lambda: select(T.RepairOrder).order_by(T.RepairOrder.id),
    lambda: select(func.max(T.Lot.expires_on), func.count()).select_from(T.Lot),
], ids=["tools", "lots", "records", "benches", "calibres", "staff", "checklist-runs", "whole-orders", "aggregates"])
def test_each_kind_of_column_reads_as_sqlalchemy_reads_it(demo_db: Path, build: Any) -> None:
    expected, got = _both(demo_db, build, {})
    assert expected and got == expected


def test_parameters_are_bound_as_sqlalchemy_binds_them(demo_db: Path) -> None:
    def build() -> Any:
        return select(T.Lot.id, T.Lot.expires_on).where(
            T.Lot.expires_on <= bindparam("until"), T.Lot.supply_type_id.in_(bindparam("types", expanding=True)),
        ).order_by(T.Lot.id)

    expected, got = _both(demo_db, build, {"until": date(2027, 6, 30), "types": [1, 2, 3, 5, 8, 13, 21, 34]})
    assert expected and got == expected
    assert _both(demo_db, build, {"until": date(2027, 6, 30), "types": []}) == ([], [])


def test_a_moment_is_compared_in_utc_whatever_its_zone(demo_db: Path) -> None:
    def build() -> Any:
        return select(T.MaintenanceRecord.id).where(T.MaintenanceRecord.performed_at >= bindparam("since")).order_by(
            T.MaintenanceRecord.id)

    paris = datetime(2026, 3, 1, 9, 30, tzinfo=UTC).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Paris"))
    expected, got = _both(demo_db, build, {"since": paris - timedelta(days=400)})
    assert expected and got == expected


def test_values_the_statement_fixes_are_bound_too(demo_db: Path) -> None:
    def build() -> Any:
        return select(T.Tool.asset_tag).where(T.Tool.status != ToolStatus.RETIRED, T.Tool.usage_count > 3).order_by(
            T.Tool.asset_tag)

    expected, got = _both(demo_db, build, {})
    assert expected and got == expected


def test_rows_answer_by_column_name(demo_db: Path) -> None:
    from atelier_tui.services.staff.identity import who_is

    database = Database(f"sqlite:///{demo_db}")
    lean, full = who_is(database, "cmartin"), who_is(make_engine(database.url), "cmartin")
    assert lean is not None and lean == full and lean.role == "lead"


def test_the_lean_session_refuses_a_statement_it_has_no_rendering_of(demo_db: Path) -> None:
    with reading(Database(f"sqlite:///{demo_db}")) as session, pytest.raises(NotRendered, match="read statements only"):
        session.execute(select(T.Tool.id))


def test_reading_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    with pytest.raises(Exception, match="unable to open"), lean_session(str(missing)):
        pass
    assert not missing.exists()
