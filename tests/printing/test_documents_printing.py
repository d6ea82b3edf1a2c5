"""Issue 19 item 4: `atelier print sheet|picklist|record|due|review`. A document sent to a real
(private) CUPS scheduler arrives as the PDF that was printed, on the printer named or on the
`document_printer` of the settings; every printing is in the audit trail (who printed what); bad
input is one line and exit 2, an object with nothing to print exit 1, and neither writes a file
nor an audit event."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.printing.test_documents import text_of
from tests.support.cups_server import CupsServer, cups_server


@pytest.fixture
def cups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[CupsServer]:
    with cups_server(tmp_path / "cups", queue="office") as server:
        monkeypatch.setenv("CUPS_SERVER", server.address)
        yield server


def atelier(db: Path, *args: str, **env: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": "en", **env})


def last_event(db: Path) -> AuditEvent:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).scalar_one()
    finally:
        engine.dispose()


def test_a_sheet_sent_to_the_document_printer_of_the_settings_arrives(demo_db: Path, tmp_path: Path, cups: CupsServer) -> None:
    result = atelier(demo_db, "print", "sheet", "OR-2026-0005", "--json", ATELIER_DOCUMENT_PRINTER=cups.queue)
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    assert said["kind"] == "sheet" and said["key"] == "OR-2026-0005" and said["printer"] == cups.queue and said["pdf"] is None
    assert said["job"] == f"{cups.queue}-1"
    [arrived] = cups.documents()
    assert arrived.read_bytes().startswith(b"%PDF")
    copy = tmp_path / "arrived.pdf"
    copy.write_bytes(arrived.read_bytes())
    text = text_of(copy)
    assert "Intervention sheet OR-2026-0005" in text and "Bench ME-01" in text and "Technician Lucas Bernard" in text
    event = last_event(demo_db)
    assert (event.action, event.entity, event.entity_key) == ("document.print", "repair_order", "OR-2026-0005")
    assert event.after["kind"] == "sheet" and event.after["printer"] == cups.queue and event.after["pages"] == said["pages"]


def test_the_printer_named_wins_over_the_setting_and_says_so(demo_db: Path, cups: CupsServer) -> None:
    result = atelier(demo_db, "print", "due", "--within", "7", "--printer", cups.queue, ATELIER_DOCUMENT_PRINTER="no-such-queue")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("due ") and f"sent to printer {cups.queue} ({cups.queue}-1)" in result.output
    assert len(cups.documents()) == 1


def test_an_unknown_printer_is_one_line_exit_2_and_nothing_audited(demo_db: Path, cups: CupsServer) -> None:
    before = last_event(demo_db).id
    result = atelier(demo_db, "print", "sheet", "OR-2026-0005", "--printer", "no-such-queue")
    assert result.exit_code == 2
    assert result.output == "printer 'no-such-queue': The printer or class does not exist.\n"
    assert cups.documents() == [] and last_event(demo_db).id == before


def test_a_pdf_written_is_audited_with_its_path(demo_db: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "due.pdf"
    result = atelier(demo_db, "print", "due", "--pdf", str(pdf))
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    event = last_event(demo_db)
    assert event.action == "document.print" and event.after["pdf"] == str(pdf.resolve()) and event.after["kind"] == "due"
    assert event.after["language"] == "en"


@pytest.mark.parametrize(("args", "code", "said"), [
    (("sheet", "OR-9999-0001"), 2, "order 'OR-9999-0001': no such repair order\n"),
    (("sheet", "OR-2026-0016"), 1, "order OR-2026-0016 has no intervention sheet yet: start the work first\n"),
    (("picklist", "OR-9999-0001"), 2, "order 'OR-9999-0001': no such repair order\n"),
    (("picklist", "OR-2026-0011"), 1,
     "order OR-2026-0011 has no lot reserved to pick: `atelier order prepare OR-2026-0011` reserves them\n"),
    (("record", "999999"), 2, "ID: no maintenance record 999999\n"),
    (("review", "999999"), 2, "ID: no out-of-tolerance review 999999\n"),
])
def test_bad_input_is_exit_2_and_nothing_to_print_exit_1_and_no_file_is_written(demo_db: Path, tmp_path: Path, args: tuple[str, ...],
                                                                                code: int, said: str) -> None:
    before = last_event(demo_db).id
    pdf = tmp_path / "out.pdf"
    result = atelier(demo_db, "print", *args, "--pdf", str(pdf))
    assert (result.exit_code, result.output) == (code, said)
    assert not pdf.exists() and list(tmp_path.glob("*.part")) == [] and last_event(demo_db).id == before


def test_a_review_that_lists_no_sheet_has_nothing_to_print(demo_db: Path, tmp_path: Path) -> None:
    recorded = atelier(demo_db, "maintenance", "record", "AT-00046", "--plan", "timegrapher_calibration", "--result", "fail", "--json")
    review_id = json.loads(recorded.stdout)["review"]["id"]
    result = atelier(demo_db, "print", "review", str(review_id), "--pdf", str(tmp_path / "review.pdf"))
    assert result.exit_code == 1
    assert result.output == (f"review {review_id} lists no intervention sheet (none used the instrument in its window): "
                             "nothing to print\n")


def test_without_a_printer_or_a_file_the_command_says_what_to_give(demo_db: Path) -> None:
    result = atelier(demo_db, "print", "due")
    assert result.exit_code == 2
    assert result.output == "give --pdf FILE or --printer NAME (no document_printer is set in the settings)\n"
    both = atelier(demo_db, "print", "due", "--pdf", "x.pdf", "--printer", "office")
    assert (both.exit_code, both.output) == (2, "give either --pdf FILE or --printer NAME, not both\n")
