"""The user's settings file: `config.toml` in the user config folder (on Linux
~/.config/atelier/config.toml), or the file named by ATELIER_CONFIG.

    language = "fr"            # en | fr; ATELIER_LANG still wins

    [keys]                     # binding id = keys, to rebind (ids are listed by `?` and the README)
    "tool.check_out" = "O"
    "view.tools" = "3,f3"
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_VARIABLE = "ATELIER_CONFIG"


@dataclass(frozen=True)
class Settings:
    language: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # one line each, shown to the user; the rest still applies


def config_path() -> Path:
    explicit = os.environ.get(CONFIG_VARIABLE)
    if explicit:
        return Path(explicit).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir("atelier", appauthor=False)) / "config.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or config_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Settings(problems=(f"{path}: {error}",))
    problems: list[str] = []
    language = data.get("language")
    if language is not None and language not in ("en", "fr"):
        problems.append(f"{path}: language: '{language}' is not en or fr")
        language = None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
        problems.append(f"{path}: [keys]: each entry must be \"binding.id\" = \"key\"")
        keys = {}
    return Settings(language=language, keys=dict(keys), problems=tuple(problems))


def interface_language(settings: Settings, environ: dict[str, str] | None = None) -> str:
    """`ATELIER_LANG` wins, then the settings file, then the locale (`LANG=fr_FR...`)."""
    from atelier_tui.i18n import LANGUAGES, detect_language

    env = os.environ if environ is None else environ
    chosen = env.get("ATELIER_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    return settings.language or detect_language(env)
