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


@pytest.fixture
def small_workshop(catalogued_engine):  # type: ignore[no-untyped-def]
    """A site, a cabinet, two benches, two people and three tools: the least a service test needs."""
    from sqlmodel import select

    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import Bench, Location, Site, Staff, Tool, ToolType

    with write_session(catalogued_engine) as session:
        site = Site(code="PARIS", name="Paris")
        session.add(site)
        session.flush()
        cabinet = Location(site_id=site.id, code="C1", name="Cabinet 1")
        quartz = Bench(site_id=site.id, code="B-QUARTZ", name="Quartz", features=["esd"])
        meca = Bench(site_id=site.id, code="B-MECA", name="Mechanical")
        session.add_all([cabinet, quartz, meca])
        session.add_all([
            Staff(site_id=site.id, login="cmartin", display_name="Claire Martin", role="technician", level=2),
            Staff(site_id=site.id, login="lead", display_name="Luc Lead", role="lead", level=3),
        ])
        session.flush()
        types = dict(session.exec(select(ToolType.key, ToolType.id)).all())
        session.add_all([
            Tool(asset_tag="AT-0001", tool_type_id=types["timegrapher"], site_id=site.id, home_location_id=cabinet.id),
            Tool(asset_tag="AT-0002", tool_type_id=types["esd_wrist_strap"], site_id=site.id,
                 home_bench_id=quartz.id, bench_id=quartz.id),
            Tool(asset_tag="AT-0003", tool_type_id=types["wr_tester_dry"], site_id=site.id, home_location_id=cabinet.id),
        ])
    return catalogued_engine


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory, catalogued_template: Path) -> Path:
    """The small demo workshop, generated once per test session at FIXED_NOW."""
    from atelier_tui.services.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(catalogued_template, path)
    engine = make_engine(f"sqlite:///{path}")
    generate_demo(engine, size="small", now=FIXED_NOW)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    return path


# --- PostgreSQL: a real server (tests/postgres_server.py), one database per test made from a template.

def _worker() -> str:
    import os

    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:  # type: ignore[misc]
    import os

    from tests.postgres_server import NoPostgres, running_server

    try:
        with running_server() as url:
            yield url
    except NoPostgres as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a PostgreSQL server: {exc}")
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def pg_catalogued_template(postgres_admin_url: str) -> str:
    """The name of a database holding the schema and the shipped catalogs, built once per worker."""
    from tests.postgres_server import create_database

    name = f"atelier_catalogued_{_worker()}"
    engine = make_engine(create_database(postgres_admin_url, name))
    migrate.upgrade(engine)
    import_catalogs(engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    engine.dispose()
    return name


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_catalogued_url(postgres_admin_url: str, pg_catalogued_template: str):  # type: ignore[no-untyped-def]
    """A fresh catalogued PostgreSQL database for one test."""
    from tests.postgres_server import create_database, drop_database

    name = f"atelier_{_worker()}_{next(_pg_databases)}"
    yield create_database(postgres_admin_url, name, template=pg_catalogued_template)
    drop_database(postgres_admin_url, name)
