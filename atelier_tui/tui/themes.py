"""The workstation's theme (issue 18 item 8): Textual's themes, offered in the palette ("Change
theme"; a light one for a bright bench), the choice written to the person's settings file (the
`theme` setting, atelier_tui/settings.py) and put back at the next start."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

from atelier_tui.i18n import _

_TABLE_HEADER = re.compile(r"^\s*\[")


def setting_line(name: str, value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{name} = "{escaped}"\n'


def with_setting(text: str, name: str, value: str) -> str:
    """The settings file's text with `name = "value"` at the top level: the line of the setting
    replaced where it is written, else added before the first table (a key written after a table
    header would belong to that table). Every other line, comments included, stays as it is."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    key = re.compile(rf"^\s*{re.escape(name)}\s*=")
    first_table = next((index for index, line in enumerate(lines) if _TABLE_HEADER.match(line)), len(lines))
    for index, line in enumerate(lines[:first_table]):
        if key.match(line):
            lines[index] = setting_line(name, value)
            return "".join(lines)
    lines.insert(first_table, setting_line(name, value))
    return "".join(lines)


def remember_setting(path: Path, name: str, value: str) -> None:
    """Written whole (a settings file cut half-way would lose every setting); OSError if it cannot be."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(with_setting(text, name, value))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class ThemeChoice:
    """Mixed into the app: `restore_theme()` at mount puts back the setting and from then on keeps
    every change the person makes."""

    def restore_theme(self, chosen: str | None) -> None:
        app: Any = self
        if chosen:
            if chosen in app.available_themes:
                app.theme = chosen
            else:
                app.notify(_("theme: '{name}' is not a theme (the palette, ctrl+p, lists them: Change theme)").format(
                    name=chosen), title=_("Settings"), severity="warning", timeout=10)
        # Subscribed after the theme is put back: only the person's own choices are written.
        app.theme_changed_signal.subscribe(app, self._theme_changed)

    def _theme_changed(self, theme: Any) -> None:
        from atelier_tui.settings import config_path, load_settings

        app: Any = self
        if load_settings().theme == theme.name:
            return
        path = config_path()
        try:
            remember_setting(path, "theme", theme.name)
        except OSError as failed:
            app.notify(_("{path}: the theme cannot be kept for the next start ({reason})").format(
                path=path, reason=failed.strerror or failed), severity="warning", timeout=10)

    def search_themes(self) -> None:
        """Textual's theme list, with a placeholder in the interface's language."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        app: Any = self
        app.push_screen(CommandPalette(providers=[ThemeProvider], placeholder=_("Find a theme…")))
