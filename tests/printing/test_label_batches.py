"""Issue 19's large batches: a batch of labels (QR and Micro QR codes) is made in one process, the
same PDF, byte for byte, from the main thread or a worker thread (the workstation's), and it scans,
in order.

Each case runs in a fresh Python process, as the `atelier` command does, so that its standard error
is the user's: no warning, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.printing.rendered import decoded_pages

LABELS = 300

_MAKE = """
import sys, threading
from datetime import datetime, timezone
from pathlib import Path
from atelier_tui.printing.jobs import layout_named
from atelier_tui.printing.label_pdf import labels_pdf
from atelier_tui.services.labels.contents import ToolLabel

folder, layout_key = Path(sys.argv[1]), sys.argv[2]
# Every seventh a small tool (a Micro QR code), the rest QR codes of growing keys.
labels = [ToolLabel(f"AT-{number:05d}", "Screwdriver", "Tournevis", small=number % 7 == 0) for number in range(1, COUNT + 1)]
created = datetime(2026, 12, 6, 12, 0, tzinfo=timezone.utc)


def make(name):
    (folder / name).write_bytes(labels_pdf(labels, "tool", layout_named(layout_key), title="Labels", created=created))


make("main.pdf")
stop = threading.Event()
busy = threading.Thread(target=stop.wait)  # as the workstation runs its interface while printing
busy.start()
worker = threading.Thread(target=make, args=("thread.pdf",))
worker.start()
worker.join()
stop.set()
busy.join()
""".replace("COUNT", str(LABELS))


def _run(folder: Path, layout: str) -> None:
    done = subprocess.run([sys.executable, "-W", "default", "-c", _MAKE, str(folder), layout], capture_output=True,
                          text=True, timeout=600, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr  # no traceback, no warning


def test_a_batch_from_a_worker_thread_is_the_same_pdf_and_scans_in_order(tmp_path: Path) -> None:
    _run(tmp_path, "a4_3x8")
    main, thread = (tmp_path / "main.pdf").read_bytes(), (tmp_path / "thread.pdf").read_bytes()
    assert main == thread
    # A sheet of labels that scan, in order: the first page, QR and Micro QR codes.
    subprocess.run(["pdfseparate", "-f", "1", "-l", "1", str(tmp_path / "thread.pdf"), str(tmp_path / "first.pdf")], check=True,
                   timeout=120)
    [first] = decoded_pages(tmp_path / "first.pdf", tmp_path / "first")
    assert [text for _format, text in first] == [f"AT-{number:05d}" for number in range(1, 25)]
    assert {code_format for code_format, _text in first} == {"QRCode", "MicroQRCode"}
