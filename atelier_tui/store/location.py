"""Where the database is: `--db`, then the `database_url` setting (ATELIER_DATABASE_URL, then the
user's settings file, then the system's: atelier_tui/settings.py), then the SQLite file in the user
data folder. Kept free of SQLAlchemy so that the TUI can start before the database layer loads."""

from __future__ import annotations

from pathlib import Path

DATABASE_URL_VARIABLE = "ATELIER_DATABASE_URL"


def data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("atelier", appauthor=False))


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'atelier.db'}"


def resolve_database_url(explicit: str | None = None) -> str:
    """A plain path is taken as a SQLite file."""
    from atelier_tui.settings import load_settings

    url = explicit or load_settings().database_url or default_database_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    return url


SUPPORTED_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg")


def unsupported_reason(url: str) -> str | None:
    """Why atelier cannot open `url` ("scheme" for a database it does not speak, "driver" for
    PostgreSQL without psycopg installed), or None. Checked before SQLAlchemy looks for a driver,
    whose ImportError would otherwise be the user's only answer."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else "sqlite"
    if scheme not in SUPPORTED_SCHEMES:
        return "scheme"
    if scheme.startswith("postgresql"):
        from importlib.util import find_spec

        if find_spec("psycopg") is None:
            return "driver"
    return None
