"""The Textual app. Only Textual is imported at start-up: the database layer (SQLModel, pint)
loads in the first worker while the screen already shows (shared/engineering-notes.md)."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Static


class AtelierApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "atelier"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, database_url: str, readonly: bool = False) -> None:
        super().__init__()
        self.database_url = database_url
        self.readonly = readonly

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading the workshop…", id="status")
        yield DataTable(id="benches", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "benches" + (" (read-only)" if self.readonly else "")
        table = self.query_one("#benches", DataTable)
        table.add_columns("Bench", "Name", "Zone", "Status", "Technician", "Tools", "Order")
        self.load_benches()

    @work(thread=True, exclusive=True)
    def load_benches(self) -> None:
        from atelier_tui.services.benches import list_benches
        from atelier_tui.store.engine import make_engine
        from atelier_tui.store.schema import schema_state

        engine = make_engine(self.database_url)
        try:
            state = schema_state(engine)
            if not state.up_to_date:
                self.call_from_thread(
                    self.show_status, "This database is not initialised or not up to date: run `atelier init`."
                )
                return
            benches = list_benches(engine)
        finally:
            engine.dispose()
        self.call_from_thread(self.show_benches, benches)

    def show_status(self, message: str) -> None:
        self.query_one("#status", Static).update(message)

    def show_benches(self, benches: list[Any]) -> None:
        table = self.query_one("#benches", DataTable)
        table.clear()
        for bench in benches:
            table.add_row(
                bench.code, bench.name, bench.zone, bench.status, bench.technician or "—",
                str(bench.tool_count), bench.current_order or "—", key=bench.code,
            )
        self.show_status(f"{len(benches)} benches")
        table.focus()
