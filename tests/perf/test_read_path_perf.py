"""The read commands next to SQLAlchemy's own import (issue 20, "a lean read path"): `atelier
order check REF --json` in a fresh process, wall time and peak memory, over `python -c "import
sqlalchemy"`, runs interleaved so that both see the same machine. Run by hand:

    .venv/bin/pytest tests/perf/test_read_path_perf.py -m perf -s

Target: the check within 1.5x the import, in wall time (median of the runs)."""

from __future__ import annotations

import os
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.perf

RUNS = 9


PEAK = Path(__file__).with_name("own_peak_memory.py")


def _run(command: list[str], peak_file: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MiB) of one Python process running `command`
    (an interpreter and its arguments). The peak is the process's own (tests/perf/own_peak_memory.py):
    a child's ru_maxrss counts the forked test process's pages before exec, every command read as
    pytest's own size. Both sides of a comparison run through it alike."""
    started = time.perf_counter()
    process = subprocess.Popen([command[0], str(PEAK), str(peak_file), *command[1:]], stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    assert os.waitstatus_to_exitcode(status) in (0, 1), process.stderr.read() if process.stderr else ""
    return wall, usage.ru_utime + usage.ru_stime, int(peak_file.read_text()) / 1024


def _started_order(database: Path) -> tuple[str, str]:
    """An order whose work has started, and its bench: its check reads the sheet as well."""
    connection = sqlite3.connect(database)
    try:
        return connection.execute(
            "SELECT repair_order.reference, bench.code FROM intervention_sheet JOIN repair_order ON repair_order.id = "
            "intervention_sheet.order_id JOIN bench ON bench.id = intervention_sheet.bench_id ORDER BY 1 LIMIT 1").fetchone()
    finally:
        connection.close()


def _compile_the_package() -> None:
    """atelier's modules compiled to bytecode, as an installed atelier has them (pip compiles a
    wheel's modules as it installs them, as it did SQLAlchemy's): an editable checkout run under
    PYTHONDONTWRITEBYTECODE would otherwise parse every module of the command at each start, a
    cost no workshop's install pays and `import sqlalchemy` does not pay here."""
    import compileall

    import atelier_tui

    assert compileall.compile_dir(Path(atelier_tui.__file__).parent, quiet=1)


def test_order_check_next_to_importing_sqlalchemy(large_db: Path, figures: Any, request: pytest.FixtureRequest,
                                                  tmp_path: Path) -> None:
    reference, bench = _started_order(large_db)
    _compile_the_package()
    atelier = Path(sys.executable).parent / "atelier"
    commands = {
        "python -c 'import sqlalchemy'": [sys.executable, "-c", "import sqlalchemy"],
        "atelier order check --json": [sys.executable, str(atelier), "--db", str(large_db), "--as", "cmartin", "order", "check", reference,
                                       "--bench", bench, "--json"],
        "atelier order list --json": [sys.executable, str(atelier), "--db", str(large_db), "--as", "cmartin", "order", "list", "--open", "--json"],
        "atelier maintenance due --within 30": [sys.executable, str(atelier), "--db", str(large_db), "--as", "cmartin", "maintenance", "due",
                                                "--within", "30"],
    }
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(RUNS):  # interleaved: each round sees the same machine
        for name, command in commands.items():
            samples[name].append(_run(command, tmp_path / "peak"))
    base = samples["python -c 'import sqlalchemy'"]
    base_wall, base_cpu, base_rss = (statistics.median(s[i] for s in base) for i in range(3))
    print("\n| process | wall median (s) | wall min | CPU median (s) | peak RSS (MiB) | wall / import | CPU / import | RSS / import |")
    print("|---|---|---|---|---|---|---|---|")
    for name, runs in samples.items():
        wall, cpu, rss = (statistics.median(s[i] for s in runs) for i in range(3))
        print(f"| {name} | {wall:.3f} | {min(s[0] for s in runs):.3f} | {cpu:.3f} | {rss:.1f} | {wall / base_wall:.2f} | "
              f"{cpu / base_cpu:.2f} | {rss / base_rss:.2f} |")
    check_wall = statistics.median(s[0] for s in samples["atelier order check --json"])
    figures.report(request, "order check --json wall / import sqlalchemy (median)", check_wall / base_wall)
    assert check_wall <= 1.5 * base_wall
