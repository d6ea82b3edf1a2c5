"""One translation layer for every string of the interface: gettext catalogs compiled from the
sources (atelier_tui/locale/<lang>/LC_MESSAGES/atelier.po, extracted with Babel).

The language is English or French: the `language` setting (`ATELIER_LANG`, then the settings
files: atelier_tui/settings.py) wins, then LC_ALL / LC_MESSAGES / LANG starting with `fr`.
Catalog entries carry their own French names (`name_fr`); `localized()` picks the right one."""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "atelier"
LANGUAGES = ("en", "fr")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    from atelier_tui.settings import load_settings

    return load_settings(environ).language or locale_language(environ)


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(variable, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def set_language(language: str) -> None:
    global _translation, _language
    _language = language if language in LANGUAGES else "en"
    if _language == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[_language], fallback=False)


def language() -> str:
    return _language


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a string for extraction where it must stay untranslated until shown (bindings)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for extraction, to be given to ngettext when shown."""
    return singular, plural


def localized(name_en: str, name_fr: str) -> str:
    """A catalog entry's name in the interface language."""
    return name_fr if _language == "fr" and name_fr else name_en
