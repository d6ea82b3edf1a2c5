"""`atelier` opens the workstation at once when asked for nothing else, and hands every other
command line to the full CLI (which also says what is wrong with it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from atelier_tui.launch import workstation_options


def test_plain_workstation_options_are_read_without_the_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATELIER_DATABASE_URL", raising=False)
    assert workstation_options([]) == {"db": None, "view": "dashboard", "readonly": False, "no_mouse": False, "acting_for": None}
    assert workstation_options(["--db", "/srv/w.db", "--view=tools", "--readonly", "--no-mouse", "--as", "tmoreau"]) == {
        "db": "/srv/w.db", "view": "tools", "readonly": True, "no_mouse": True, "acting_for": "tmoreau"}
    monkeypatch.setenv("ATELIER_DATABASE_URL", "/srv/env.db")
    assert workstation_options(["--view", "orders"])["db"] == "/srv/env.db"  # type: ignore[index]


@pytest.mark.parametrize("arguments", [["init"], ["--help"], ["--version"], ["--view", "nowhere"], ["--db"], ["--colour"],
                                       ["--db", "x.db", "order", "list"]])
def test_anything_else_goes_to_the_full_command_line(arguments: list[str]) -> None:
    assert workstation_options(arguments) is None


def test_a_bad_view_is_refused_by_the_command_line_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "atelier_tui", "--db", str(tmp_path / "w.db"), "--view", "nowhere"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "nowhere" in result.stderr and "Traceback" not in result.stderr


def test_without_a_terminal_the_workstation_refuses_in_one_line_instead_of_running_unseen(tmp_path: Path) -> None:
    for arguments in ([], ["demo"]):
        result = subprocess.run([sys.executable, "-m", "atelier_tui", "--db", str(tmp_path / "w.db"), *arguments],
                                capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert result.returncode == 2
        assert result.stderr.strip().endswith("atelier needs a terminal: connect with `ssh -t`, or use a subcommand (atelier --help)")


def test_a_slow_link_is_ssh_unless_overridden_and_slows_textual_before_it_loads() -> None:
    from atelier_tui.slow_link import SLOW_LINK_FPS, is_slow_link, prepare

    over_ssh = {"SSH_CONNECTION": "192.0.2.10 50022 192.0.2.1 22"}
    assert is_slow_link(over_ssh) and not is_slow_link({})
    assert not is_slow_link({**over_ssh, "ATELIER_SLOW_LINK": "0"}) and is_slow_link({"ATELIER_SLOW_LINK": "1"})
    environ = dict(over_ssh)
    assert prepare(environ)
    assert environ["TEXTUAL_FPS"] == str(SLOW_LINK_FPS) and environ["TEXTUAL_ANIMATIONS"] == "none"
    chosen = {**over_ssh, "TEXTUAL_FPS": "30"}
    prepare(chosen)
    assert chosen["TEXTUAL_FPS"] == "30"  # what the person set stays
