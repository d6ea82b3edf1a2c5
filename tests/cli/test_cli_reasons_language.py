"""Reasons the workstation gives for what it did on its own account, read on the command line in
the reader's language whatever the language of the session that did it: a calibration found out of
tolerance (the tool out of service, its review, the interval proposal) recorded in English reads in
French with French decimal commas, a failed verification recorded in French reads in English.
`audit list` prints its events in words; --json keeps the codes and keys the trail stores."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli
from tests.support.readiness_db import prepare_workshop

OFF = ("--as-found", "voltage_1_5=1.53 V", "--as-found", "resistance_1_8k=1.8 kohm", "--as-found", "current_10u=10 uA",
       "--as-left", "voltage_1_5=1.50 V")
FRENCH_FINDING = "Étalonnage annuel\u202f: Tension continue 1,5 V trouvé à 1,53 V, hors tolérance 1,5 V ± 0,01 V"
ENGLISH_FINDING = "Annual calibration: DC voltage 1.5 V found at 1.53 V, outside 1.5 V ± 0.01 V"


@pytest.fixture
def db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    prepare_workshop(catalogued_engine, cells=2, now=datetime.now().astimezone(), unmaintained=("QZ-A-05",))
    return catalogued_db


def atelier(db: Path, *args: str, language: str) -> Result:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": language})
    assert result.exit_code == 0, result.output
    return result


def lines_about(text: str, what: str) -> list[str]:
    return [line for line in text.splitlines() if what in line]


@pytest.fixture
def found_out_in_english(db: Path) -> Path:
    atelier(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "adjusted", *OFF, language="en")
    return db


def test_a_finding_recorded_in_english_reads_in_french_in_the_trail_the_review_and_the_proposal(found_out_in_english: Path) -> None:
    db = found_out_in_english
    trail = atelier(db, "audit", "list", "--limit", "4", language="fr").stdout
    header, *events = trail.splitlines()
    assert len(events) == 4
    assert header.split() == ["id", "temps", "auteur", "action", "quoi", "motif"]
    out, = lines_about(trail, "outil QZ-A-05  ")
    assert "hors service" in out and out.rstrip().endswith(FRENCH_FINDING), out
    review, = lines_about(trail, "revue ouverte")
    assert review.rstrip().endswith(FRENCH_FINDING), review
    proposal, = lines_about(trail, "intervalle proposé")
    assert proposal.rstrip().endswith("trouvé hors tolérance"), proposal
    assert not any(english in trail for english in ("found", "Annual", "out_of_service", "review.open", "interval.propose"))
    reviews = atelier(db, "maintenance", "reviews", "--all", language="fr").stdout
    assert lines_about(reviews, "QZ-A-05")[0].rstrip().endswith(FRENCH_FINDING), reviews
    proposals = atelier(db, "maintenance", "proposals", language="fr").stdout
    assert "Étalonnage annuel" in proposals and "(trouvé hors tolérance)" in proposals and "multimeter_calibration" not in proposals
    # the English reader reads the same events in English, with decimal points
    english = atelier(db, "audit", "list", "--limit", "4", language="en").stdout
    assert lines_about(english, "tool QZ-A-05  ")[0].rstrip().endswith(ENGLISH_FINDING)
    assert "out of service" in english and "review opened" in english and "interval proposed" in english


def test_json_keeps_the_codes_and_stores_no_sentence(found_out_in_english: Path) -> None:
    events = json.loads(atelier(found_out_in_english, "audit", "list", "--key", "QZ-A-05", "--json", language="fr").stdout)
    out = next(event for event in events if event["action"] == "out_of_service")
    assert (out["entity"], out["entity_key"], out["reason"]) == ("tool", "QZ-A-05", "")
    assert isinstance(out["after"]["status_record_id"], int) and out["after"]["status_reason"] == ""


def test_a_failure_recorded_in_french_reads_in_english(db: Path) -> None:
    atelier(db, "maintenance", "record", "QZ-A-07", "--plan", "wrist_strap_daily_test", "--result", "fail", language="fr")
    today = datetime.now().astimezone().date().isoformat()
    english = atelier(db, "audit", "list", "--key", "QZ-A-07", language="en").stdout
    out, = lines_about(english, "out of service")
    assert out.rstrip().endswith(f"tool QZ-A-07  Daily wrist-strap test: failed on {today}"), english
    assert "non conforme" not in english and "hors service" not in english
    french = atelier(db, "audit", "list", "--key", "QZ-A-07", language="fr").stdout
    assert lines_about(french, "hors service")[0].rstrip().endswith(f"Test quotidien du bracelet antistatique\u202f: non conforme le {today}")

