"""Issue 19, printing through CUPS: `atelier print label ... --printer NAME` queues the labels with
`lp -d NAME` on a real (private) CUPS scheduler; the job that arrived is rendered and decoded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.printing.rendered import decoded_pages
from tests.printing.test_labels_scan_back import demo_keys
from tests.support.cups_server import CupsServer, cups_server


@pytest.fixture
def cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CupsServer]:
    with cups_server(tmp_path / "cups") as server:
        monkeypatch.setenv("CUPS_SERVER", server.address)
        yield server


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def last_event(db: Path) -> AuditEvent:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    finally:
        engine.dispose()


def test_labels_sent_to_a_cups_printer_arrive_and_decode(demo_db: Path, tmp_path: Path, cups: CupsServer) -> None:
    tags = demo_keys(demo_db)["tool"]
    result = atelier(demo_db, "print", "label", "tool", *tags, "--layout", "a4_3x8", "--printer", cups.queue)
    assert result.exit_code == 0, result.output
    assert f"2 labels (a4_3x8) sent to printer {cups.queue} ({cups.queue}-1)" in result.output
    [arrived] = cups.documents()
    assert arrived.read_bytes().startswith(b"%PDF")
    decoded = [text for page in decoded_pages(arrived, tmp_path / "pages") for _format, text in page]
    assert decoded == tags
    event = last_event(demo_db)
    assert event.action == "label.print" and event.after["printer"] == cups.queue and event.after["keys"] == tags


def test_an_unknown_printer_is_one_line_exit_2_and_nothing_audited(demo_db: Path, cups: CupsServer) -> None:
    before = last_event(demo_db).id
    result = atelier(demo_db, "print", "label", "tool", demo_keys(demo_db)["tool"][0], "--printer", "no-such-queue")
    assert result.exit_code == 2
    assert result.output == "printer 'no-such-queue': The printer or class does not exist.\n"
    assert cups.documents() == [] and last_event(demo_db).id == before
