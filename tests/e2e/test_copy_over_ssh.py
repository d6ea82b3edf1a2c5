"""Issue 18 item 9, over SSH: `y` in a workstation reached with the real OpenSSH client through
`atelier serve ssh` puts the highlighted tool's tag in the clipboard of the person's own terminal
(OSC 52 through the SSH session; the terminal here is tmux, which keeps it in a paste buffer), and
`Y` the whole row."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.builtin_ssh import ENDED, BuiltinServer, demo_with_a_key, ssh_then_say_ended
from tests.e2e.terminal import Terminal
from tests.support.polling import wait_until

pytestmark = pytest.mark.slow



def test_y_over_ssh_copies_the_tag_into_the_persons_own_terminal(tmp_path: Path, demo_template: Path) -> None:
    database, key = demo_with_a_key(tmp_path, demo_template, "tmoreau")
    server = BuiltinServer(database, tmp_path / "data")
    terminal = Terminal(ssh_then_say_ended(server, key, "tmoreau"), {"TERM": "xterm-256color"},
                        width=100, height=30, clipboard=True)
    try:
        terminal.wait_for("Thomas Moreau")
        assert terminal.copied() is None
        terminal.keys("3")
        terminal.wait_for("of 150")
        terminal.keys("/")
        terminal.keys("AT-00007", literal=True)
        terminal.wait_for("1–1 of 1")
        terminal.keys("Enter")  # back to the table, on the tool
        terminal.keys("y")
        terminal.wait_for("Copied: AT-00007")
        wait_until(lambda: terminal.copied() == "AT-00007", 15, lambda: f"the terminal's clipboard holds {terminal.copied()!r}")
        terminal.keys("Y")
        wait_until(lambda: (terminal.copied() or "").startswith("AT-00007\t"), 15,
                   lambda: f"the terminal's clipboard holds {terminal.copied()!r}")
        terminal.keys("q")
        terminal.wait_for(ENDED, timeout=15)
    finally:
        terminal.close()
        assert server.stop() == 0, server.log_text()
