"""Issue 19 item 5, documents over SSH: a person at a remote terminal (the real OpenSSH client,
through `atelier serve ssh`) prints with `P` the intervention sheet, the pick list of an order
once `p` has reserved its lots, and a calibration record from the planner. Each goes to the
workshop's document printer (a real CUPS scheduler, which keeps the job it received) and is saved
in the documents folder of the settings, its full path said on the person's screen."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.builtin_ssh import ENDED, BuiltinServer, demo_with_a_key, ssh_then_say_ended
from tests.e2e.terminal import Terminal, blankless, notices_text
from tests.printing.rendered import rendered_pages, require_tool
from tests.support.cups_server import CupsServer, cups_server
from tests.support.polling import wait_until

pytestmark = pytest.mark.slow



@dataclass
class RemoteSession:
    terminal: Terminal
    server: BuiltinServer
    documents: Path
    printer: CupsServer

    def saved_pdf(self, prefix: str) -> Path:
        """The one PDF of the documents folder whose name starts with `prefix`, once it is there."""
        wait_until(lambda: list(self.documents.glob(f"{prefix}*.pdf")) != [], 60,
                   f"no PDF {prefix}… was saved in the documents folder")
        [saved] = self.documents.glob(f"{prefix}*.pdf")
        return saved

    def printed_pdf(self, job: int) -> Path:
        """The document of the printer's `job`-th job (counted from 1), once it has arrived."""
        wait_until(lambda: len(self.printer.documents()) >= job, 60, f"job {job} did not reach the printer")
        assert len(self.printer.documents()) == job, self.printer.documents()
        return self.printer.documents()[job - 1]


def pdf_text(path: Path) -> str:
    return subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout


@pytest.fixture
def cups(tmp_path: Path) -> Iterator[CupsServer]:
    with cups_server(tmp_path / "cups", queue="Office") as server:
        yield server


def remote_session(tmp_path: Path, demo_template: Path, login: str, cups: CupsServer) -> Iterator[RemoteSession]:
    database, key = demo_with_a_key(tmp_path, demo_template, login)
    documents = tmp_path / "documents"
    server = BuiltinServer(database, tmp_path / "data", env={
        "ATELIER_DOCUMENTS": str(documents), "ATELIER_DOCUMENT_PRINTER": cups.queue, "ATELIER_LABEL_PRINTER": "",
        "CUPS_SERVER": cups.address})
    terminal = Terminal(ssh_then_say_ended(server, key, login), {"TERM": "xterm-256color"},
                        width=120, height=40)
    try:
        yield RemoteSession(terminal, server, documents, cups)
        terminal.keys("q")
        terminal.wait_for(ENDED, timeout=15)
    finally:
        terminal.close()
        assert server.stop() == 0, server.log_text()


@pytest.fixture
def technician(tmp_path: Path, demo_template: Path, cups: CupsServer) -> Iterator[RemoteSession]:
    yield from remote_session(tmp_path, demo_template, "tmoreau", cups)


@pytest.fixture
def lead(tmp_path: Path, demo_template: Path, cups: CupsServer) -> Iterator[RemoteSession]:
    yield from remote_session(tmp_path, demo_template, "cmartin", cups)


def open_order(terminal: Terminal, reference: str) -> None:
    terminal.keys("5")
    terminal.keys("/")
    terminal.keys(reference, literal=True)
    terminal.wait_for("1–1 of 1")
    terminal.keys("Enter")
    terminal.keys("Enter")
    terminal.wait_for(f"atelier — {reference}", "f Sheet")


def said_on_screen(session: RemoteSession, notice: str) -> None:
    """`notice` is on the screen, however the toast wraps it."""
    wait_until(lambda: blankless(notice) in notices_text(session.terminal.screen()), 30,
               lambda: f"'{notice}' is not on the screen:\n{session.terminal.screen()}")


def test_p_on_the_sheet_over_ssh_prints_it_and_saves_the_pdf(technician: RemoteSession, tmp_path: Path) -> None:
    terminal = technician.terminal
    terminal.wait_for("Thomas Moreau")
    open_order(terminal, "OR-2026-0008")
    terminal.keys("f")
    terminal.wait_for("atelier — Intervention sheet OR-2026-0008", "0/19 steps ticked")
    terminal.keys("P")
    saved = technician.saved_pdf("sheet-OR-2026-0008-")
    arrived = technician.printed_pdf(1)
    said_on_screen(technician, f"Sheet of OR-2026-0008: sent to printer Office; PDF saved as {saved}")
    assert arrived.read_bytes() == saved.read_bytes()
    assert len(rendered_pages(saved, tmp_path / "pages")) == 2
    text = pdf_text(saved)
    assert "OR-2026-0008" in text and "Oris Big Crown Pointer Date" in text


def test_pick_list_and_calibration_record_over_ssh_print_and_are_saved(lead: RemoteSession, tmp_path: Path) -> None:
    terminal = lead.terminal
    terminal.wait_for("Claire Martin")
    open_order(terminal, "OR-2026-0010")
    terminal.wait_for("NO-GO not ready on bench QZ-01")  # `p` prepares what the readiness check found
    terminal.keys("p")
    terminal.wait_for("Prepare bench QZ-01 for OR-2026-0010")
    terminal.keys("y")
    terminal.wait_for("Pick list, by store location:", "BAT-1: lot")
    terminal.keys("P")
    picklist = lead.saved_pdf("picklist-OR-2026-0010-")
    said_on_screen(lead, f"Pick list of OR-2026-0010: sent to printer Office; PDF saved as {picklist}")
    assert lead.printed_pdf(1).read_bytes() == picklist.read_bytes()
    assert len(rendered_pages(picklist, tmp_path / "picklist-pages")) == 1
    text = pdf_text(picklist)
    assert "Pick list OR-2026-0010" in text and "Silver-oxide cell SR626SW" in text and "L2304-0021" in text

    terminal.keys("Escape")
    terminal.keys("6")
    terminal.wait_for("atelier — Planner")
    terminal.keys("/")
    # Typed once the field shows, as a person does: a key that reached a remote planner before
    # its filter field had taken focus went to the list (the note of session 11 says more).
    terminal.wait_for("Filter (Esc to clear)")
    terminal.keys("tool:AT-00046", literal=True)
    terminal.keys("Enter")
    terminal.wait_for("filter: tool:AT-00046", "Overdue — 1")
    terminal.keys("P")
    record = lead.saved_pdf("record-")
    said_on_screen(lead, f"Record of AT-00046 (timegrapher_calibration): sent to printer Office; PDF saved as {record}")
    assert lead.printed_pdf(2).read_bytes() == record.read_bytes()
    assert len(rendered_pages(record, tmp_path / "record-pages")) == 1
    text = pdf_text(record)
    assert "Calibration record" in text and "AT-00046 — Timegrapher (rate tester)" in text and "CAL-2025-0007" in text
