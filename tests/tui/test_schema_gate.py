"""The views that read the workshop as they open say to run `atelier init` on a database that is
not initialised, through the one schema gate they share."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from tests.tui.helpers import make_app, settle

GATED_VIEWS = {"dashboard": "#status", "planner": "#planner-status", "audit": "#audit-status", "staff": "#staff-status"}


@pytest.mark.parametrize("view", list(GATED_VIEWS))
async def test_each_gated_view_says_to_run_init_on_an_empty_database(tmp_path, view: str) -> None:  # type: ignore[no-untyped-def]
    app = make_app(tmp_path / "empty.db", login="nobody", first_view=view)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        status = str(app.screen.query_one(GATED_VIEWS[view], Static).render())
        assert status == "This database is not initialised or not up to date: run `atelier init`."
