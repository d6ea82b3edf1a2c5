"""Slow links: over SSH (SSH_CONNECTION is set) the workstation asks the terminal for no mouse
events, draws at most SLOW_LINK_FPS frames a second and animates nothing, so that a change on the
screen costs few bytes and a keystroke's echo is not queued behind frames. The `slow_link` setting
(ATELIER_SLOW_LINK=0|1, or `slow_link = false|true` in a settings file) turns it off over SSH, or on
anywhere.

Textual reads its frame rate and animation level when it is first imported: `prepare` runs before."""

from __future__ import annotations

import os
from collections.abc import MutableMapping

SLOW_LINK_FPS = 15


def is_slow_link(environ: MutableMapping[str, str] = os.environ) -> bool:
    from atelier_tui.settings import load_settings

    chosen = load_settings(environ).slow_link
    if chosen is not None:
        return chosen
    return bool(environ.get("SSH_CONNECTION"))


def prepare(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Set Textual's frame rate and animations for a slow link (unless already set); True when slow."""
    if not is_slow_link(environ):
        return False
    environ.setdefault("TEXTUAL_FPS", str(SLOW_LINK_FPS))
    environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    return True
