"""Keeping the translations in step with the sources (a developer's tool, never imported by the
app; needs Babel from the `test` extra):

    .venv/bin/python -m atelier_tui.locale.extract     # update atelier.po, compile atelier.mo

Every string marked `_()`, `N_()`, `NC_()` (with its context), `ngettext()` or `N_plural()` in the modules listed in SOURCES is extracted:
the terminal interface, the wording layer that turns the domain's findings into sentences
(readiness, tool matching, supply allocation, the audit chain), the services whose refusals and messages it shows, and the `atelier order` and
`atelier checklist` commands. The French catalog keeps what was already translated and gains the
new strings, untranslated."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parents[1]
LOCALE_DIR = PACKAGE / "locale"
# The interface; the wording of the domain's findings, the services' refusals and the file
# readers' errors, which the interface and the commands show; and the commands that speak to the
# user. A directory scans every .py under it.
SOURCES = ("tui", "i18n.py", "wording", "services", "catalogs", "textfiles", "demo", "cli", "store/backup.py", "store/copy.py", "remote",
           "settings.py", "printing")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "N_plural": (1, 2), "NC_": ((1, "c"), 2)}


def po_path(language: str = "fr") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "atelier.po"


def mo_path(language: str = "fr") -> Path:
    return po_path(language).with_suffix(".mo")


def extract_messages() -> Catalog:
    catalog = Catalog(project="atelier", charset="utf-8")
    for source in SOURCES:
        path = PACKAGE / source
        if path.is_dir():
            found = extract_from_dir(path, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",))
            prefix = source
        else:
            found = extract_from_dir(path.parent, method_map=[(path.name, "python")], keywords=KEYWORDS, comment_tags=("TRANSLATORS:",))
            prefix = str(path.parent.relative_to(PACKAGE))
        for filename, lineno, message, comments, context in found:
            catalog.add(message, locations=[(f"{prefix}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def read_catalog(language: str = "fr") -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def update(language: str = "fr") -> Catalog:
    template = extract_messages()
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        catalog = read_catalog(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
    else:
        catalog = Catalog(locale=language, project="atelier", charset="utf-8")
        catalog.update(template)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, omit_header=False)
    mo_path(language).write_bytes(compiled(catalog))
    return catalog


if __name__ == "__main__":
    result = update()
    # A plural entry is translated when each of its forms is.
    missing = [message.id for message in result
               if message.id and not (all(message.string) if isinstance(message.string, tuple) else message.string)]
    print(f"{len(result)} messages, {len(missing)} untranslated")
