"""The filter syntax of a list, as the help (`?`) shows it: how to write a term, then each key
the list accepts, in the interface language and in English, with its values."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from atelier_tui.i18n import _


def filter_help(keys: list[Any]) -> Group:
    """A help block for `keys` (services/common/list_filter.FilterKey)."""
    from atelier_tui.services.common.list_filter import choice_words

    table = Table(title=_("Filter (/): key:value terms and free text"), expand=True, title_justify="left")
    table.add_column(_("Term"), style="bold", no_wrap=True)
    table.add_column(_("Values"))
    table.add_column(_("Finds"))
    for key in keys:
        colon = "" if key.flag else ":"
        shown = key.shown() + colon
        english = key.name + colon
        if key.flag:
            values = _("(alone)")
        elif key.choices:
            values = ", ".join(choice_words(key))
        else:
            values = "…"
        table.add_row(shown if shown == english else f"{shown} {english}", values, _(key.description))
    example = next((k for k in keys if k.choices and not k.flag), keys[0])
    sample = f"{example.shown()}:{(choice_words(example) or ['…'])[0]}"
    hint = Text(_("Example: {sample} text. Several values: a comma between them; a value of several words: "
                  "quoted or with _ between them. Keys are accepted in English too.").format(sample=sample), style="dim")
    return Group(table, hint)
