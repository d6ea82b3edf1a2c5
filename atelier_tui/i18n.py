"""One translation layer for every string of the interface: gettext catalogs compiled from the
sources (atelier_tui/locale/<lang>/LC_MESSAGES/atelier.po, extracted with Babel).

The language is English or French: the `language` setting (`ATELIER_LANG`, then the settings
files: atelier_tui/settings.py) wins, then LC_ALL / LC_MESSAGES / LANG starting with `fr`.
Catalog entries carry their own French names (`name_fr`); `localized()` picks the right one."""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Mapping
from pathlib import Path

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "atelier"
LANGUAGES = ("en", "fr")

NARROW_NO_BREAK_SPACE = "\u202f"
# French sets `:` `;` `!` `?` apart from the word before with a narrow no-break space (Lexique des
# règles typographiques en usage à l'Imprimerie nationale, "Ponctuation"), whatever space the
# translator typed. Only where the sign ends a clause (a space, a quote or the end follows), so
# that `{value:>5}`, `12:30` and `https://` stay as they are.
_FRENCH_HIGH_PUNCTUATION = re.compile(r"(?<=[\w)}\]»”\"'…%.])[ \u00a0\u202f]?([:;!?])(?=[\s»”\"')\]]|$)")

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
        _translation = catalog_of(_language)


def catalog_of(language: str) -> gettext.NullTranslations:
    """The gettext catalog of `language` ("en": none), French with its punctuation rule: for the
    interface, and for a document printed in a language other than the interface's."""
    if language not in LANGUAGES or language == "en":
        return gettext.NullTranslations()
    translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=False)
    if language == "fr":
        _set_french_punctuation(translation)
    return translation


def french_punctuation(text: str) -> str:
    """`text` with a narrow no-break space before each `:` `;` `!` `?` that ends a clause."""
    return _FRENCH_HIGH_PUNCTUATION.sub(lambda match: NARROW_NO_BREAK_SPACE + match.group(1), text)


def _set_french_punctuation(translation: gettext.NullTranslations) -> None:
    """Once, as the catalog is loaded: every French message (and every plural form) gets the rule,
    those merged from elsewhere included, at no cost per message shown."""
    catalog = getattr(translation, "_catalog", None)
    if isinstance(catalog, dict):
        for key, message in catalog.items():
            if isinstance(message, str) and key:  # the key "" is the catalog's header
                catalog[key] = french_punctuation(message)


def language() -> str:
    return _language


class InContext(str):
    """A message whose translation depends on what it qualifies (NC_): French agrees the word with
    its noun's gender, "open" reads `ouvert` for a bench and `ouverte` for a sheet."""

    context: str


def _(message: str) -> str:
    if isinstance(message, InContext):
        return _translation.pgettext(message.context, message)
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a string for extraction where it must stay untranslated until shown (bindings)."""
    return message


def NC_(context: str, message: str) -> str:
    """Marks a message for extraction with its context; `_()` translates it in that context."""
    marked = InContext(message)
    marked.context = context
    return marked


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a singular and plural pair for extraction, to be given to ngettext when shown."""
    return singular, plural


def localized(name_en: str, name_fr: str) -> str:
    """A catalog entry's name in the interface language."""
    return name_fr if _language == "fr" and name_fr else name_en
