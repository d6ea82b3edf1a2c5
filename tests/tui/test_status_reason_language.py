"""Issue 18 item 6: a tool taken out of service by a failed calibration says why in the reader's
language, whoever recorded it and in whatever language: the tool keeps the record, and the
sentence is built when a screen reads it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine

from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.support.readiness_db import prepare_workshop
from tests.tui.helpers import FIXED_NOW, make_app, settle
from tests.tui.test_no_internal_keys import screen_text

MULTIMETER = "QZ-A-05"
VOLTAGE_OFF = {"voltage_1_5": "1.53 V", "resistance_1_8k": "1.81 kohm", "current_10u": "10.05 uA"}


async def test_a_calibration_failed_in_english_reads_in_french_on_the_tool_and_the_dashboard(
        catalogued_engine: Engine, catalogued_db: Path) -> None:
    prepare_workshop(catalogued_engine, cells=2, now=FIXED_NOW, unmaintained=(MULTIMETER,))
    record_maintenance(catalogued_engine, Actor("cmartin", role="lead"), FIXED_NOW, MULTIMETER, "multimeter_calibration", "fail",
                       VOLTAGE_OFF, performed_at=FIXED_NOW - timedelta(hours=1))  # recorded in English; the value as typed
    app = make_app(catalogued_db, language="fr")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        dashboard = screen_text(app)
        app.open_tool(MULTIMETER)
        await settle(app, pilot)
        assert isinstance(app.screen, ToolDetailScreen)
        detail = screen_text(app)
    for text in (detail, dashboard):
        assert "Étalonnage annuel" in text and "trouvé à 1,53 V, hors tolérance 1,5 V ± 0,01 V" in text, text
        assert "found at" not in text and "Annual calibration" not in text
