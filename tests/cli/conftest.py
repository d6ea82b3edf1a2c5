"""The workshop the readiness commands are tried on: two quartz benches prepared for battery
changes (tests/support/readiness_db.py), five cells in stock, dated by the real clock, which the
command line reads. A test module that needs another one defines its own `workshop`."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from tests.support.readiness_db import prepare_workshop


@pytest.fixture
def workshop(catalogued_engine: Engine, catalogued_db: Path) -> tuple[Engine, Path, datetime]:
    now = datetime.now().astimezone()
    prepare_workshop(catalogued_engine, cells=5, now=now)
    return catalogued_engine, catalogued_db, now
