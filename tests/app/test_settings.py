"""One settings object: the system file, then the user file, then ATELIER_* variables; each problem
one `file:line: …` line on stderr while everything else applies; `atelier config show` says what is
in force and where from; the log rotates."""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

ATELIER = str(Path(sys.executable).parent / "atelier")


def atelier(*arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ATELIER, *arguments], env={**os.environ, **environment}, capture_output=True, text=True,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_the_user_file_wins_over_the_system_file_and_a_variable_over_both(tmp_path: Path) -> None:
    system = tmp_path / "system.toml"
    system.write_text('# the workshop server, for every account\nlanguage = "fr"\n'
                      'database_url = "postgresql://atelier:s3cret@dbhost/atelier"\nlog_file = "logs/atelier.log"\n',
                      encoding="utf-8")
    user = tmp_path / "user.toml"
    user.write_text('\ndatabase_url = "/srv/mine.db"\n[keys]\n"tool.check_out" = "O"\n', encoding="utf-8")
    files = {"ATELIER_SYSTEM_CONFIG": str(system), "ATELIER_CONFIG": str(user)}

    shown = json.loads(atelier("config", "show", "--json", **files).stdout)
    settings = shown["settings"]
    assert settings["language"] == {"value": "fr", "source": "system", "where": f"{system}:2"}
    assert settings["database_url"] == {"value": "/srv/mine.db", "source": "user", "where": f"{user}:2"}
    assert settings["log_file"] == {"value": str(tmp_path / "logs" / "atelier.log"), "source": "system", "where": f"{system}:4"}
    assert settings["slow_link"]["source"] == "default"
    assert shown["keys"] == {"tool.check_out": {"value": "O", "source": "user", "where": f"{user}:4"}}
    assert shown["log"]["path"] == str(tmp_path / "logs" / "atelier.log")

    overridden = json.loads(atelier("config", "show", "--json", ATELIER_DATABASE_URL=str(tmp_path / "env.db"),
                                    ATELIER_LANG="en", **files).stdout)["settings"]
    assert overridden["database_url"] == {"value": str(tmp_path / "env.db"), "source": "environment", "where": "ATELIER_DATABASE_URL"}
    assert overridden["language"]["source"] == "environment"

    user.unlink()
    from_system = json.loads(atelier("config", "show", "--json", **files).stdout)["settings"]["database_url"]
    assert from_system == {"value": "postgresql://atelier:***@dbhost/atelier", "source": "system", "where": f"{system}:3"}


def test_config_show_lists_each_setting_its_origin_and_the_log(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text('slow_link = true\n', encoding="utf-8")
    result = atelier("config", "show", ATELIER_CONFIG=str(user), ATELIER_CATALOGS=str(tmp_path))
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert any(line.split() == ["slow_link", "true", "user", "file", f"{user}:1"] for line in lines)
    assert any(line.split() == ["catalogs", str(tmp_path), "environment", "ATELIER_CATALOGS"] for line in lines)
    log = Path(os.environ["XDG_STATE_HOME"]) / "atelier" / "atelier.log"
    assert f"log: {log} (rotated past 1000 kB, 3 older logs kept)" in lines
    assert f"user file: {user}" in lines


def test_a_system_file_names_the_workshop_database_for_every_command(tmp_path: Path, demo_db: Path) -> None:
    system = tmp_path / "config.toml"
    system.write_text(f'database_url = "{demo_db}"\n', encoding="utf-8")
    result = atelier("db", "current", ATELIER_SYSTEM_CONFIG=str(system))
    assert result.returncode == 0, result.stderr
    assert "(head)" in result.stdout


def test_each_problem_is_one_line_naming_its_file_and_line_and_the_rest_applies(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text(
        'language = "fr"\n'
        'slow_link = "yes"\n'
        'colour = "blue"\n'
        '\n'
        '[keys]\n'
        '"tool.check_out" = "O"\n'
        '"tool.chek_in" = "I"\n'
        '"nothing.here" = "x"\n'
        '"view.tools" = 3\n', encoding="utf-8")
    result = atelier("config", "show", "--json", ATELIER_CONFIG=str(user), LANG="en_US.UTF-8")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{user}:2: slow_link doit valoir true ou false, pas \"yes\"",
        f"{user}:3: réglage inconnu 'colour' : les réglages sont language, database_url, catalogs, slow_link, log_file, "
        "label_printer, document_printer, documents_folder, refresh_seconds, theme, keys",
        f"{user}:7: [keys] identifiant de raccourci inconnu 'tool.chek_in' (vouliez-vous dire 'tool.check_in' ?)",
        f"{user}:8: [keys] identifiant de raccourci inconnu 'nothing.here' : l'écran d'aide (?) donne l'identifiant de chaque touche",
        f"{user}:9: [keys] « view.tools » doit être du texte, les touches (comme \"O\" ou \"3,f3\"), pas 3",
    ]  # in the language the same file chose
    shown = json.loads(result.stdout)
    assert shown["settings"]["language"]["value"] == "fr"
    assert shown["keys"] == {"tool.check_out": {"value": "O", "source": "user", "where": f"{user}:6"}}
    assert len(shown["problems"]) == 5


def test_a_file_that_is_not_toml_and_a_bad_variable_are_one_line_each(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text('\nlanguage = \n', encoding="utf-8")
    result = atelier("config", "show", ATELIER_CONFIG=str(user), ATELIER_SLOW_LINK="yes", ATELIER_LANG="")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"{user}:2: not a valid TOML file: Invalid value",
        'environment: ATELIER_SLOW_LINK: "yes" is not 0 or 1',
    ]


def test_the_refresh_interval_is_a_number_of_seconds_within_bounds(tmp_path: Path) -> None:
    user = tmp_path / "config.toml"
    user.write_text("refresh_seconds = 2.5\n", encoding="utf-8")
    shown = json.loads(atelier("config", "show", "--json", ATELIER_CONFIG=str(user)).stdout)["settings"]
    assert shown["refresh_seconds"] == {"value": 2.5, "source": "user", "where": f"{user}:1"}
    assert json.loads(atelier("config", "show", "--json").stdout)["settings"]["refresh_seconds"]["value"] == 5.0
    user.write_text("refresh_seconds = 0\n", encoding="utf-8")
    result = atelier("config", "show", "--json", ATELIER_CONFIG=str(user), ATELIER_REFRESH_SECONDS="often", LANG="en_US.UTF-8")
    assert result.stderr.splitlines() == [
        f"{user}:1: refresh_seconds: 0 is not between 0.1 and 3600 seconds",
        'environment: ATELIER_REFRESH_SECONDS must be a number of seconds, not "often"',
    ]
    assert json.loads(result.stdout)["settings"]["refresh_seconds"]["value"] == 5.0  # the rest applies


def test_the_slow_link_setting_applies_without_ssh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from atelier_tui.slow_link import is_slow_link

    user = tmp_path / "config.toml"
    user.write_text("slow_link = true\n", encoding="utf-8")
    assert not is_slow_link({})
    assert is_slow_link({"ATELIER_CONFIG": str(user)})
    assert not is_slow_link({"ATELIER_CONFIG": str(user), "ATELIER_SLOW_LINK": "0"})
    user.write_text("slow_link = false\n", encoding="utf-8")  # a changed file is read again
    assert not is_slow_link({"ATELIER_CONFIG": str(user), "SSH_CONNECTION": "192.0.2.10 50022 192.0.2.1 22"})


def test_the_binding_ids_the_settings_know_are_the_ones_the_workstation_defines() -> None:
    from textual.binding import Binding

    import atelier_tui.tui
    from atelier_tui.tui.binding_ids import BINDING_IDS

    defined: set[str] = set()
    for module in pkgutil.walk_packages(atelier_tui.tui.__path__, "atelier_tui.tui."):
        for value in vars(importlib.import_module(module.name)).values():
            for binding in getattr(value, "BINDINGS", []) if isinstance(value, type) else []:
                if isinstance(binding, Binding) and binding.id:
                    defined.add(binding.id)
    assert defined == BINDING_IDS


def test_a_log_past_its_size_rolls_over_and_keeps_a_bounded_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from atelier_tui import errors

    log = tmp_path / "logs" / "atelier.log"
    monkeypatch.setenv("ATELIER_LOG_FILE", str(log))
    log.parent.mkdir()
    log.write_text("x" * (errors.LOG_MAX_BYTES - 10) + "\n", encoding="utf-8")
    errors.log_line("first screen in 80 ms")
    assert (log.parent / "atelier.log.1").stat().st_size == errors.LOG_MAX_BYTES - 9
    assert log.read_text(encoding="utf-8").endswith(" first screen in 80 ms\n")
    assert log.stat().st_size < 100

    for number in range(errors.LOG_BACKUPS + 3):
        try:
            raise RuntimeError(f"disk on fire {number} " + "y" * errors.LOG_MAX_BYTES)
        except RuntimeError as error:
            assert errors.log_unexpected(error) == log
    assert sorted(path.name for path in log.parent.iterdir()) == ["atelier.log", *(f"atelier.log.{n}" for n in range(1, errors.LOG_BACKUPS + 1))]
    assert f"disk on fire {errors.LOG_BACKUPS + 2} " in log.read_text(encoding="utf-8")
