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


def test_the_nearest_tools_in_the_store_are_the_same_few_on_both(small_workshop) -> None:  # type: ignore[no-untyped-def]
    """The store's tools come by location code then asset tag compared character by character, as
    the readiness check's matching sorts them (PostgreSQL's locale would put "C1-D1" after "C10"),
    tools on a bench or without a location left out (readiness._tool_candidates)."""
    from atelier_tui.services.readiness._tool_candidates import store_statement
    from atelier_tui.store.models import Bench, Location, Site, Tool, ToolType

    with write_session(small_workshop) as session:
        site = session.execute(select(Site.id)).scalar_one()
        quartz = session.execute(select(Bench.id).where(Bench.code == "B-QUARTZ")).scalar_one()
        places = {code: Location(site_id=site, code=code, name=code) for code in ("C10", "C1-D1", "c2", "B_1")}
        session.add_all(places.values())
        session.flush()
        timegrapher = session.execute(select(ToolType.id).where(ToolType.key == "timegrapher")).scalar_one()
        session.add_all([Tool(asset_tag=tag, tool_type_id=timegrapher, site_id=site, home_location_id=places[code].id)
                         for code, tag in (("C10", "T-b"), ("C10", "T-A"), ("C1-D1", "T-c"), ("c2", "T-a"), ("B_1", "T-z"))])
        session.add(Tool(asset_tag="T-0", tool_type_id=timegrapher, site_id=site, home_location_id=places["B_1"].id,
                         bench_id=quartz, status="checked_out"))
        session.add(Tool(asset_tag="T-1", tool_type_id=timegrapher, site_id=site))
    with read_session(small_workshop) as session:
        dialect = session.get_bind().dialect.name
        rows = session.execute(store_statement((timegrapher,), dialect), {"per_type": 5}).all()
    assert [(row.place_code, row.asset_tag) for row in rows] == [
        ("B_1", "T-z"), ("C1", "AT-0001"), ("C1-D1", "T-c"), ("C10", "T-A"), ("C10", "T-b")]


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
