"""Issue 19 item 3: the documents as PDF, in English and in French. Each is printed by `atelier
print ...` from a demo workshop where the work was done through the command line, and read back
with poppler: pdftotext for what it says (names, lot numbers, values with their units, verdicts;
decimal commas in French), pdftotext -bbox for where the page puts it, pdffonts for the fonts."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.services.context import Actor
from atelier_tui.services.sheets.keeping import add_anomaly
from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Staff
from tests.printing.rendered import require_tool
from tests.support.fixed_time import FIXED_NOW, command_line_clock_from

A4_POINTS = (595.28, 841.89)
MARGIN_POINTS = 15 / 25.4 * 72


def atelier(db: Path, *args: str, language: str = "en") -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": language})


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def runner_actor(db: Path) -> Actor:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            staff = session.execute(select(Staff).where(Staff.login == os_account())).scalar_one()
            return Actor(login=staff.login, role=staff.role, staff_id=staff.id)
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Papers:
    """A demo workshop after a day's work worth printing."""

    db: Path
    record_id: int  # a timegrapher calibration, adjusted
    review_id: int  # the review opened by a timegrapher found out of tolerance, one sheet decided


def _worked(db: Path) -> Papers:
    # A battery change started on a concession, measured, an anomaly noted, every step done, closed.
    atelier(db, "order", "prepare", "OR-2026-0010")  # NO-GO (exit 1): checklists not run, its lots reserved
    ok(atelier(db, "order", "start", "OR-2026-0010", "--concession", "checklists signed on paper"))
    ok(atelier(db, "sheet", "measure", "OR-2026-0010", "current", "0.95 uA", "--tool", "AT-00024"))
    engine = make_engine(f"sqlite:///{db}")
    try:
        add_anomaly(engine, runner_actor(db), datetime.now().astimezone(), "OR-2026-0010", "case", "Deep scratch on the bezel at 2 o'clock")
    finally:
        engine.dispose()
    steps = json.loads(ok(atelier(db, "sheet", "show", "OR-2026-0010", "--json")).stdout)["steps"]
    for step in range(1, len(steps) + 1):
        ok(atelier(db, "sheet", "tick", "OR-2026-0010", str(step)))
    ok(atelier(db, "sheet", "close", "OR-2026-0010"))
    # A cell left in the watch, with the reason.
    ok(atelier(db, "sheet", "not-replaced", "OR-2026-0009", "battery", "--reason", "the customer brought a new cell"))
    # A bench prepared: its pick list.
    atelier(db, "order", "prepare", "OR-2026-0016")  # NO-GO (exit 1), its lots reserved all the same
    # A timegrapher calibrated (adjusted), another found out of tolerance after serving two sheets.
    recorded = ok(atelier(db, "maintenance", "record", "AT-00046", "--plan", "timegrapher_calibration", "--result", "adjusted",
                          "--as-found", "rate_reference=0.9 s/d", "--as-found", "beat_error_reference=0.05 ms",
                          "--as-left", "rate_reference=0.1 s/d", "--cert", "LAB-2291", "--standard", "GPS 10 MHz reference",
                          "--json"))
    ok(atelier(db, "sheet", "measure", "OR-2026-0005", "rate", "+4.5 s/d", "--position", "CH", "--tool", "AT-00077"))
    ok(atelier(db, "sheet", "measure", "OR-2026-0008", "amplitude", "285 deg", "--position", "CH", "--tool", "AT-00077"))
    failed = ok(atelier(db, "maintenance", "record", "AT-00077", "--plan", "timegrapher_calibration", "--result", "fail",
                        "--as-found", "rate_reference=1.2 s/d", "--as-found", "beat_error_reference=0.05 ms", "--json"))
    review_id = json.loads(failed.stdout)["review"]["id"]
    ok(atelier(db, "maintenance", "dispose", str(review_id), "OR-2026-0005", "accepted", "--reason", "re-timed on AT-00046"))
    return Papers(db, json.loads(recorded.stdout)["record_id"], review_id)


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Papers]:
    import shutil

    db = tmp_path_factory.mktemp("papers") / "demo.db"
    shutil.copyfile(demo_template, db)
    with command_line_clock_from(FIXED_NOW):
        yield _worked(db)


def printed(papers: Papers, folder: Path, language: str, *command: str) -> Path:
    pdf = folder / f"{command[0]}-{language}.pdf"
    ok(atelier(papers.db, "print", *command, "--pdf", str(pdf), language=language))
    return pdf


def text_of(pdf: Path) -> str:
    """What the pages say, in reading order, each run of blanks one space."""
    done = subprocess.run([require_tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return " ".join(done.stdout.split())


def words_of(pdf: Path) -> list[tuple[int, float, float, str]]:
    """(page, x, y, word) of every word, in points from the page's top left corner."""
    done = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    found, page = [], 0
    for line in done.stdout.splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        if match:
            found.append((page, float(match[1]), float(match[2]), match[3]))
    return found


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    done = subprocess.run([require_tool("pdftotext"), "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return [(float(w), float(h)) for w, h in re.findall(r'<page width="([\d.]+)" height="([\d.]+)"', done.stdout)]


def test_the_sheet_gives_the_work_its_measurements_lots_anomalies_and_signatures(papers: Papers, tmp_path: Path) -> None:
    text = text_of(printed(papers, tmp_path, "en", "sheet", "OR-2026-0010"))
    for said in ("Intervention sheet OR-2026-0010", "Bench QZ-01", "Technician Camille Girard",
                 "Note the end-of-life signal",  # a step, done
                 "current consumption", "0.95 µA", "≤ 1.5 uA", "✓ pass", "AT-00024",  # value, tolerance, verdict, instrument
                 "Silver-oxide cell SR626SW (377) L2304-0021 1 piece consumed", "Finger cots L2602-0110 2 pieces consumed",
                 "case", "Deep scratch on the bezel at 2 o'clock",
                 "Work started Camille Girard", "Concession granted Test runner", "Sheet closed Test runner",
                 "Technician Quality control"):
        assert said in text, said


def test_the_sheet_in_french_has_decimal_commas_and_french_words(papers: Papers, tmp_path: Path) -> None:
    text = text_of(printed(papers, tmp_path, "fr", "sheet", "OR-2026-0010"))
    for said in ("Fiche de suivi OR-2026-0010", "0,95 µA", "≤ 1,5 uA", "✓ conforme", "Pile oxyde d'argent SR626SW (377)",
                 "L2304-0021 1 pièce consommé", "Lots consommés", "Travail commencé Camille Girard", "Contrôle qualité"):
        assert said in text, said
    assert "0.95" not in text


def test_a_part_not_replaced_is_printed_with_its_reason(papers: Papers, tmp_path: Path) -> None:
    text = text_of(printed(papers, tmp_path, "en", "sheet", "OR-2026-0009"))
    assert "not replaced the customer brought a new cell" in text
    assert "1 ☐ Note the end-of-life signal" in text  # a step still to do: a box to tick by hand


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ["C4-D1 (Tiroir 1 de l'armoire C4) Finger cots L2602-0110 2 pieces ☐", "ME-02 (bench) Silicone gasket grease L2211-0011 0.01 g ☐"]),
    ("fr", ["C4-D1 (Tiroir 1 de l'armoire C4) Doigtiers L2602-0110 2 pièces ☐", "ME-02 (poste) Graisse silicone pour joints L2211-0011 0,01 g ☐"]),
])
def test_the_pick_list_names_each_lot_in_walking_order_with_a_box_to_tick(papers: Papers, tmp_path: Path, language: str,
                                                                        lines: list[str]) -> None:
    text = text_of(printed(papers, tmp_path, language, "picklist", "OR-2026-0016"))
    assert lines[0] in text and lines[1] in text
    assert text.index(lines[0]) < text.index(lines[1])  # C4-D1 before ME-02: the order of the codes


def test_the_calibration_record_gives_each_test_point_as_found_and_as_left(papers: Papers, tmp_path: Path) -> None:
    text = text_of(printed(papers, tmp_path, "en", "record", str(papers.record_id)))
    for said in (f"Calibration record {papers.record_id}", "AT-00046 — Timegrapher (rate tester)", "Plan Annual calibration",
                 "Result adjusted", "Certificate LAB-2291", "Reference standard GPS 10 MHz reference", "By Test runner",
                 "Rate against quartz reference 0 s/d ± 0.5 s/d 0.9 s/d ✗ out of tolerance 0.1 s/d ✓ within tolerance"):
        assert said in text, said
    french = text_of(printed(papers, tmp_path, "fr", "record", str(papers.record_id)))
    for said in (f"Constat d'étalonnage {papers.record_id}", "Certificat LAB-2291", "Étalon de référence GPS 10 MHz reference",
                 "Marche contre référence quartz 0 s/j ± 0,5 s/j 0,9 s/j ✗ hors tolérance 0,1 s/j ✓ dans la tolérance"):
        assert said in french, said


def test_the_due_list_with_a_window_lists_what_the_command_lists(papers: Papers, tmp_path: Path) -> None:
    due = json.loads(ok(atelier(papers.db, "maintenance", "due", "--within", "7", "--json")).stdout)
    text = text_of(printed(papers, tmp_path, "en", "due", "--within", "7"))
    assert f"On {due['today']}: what is not ok, or falls due within 7 days" in text
    for item in due["items"]:
        assert item["tool"] in text
    # The demo's wrist strap was tested the day before it was made: due on that day.
    assert f"AT-00020 ESD wrist strap with 1 MΩ resistor Daily wrist-strap test due {due['today']}" in text
    french = text_of(printed(papers, tmp_path, "fr", "due", "--within", "7"))
    assert "Échéancier de maintenance" in french and "ce qui n'est pas à jour, ou arrive à échéance dans les 7 jours" in french


def test_the_impact_review_gives_each_sheet_its_measurements_and_the_decision(papers: Papers, tmp_path: Path) -> None:
    text = text_of(printed(papers, tmp_path, "en", "review", str(papers.review_id)))
    for said in (f"Out-of-tolerance review {papers.review_id}", "AT-00077 — Timegrapher (rate tester)",
                 "found at 1.2 s/d, outside 0 s/d ± 0.5 s/d", "open: 1 sheet(s) undecided",
                 "OR-2026-0005", "rate CH (dial up): 4.5 s/d", "work accepted", "re-timed on AT-00046",
                 "OR-2026-0008", "amplitude CH (dial up): 285°", "undecided"):
        assert said in text, said
    french = text_of(printed(papers, tmp_path, "fr", "review", str(papers.review_id)))
    assert "Revue hors tolérance" in french and "4,5 s/j" in french and "travail accepté" in french


@pytest.mark.parametrize(("command", "title", "landscape"), [
    (("sheet", "OR-2026-0010"), "Intervention", False),
    (("picklist", "OR-2026-0016"), "Pick", False),
    (("record", "{record}"), "Calibration", False),
    (("due",), "Due", True),
    (("review", "{review}"), "Out-of-tolerance", True),
])
def test_each_document_opens_with_its_title_at_the_top_left_of_an_a4_page(papers: Papers, tmp_path: Path, command: tuple[str, ...],
                                                                         title: str, landscape: bool) -> None:
    args = [a.format(record=papers.record_id, review=papers.review_id) for a in command]
    pdf = printed(papers, tmp_path, "en", *args)
    sizes = page_sizes(pdf)
    expected = tuple(reversed(A4_POINTS)) if landscape else A4_POINTS
    assert sizes and all(abs(w - expected[0]) < 1 and abs(h - expected[1]) < 1 for w, h in sizes)
    words = words_of(pdf)
    first = words[0]
    assert first[0] == 1 and first[3] == title
    assert abs(first[1] - MARGIN_POINTS) < 3 and first[2] < MARGIN_POINTS + 10  # inside the margins, at the top
    footers = {page for page, _x, y, word in words if word == f"{page}/{len(sizes)}" and y > expected[1] - MARGIN_POINTS}
    assert footers == set(range(1, len(sizes) + 1))  # "page n/N" at the foot of every page
    if command[0] == "picklist":  # the boxes to tick stand in a column at the right of the page
        boxes = [x for _page, x, _y, word in words if word == "☐"]
        assert len(boxes) == 2 and all(x > expected[0] * 0.85 for x in boxes)


def test_the_fonts_are_embedded(papers: Papers, tmp_path: Path) -> None:
    pdf = printed(papers, tmp_path, "fr", "sheet", "OR-2026-0010")
    fonts = subprocess.run([require_tool("pdffonts"), str(pdf)], capture_output=True, text=True, timeout=120, check=True).stdout
    used = [line for line in fonts.splitlines() if "DejaVuSans" in line]
    assert used and all(" yes " in line for line in used)


def test_what_the_font_cannot_print_is_marked_not_warned_about(demo_db: Path, tmp_path: Path) -> None:
    """Text typed at a bench may hold what DejaVu Sans has no glyph for (an ideogram), a tab, or a
    word longer than its column: the document still prints, says nothing but its one line, and
    marks the missing character."""
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        add_anomaly(engine, runner_actor(demo_db), datetime.now().astimezone(), "OR-2026-0005", "dial_hands",
                    "Dial signed 漢\tby a previous owner " + "x" * 300)
    finally:
        engine.dispose()
    pdf = tmp_path / "sheet.pdf"
    result = atelier(demo_db, "print", "sheet", "OR-2026-0005", "--pdf", str(pdf))
    assert result.exit_code == 0 and result.output == f"sheet OR-2026-0005 (2 pages) written to {pdf}\n"
    assert "Dial signed \ufffd by a previous owner xxxx" in text_of(pdf)
