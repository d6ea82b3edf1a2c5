"""A command that only uses a database never creates one: run without --db on an account where
`atelier init` was never run, it names the file it looked for and what to do, exits 2, and leaves
no file and no folder behind. `init` still creates the database where the default says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ATELIER = [sys.executable, "-m", "atelier_tui"]


def fresh_account(tmp_path: Path) -> dict[str, str]:
    """The environment of an account with no atelier data and no settings (real folders)."""
    home = tmp_path / "home"
    home.mkdir()
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ATELIER_")}
    return {**environment, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
            "ATELIER_SYSTEM_CONFIG": str(home / "no-system-config.toml"), "ATELIER_LANG": "en"}


def run(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ATELIER, *args], capture_output=True, text=True, env=environment, timeout=120)


@pytest.mark.parametrize("command", [
    ("print", "due", "--pdf", "due.pdf"),
    ("print", "sheet", "OR-2026-0001", "--pdf", "sheet.pdf"),
    ("order", "list"),
    ("maintenance", "due"),
    ("audit", "list"),
    ("db", "current"),
    ("doctor",),
])
def test_a_command_that_reads_refuses_without_creating_the_default_database(tmp_path: Path, command: tuple[str, ...]) -> None:
    environment = fresh_account(tmp_path)
    default = tmp_path / "home" / "data" / "atelier" / "atelier.db"
    result = run(environment, *command)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"database: there is no database at {default}: run `atelier init` to create it, "
                                      "or give --db FILE for another one")
    assert not default.exists()
    assert not (tmp_path / "home" / "data").exists()  # not even the folder it would be in
    assert not list(tmp_path.glob("*.pdf"))


def test_a_missing_file_named_by_db_is_refused_and_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "elsewhere" / "workshop.db"
    result = run(fresh_account(tmp_path), "--db", str(missing), "order", "list")
    assert result.returncode == 2
    assert f"there is no database at {missing}: run `atelier init`" in result.stderr
    assert not missing.parent.exists()


def test_init_still_creates_the_default_database(tmp_path: Path) -> None:
    environment = fresh_account(tmp_path)
    assert run(environment, "init").returncode == 0
    assert (tmp_path / "home" / "data" / "atelier" / "atelier.db").is_file()
    listed = run(environment, "db", "current")
    assert listed.returncode == 0 and "(head)" in listed.stdout
