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
    given = os.environ.get("ATELIER_PERF_DB")
    if given and Path(given).exists():
        return Path(given)
    path = tmp_path_factory.mktemp("perf") / "large.db"
    atelier = Path(sys.executable).parent / "atelier"
    subprocess.run([str(atelier), "--db", str(path), "init", "--demo", "--size", "large"], check=True, capture_output=True)
    return path
