"""A printed document speaks its own language, whatever the interface's: the out-of-tolerance
review's finding and the due list's reason a tool is out of service are worded in the document's
language (a lead reading English prints the review in French for the workshop's file, or the
reverse), read back from the PDF as a person reads it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from atelier_tui.i18n import set_language
from atelier_tui.printing.documents import print_document
from atelier_tui.services.context import Actor
from atelier_tui.services.maintenance.records import record_maintenance
from atelier_tui.services.sheets.keeping import record_measurement
from atelier_tui.services.staff.identity import who_is
from tests.printing.rendered import require_tool
from tests.support.fixed_time import FIXED_NOW

NOW = FIXED_NOW  # the demo's day: its instruments are within their calibration
NNBSP = "\u202f"
FINDING_EN = "Annual calibration: Rate against quartz reference found at 1.2 s/d, outside 0 s/d ± 0.5 s/d"
FINDING_FR = "Étalonnage annuel : Marche contre référence quartz trouvé à 1,2 s/j, hors tolérance 0 s/j ± 0,5 s/j"


def person(engine, login: str) -> Actor:  # type: ignore[no-untyped-def]
    identity = who_is(engine, login)
    assert identity is not None
    return identity.actor()


def pdf_text(pdf: Path) -> str:
    """What the pages say, each run of blanks (the narrow no-break space included) one space."""
    done = subprocess.run([require_tool("pdftotext"), "-raw", str(pdf), "-"], capture_output=True, text=True, timeout=120, check=True)
    return " ".join(done.stdout.replace(NNBSP, " ").split())


def failed_timegrapher(engine) -> int:  # type: ignore[no-untyped-def]
    """A timegrapher that measured a sheet's rate, then found out of tolerance: the review it opened."""
    lead = person(engine, "cmartin")
    record_measurement(engine, lead, NOW, "OR-2026-0005", "rate", "+4.5 s/d", position="CH", tool_tag="AT-00077")
    done = record_maintenance(engine, lead, NOW, "AT-00077", "timegrapher_calibration", "fail",
                              {"rate_reference": "1.2 s/d", "beat_error_reference": "0.05 ms"})
    assert done.review_id is not None
    return done.review_id


def test_the_review_printed_in_french_from_an_english_interface_says_its_finding_in_french(demo_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review = failed_timegrapher(demo_engine)
    set_language("en")
    pdf = tmp_path / "review-fr.pdf"
    print_document(demo_engine, person(demo_engine, "cmartin"), NOW, "review", review, pdf=pdf, language="fr")
    text = pdf_text(pdf)
    assert f"Constat {FINDING_FR}" in text
    assert "found at" not in text and "Annual calibration" not in text


def test_the_review_printed_in_english_from_a_french_interface_says_its_finding_in_english(demo_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review = failed_timegrapher(demo_engine)
    set_language("fr")
    pdf = tmp_path / "review-en.pdf"
    print_document(demo_engine, person(demo_engine, "cmartin"), NOW, "review", review, pdf=pdf, language="en")
    text = pdf_text(pdf)
    assert f"Finding {FINDING_EN}" in text
    assert "trouvé à" not in text


def test_the_due_list_in_french_gives_why_a_tool_is_out_of_service_in_french(demo_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    failed_timegrapher(demo_engine)
    set_language("en")
    pdf = tmp_path / "due-fr.pdf"
    print_document(demo_engine, person(demo_engine, "cmartin"), NOW, "due", None, pdf=pdf, language="fr")
    text = pdf_text(pdf)
    assert "AT-00077" in text
    assert FINDING_FR.replace(" ", "") in text.replace(" ", "")  # in a narrow column, the sentence wraps
    assert "found at" not in text



FRESH_PROCESS_WORDS = """
from atelier_tui.i18n import set_language
from atelier_tui.printing.document_words import Words
from atelier_tui.wording.status_reasons import finding_sentence
set_language("en")
print(finding_sentence("Étalonnage annuel", "Marche", "1,2 s/j", "0 s/j", "0,5 s/j", tr=Words("fr")))
"""


def test_french_on_paper_sets_its_colons_apart_with_a_narrow_no_break_space_from_an_english_interface() -> None:
    # A process whose interface never spoke French (the printed PDF's text, read back, shows every
    # space alike): the document's catalog gets French typography on its own. It once did only
    # when the interface had loaded French first, in the same process.
    done = subprocess.run([sys.executable, "-c", FRESH_PROCESS_WORDS], capture_output=True, text=True, check=True, timeout=120)
    assert done.stdout.strip() == f"Étalonnage annuel{NNBSP}: Marche trouvé à 1,2 s/j, hors tolérance 0 s/j ± 0,5 s/j"
