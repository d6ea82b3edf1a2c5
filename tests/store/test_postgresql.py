"""What PostgreSQL could do differently from SQLite: a server whose time zone is not UTC, and
writers that must wait for each other as they do on SQLite. The service tests run on both backends (tests/conftest.py, `backends`);
these are about PostgreSQL itself, on a real server."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select, text

from atelier_tui.services.audit.trail import verify_chain
from atelier_tui.services.context import Actor
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import AuditEvent
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends

CLAIRE = Actor(login="cmartin", role="technician")


def with_database_setting(backend: str, engine, setting: str, value: str):  # type: ignore[no-untyped-def]
    """A new engine on the PostgreSQL database of `engine`, whose default `setting` is now `value`."""
    assert backend == "postgresql", f"{setting} is a PostgreSQL server setting: mark the test postgresql_only"
    with engine.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{engine.url.database}" SET {setting} TO \'{value}\''))
        connection.commit()
    engine.dispose()  # new connections take the database's setting
    return make_engine(engine.url.render_as_string(hide_password=False))


@pytest.fixture
def paris_workshop(backend: str, small_workshop):  # type: ignore[no-untyped-def]
    """The small workshop on a PostgreSQL database whose default time zone is Europe/Paris."""
    engine = with_database_setting(backend, small_workshop, "timezone", "Europe/Paris")
    yield engine
    engine.dispose()


@pytest.fixture
def serializable_workshop(backend: str, small_workshop):  # type: ignore[no-untyped-def]
    """The small workshop on a PostgreSQL database whose transactions are SERIALIZABLE by default."""
    engine = with_database_setting(backend, small_workshop, "default_transaction_isolation", "serializable")
    yield engine
    engine.dispose()


@pytest.mark.postgresql_only("the server's time zone")
def test_times_are_stored_in_utc_whatever_the_servers_time_zone(paris_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(paris_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    with read_session(paris_workshop) as session:
        at = session.execute(select(AuditEvent.at).where(AuditEvent.action == "check_out")).scalar_one()
    assert at == FIXED_NOW and at.utcoffset().total_seconds() == 0  # UTC, as on SQLite (timestamptz on PostgreSQL)
    assert verify_chain(paris_workshop) is None


def second_writer_sees_the_first(engine) -> None:  # type: ignore[no-untyped-def]
    first_in = threading.Event()
    seen: list[str] = []

    def first() -> None:
        with write_session(engine) as session:
            session.execute(select(AuditEvent.id).limit(1)).all()
            first_in.set()
            time.sleep(0.5)
            session.execute(text("UPDATE tool SET status = 'in_maintenance' WHERE asset_tag = 'AT-0003'"))

    thread = threading.Thread(target=first)
    thread.start()
    assert first_in.wait(10)
    started = time.monotonic()
    with write_session(engine) as session:
        seen.append(session.execute(text("SELECT status FROM tool WHERE asset_tag = 'AT-0003'")).scalar_one())
    waited = time.monotonic() - started
    thread.join()
    assert seen == ["in_maintenance"] and waited > 0.2


def test_a_writer_waits_for_the_one_before_it_as_on_sqlite(small_workshop) -> None:  # type: ignore[no-untyped-def]
    """A write transaction holds the write lock from its start: another writer waits, then reads
    what the first one committed (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock)."""
    second_writer_sees_the_first(small_workshop)


@pytest.mark.postgresql_only("the server's default isolation")
def test_writers_read_committed_whatever_the_servers_default_isolation(serializable_workshop) -> None:  # type: ignore[no-untyped-def]
    """A snapshot taken while waiting for the lock would miss what the writer before committed."""
    second_writer_sees_the_first(serializable_workshop)


def test_the_nearest_tools_of_a_capability_are_the_same_few_on_both(small_workshop) -> None:  # type: ignore[no-untyped-def]
    """Among tools checked out to other benches, those without a home location (a bench's own)
    come before the store's: SQLite sorts NULL first, PostgreSQL last unless told (inventory_source)."""
    from atelier_tui.services.readiness._inventory_source import _nearest_statement
    from atelier_tui.store.models import Bench, Location, Site, Tool, ToolType

    with write_session(small_workshop) as session:
        site = session.execute(select(Site.id)).scalar_one()
        cabinet = session.execute(select(Location.id).where(Location.code == "C1")).scalar_one()
        quartz = session.execute(select(Bench.id).where(Bench.code == "B-QUARTZ")).scalar_one()
        meca = session.execute(select(Bench.id).where(Bench.code == "B-MECA")).scalar_one()
        third = Bench(site_id=site, code="B-3", name="Third")
        session.add(third)
        session.flush()
        timegrapher = session.execute(select(ToolType.id).where(ToolType.key == "timegrapher")).scalar_one()
        session.add_all([Tool(asset_tag=f"ST-{n}", tool_type_id=timegrapher, site_id=site, home_location_id=cabinet,
                              bench_id=quartz, status="checked_out") for n in range(6)])
        session.add_all([Tool(asset_tag=f"BH-{n}", tool_type_id=timegrapher, site_id=site, home_bench_id=third.id,
                              bench_id=quartz, status="checked_out") for n in range(4)])
    with read_session(small_workshop) as session:
        tags = [row.asset_tag for row in session.execute(_nearest_statement(((timegrapher,),)), {"bench": meca})]
    # in service in the store first, then checked out elsewhere: a bench's own before the store's
    assert tags == ["AT-0001", "BH-0", "BH-1", "BH-2", "BH-3", "ST-0", "ST-1", "ST-2"]


def test_a_read_sees_one_snapshot_while_someone_writes(small_workshop) -> None:  # type: ignore[no-untyped-def]
    """A list's total and its page come from one snapshot (SQLite: a read transaction;
    PostgreSQL: REPEATABLE READ), whatever is committed in between."""
    count = text("SELECT count(*) FROM tool")
    with read_session(small_workshop) as session:
        before = session.execute(count).scalar_one()
        tools.put_out_of_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW, "AT-0003", "seal leaking")
        with write_session(small_workshop) as other:
            other.execute(text("DELETE FROM tool WHERE asset_tag = 'AT-0001'"))
        assert session.execute(count).scalar_one() == before
        assert session.execute(text("SELECT status FROM tool WHERE asset_tag = 'AT-0003'")).scalar_one() == "in_service"
    with read_session(small_workshop) as session:
        assert session.execute(count).scalar_one() == before - 1
