"""The yardstick: a bare Textual app showing one DataTable with the same visible rows as atelier's
tools view, read synchronously with sqlite3."""

import sqlite3
import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

QUERY = (
    "SELECT tool.asset_tag, tool_type.name_en, tool.status, tool.usage_count FROM tool "
    "JOIN tool_type ON tool_type.id = tool.tool_type_id ORDER BY tool.asset_tag LIMIT 200"
)


class BareTableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        connection = sqlite3.connect(sys.argv[1])
        rows = connection.execute(QUERY).fetchall()
        table = self.query_one(DataTable)
        table.add_columns("Tag", "Type", "Status", "Uses")
        table.add_rows(rows)


if __name__ == "__main__":
    BareTableApp().run()
