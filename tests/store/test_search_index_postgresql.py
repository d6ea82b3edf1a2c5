"""The substring search on PostgreSQL: pg_trgm GIN indexes that the lists' ILIKE uses, and an
upgrade that tells an account which may not create the extension what its administrator must run.
On a real server (tests/support/postgres_server.py)."""

from __future__ import annotations

import itertools

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlmodel import select

from atelier_tui.services.tools.queries import list_tools
from atelier_tui.store import migrate
from atelier_tui.store.engine import make_engine, write_session
from atelier_tui.store.migrate import UpgradeRefused
from atelier_tui.store.models import Site, Tool, ToolType
from atelier_tui.store.schema import HEAD_REVISION, schema_state
from tests.support.fixed_time import FIXED_NOW
from tests.support.postgres_server import create_database, database_url, drop_database

_roles = itertools.count()


@pytest.mark.postgresql_only("pg_trgm is a PostgreSQL extension")
def test_the_filters_ilike_goes_through_the_trigram_indexes(backend: str, small_workshop: Engine) -> None:
    with write_session(small_workshop) as session:
        site_id = session.exec(select(Site.id)).one()
        type_id = session.exec(select(ToolType.id).where(ToolType.key == "screwdriver_100")).one()
        session.add_all([Tool(asset_tag=f"AT-{n:05d}", serial=f"SN-{n}", maker="Glashütte 50%", tool_type_id=type_id, site_id=site_id)
                         for n in range(10, 400)])
    page = list_tools(small_workshop, FIXED_NOW.date(), text="at-0012", limit=50)
    assert [row.asset_tag for row in page.rows] == [f"AT-{n:05d}" for n in range(120, 130)]
    assert list_tools(small_workshop, FIXED_NOW.date(), text="GLASHÜTTE 50%", limit=50, count_cap=None).total == 390
    with small_workshop.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))  # a few hundred rows: the planner would rather read them all
        plan = "\n".join(connection.execute(text(
            "EXPLAIN SELECT id FROM tool WHERE asset_tag ILIKE :pattern ESCAPE '\\' OR maker ILIKE :pattern ESCAPE '\\'"),
            {"pattern": "%at-0012%"}).scalars())
    assert "ix_tool_asset_tag_trgm" in plan and "ix_tool_maker_trgm" in plan, plan


@pytest.mark.postgresql_only("CREATE EXTENSION is PostgreSQL's")
def test_an_account_that_may_not_create_pg_trgm_is_told_what_to_ask_for(backend: str, postgres_admin_url: str) -> None:
    role = f"atelier_no_extension_{next(_roles)}"
    name = f"atelier_search_refused_{role}"
    create_database(postgres_admin_url, name)
    try:
        with psycopg.connect(database_url(postgres_admin_url, name), autocommit=True) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")
            admin.execute(f"CREATE ROLE {role} LOGIN")
            # Its own schema to build the workshop in, but no CREATE on the database: no extension.
            admin.execute(f"CREATE SCHEMA AUTHORIZATION {role}")
        url = database_url(postgres_admin_url, name).replace("postgres@", f"{role}@", 1)
        engine = make_engine(url)
        try:
            with pytest.raises(UpgradeRefused) as refused:
                migrate.upgrade(engine)
            message = str(refused.value)
            assert "CREATE EXTENSION pg_trgm;" in message and f"database {name}" in message and "atelier db upgrade" in message
            assert schema_state(engine).current is None  # nothing half-way: the whole upgrade is one transaction
            with psycopg.connect(database_url(postgres_admin_url, name), autocommit=True) as admin:
                admin.execute("CREATE EXTENSION pg_trgm")  # what the message asks of the administrator
            migrate.upgrade(engine)
            assert schema_state(engine).current == HEAD_REVISION
        finally:
            engine.dispose()
    finally:
        drop_database(postgres_admin_url, name)
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f"DROP ROLE IF EXISTS {role}")
