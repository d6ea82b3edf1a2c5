"""Every key of the current screen, generated from the bindings the app itself uses."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierModal
from atelier_tui.tui.widgets.paged_table import PagedTable


def key_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(key, what it does, binding id) for every binding active on `screen`, from the focused
    widget up to the app, as the app resolves them. The id is what the settings file rebinds."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for _node, bindings in screen._binding_chain:
        for key, key_bindings in bindings.key_to_bindings.items():
            for binding in key_bindings:
                if not binding.description or key in seen:
                    continue
                seen.add(key)
                rows.append((screen.app.get_key_display(binding), _(binding.description), binding.id or ""))
    return rows


class HelpModal(AtelierModal):
    BINDINGS = [Binding("escape,question_mark,f1,q", "close", N_("Close"), id="help.close")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.rows = [(key, description) for key, description, _id in key_rows(screen)]
        self.binding_ids = [binding_id for _key, _description, binding_id in key_rows(screen)]
        # A list's filter keys (tui/screens/list_screen.py): the syntax is shown under the keys.
        keys_of = getattr(screen, "FILTER_KEYS", None)
        self.filter_keys = keys_of() if keys_of is not None else []
        # The mouse's way to sort has no key to list: said under the keys of a list that sorts.
        self.sorts_by_heading = any(table.sortable for table in screen.query(PagedTable))

    def compose(self) -> ComposeResult:
        table = Table(title=_("Keys of this screen"), expand=True, title_justify="left")
        table.add_column(_("Key"), style="bold", no_wrap=True)
        table.add_column(_("Action"))
        table.add_column(_("Id (settings)"), style="dim")
        for (key, description), binding_id in zip(self.rows, self.binding_ids):
            table.add_row(key, description, binding_id)
        with VerticalScroll(classes="dialog help"):
            yield Static(table, id="keys")
            if self.sorts_by_heading:
                yield Static(_("A click on a column's heading sorts by that column; on the sorted column, it reverses the order."),
                             id="heading-sort", classes="hint")
            if self.filter_keys:
                from atelier_tui.tui.widgets.filter_help import filter_help

                yield Static(filter_help(self.filter_keys), id="filter-syntax")
            yield Static(_("ctrl+p finds any bench, tool, supply, lot or order. A scanned label opens its tool, bench or lot; "
                           "P prints the label of what is shown."), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
