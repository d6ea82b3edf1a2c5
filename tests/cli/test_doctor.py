"""`atelier doctor`: says whether the workshop's roles are enforced by who can write the database
(the enforced set-up) or only advisory (the shared-file set-up)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atelier_tui.services.staff.identity import os_account

ATELIER = [sys.executable, "-m", "atelier_tui"]


def doctor(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ATELIER, "--db", str(database), "doctor", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ATELIER_LANG": "en"})


@pytest.fixture
def private_workshop(tmp_path: Path, catalogued_db: Path) -> Path:
    folder = tmp_path / "srv"
    folder.mkdir(mode=0o700)
    database = folder / "atelier.db"
    shutil.copyfile(catalogued_db, database)
    database.chmod(0o600)
    return database


def test_a_database_only_its_owner_can_write_has_its_roles_enforced(private_workshop: Path) -> None:
    result = doctor(private_workshop)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == f"roles are enforced: only {os_account()} can write the database"


def test_a_shared_file_is_reported_as_advisory_with_who_can_write_what(private_workshop: Path) -> None:
    private_workshop.chmod(0o666)
    private_workshop.parent.chmod(0o2770)
    result = doctor(private_workshop)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"! {private_workshop} (owner {os_account()}) can be written by every account on this machine" in lines
    group = subprocess.run(["id", "-gn"], capture_output=True, text=True, check=True).stdout.strip()
    assert f"! {private_workshop.parent} (owner {os_account()}) can be written by the group '{group}'" in lines
    assert lines[-1].startswith("roles are advisory here: whoever can write the database can change anything in it")
    report = json.loads(doctor(private_workshop, "--json").stdout)
    assert report["roles_enforced"] is False
    assert [entry["path"] for entry in report["writable_beyond_owner"]] == [str(private_workshop), str(private_workshop.parent)]


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = doctor(tmp_path / "nowhere.db")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"database: there is no database at {tmp_path / 'nowhere.db'}: run `atelier init` "
                                     "to create it, or give --db FILE for another one")
