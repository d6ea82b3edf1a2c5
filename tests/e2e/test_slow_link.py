"""Over SSH (SSH_CONNECTION set) the real `atelier`, on a real pseudo-terminal, asks for no mouse
events and a cursor move costs a couple of lines of output, not a screen."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

MOUSE_ON = b"\x1b[?1000h"
DOWN = b"\x1b[B"


def _drain(fd: int, quiet: float, limit: float) -> bytes:
    """Everything the program writes until it has been quiet for `quiet` seconds."""
    out, started, last = b"", time.monotonic(), time.monotonic()
    while time.monotonic() - started < limit:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            out, last = out + chunk, time.monotonic()
        elif out and time.monotonic() - last > quiet:
            break
    return out


def session(db: Path, tmp_path: Path, over_ssh: bool) -> tuple[bytes, bytes]:
    """The bytes of the first screen, and of one cursor move in the tools view."""
    atelier = str(Path(sys.executable).parent / "atelier")
    env = {key: value for key, value in os.environ.items() if key not in ("SSH_CONNECTION", "ATELIER_SLOW_LINK")}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", ATELIER_LANG="en", XDG_STATE_HOME=str(tmp_path / "state"))
    if over_ssh:
        env["SSH_CONNECTION"] = "192.0.2.10 50022 192.0.2.1 22"
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real command on the pseudo-terminal
        os.execve(atelier, [atelier, "--db", str(db), "--view", "tools"], env)
    try:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        first = _drain(fd, quiet=2.5, limit=60)
        os.write(fd, DOWN)
        moved = _drain(fd, quiet=1.0, limit=10)
        os.write(fd, b"q")
        _drain(fd, quiet=0.5, limit=10)
    finally:
        os.waitpid(pid, 0)
        os.close(fd)
    return first, moved


def test_over_ssh_no_mouse_and_a_cursor_move_is_a_few_lines(demo_db: Path, tmp_path: Path) -> None:
    first, moved = session(demo_db, tmp_path, over_ssh=True)
    assert b"1\xe2\x80\x93" in first and b"of 150" in first  # the tools view with its rows ("1–… of 150")
    assert MOUSE_ON not in first
    assert 0 < len(moved) < 2500, len(moved)  # two lines of 80 cells with their colours, not 24
    assert len(moved) * 10 < len(first)


def test_on_a_local_terminal_the_mouse_is_asked_for(demo_db: Path, tmp_path: Path) -> None:
    first, _moved = session(demo_db, tmp_path, over_ssh=False)
    assert MOUSE_ON in first
