"""The data atelier ships beside its code: the reference catalogs and the database migrations.

They stay at the repository's top level (catalogs/, migrations/), where people edit them;
pyproject.toml maps them into this package (`atelier_tui._shipped.catalogs`, `.migrations`), so a
wheel carries them and every install, editable or not, finds them through importlib.resources."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_folder(name: str) -> Path:
    """The folder of the shipped `name` ("catalogs" or "migrations"), wherever atelier is installed."""
    # Installed as plain files (wheels are unpacked, never imported zipped), so this is a real folder:
    # alembic and the catalog reader want a path.
    return Path(str(files(f"{__name__}.{name}")))
