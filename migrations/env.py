"""alembic environment: the models' metadata, batch mode for SQLite table rewrites."""

from alembic import context
from sqlmodel import SQLModel

import atelier_tui.store.models  # noqa: F401  (fills SQLModel.metadata)
from atelier_tui.store.engine import make_engine
from atelier_tui.store.search_index import is_search_index

config = context.config
target_metadata = SQLModel.metadata


def include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    # The substring search's FTS5 tables (and SQLite's shadow tables behind them) and pg_trgm
    # indexes are made by migration 0012, not by a model: comparing with the models must not
    # report them.
    return not (name is not None and is_search_index(type_, name))


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True, include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
