"""The order screen shows the watch's crystal, crown and case back, and what the order requires
of them (a crystal matched on its material and shape) in the interface's words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import select

from atelier_tui.store.engine import write_session
from atelier_tui.store.models import InterventionType, OrderIntervention, RepairOrder
from tests.support.readiness_db import add_battery_order, prepare_workshop
from tests.tui.helpers import make_app
from tests.tui.test_readiness_panel import open_order


def shown(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=160, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen.query_one(selector).content)
    return console.export_text()


@pytest.fixture
def crystal_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine, cells=1)
    add_battery_order(catalogued_engine, "OR-C", bench="QZ-A")
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-C")).scalar_one()
        order.crystal_diameter_mm, order.crystal_material, order.crystal_shape, order.crystal_thickness_mm = 30.0, "sapphire", "flat", 2.0
        order.case_back = "screw_down"
        crystal = session.execute(select(InterventionType.id).where(InterventionType.key == "crystal_replacement")).scalar_one()
        session.add(OrderIntervention(order_id=order.id, intervention_type_id=crystal, position=1))
    catalogued_engine.dispose()
    return catalogued_db


async def test_the_order_screen_shows_the_crystal_and_the_case_back_in_french(crystal_db) -> None:  # type: ignore[no-untyped-def]
    app = make_app(crystal_db, language="fr")
    async with app.run_test(size=(160, 50)) as pilot:
        await open_order(app, pilot, "OR-C")
        summary = shown(app, "#summary")
        assert "saphir, plate, Ø 30 mm × 2 mm" in summary and "fond vissé" in summary, summary
        assert "material saphir" in shown(app, "#requirements")
