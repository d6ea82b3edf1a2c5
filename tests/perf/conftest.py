"""Benchmarks share the large demo workshop (10,000 tools, 100,000 movements), built once; with
ATELIER_PERF_XL=1 every benchmark given `large_db` runs again on the xl demo (the large one
multiplied by 10: 100,000 tools, 50,000 orders, 20,000 lots, 1,000,000 movements), and the run ends
with the growth of each figure a benchmark reported (`figures.report`), xl / large.

ATELIER_PERF_DB (large) and ATELIER_PERF_XL_DB (xl) reuse databases built earlier with
`atelier --db PATH init --demo --size large|xl`: the xl one takes minutes to build."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SIZES = ("large", "xl") if os.environ.get("ATELIER_PERF_XL") == "1" else ("large",)
GIVEN = {"large": "ATELIER_PERF_DB", "xl": "ATELIER_PERF_XL_DB"}


def _demo_database(size: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo of `size`, in which this OS account is the gateway acting for a demo person (`--as`)."""
    from datetime import UTC, datetime

    from atelier_tui.demo.gateway import admit_demo_gateway
    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store import migrate
    from atelier_tui.store.engine import make_engine

    given = os.environ.get(GIVEN[size])
    if given and Path(given).exists():
        path = Path(given)
    else:
        path = tmp_path_factory.mktemp("perf") / f"{size}.db"
        atelier = Path(sys.executable).parent / "atelier"
        started = time.perf_counter()
        subprocess.run([str(atelier), "--db", str(path), "init", "--demo", "--size", size], check=True, capture_output=True)
        print(f"\n{size} demo built in {time.perf_counter() - started:.1f} s")
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)  # a database built by an older atelier
    admit_demo_gateway(engine, datetime.now(UTC), os_account())  # a database built before gateways: now one
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def demo_databases() -> dict[str, Path]:
    """The demos built so far in this run, by size."""
    return {}


@pytest.fixture(scope="session")
def every_size(demo_databases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every demo of this run at once, for a benchmark that measures them side by side."""
    for size in SIZES:
        if size not in demo_databases:
            demo_databases[size] = _demo_database(size, tmp_path_factory)
    return {size: demo_databases[size] for size in SIZES}


@pytest.fixture(scope="session", params=SIZES)
def large_db(request: pytest.FixtureRequest, demo_databases: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The large demo (named for the size every benchmark runs on), then the xl one with ATELIER_PERF_XL=1."""
    size: str = request.param
    if size not in demo_databases:
        demo_databases[size] = _demo_database(size, tmp_path_factory)
    return demo_databases[size]


def size_of(request: pytest.FixtureRequest) -> str:
    """"large" or "xl": the demo the running benchmark was given."""
    return str(request.node.callspec.params.get("large_db", "large"))


class Figures:
    """Figures the benchmarks report, per demo size, for the growth table printed at the end."""

    def __init__(self) -> None:
        self.values: dict[str, dict[str, float]] = {}

    def report(self, request: pytest.FixtureRequest, name: str, value: float) -> None:
        self.values.setdefault(name, {})[size_of(request)] = value


_FIGURES = Figures()


@pytest.fixture
def figures() -> Figures:
    return _FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    grown = {name: sizes for name, sizes in _FIGURES.values.items() if {"large", "xl"} <= sizes.keys()}
    if not grown:
        return
    write = terminalreporter.write_line
    write("")
    write("| figure | large | xl | growth xl / large |")
    write("|---|---|---|---|")
    for name, sizes in grown.items():
        ratio = sizes["xl"] / sizes["large"] if sizes["large"] else float("inf")
        write(f"| {name} | {sizes['large']:.4g} | {sizes['xl']:.4g} | {ratio:.2f} |")
