"""Benchmarks share one large demo workshop (10,000 tools, 100,000 movements), built once; set
ATELIER_PERF_DB to reuse a database built earlier with `atelier --db PATH init --demo --size large`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def large_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large demo, in which this OS account is the gateway acting for a demo person (`--as`)."""
    from datetime import UTC, datetime

    from atelier_tui.demo.gateway import admit_demo_gateway
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store import migrate
    from atelier_tui.store.engine import make_engine

    given = os.environ.get("ATELIER_PERF_DB")
    if given and Path(given).exists():
        path = Path(given)
    else:
        path = tmp_path_factory.mktemp("perf") / "large.db"
        atelier = Path(sys.executable).parent / "atelier"
        subprocess.run([str(atelier), "--db", str(path), "init", "--demo", "--size", "large"], check=True, capture_output=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)  # a database built by an older atelier
    admit_demo_gateway(engine, datetime.now(UTC), os_account())  # a database built before gateways: now one
    engine.dispose()
    return path
