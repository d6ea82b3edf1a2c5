"""A real terminal for end-to-end tests: tmux, driven with send-keys and read with capture-pane."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
import uuid

import pytest


def require_tmux() -> str:
    """The end-to-end tests need a real terminal: without tmux they fail, never skip."""
    tmux = shutil.which("tmux")
    if tmux is None:
        pytest.fail("tmux is missing: install it (apt-get install tmux); .ci/run installs it before the suite")
    return tmux

TOAST_EDGE = "▌"  # the left edge Textual draws on each line of a notice
# What the screen draws to the right of a notice: the frame of the list the notice lies over.
_BESIDE_THE_TOAST = re.compile(r"[\s▎▏▕│▁▔]+$")


def blankless(text: str) -> str:
    return re.sub(r"\s", "", text)


def notices_text(screen: str) -> str:
    """What the notices on the screen say, their lines joined and every blank taken out: a path
    a notice wraps over several lines reads whole again (compare it with `blankless(expected)`),
    and what the screen draws beside the notice (a list, its frame) is left out."""
    return "".join(blankless(_BESIDE_THE_TOAST.sub("", line.rpartition(TOAST_EDGE)[2]))
                   for line in screen.splitlines() if TOAST_EDGE in line)


class Terminal:
    def __init__(self, command: str, env: dict[str, str], width: int = 100, height: int = 30, *,
                 clipboard: bool = False) -> None:
        """`clipboard`: a tmux server of its own that keeps what the program copies (OSC 52) in a
        paste buffer (`copied()`); set-clipboard is a server option, not one of a session."""
        self.tmux = require_tmux()
        self.name = f"atelier-{uuid.uuid4().hex[:8]}"
        self.own_server = clipboard
        self.command = [self.tmux, "-L", self.name] if clipboard else [self.tmux]
        environment = " ".join(f"{key}={value!r}" for key, value in env.items())
        if clipboard:  # set before the program starts, so that nothing it sends is missed
            subprocess.run([*self.command, "start-server", ";", "set-option", "-s", "set-clipboard", "on", ";",
                            "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                            f"env {environment} {command}"], check=True)
            return
        subprocess.run(
            [*self.command, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), f"env {environment} {command}"],
            check=True,
        )

    def screen(self) -> str:
        result = subprocess.run([*self.command, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def copied(self) -> str | None:
        """What the program last copied to the terminal's clipboard (a `clipboard` terminal), or None."""
        result = subprocess.run([*self.command, "show-buffer"], capture_output=True, text=True)
        return result.stdout if result.returncode == 0 else None

    def wait_for(self, *texts: str, timeout: float = 30.0) -> str:
        """Poll the screen until every text is on it at once."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{texts} did not appear within {timeout} s; the screen was:\n{screen}")

    def keys(self, *keys: str, literal: bool = False) -> None:
        arguments = [*self.command, "send-keys", "-t", self.name]
        if literal:
            arguments.append("-l")
        subprocess.run([*arguments, *keys], check=True)
        time.sleep(0.15)  # a person's pace: the app must not take this for a barcode scan

    def close(self) -> None:
        subprocess.run([*self.command, "kill-server" if self.own_server else "kill-session", "-t", self.name], capture_output=True)
