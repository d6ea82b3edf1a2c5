"""`atelier --db FILE` on a SQLite file that is not there, in a real terminal: one line saying to
run `atelier init` (as the commands say it), exit 2, and no file made; not a workstation whose
every view fails to read."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("language", "said"), [("en", "there is no database at"), ("fr", "il n'y a pas de base")])
def test_the_workstation_refuses_a_database_that_is_not_there(tmp_path: Path, language: str, said: str) -> None:
    missing = tmp_path / "nowhere" / "workshop.db"
    atelier = Path(sys.executable).parent / "atelier"
    env = {"TERM": "xterm-256color", "XDG_STATE_HOME": str(tmp_path / "state"), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "ATELIER_LANG": language}
    terminal = Terminal(f"{atelier} --db {missing}; echo ENDED-$?; sleep 60", env, width=250, height=24)
    try:
        screen = terminal.wait_for(said, str(missing), "ENDED-2")
    finally:
        terminal.close()
    assert "Something went wrong" not in screen
    assert not missing.exists() and not missing.parent.exists()
