"""The `atelier` command as a script or an admin uses it: real processes, real files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ATELIER = [sys.executable, "-m", "atelier_tui"]


def run(*args: str, env_extra: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([*ATELIER, *args], capture_output=True, text=True, env=env, timeout=120)


def test_db_current_on_an_empty_database_says_what_to_do(tmp_path: Path) -> None:
    (tmp_path / "new.db").touch()  # there but empty (a missing file is refused: test_cli_no_database_created.py)
    result = run("--db", str(tmp_path / "new.db"), "db", "current")
    assert result.returncode == 1
    assert "run `atelier init`" in result.stdout


def test_db_upgrade_then_current(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    upgraded = run("--db", db, "db", "upgrade")
    assert upgraded.returncode == 0
    # How the lists' filters will find text (this SQLite has FTS5's trigram tokenizer).
    assert "substring search: trigram index (SQLite " in upgraded.stdout
    result = run("--db", db, "db", "current")
    assert result.returncode == 0
    assert "(head)" in result.stdout
    assert "substring search: trigram index" in result.stdout
    french = run("--db", db, "db", "current", env_extra={"ATELIER_LANG": "fr"})
    assert "recherche dans le texte\u202f: index de trigrammes" in french.stdout


def test_database_chosen_by_environment_variable(tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = run("db", "upgrade", env_extra={"ATELIER_DATABASE_URL": f"sqlite:///{db}"})
    assert result.returncode == 0
    assert db.exists()


def test_init_loads_the_shipped_catalogs(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "a.db"), "init")
    assert result.returncode == 0, result.stderr
    assert "catalog tool_type: 80 created" in result.stdout or "catalog tool_type:" in result.stdout


def test_catalog_validate_shipped_is_ok() -> None:
    result = run("catalog", "validate", "catalogs")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_catalog_import_refuses_a_bad_file_with_file_line_and_exit_2(catalogued_db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[capability]]\nkey = "ok_cap"\nname_en = "A"\nname_fr = "B"\n\n[[capability]\nkey = "x"\n', encoding="utf-8")
    result = run("--db", str(catalogued_db), "catalog", "import", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"{bad}:6: TOML syntax error")
    assert "Traceback" not in result.stderr


def test_catalog_validate_workshop_file_may_refer_to_shipped_keys(tmp_path: Path) -> None:
    extra = tmp_path / "ours.toml"
    extra.write_text(
        '[[tool_type]]\nkey = "our_loupe"\nname_en = "Our loupe"\nname_fr = "Notre loupe"\n'
        'category = "hand_tool"\ncapabilities = ["magnification"]\n',
        encoding="utf-8",
    )
    result = run("catalog", "validate", str(extra))
    assert result.returncode == 0, result.stderr


def test_an_unreachable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run("--db", str(blocker / "sub" / "x.db"), "db", "current")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_script_is_installed_beside_python() -> None:
    script = Path(sys.executable).parent / "atelier"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "0.1.0" in result.stdout


def test_demo_workshop_exports_and_imports_back_identically(tmp_path: Path) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    assert run("--db", str(first), "init", "--demo").returncode == 0
    exported = tmp_path / "workshop.toml"
    # `init --demo` makes this account the demo's gateway: it acts for a demo person, here its admin.
    result = run("--db", str(first), "--as", "nroux", "export", str(exported))
    assert result.returncode == 0, result.stderr
    assert run("--db", str(second), "init").returncode == 0  # no staff yet: this account administers it
    result = run("--db", str(second), "import", str(exported))
    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    again = tmp_path / "again.toml"
    assert run("--db", str(second), "--as", "nroux", "export", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_csv_dry_run_reports_every_row_and_writes_nothing(catalogued_db: Path, tmp_path: Path) -> None:
    workshop = tmp_path / "workshop.toml"
    workshop.write_text('[[site]]\ncode = "PARIS"\nname = "Paris"\n\n[[location]]\ncode = "C1"\nsite = "PARIS"\nname = "Cabinet 1"\n', encoding="utf-8")
    assert run("--db", str(catalogued_db), "import", str(workshop)).returncode == 0
    sheet = tmp_path / "tools.csv"
    sheet.write_text("asset_tag,tool_type,serial,maker,home\nAT-1,timegrapher,S1,Witschi,C1\nAT-2,warp_drive,S2,X,C1\n", encoding="utf-8")
    result = run("--db", str(catalogued_db), "import-csv", "tools", str(sheet), "--dry-run")
    assert result.returncode == 2
    assert f"{sheet}:2: create AT-1" in result.stdout
    assert f"{sheet}:3: tool_type 'warp_drive' is not in the catalog" in result.stderr
    assert "nothing written" in result.stderr
    sheet.write_text("asset_tag,tool_type,serial,maker,home\nAT-1,timegrapher,S1,Witschi,C1\n", encoding="utf-8")
    result = run("--db", str(catalogued_db), "import-csv", "tools", str(sheet))
    assert result.returncode == 0, result.stderr
    assert "1 create" in result.stdout
    exported = tmp_path / "out.toml"
    run("--db", str(catalogued_db), "export", str(exported))
    assert 'asset_tag = "AT-1"' in exported.read_text(encoding="utf-8")


def test_a_database_atelier_does_not_speak_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("--db", "mysql://root@localhost/atelier", "whoami")
    assert result.returncode == 2
    assert result.stderr == "--db: 'mysql' databases are not supported: give a SQLite file or a postgresql:// URL\n"


def test_a_file_that_cannot_be_written_is_one_line_naming_it(demo_db: Path) -> None:
    refused = run("--db", str(demo_db), "export", "/proc/version")
    assert refused.returncode == 2
    assert refused.stderr.startswith("FILE: cannot write /proc/version: ") and len(refused.stderr.splitlines()) == 1
    nowhere = run("--db", str(demo_db), "export", "/proc/no-such-folder/workshop.toml")
    assert nowhere.returncode == 2
    assert nowhere.stderr == "FILE: the folder /proc/no-such-folder does not exist\n"
    unnamed = run("--db", str(demo_db), "export", "")
    assert unnamed.returncode == 2
    assert unnamed.stderr == "FILE: give the name of the file to write, e.g. workshop.toml\n"


@pytest.mark.parametrize("args, named", [
    (("maintenance", "due", "--within", "99999999999"), "'--within'"),
    (("maintenance", "correct-usage", "AT-00001", "9223372036854775808", "--reason", "counter board"), "'COUNT'"),
    (("maintenance", "review", "99999999999999999999"), "'ID'"),
    (("sheet", "tick", "OR-2026-0011", "99999999999999999999"), "'STEP'"),
    (("db", "copy", "--to", "mysql://root@localhost/atelier"), "--to: 'mysql' databases are not supported"),
])
def test_numbers_and_urls_past_what_the_database_takes_are_bad_input(demo_db: Path, args: tuple[str, ...], named: str) -> None:
    result = run("--db", str(demo_db), *args)
    assert result.returncode == 2, result.stderr
    assert named in result.stderr and "unexpected error" not in result.stderr, result.stderr


def test_a_usage_counter_beyond_any_tool_life_is_refused_naming_the_field(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "maintenance", "correct-usage", "AT-00001", "99999999", "--reason", "counter board")
    assert result.returncode == 2
    assert result.stderr == "COUNT: 99999999 uses is not a plausible counter (at most 10000000)\n"


def test_an_audit_list_limit_past_what_the_database_takes_is_one_line(demo_db: Path) -> None:
    result = run("--db", str(demo_db), "audit", "list", "--limit", "99999999999999999999")
    assert result.returncode == 2
    assert result.stderr == "--limit: must be 1 to 1000000, not 99999999999999999999\n"
