"""Issue 19's large batches: the codes of a batch of labels are encoded by a process per core, and
the PDF is the same, byte for byte, as the one a single process makes, from the main thread or a
worker thread (the workstation's); where no process can be started (from a daemon process) the
batch is made in one, silently.

Each case runs in a fresh Python process, as the `atelier` command does, so that its standard error
is the user's: no warning, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from atelier_tui.printing.code_batches import POOL_FROM
from tests.printing.rendered import decoded_pages

LABELS = 300
assert LABELS > POOL_FROM

_MAKE = """
import multiprocessing, resource, sys, threading
from datetime import datetime, timezone
from pathlib import Path
from atelier_tui.printing.jobs import layout_named
from atelier_tui.printing.label_pdf import labels_pdf
from atelier_tui.services.labels.contents import ToolLabel

folder, layout_key, how = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
# Every seventh a small tool (a Micro QR code), the rest QR codes of growing keys.
labels = [ToolLabel(f"AT-{number:05d}", "Screwdriver", "Tournevis", small=number % 7 == 0) for number in range(1, COUNT + 1)]
created = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def make(workers, name):
    (folder / name).write_bytes(labels_pdf(labels, "tool", layout_named(layout_key), title="Labels", workers=workers,
                                           created=created))


if how == "pool":
    make(1, "one.pdf")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    make(2, "two.pdf")
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before)
elif how == "daemon":
    worker = multiprocessing.get_context("fork").Process(target=make, args=(2, "daemon.pdf"), daemon=True)
    worker.start()
    worker.join()
    print(worker.exitcode)
elif how == "thread":
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait)  # as the workstation runs its interface while printing
    busy.start()
    worker = threading.Thread(target=make, args=(2, "thread.pdf"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    worker.start()
    worker.join()
    stop.set()
    busy.join()
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - before)
""".replace("COUNT", str(LABELS))


def _run(folder: Path, layout: str, how: str) -> str:
    done = subprocess.run([sys.executable, "-W", "default", "-c", _MAKE, str(folder), layout, how], capture_output=True,
                          text=True, timeout=600, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr  # no traceback, no warning
    return done.stdout.strip()


def test_two_processes_make_the_same_pdf_as_one(tmp_path: Path) -> None:
    children_seconds = float(_run(tmp_path, "a4_3x8", "pool"))
    one, two = (tmp_path / "one.pdf").read_bytes(), (tmp_path / "two.pdf").read_bytes()
    assert children_seconds > 0  # the codes were encoded by other processes
    assert one == two
    # And it is a sheet of labels that scan, in order: the first page, QR and Micro QR codes.
    subprocess.run(["pdfseparate", "-f", "1", "-l", "1", str(tmp_path / "two.pdf"), str(tmp_path / "first.pdf")], check=True,
                   timeout=120)
    [first] = decoded_pages(tmp_path / "first.pdf", tmp_path / "first")
    assert [text for _format, text in first] == [f"AT-{number:05d}" for number in range(1, 25)]
    assert {code_format for _format_text in [first] for code_format, _text in _format_text} == {"QRCode", "MicroQRCode"}


def test_from_a_worker_thread_or_where_no_process_can_start_the_pdf_is_the_same(tmp_path: Path) -> None:
    _run(tmp_path, "roll_62mm", "pool")
    assert _run(tmp_path, "roll_62mm", "daemon") == "0"  # a daemon process may not start others
    assert float(_run(tmp_path, "roll_62mm", "thread")) > 0  # encoded by other processes all the same
    single = (tmp_path / "one.pdf").read_bytes()
    assert (tmp_path / "daemon.pdf").read_bytes() == single
    assert (tmp_path / "thread.pdf").read_bytes() == single
