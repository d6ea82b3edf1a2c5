"""An amplitude is written as watchmakers write it, 285°, wherever a person reads it (the sheet on
the command line, its Markdown export, the printed sheet and review, in English and French),
whatever was typed: '285 deg', '285°' and '285 °' are all accepted, and kept as typed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from atelier_tui.cli import cli
from atelier_tui.printing.documents import print_document
from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.sheets.keeping import record_measurement
from atelier_tui.services.sheets.queries import existing_sheet
from atelier_tui.services.staff.identity import who_is
from atelier_tui.store.engine import make_engine
from tests.printing.rendered import require_tool
from tests.support.fixed_time import FIXED_NOW

ORDER = "OR-2026-0008"  # in progress on the demo's day, a calibre with amplitude tolerances (200 deg to 315 deg in every position)


def person(engine, login: str) -> Actor:  # type: ignore[no-untyped-def]
    identity = who_is(engine, login)
    assert identity is not None
    return identity.actor()


@pytest.fixture
def measured(demo_db: Path) -> Path:
    """The demo workshop with three amplitudes typed three ways, by the timegrapher AT-00077."""
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        lead = person(engine, "cmartin")
        for position, typed in (("CH", "285 deg"), ("CB", "280°"), ("6H", "262,5 °")):
            record_measurement(engine, lead, FIXED_NOW, ORDER, "amplitude", typed, position=position, tool_tag="AT-00077")
    finally:
        engine.dispose()
    return demo_db


def atelier(db: Path, *args: str, language: str = "en") -> str:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": language})
    assert result.exit_code == 0, result.output
    return result.stdout


def pdf_text(pdf: Path) -> str:
    done = subprocess.run([require_tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return " ".join(done.stdout.split())


def test_every_way_of_typing_an_amplitude_is_accepted_and_kept_as_typed(measured: Path) -> None:
    engine = make_engine(f"sqlite:///{measured}")
    try:
        lines = existing_sheet(engine, ORDER).measurements
    finally:
        engine.dispose()
    assert [(m.position, m.value, m.unit, m.text) for m in lines if m.quantity == "amplitude"] == [
        ("CH", 285.0, "deg", "285 deg"), ("CB", 280.0, "deg", "280°"), ("6H", 262.5, "deg", "262,5 °")]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_sheet_shows_amplitudes_and_their_tolerance_with_the_degree_sign(measured: Path, language: str) -> None:
    shown = atelier(measured, "sheet", "show", ORDER, language=language)
    amplitudes = [line for line in shown.splitlines() if "CH" in line or "CB" in line or "6H" in line]
    assert len(amplitudes) == 3
    assert ": 285° [200° … 315°]" in amplitudes[0]
    assert ": 280° [200° … 315°]" in amplitudes[1]
    assert ": 262,5° [200° … 315°]" in amplitudes[2]
    assert " deg" not in shown and " °" not in shown


def test_the_markdown_export_writes_the_degree_sign(measured: Path, tmp_path: Path) -> None:
    exported = tmp_path / "sheet.md"
    atelier(measured, "sheet", "export", ORDER, "--output", str(exported), "--language", "fr")
    text = exported.read_text(encoding="utf-8")
    assert "| 285° | 200° … 315° |" in text
    assert " deg" not in text


@pytest.mark.parametrize(("language", "value"), [("en", "262.5°"), ("fr", "262,5°")])
def test_the_printed_sheet_and_review_write_the_degree_sign(measured: Path, tmp_path: Path, language: str, value: str) -> None:
    engine = make_engine(f"sqlite:///{measured}")
    try:
        lead = person(engine, "cmartin")
        sheet = tmp_path / "sheet.pdf"
        print_document(engine, lead, FIXED_NOW, "sheet", ORDER, pdf=sheet, language=language)
        done = record_maintenance(engine, lead, FIXED_NOW, "AT-00077", "timegrapher_calibration", "fail",
                                  {"rate_reference": "1.2 s/d", "beat_error_reference": "0.05 ms"})
        review = tmp_path / "review.pdf"
        print_document(engine, lead, FIXED_NOW, "review", done.review_id, pdf=review, language=language)
    finally:
        engine.dispose()
    printed = pdf_text(sheet)
    assert "285° 200° … 315°" in printed and f"{value} 200° … 315°" in printed
    assert f": {value}" in pdf_text(review)
    assert " deg" not in printed + pdf_text(review)
