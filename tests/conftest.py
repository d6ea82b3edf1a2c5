"""Shared fixtures: real SQLite files in temporary folders, and real PostgreSQL databases.

Building a catalogued database costs about a second, so one is built per test session and
copied (a plain file copy) for every test that needs one. A module marked `backends` runs its
engine fixtures on both SQLite and PostgreSQL ("Backends" below); on PostgreSQL each xdist worker
builds its templates once and puts one database back as it was before each test
(tests/support/postgres_reuse.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.services.context import SYSTEM
from atelier_tui.services.transfer.catalog_import import import_catalogs
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine
from tests.support.fixed_time import FIXED_NOW, command_line_clock_from
from tests.support.runner_account import register_test_runner


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's own atelier data, state or logs."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("ATELIER_DATABASE_URL", raising=False)
    # Nor the settings of the account or of the machine (/etc/atelier): a test writes its own.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("ATELIER_CONFIG", raising=False)
    monkeypatch.setenv("ATELIER_SYSTEM_CONFIG", str(home / "no-system-config.toml"))


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise() -> None:
    """The interface language is one per process: a French pilot test must not leave the next test
    of the same worker in French."""
    from atelier_tui.i18n import set_language

    set_language("en")


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
def empty_engine(new_database_url):  # type: ignore[no-untyped-def]
    """A new database without any schema, on the test's backend (SQLite: tmp_path/atelier.db)."""
    engine = make_engine(new_database_url("atelier"))
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


# --- Backends: a module marked `pytestmark = pytest.mark.backends` runs every test whose engine
# comes from the fixtures below twice, on SQLite and on PostgreSQL (test ids `sqlite`, `postgresql`).
# Everything else (CLI tests given a file, TUI, backup, e2e) stays on SQLite. A test of a `backends`
# module that depends on SQLite itself (PRAGMA, file locks) is marked `sqlite_only("why")`.

BACKENDS = ("sqlite", "postgresql")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "backends: run the test's database fixtures on SQLite and on PostgreSQL")
    config.addinivalue_line("markers", "sqlite_only(reason): in a `backends` module, a test about SQLite itself")
    config.addinivalue_line("markers", "postgresql_only(reason): a test about a PostgreSQL server setting")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules with a `slow` test (real processes: SSH servers, tmux, CUPS, whole command-line
    days) run first, each module's tests still together and in their order: on 3 workers a
    one-minute test started last would leave the others idle for that minute. Work stealing
    (`--dist worksteal`, pyproject.toml) then evens out the short tests at the end. Every worker
    collects the same order, as xdist requires."""
    slow_modules = {getattr(item, "module", None) for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: getattr(item, "module", None) not in slow_modules)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgresql_only"):
        metafunc.parametrize("backend", ("postgresql",), indirect=True)
    elif metafunc.definition.get_closest_marker("backends") and not metafunc.definition.get_closest_marker("sqlite_only"):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """"sqlite", or the backend a `backends` test runs on."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def catalogued_engine(request: pytest.FixtureRequest, backend: str):  # type: ignore[no-untyped-def]
    """A fresh database with the schema and the shipped catalogs, on the test's backend."""
    if backend == "postgresql":
        url = request.getfixturevalue("pg_catalogued_reused").reset()
    else:
        url = f"sqlite:///{request.getfixturevalue('catalogued_db')}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def other_catalogued_engine(request: pytest.FixtureRequest, backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second catalogued database beside `catalogued_engine`, on the same backend."""
    if backend == "postgresql":
        from tests.support.postgres_server import create_database, drop_database

        admin_url = request.getfixturevalue("postgres_admin_url")
        name = f"atelier_{_worker()}_{next(_pg_databases)}_other"
        url = create_database(admin_url, name, template=request.getfixturevalue("pg_catalogued_template"))
        request.addfinalizer(lambda: drop_database(admin_url, name))
    else:
        path = tmp_path / "other.db"
        shutil.copyfile(request.getfixturevalue("catalogued_template"), path)
        url = f"sqlite:///{path}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def new_database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`new_database_url("a")`: the URL of a new, empty database (no schema) on the test's backend."""
    if backend == "sqlite":
        yield lambda name: f"sqlite:///{tmp_path / name}.db"
        return
    from tests.support.postgres_server import create_database, drop_database

    admin_url = request.getfixturevalue("postgres_admin_url")
    made: list[str] = []

    def new(name: str) -> str:
        made.append(f"atelier_{_worker()}_{next(_pg_databases)}_{name}")
        return create_database(admin_url, made[-1])

    yield new
    for database in made:
        drop_database(admin_url, database)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def migrated_database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """`migrated_database_url("a")`: a new database at the head revision, without any row, on the
    test's backend. On PostgreSQL the first one of a test is the worker's reused database."""
    if backend == "postgresql":
        from tests.support.postgres_server import create_database, drop_database

        admin_url = request.getfixturevalue("postgres_admin_url")
        reused = request.getfixturevalue("pg_migrated_reused")
        made: list[str] = []

        def new_pg(name: str) -> str:
            if not made:
                made.append("")
                return reused.reset()
            made.append(f"atelier_{_worker()}_{next(_pg_databases)}_{name}")
            return create_database(admin_url, made[-1], template=request.getfixturevalue("pg_migrated_template"))

        yield new_pg
        for database in made[1:]:
            drop_database(admin_url, database)
        return

    def new_sqlite(name: str) -> str:
        shutil.copyfile(request.getfixturevalue("migrated_template"), tmp_path / f"{name}.db")
        return f"sqlite:///{tmp_path / name}.db"

    yield new_sqlite


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
    from atelier_tui.demo.generate import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    shutil.copyfile(catalogued_template, path)
    engine = make_engine(f"sqlite:///{path}")
    generate_demo(engine, size="small", now=FIXED_NOW)
    register_test_runner(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_db(tmp_path: Path, demo_template: Path) -> Iterator[Path]:
    """A copy of the demo made at FIXED_NOW, the command line's clock running from there."""
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_template, path)
    with command_line_clock_from(FIXED_NOW):
        yield path


@pytest.fixture
def demo_engine(request: pytest.FixtureRequest, backend: str):  # type: ignore[no-untyped-def]
    """The small demo workshop (as `demo_db`) on the test's backend."""
    if backend == "postgresql":
        url = request.getfixturevalue("pg_demo_url")
    else:
        url = f"sqlite:///{request.getfixturevalue('demo_db')}"
    engine = make_engine(url)
    yield engine
    engine.dispose()


# --- PostgreSQL: a real server (tests/support/postgres_server.py), one database per test made from a template.

def _worker() -> str:
    import os

    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:  # type: ignore[misc]
    from tests.support.missing_part import missing
    from tests.support.postgres_server import NoPostgres, running_server

    try:
        with running_server() as url:
            yield url
    except NoPostgres as exc:
        missing(f"no PostgreSQL server for the tests: {exc}")


@pytest.fixture(scope="session")
def pg_catalogued_template(postgres_admin_url: str, pg_migrated_template: str) -> str:
    """The name of a database holding the schema and the shipped catalogs, built once per worker."""
    from tests.support.postgres_server import create_database

    name = f"atelier_catalogued_{_worker()}"
    engine = make_engine(create_database(postgres_admin_url, name, template=pg_migrated_template))
    import_catalogs(engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    engine.dispose()
    return name


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_catalogued_url(postgres_admin_url: str, pg_catalogued_template: str):  # type: ignore[no-untyped-def]
    """A fresh catalogued PostgreSQL database for one test."""
    from tests.support.postgres_server import create_database, drop_database

    name = f"atelier_{_worker()}_{next(_pg_databases)}"
    yield create_database(postgres_admin_url, name, template=pg_catalogued_template)
    drop_database(postgres_admin_url, name)


@pytest.fixture(scope="session")
def pg_demo_template(postgres_admin_url: str, pg_catalogued_template: str) -> str:
    """The small demo workshop at FIXED_NOW (as `demo_template`), generated once per worker."""
    from atelier_tui.demo.generate import generate_demo
    from tests.support.postgres_server import create_database

    name = f"atelier_demo_{_worker()}"
    engine = make_engine(create_database(postgres_admin_url, name, template=pg_catalogued_template))
    generate_demo(engine, size="small", now=FIXED_NOW)
    register_test_runner(engine)
    engine.dispose()
    return name


@pytest.fixture
def pg_demo_url(postgres_admin_url: str, pg_demo_template: str):  # type: ignore[no-untyped-def]
    """A fresh PostgreSQL copy of the small demo workshop for one test."""
    from tests.support.postgres_server import create_database, drop_database

    name = f"atelier_{_worker()}_{next(_pg_databases)}"
    yield create_database(postgres_admin_url, name, template=pg_demo_template)
    drop_database(postgres_admin_url, name)


@pytest.fixture(scope="session")
def pg_catalogued_reused(postgres_admin_url: str, pg_catalogued_template: str):  # type: ignore[no-untyped-def]
    """The worker's catalogued database that `catalogued_engine` puts back before each test
    (tests/support/postgres_reuse.py): far cheaper than a database per test."""
    from tests.support.postgres_reuse import ReusableDatabase

    return ReusableDatabase.create(postgres_admin_url, f"atelier_catalogued_reused_{_worker()}", pg_catalogued_template)


@pytest.fixture(scope="session")
def pg_migrated_template(postgres_admin_url: str) -> str:
    """The name of a database at the head revision without any row, built once per worker."""
    from tests.support.postgres_server import create_database

    name = f"atelier_migrated_{_worker()}"
    engine = make_engine(create_database(postgres_admin_url, name))
    migrate.upgrade(engine)
    engine.dispose()
    return name


@pytest.fixture(scope="session")
def pg_migrated_reused(postgres_admin_url: str, pg_migrated_template: str):  # type: ignore[no-untyped-def]
    from tests.support.postgres_reuse import ReusableDatabase

    return ReusableDatabase.create(postgres_admin_url, f"atelier_migrated_reused_{_worker()}", pg_migrated_template)
