"""The large demo keeps the invariant the small one is tested for (tests/services/test_recorded_as_said.py):
every order in progress has its open sheet, with the steps of its interventions."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_tui.store.engine import make_engine
from tests.services.test_recorded_as_said import orders_in_progress, orders_in_progress_without_a_sheet

# In the perf suite with the other users of the large demo (83a5148 put it there): unmarked, the
# default run built the large demo for it alone (14 s of setup in CI). The default run keeps the
# same invariant on the small demo (tests/services/test_recorded_as_said.py).
pytestmark = pytest.mark.perf


def test_every_order_in_progress_of_the_large_demo_has_its_sheet(large_db: Path) -> None:
    engine = make_engine(f"sqlite:///{large_db}")
    try:
        assert len(orders_in_progress(engine)) >= 10
        assert orders_in_progress_without_a_sheet(engine) == []
    finally:
        engine.dispose()
