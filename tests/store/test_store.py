"""Storage rules a workshop relies on: unique human keys, stock never negative, SQLite settings
that let several terminals share one file."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from atelier_tui.store.engine import read_session, resolve_database_url, write_session
from atelier_tui.store.models import Bench, Location, Lot, Site, SupplyType, Tool, ToolType

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL


@pytest.fixture
def site_id(catalogued_engine) -> int:  # type: ignore[no-untyped-def]
    with write_session(catalogued_engine) as session:
        site = Site(code="PARIS", name="Paris")
        session.add(site)
        session.flush()
        session.add(Location(site_id=site.id, code="C1", name="Cabinet 1"))
        return site.id


def _tool_type_id(engine, key: str = "timegrapher") -> int:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return session.exec(select(ToolType.id).where(ToolType.key == key)).one()


def test_asset_tags_are_unique(catalogued_engine, site_id: int) -> None:  # type: ignore[no-untyped-def]
    type_id = _tool_type_id(catalogued_engine)
    with write_session(catalogued_engine) as session:
        session.add(Tool(asset_tag="AT-1", tool_type_id=type_id, site_id=site_id))
    with pytest.raises(IntegrityError, match=r"UNIQUE|unique constraint"):  # SQLite | PostgreSQL
        with write_session(catalogued_engine) as session:
            session.add(Tool(asset_tag="AT-1", tool_type_id=type_id, site_id=site_id))


def test_bench_codes_are_unique(catalogued_engine, site_id: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError, match=r"UNIQUE|unique constraint"):
        with write_session(catalogued_engine) as session:
            session.add_all([Bench(site_id=site_id, code="B1", name="a"), Bench(site_id=site_id, code="B1", name="b")])


def test_stock_cannot_go_negative_even_by_sql(catalogued_engine, site_id: int) -> None:  # type: ignore[no-untyped-def]
    with write_session(catalogued_engine) as session:
        supply_id = session.exec(select(SupplyType.id).where(SupplyType.key == "battery_sr920sw")).one()
        lot = Lot(supply_type_id=supply_id, site_id=site_id, lot_number="L1", quantity_micro=2_000_000, received_on=date(2026, 1, 1))
        session.add(lot)
    with pytest.raises(IntegrityError, match="quantity_non_negative"):
        with write_session(catalogued_engine) as session:
            session.get(Lot, lot.id).quantity_micro = -1
    with read_session(catalogued_engine) as session:
        assert session.get(Lot, lot.id).quantity_micro == 2_000_000


def test_foreign_keys_are_enforced(catalogued_engine, site_id: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError, match=r"FOREIGN KEY|foreign key constraint"):
        with write_session(catalogued_engine) as session:
            session.add(Tool(asset_tag="AT-9", tool_type_id=999_999, site_id=site_id))


@pytest.mark.sqlite_only("PRAGMA: the settings of SQLite connections")
def test_every_connection_uses_wal_busy_timeout_and_foreign_keys(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    with catalogued_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@pytest.mark.sqlite_only("BEGIN IMMEDIATE and the lock of a SQLite file")
def test_a_write_session_holds_the_write_lock_from_its_first_statement(catalogued_engine, catalogued_db) -> None:  # type: ignore[no-untyped-def]
    """BEGIN IMMEDIATE: while one terminal is in a write, another cannot start one."""
    other = sqlite3.connect(catalogued_db, timeout=0.1, isolation_level=None)
    with write_session(catalogued_engine) as session:
        session.exec(select(Site)).all()  # a read only: a deferred BEGIN would not lock yet
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_database_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert resolve_database_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("ATELIER_DATABASE_URL", "postgresql://u@h/db")
    assert resolve_database_url(None) == "postgresql://u@h/db"
    assert resolve_database_url("sqlite:///other.db") == "sqlite:///other.db"
    monkeypatch.delenv("ATELIER_DATABASE_URL")
    assert resolve_database_url(None).endswith("/atelier/atelier.db")
