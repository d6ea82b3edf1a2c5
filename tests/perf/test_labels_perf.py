"""Labels for every tool of the large demo workshop (10,000 tools) as one PDF, by the real
`atelier print label` command in its own process: its time and its peak memory, with that of any
process it starts (the codes were once encoded by two; they are now encoded in the command). Run by hand:

    .venv/bin/pytest tests/perf/test_labels_perf.py -m perf -s

Target (issue 19): under 30 s and 200 MiB on 2 cores. A few pages of the PDF are rendered and
decoded, so that a fast run that printed nothing readable does not pass."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.printing.rendered import decoded_pages, require_tool
from tests.support.polling import wait_until

pytestmark = pytest.mark.perf

TARGET_SECONDS = 30.0
TARGET_MIB = 200.0


def _tags(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return [tag for (tag,) in connection.execute("SELECT asset_tag FROM tool ORDER BY asset_tag")]
    finally:
        connection.close()


def _descendants(pid: int) -> list[int]:
    """Read from the process's own list of children (cheap enough to poll, unlike a walk of /proc)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                found += [int(child), *_descendants(int(child))]
    except OSError:  # ended since it was listed
        pass
    return found


def _rss_mib(pid: int) -> float:
    try:
        return _peak_mib(Path(f"/proc/{pid}/status").read_text(), "VmRSS:")
    except OSError:  # ended
        return 0.0


def _pss_mib(pid: int) -> float:
    """Proportional set size: a page shared by n processes (a fork before its exec) counts 1/n."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:  # ended since it was listed
        pass
    return 0.0


def _peak_mib(pid_status: str, field: str = "VmHWM:") -> float:
    for line in pid_status.splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return float("nan")


@pytest.mark.parametrize("layout", ["roll_62mm", "a4_3x8"])
def test_labels_for_every_tool_of_the_large_demo(large_db: Path, tmp_path: Path, layout: str) -> None:
    tags = _tags(large_db)
    assert len(tags) >= 10_000
    pdf = tmp_path / "labels.pdf"
    atelier = Path(sys.executable).parent / "atelier"
    # The command and its peak resident memory (VmHWM), read by a tiny wrapper just before it ends.
    wrapper = ("import os, runpy, sys, atexit\n"
               "atexit.register(lambda: open(os.environ['PEAK_FILE'], 'w').write(open('/proc/self/status').read()))\n"
               "sys.argv = sys.argv[1:]\n"
               "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    peak_file = tmp_path / "status"
    environment = {**os.environ, "PEAK_FILE": str(peak_file)}
    errors = tmp_path / "stderr"
    started = time.perf_counter()
    with errors.open("w") as error_file:
        command = subprocess.Popen([sys.executable, "-c", wrapper, str(atelier), "--db", str(large_db), "--as", "cmartin", "print",
                                    "label", "tool", *tags, "--layout", layout, "--pdf", str(pdf)],
                                   stdout=subprocess.DEVNULL, stderr=error_file, text=True, env=environment)
        together_peak = 0.0  # the command's resident memory plus its child processes', read at the same moment

        def ended() -> bool:
            nonlocal together_peak
            children = _descendants(command.pid)
            if children:
                together_peak = max(together_peak, _rss_mib(command.pid) + sum(_pss_mib(child) for child in children))
            return command.poll() is not None

        try:
            wait_until(ended, 600, "the labels were not printed in 10 minutes")
        finally:
            command.kill()
            command.wait()
    seconds = time.perf_counter() - started
    assert command.returncode == 0, errors.read_text()
    # The command's own peak (VmHWM: it comes as the PDF is written out), or its memory and its
    # children's together while they ran, whichever is higher.
    own_peak = _peak_mib(peak_file.read_text())
    peak = max(own_peak, together_peak)
    print(f"\n{len(tags)} tool labels, layout {layout}: {seconds:.1f} s, peak {peak:.0f} MiB "
          f"(the command alone {own_peak:.0f}, with its child processes {together_peak:.0f}), "
          f"PDF {pdf.stat().st_size / 1024 / 1024:.1f} MiB (target {TARGET_SECONDS:.0f} s, {TARGET_MIB:.0f} MiB)")
    require_tool("pdftoppm")
    pages = int(subprocess.run([require_tool("pdfinfo"), str(pdf)], capture_output=True, text=True, check=True,
                               timeout=120).stdout.split("Pages:")[1].split()[0])
    # The first and the last page, rendered and decoded: the labels are there, in order.
    for number, name in ((1, "first"), (pages, "last")):
        subprocess.run([require_tool("pdfseparate"), "-f", str(number), "-l", str(number), str(pdf), str(tmp_path / f"{name}.pdf")],
                       check=True, timeout=120)
    first = [text for page in decoded_pages(tmp_path / "first.pdf", tmp_path / "first") for _f, text in page]
    last = [text for page in decoded_pages(tmp_path / "last.pdf", tmp_path / "last") for _f, text in page]
    per_page = len(first)
    assert first == tags[:per_page] and last == tags[(pages - 1) * per_page:]
    assert seconds < TARGET_SECONDS and peak < TARGET_MIB
