"""The benches view lists the benches of the database, loaded in a worker."""

from __future__ import annotations

from textual.widgets import Static

from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Site, Staff
from atelier_tui.tui.app import AtelierApp
from atelier_tui.tui.widgets.fast_table import FastTable


async def _settle(app: AtelierApp, pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_lists_the_benches_of_the_database(catalogued_engine, catalogued_db) -> None:  # type: ignore[no-untyped-def]
    with write_session(catalogued_engine) as session:
        site = Site(code="PARIS", name="Paris")
        session.add(site)
        session.flush()
        claire = Staff(site_id=site.id, login="cmartin", display_name="Claire Martin", role="technician")
        session.add(claire)
        session.flush()
        session.add_all(
            [
                Bench(site_id=site.id, code="B-QUARTZ", name="Quartz", features=["esd"], technician_id=claire.id),
                Bench(site_id=site.id, code="B-MECA-1", name="Mécanique 1"),
            ]
        )
    app = AtelierApp(database_url=f"sqlite:///{catalogued_db}", login="cmartin", scanner_gap_ms=0, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        table = app.screen.query_one(FastTable)
        assert table.row_count == 2
        assert [str(cell) for cell in table.get_row_at(0)][0] == "B-MECA-1"
        assert table.get_row_at(1)[3] == "Claire Martin"
        assert "1–2 of 2" in str(app.screen.query_one("#page-info", Static).render())


async def test_an_uninitialised_database_says_to_run_init(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = AtelierApp(database_url=f"sqlite:///{tmp_path / 'empty.db'}", login="nobody", scanner_gap_ms=0, language="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        assert "run `atelier init`" in str(app.screen.query_one("#status", Static).render())
