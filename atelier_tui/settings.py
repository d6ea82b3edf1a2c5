"""The settings in force, read in one place, each source over the one before:

1. the defaults;
2. the system file, /etc/atelier/config.toml (or the file named by ATELIER_SYSTEM_CONFIG): what a
   shared install sets for every account, such as the database URL of the workshop server;
3. the user file, ~/.config/atelier/config.toml on Linux (or the file named by ATELIER_CONFIG);
4. the ATELIER_* variables.

    language = "fr"                         # en | fr (default: the locale)   ATELIER_LANG
    database_url = "postgresql://atelier@dbhost/atelier"  # (default: the SQLite file in the user
                                            # data folder)                      ATELIER_DATABASE_URL
    catalogs = "/srv/atelier/catalogs"      # (default: the shipped ones)       ATELIER_CATALOGS
    slow_link = true                        # (default: over SSH)               ATELIER_SLOW_LINK=1|0
    log_file = "~/atelier.log"              # (default: the user state folder)  ATELIER_LOG_FILE
    label_printer = "Brother_QL"            # CUPS queue for labels (default: none:
                                            # saved as PDF)                    ATELIER_LABEL_PRINTER
    document_printer = "Office"             # CUPS queue for documents          ATELIER_DOCUMENT_PRINTER
    documents_folder = "~/atelier-pdf"      # where the workstation saves each PDF it prints
                                            # (default: the user's documents folder/atelier)  ATELIER_DOCUMENTS
    refresh_seconds = 5                     # how often an open screen looks for others' changes
                                            # (default: 5; from 0.1 to 3600)    ATELIER_REFRESH_SECONDS
    theme = "textual-light"                 # a Textual theme, chosen in the palette (ctrl+p,
                                            # "Change theme"), which writes it here  ATELIER_THEME
    [keys]                                  # binding id = keys; the help screen (?) lists the ids
    "tool.check_out" = "O"
    "view.tools" = "3,f3"

A relative path in a file is taken from that file's folder. A problem (a file that cannot be read,
an unknown key, a wrong type, an unknown binding id) is one line `file:line: message` and leaves
that one setting as the sources before gave it: the app still starts.

Only the standard library (and platformdirs, which finds the user folders) is imported: the
settings are read before the workstation's first frame."""

from __future__ import annotations

import os
import re
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

from atelier_tui.i18n import LANGUAGES, N_

SYSTEM_CONFIG = Path("/etc/atelier/config.toml")
SYSTEM_CONFIG_VARIABLE = "ATELIER_SYSTEM_CONFIG"
CONFIG_VARIABLE = "ATELIER_CONFIG"

DEFAULT, SYSTEM_FILE, USER_FILE, ENVIRONMENT = "default", "system", "user", "environment"

# setting -> the variable that overrides both files
VARIABLES = {
    "language": "ATELIER_LANG",
    "database_url": "ATELIER_DATABASE_URL",
    "catalogs": "ATELIER_CATALOGS",
    "slow_link": "ATELIER_SLOW_LINK",
    "log_file": "ATELIER_LOG_FILE",
    "label_printer": "ATELIER_LABEL_PRINTER",
    "document_printer": "ATELIER_DOCUMENT_PRINTER",
    "documents_folder": "ATELIER_DOCUMENTS",
    "refresh_seconds": "ATELIER_REFRESH_SECONDS",
    "theme": "ATELIER_THEME",
}
# What others change reaches an open screen within this time: one indexed lookup each time
# (services/audit/change_mark.py), cheap enough for every workstation of a workshop.
DEFAULT_REFRESH_SECONDS = 5.0
REFRESH_SECONDS_RANGE = (0.1, 3600.0)
NAMES = (*VARIABLES, "keys")


@dataclass(frozen=True)
class Origin:
    source: str  # default | system | user | environment (the file it comes from, or a variable)
    where: str = ""  # `file:line`, or the variable's name


@dataclass(frozen=True)
class Problem:
    """One line for the user, in the interface's language when it is shown (the language is itself
    a setting: it is not known yet when the problem is found)."""

    where: str
    message: str  # marked with N_()
    params: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        from atelier_tui.i18n import _

        return f"{self.where}: {_(self.message).format(**dict(self.params))}"


@dataclass(frozen=True)
class Settings:
    language: str | None = None  # None: from the locale (LANG)
    keys: Mapping[str, str] = field(default_factory=dict)
    database_url: str | None = None  # None: the SQLite file in the user data folder
    catalogs: Path | None = None  # None: the shipped catalogs
    slow_link: bool | None = None  # None: on over SSH
    log_file: Path | None = None  # None: atelier.log in the user state folder
    label_printer: str | None = None  # a CUPS queue; None: labels are only saved, as PDF, in documents_folder
    document_printer: str | None = None
    documents_folder: Path | None = None  # None: "atelier" in the user's documents folder
    refresh_seconds: float = DEFAULT_REFRESH_SECONDS
    theme: str | None = None  # None: Textual's default; a name the workstation does not know is said at start
    origins: Mapping[str, Origin] = field(default_factory=dict)  # setting (or `keys.<id>`) -> where from
    issues: tuple[Problem, ...] = ()
    system_file: Path = SYSTEM_CONFIG
    user_file: Path | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(str(issue) for issue in self.issues)

    def origin(self, name: str) -> Origin:
        return self.origins.get(name, Origin(DEFAULT))


class _Refused(Exception):
    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = tuple((name, str(value)) for name, value in params.items())


def _shown(value: object) -> str:
    """A value as it was written in TOML, for a refusal."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "{…}"
    return str(value)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Refused(N_("{name} must be text, not {value}"), name=name, value=_shown(value))
    return value.strip()


def _language(name: str, value: object) -> str:
    language = _text(name, value).lower()
    if language not in LANGUAGES:
        raise _Refused(N_("{name}: {value} is not en or fr"), name=name, value=_shown(value))
    return language


def _path_from(folder: Path | None) -> Callable[[str, object], Path]:
    def read(name: str, value: object) -> Path:
        path = Path(_text(name, value)).expanduser()
        return path if path.is_absolute() or folder is None else folder / path

    return read


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise _Refused(N_("{name} must be true or false, not {value}"), name=name, value=_shown(value))
    return value


def _flag_variable(name: str, value: object) -> bool:
    if value not in ("0", "1"):
        raise _Refused(N_("{name}: {value} is not 0 or 1"), name=name, value=_shown(value))
    return value == "1"


def _seconds(name: str, value: object) -> float:
    """A number of seconds, in a file (5, 0.5) or in a variable ("5")."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise _Refused(N_("{name} must be a number of seconds, not {value}"), name=name, value=_shown(value)) from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _Refused(N_("{name} must be a number of seconds, not {value}"), name=name, value=_shown(value))
    low, high = REFRESH_SECONDS_RANGE
    if not low <= value <= high:
        raise _Refused(N_("{name}: {value} is not between {low} and {high} seconds"), name=name, value=_shown(value),
                       low=_shown(low), high=_shown(int(high)))
    return float(value)


def _readers(folder: Path | None) -> dict[str, Callable[[str, object], Any]]:
    path = _path_from(folder)
    return {"language": _language, "database_url": _text, "catalogs": path, "slow_link": _flag, "log_file": path,
            "label_printer": _text, "document_printer": _text, "documents_folder": path, "refresh_seconds": _seconds,
            "theme": _text}


# Compiled when a file is read (re's cache), not at import: the settings are read at every start.
_HEADER = r"""^\s*\[\s*("[^"]*"|'[^']*'|[^\[\]#]+?)\s*\]\s*(?:#.*)?$"""
_KEY = r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*[=.]"""


def _key_lines(text: str) -> dict[tuple[str, str], int]:
    """(table, key) -> the line where it is written; ("table", "") is the table's header. tomllib
    gives no positions, and a problem is reported at its line."""
    lines: dict[tuple[str, str], int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(_HEADER, line)
        if header:
            table = header.group(1).strip("\"'")
            lines.setdefault((table, ""), number)
            continue
        key = re.match(_KEY, line)
        if key:
            lines.setdefault((table, key.group(1).strip("\"'")), number)
    return lines


class _Builder:
    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.keys: dict[str, str] = {}
        self.origins: dict[str, Origin] = {}
        self.issues: list[Problem] = []

    def refuse(self, where: str, refused: _Refused) -> None:
        self.issues.append(Problem(where, refused.message, refused.params))

    def read_file(self, path: Path, source: str) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
            self.refuse(str(path), _Refused(N_("cannot be read: {reason}"), reason=reason))
            return
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            found = re.search(r"\s*\(at line (\d+), column \d+\)$", str(error))
            line = found.group(1) if found else "1"
            message = str(error)[: found.start()] if found else str(error)
            self.refuse(f"{path}:{line}", _Refused(N_("not a valid TOML file: {error}"), error=message))
            return
        lines = _key_lines(text)

        def where(table: str, key: str) -> str:
            return f"{path}:{lines.get((table, key)) or lines.get((table, '')) or 1}"

        readers = _readers(path.parent)
        for name, value in data.items():
            if name == "keys":
                self.read_keys(value, source, where)
            elif name in readers:
                try:
                    self.values[name] = readers[name](name, value)
                except _Refused as refused:
                    self.refuse(where("", name), refused)
                    continue
                self.origins[name] = Origin(source, where("", name))
            else:
                self.refuse(where(name, "") if isinstance(value, dict) else where("", name),
                            _Refused(N_("unknown setting '{name}': the settings are {names}"), name=name,
                                     names=", ".join(NAMES)))

    def read_keys(self, table: object, source: str, where: Callable[[str, str], str]) -> None:
        from atelier_tui.tui.binding_ids import BINDING_IDS

        if not isinstance(table, dict):
            self.refuse(where("", "keys"), _Refused(N_('keys must be a table of "binding.id" = "keys", written [keys]')))
            return
        for binding, keys in table.items():
            at = where("keys", binding)
            if binding not in BINDING_IDS:
                import difflib

                close = difflib.get_close_matches(binding, sorted(BINDING_IDS), n=1)
                if close:
                    self.refuse(at, _Refused(N_("[keys] unknown binding id '{id}' (did you mean '{close}'?)"),
                                             id=binding, close=close[0]))
                else:
                    self.refuse(at, _Refused(N_("[keys] unknown binding id '{id}': the help screen (?) lists each "
                                                "key's id"), id=binding))
            elif not isinstance(keys, str) or not keys.strip():
                self.refuse(at, _Refused(N_('[keys] "{id}" must be text, the keys (such as "O" or "3,f3"), not {value}'),
                                         id=binding, value=_shown(keys)))
            else:
                self.keys[binding] = keys.strip()
                self.origins[f"keys.{binding}"] = Origin(source, at)

    def read_environment(self, variables: Mapping[str, str]) -> None:
        readers = _readers(None) | {"slow_link": _flag_variable}
        for name, variable in VARIABLES.items():
            value = variables.get(variable, "").strip()
            if not value:
                continue
            try:
                self.values[name] = readers[name](variable, value)
            except _Refused as refused:
                self.refuse(ENVIRONMENT, refused)
                continue
            self.origins[name] = Origin(ENVIRONMENT, variable)


def system_config_path(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    explicit = env.get(SYSTEM_CONFIG_VARIABLE, "").strip()
    return Path(explicit).expanduser() if explicit else SYSTEM_CONFIG


def documents_folder(settings: Settings) -> Path:
    """Where the workstation saves each PDF it prints in a terminal (printed too when a printer is
    set): the setting, else "atelier" in the user's documents folder."""
    if settings.documents_folder is not None:
        return settings.documents_folder
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / "atelier"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The user file."""
    env = os.environ if environ is None else environ
    explicit = env.get(CONFIG_VARIABLE, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("atelier", appauthor=False)) / "config.toml"


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ino


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """The settings in force for this environment (os.environ unless given). Read again only when a
    file or an ATELIER_* variable changed: the launch path and the workstation both ask."""
    env = os.environ if environ is None else environ
    system, user = system_config_path(env), config_path(env)
    variables = tuple(sorted((name, value) for name, value in env.items() if name in VARIABLES.values()))
    return _load(system, _stamp(system), user, _stamp(user), variables)


@lru_cache(maxsize=8)
def _load(system: Path, _system_stamp: object, user: Path, _user_stamp: object,
          variables: tuple[tuple[str, str], ...]) -> Settings:
    builder = _Builder()
    builder.read_file(system, SYSTEM_FILE)
    builder.read_file(user, USER_FILE)
    builder.read_environment(dict(variables))
    return Settings(keys=builder.keys, origins=builder.origins, issues=tuple(builder.issues), system_file=system,
                    user_file=user, **builder.values)


_reported: set[str] = set()


def report_problems(settings: Settings, stream: TextIO | None = None) -> None:
    """Each problem once per process on stderr, one line each; nothing else stops."""
    for problem in settings.problems:
        if problem not in _reported:
            _reported.add(problem)
            print(problem, file=stream or sys.stderr)


def interface_language(settings: Settings, environ: Mapping[str, str] | None = None) -> str:
    """The setting (ATELIER_LANG, then the user file, then the system file), then the locale."""
    from atelier_tui.i18n import locale_language

    return settings.language or locale_language(environ)
