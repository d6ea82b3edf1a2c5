"""A workshop made before orders carried a grade and an estimate (schema 0011) upgrades with
every row kept: its orders keep no grade (the calibre's own tolerances) and no estimate (their
interventions'), and the next catalog import gives the interventions their running-in."""

from __future__ import annotations

import pytest
from sqlalchemy import text

import atelier_tui.store.models  # noqa: F401  (fills SQLModel.metadata)
from atelier_tui.store import migrate
from atelier_tui.store.schema import schema_state
from tests.support.row_counts import row_counts

pytestmark = pytest.mark.backends

BEFORE_THE_PLAN = "0011_vocabulary_checks"


def _orders(engine) -> list[tuple]:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT reference, status, calibre_id, deadline, battery, water_resistance_bar, bench_id, version "
            "FROM repair_order ORDER BY reference"))]


def test_a_workshop_at_0011_with_orders_upgrades_with_nothing_lost(demo_engine) -> None:  # type: ignore[no-untyped-def]
    migrate.downgrade(demo_engine, BEFORE_THE_PLAN)
    assert not schema_state(demo_engine).up_to_date
    counts, orders = row_counts(demo_engine), _orders(demo_engine)
    assert counts["repair_order"] and counts["order_intervention"] and counts["intervention_sheet"]

    migrate.upgrade(demo_engine)

    assert schema_state(demo_engine).up_to_date
    assert row_counts(demo_engine, only=set(counts)) == counts
    assert _orders(demo_engine) == orders
    with demo_engine.connect() as connection:
        planned = connection.execute(text(
            "SELECT DISTINCT grade, estimate_minutes, estimate_text FROM repair_order")).all()
        running_in = connection.execute(text("SELECT DISTINCT running_in_minutes, running_in_from FROM intervention_type")).all()
    assert [tuple(row) for row in planned] == [("", None, "")]
    assert [tuple(row) for row in running_in] == [(0, "")]
