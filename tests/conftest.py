"""Shared fixtures: real SQLite files in temporary folders.

Building a catalogued database costs about a second, so one is built per test session and
copied (a plain file copy) for every test that needs one."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.services.catalog_import import import_catalogs
from atelier_tui.services.context import SYSTEM
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine

FIXED_NOW = datetime(2026, 11, 27, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's own atelier data, state or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ATELIER_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def catalogued_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "catalogued.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    import_catalogs(engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def empty_engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'atelier.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def migrated_engine(empty_engine):  # type: ignore[no-untyped-def]
    migrate.upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def catalogued_db(tmp_path: Path, catalogued_template: Path) -> Path:
    path = tmp_path / "atelier.db"
    shutil.copyfile(catalogued_template, path)
    return path


@pytest.fixture
def catalogued_engine(catalogued_db: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{catalogued_db}")
    yield engine
    engine.dispose()
