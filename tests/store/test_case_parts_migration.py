"""A workshop made before the case parts (migration 0013_case_parts) upgrades with every row kept,
its orders giving no case part (readiness asks for them), and a catalog import then gives the
crystals and crowns the words they are matched on."""

from __future__ import annotations

import json

from sqlalchemy import text

import atelier_tui.store.models  # noqa: F401  (fills SQLModel.metadata)
from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.services.context import SYSTEM
from atelier_tui.services.transfer.catalog_import import import_catalogs
from atelier_tui.store import migrate
from atelier_tui.store.schema import schema_state
from tests.support.fixed_time import FIXED_NOW
from tests.support.row_counts import row_counts

BEFORE_THE_CASE_PARTS = "0012_order_plan"



def test_a_workshop_made_before_the_case_parts_upgrades_with_nothing_lost(demo_engine) -> None:  # type: ignore[no-untyped-def]
    migrate.downgrade(demo_engine, BEFORE_THE_CASE_PARTS)
    with demo_engine.connect() as connection:
        orders_before = connection.execute(text("SELECT reference, crystal_diameter_mm, battery FROM repair_order ORDER BY reference")).all()
    before = row_counts(demo_engine)

    migrate.upgrade(demo_engine)

    assert schema_state(demo_engine).up_to_date
    assert row_counts(demo_engine, only=set(before)) == before
    with demo_engine.connect() as connection:
        assert connection.execute(text("SELECT reference, crystal_diameter_mm, battery FROM repair_order ORDER BY reference")).all() \
            == orders_before
        assert connection.execute(text(
            "SELECT count(*) FROM repair_order WHERE crystal_material IS NOT NULL OR case_back IS NOT NULL OR crown_type IS NOT NULL"
        )).scalar_one() == 0
    import_catalogs(demo_engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    with demo_engine.connect() as connection:
        crystals = connection.execute(text("SELECT key, properties FROM supply_type WHERE category = 'crystal'")).all()
    assert crystals and all("material" in (props if isinstance(props, dict) else json.loads(props)) for _key, props in crystals)
