"""What the SSH server's fork server preloads for the sessions: the app, and the database driver
of the workshop it serves."""

from __future__ import annotations

import importlib

import pytest

from atelier_tui.remote.workstation_launcher import PRELOADED, database_driver_modules


@pytest.mark.parametrize(("url", "driver"), [
    ("sqlite:////srv/atelier/atelier.db", "sqlite3.dbapi2"),
    ("postgresql+psycopg://atelier:secret@db.example/atelier", "psycopg"),
])
def test_the_workshops_driver_is_preloaded_with_the_app(url: str, driver: str) -> None:
    modules = database_driver_modules(url)
    assert driver in modules
    for name in PRELOADED + modules:  # a name the fork server could not import would stop it
        importlib.import_module(name)


def test_no_database_named_preloads_no_driver() -> None:
    assert database_driver_modules("") == []
