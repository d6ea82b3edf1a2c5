"""Issue 19 item 5, documents over SSH: a person at a remote terminal (the real OpenSSH client,
through `atelier serve ssh`) prints with `P` the intervention sheet, the pick list of an order
once `p` has reserved its lots, and a calibration record from the planner. Each goes to the
workshop's document printer (a real CUPS scheduler, which keeps the job it received) and is saved
in the documents folder of the settings, its full path said on the person's screen."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.builtin_ssh import BuiltinServer, make_test_runner_the_gateway, register_key
from tests.e2e.terminal import Terminal
from tests.printing.rendered import rendered_pages, require_tool
from tests.support.cups_server import CupsServer, cups_server
from tests.support.polling import wait_until

pytestmark = pytest.mark.slow

ENDED = "[ssh ended: "


@dataclass
class RemoteSession:
    terminal: Terminal
    server: BuiltinServer
    documents: Path
    printer: CupsServer

    def saved_pdf(self) -> Path:
        wait_until(lambda: list(self.documents.glob("*.pdf")) != [], 60, "no PDF was saved in the documents folder")
        [saved] = self.documents.glob("*.pdf")
        return saved

    def printed_pdf(self) -> Path:
        wait_until(lambda: self.printer.documents() != [], 60, "no job reached the printer")
        [arrived] = self.printer.documents()
        return arrived


def _unwrapped(screen: str) -> str:
    """The screen's text with the toast's frame and every blank taken out: a path the toast wraps
    over several lines reads whole again (a path written here has no blank in it)."""
    return re.sub(r"[\s▌▐▎▏│]", "", screen)


def pdf_text(path: Path) -> str:
    return subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True,
                          timeout=120).stdout


@pytest.fixture
def cups(tmp_path: Path) -> Iterator[CupsServer]:
    with cups_server(tmp_path / "cups", queue="Office") as server:
        yield server


def remote_session(tmp_path: Path, demo_template: Path, login: str, cups: CupsServer) -> Iterator[RemoteSession]:
    database = tmp_path / "atelier.db"
    shutil.copyfile(demo_template, database)
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    key = register_key(database, keys, login)
    make_test_runner_the_gateway(database)
    documents = tmp_path / "documents"
    server = BuiltinServer(database, tmp_path / "data", env={
        "ATELIER_DOCUMENTS": str(documents), "ATELIER_DOCUMENT_PRINTER": cups.queue, "ATELIER_LABEL_PRINTER": "",
        "CUPS_SERVER": cups.address})
    terminal = Terminal(f"{' '.join(server.ssh(key, login))}; echo '{ENDED}'$?']'; sleep 60", {"TERM": "xterm-256color"},
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
    wait_until(lambda: _unwrapped(notice) in _unwrapped(session.terminal.screen()), 30,
               lambda: f"'{notice}' is not on the screen:\n{session.terminal.screen()}")


def test_p_on_the_sheet_over_ssh_prints_it_and_saves_the_pdf(technician: RemoteSession, tmp_path: Path) -> None:
    terminal = technician.terminal
    terminal.wait_for("Thomas Moreau")
    open_order(terminal, "OR-2026-0008")
    terminal.keys("f")
    terminal.wait_for("atelier — Intervention sheet OR-2026-0008", "0/19 steps ticked")
    terminal.keys("P")
    saved = technician.saved_pdf()
    arrived = technician.printed_pdf()
    said_on_screen(technician, f"Sheet of OR-2026-0008: sent to printer Office; PDF saved as {saved}")
    assert saved.parent == technician.documents and saved.name.startswith("sheet-OR-2026-0008")
    assert arrived.read_bytes() == saved.read_bytes()
    pages = rendered_pages(saved, tmp_path / "pages")
    assert len(pages) == 2
    assert "OR-2026-0008" in pdf_text(saved)
