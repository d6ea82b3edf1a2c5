"""`atelier config show [--json]`: each setting in force and where it comes from (the default, the
system file, the user file with its line, or an ATELIER_* variable), the two files' paths, and
where the log is written. The order of the sources is in atelier_tui/settings.py."""

from __future__ import annotations

import re
from typing import Any

import click

from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import N_, _

SOURCES = {"default": N_("default"), "system": N_("system file"), "user": N_("user file"),
           "environment": N_("environment")}


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def settings_in_force() -> dict[str, Any]:
    """What `config show --json` prints."""
    from atelier_tui._shipped import shipped_folder
    from atelier_tui.errors import LOG_BACKUPS, LOG_MAX_BYTES, log_path
    from atelier_tui.i18n import locale_language
    from atelier_tui.settings import documents_folder, load_settings
    from atelier_tui.slow_link import is_slow_link
    from atelier_tui.store.location import default_database_url

    settings = load_settings()
    values: dict[str, Any] = {
        "language": settings.language or locale_language(),
        "database_url": _hide_password(settings.database_url or default_database_url()),
        "catalogs": str(settings.catalogs or shipped_folder("catalogs")),
        "slow_link": settings.slow_link if settings.slow_link is not None else is_slow_link(),
        "log_file": str(log_path()),
        "label_printer": settings.label_printer,  # None: labels are saved as PDF in documents_folder
        "document_printer": settings.document_printer,
        "documents_folder": str(documents_folder(settings)),
        "refresh_seconds": settings.refresh_seconds,
    }
    shown: dict[str, Any] = {}
    for name, value in values.items():
        origin = settings.origin(name)
        shown[name] = {"value": value, "source": origin.source, "where": origin.where or None}
    keys = {binding: {"value": value, "source": settings.origin(f"keys.{binding}").source,
                      "where": settings.origin(f"keys.{binding}").where}
            for binding, value in sorted(settings.keys.items())}
    return {
        "settings": shown,
        "keys": keys,
        "files": {"system": {"path": str(settings.system_file), "exists": settings.system_file.is_file()},
                  "user": {"path": str(settings.user_file), "exists": bool(settings.user_file and settings.user_file.is_file())}},
        "log": {"path": str(log_path()), "max_bytes": LOG_MAX_BYTES, "backups": LOG_BACKUPS},
        "problems": list(settings.problems),
    }


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _from(entry: dict[str, Any]) -> str:
    source = _(SOURCES[entry["source"]])
    return f"{source} {entry['where']}" if entry["where"] else source


@click.group(cls=ValueGroup)
def config() -> None:
    """The settings in force and where each comes from."""


@config.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config_show(as_json: bool) -> None:
    """Print each setting in force, where it comes from, and the log file's path.

    Example: atelier config show --json"""
    shown = settings_in_force()
    if as_json:
        echo_json(shown)
        return
    rows = [(name, _value(entry["value"]), _from(entry)) for name, entry in shown["settings"].items()]
    rows += [(f"keys.{binding}", entry["value"], _from(entry)) for binding, entry in shown["keys"].items()]
    name_width = max(len(name) for name, _v, _f in rows)
    value_width = max(len(value) for _n, value, _f in rows)
    for name, value, source in rows:
        echo(f"{name:<{name_width}}  {value:<{value_width}}  {source}")
    echo("")
    for file, label in (("system", N_("system file")), ("user", N_("user file"))):
        entry = shown["files"][file]
        state = "" if entry["exists"] else " " + _("(none)")
        echo(f"{_(label)}: {entry['path']}{state}")
    log = shown["log"]
    echo(_("log: {path} (rotated past {size} kB, {count} older logs kept)").format(
        path=log["path"], size=log["max_bytes"] // 1000, count=log["backups"]))
