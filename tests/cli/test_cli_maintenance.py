"""`atelier maintenance ...` as a lead or a script uses it: the due list, records with typed
readings, the impact of an instrument found out of tolerance, reviews and dispositions,
reschedules, counter corrections and interval proposals. JSON shapes as docs/maintenance.md
documents them; exit 0 on success, 2 with one line naming the argument or option on bad input."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli
from tests.support.readiness_db import add_battery_order, prepare_workshop

GOOD = ("--as-found", "voltage_1_5=1.502 V", "--as-found", "resistance_1_8k=1805 ohm", "--as-found", "current_10u=10 uA")
OFF = ("--as-found", "voltage_1_5=1,53 V", "--as-found", "resistance_1_8k=1.8 kohm", "--as-found", "current_10u=10 uA",
       "--as-left", "voltage_1_5=1.50 V")


@pytest.fixture
def db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=2, now=now, unmaintained=("QZ-A-05",))  # its history is the tests'
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=now.date())
    return catalogued_db


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def ok(db: Path, *args: str) -> Result:
    result = atelier(db, *args)
    assert result.exit_code == 0, result.output
    return result


def as_json(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return json.loads(ok(db, *args, "--json").stdout)


def yesterday() -> str:
    return (datetime.now().astimezone().date() - timedelta(days=1)).isoformat()


def test_due_lists_every_plan_of_every_tool_in_service_as_json(db: Path) -> None:
    due = as_json(db, "maintenance", "due")
    assert set(due) == {"today", "items", "apart"} and due["apart"] == []
    multimeter = next(i for i in due["items"] if i["tool"] == "QZ-A-05")
    assert multimeter == {
        "tool": "QZ-A-05", "tool_type": "multimeter", "status": "in_service", "bench": "QZ-A", "where": "QZ-A", "usage_count": 0,
        "plan": "multimeter_calibration", "kind": "calibration", "every_days": 365, "plan_days": 365, "every_uses": None,
        "grace_days": 0, "last_done": None, "next_due_on": due["today"], "uses_left": None, "state": "due",
        "rescheduled": False, "reschedule_reason": "", "blocks": ["OR-A"],  # never calibrated: it stops the job
    }
    text = ok(db, "maintenance", "due", "--within", "7").stdout
    assert "QZ-A-05" in text and "multimeter_calibration" in text and "due" in text


def test_the_text_due_list_has_a_header_and_names_each_plan_in_the_readers_language(db: Path) -> None:
    english = ok(db, "maintenance", "due").stdout.splitlines()
    assert english[0].split() == ["tool", "plan", "name", "state", "due", "on", "where", "blocks"]
    multimeter = next(line for line in english if line.startswith("QZ-A-05"))
    assert "multimeter_calibration" in multimeter and "Annual calibration" in multimeter and "OR-A" in multimeter
    french = CliRunner().invoke(cli, ["--db", str(db), "maintenance", "due"], env={"ATELIER_LANG": "fr"}).stdout.splitlines()
    assert french[0].split() == ["outil", "plan", "nom", "état", "échéance", "où", "bloque"]
    multimeter = next(line for line in french if line.startswith("QZ-A-05"))
    assert "multimeter_calibration" in multimeter and "Étalonnage annuel" in multimeter and "Annual" not in multimeter


def test_record_parses_the_readings_with_their_units_and_moves_the_schedule(db: Path) -> None:
    record = as_json(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "pass", *GOOD,
                     "--cert", "CAL-2026-0042", "--standard", "Fluke 5522A", "--at", yesterday())
    assert (record["tool"], record["plan"], record["kind"], record["result"]) == ("QZ-A-05", "multimeter_calibration", "calibration", "pass")
    assert (record["ad_hoc"], record["moves_schedule"], record["found_in_tolerance"], record["out_of_service"]) == (False, True, True, False)
    assert record["performed_at"].startswith(yesterday()) and record["review"] is None and record["proposal"] is None
    resistance = next(r for r in record["readings"] if r["point"] == "resistance_1_8k")
    assert resistance == {"point": "resistance_1_8k", "nominal": {"value": 1.8, "unit": "kiloohm", "text": "1.8 kohm"},
                          "tolerance": {"value": 0.02, "unit": "kiloohm", "text": "0.02 kohm"},
                          "as_found": {"value": 1.805, "unit": "kiloohm", "text": "1805 ohm"}, "found_in_tolerance": True,
                          "as_left": None, "left_in_tolerance": None}
    due = as_json(db, "maintenance", "due")
    multimeter = next(i for i in due["items"] if i["tool"] == "QZ-A-05")
    assert multimeter["state"] == "ok" and multimeter["last_done"].startswith(yesterday())
    ad_hoc = as_json(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "pass", *GOOD, "--ad-hoc")
    assert (ad_hoc["ad_hoc"], ad_hoc["moves_schedule"]) == (True, False)
    text = ok(db, "maintenance", "record", "QZ-A-07", "--plan", "wrist_strap_daily_test", "--result", "pass").stdout
    assert text.startswith("QZ-A-07: wrist_strap_daily_test recorded, pass")


@pytest.mark.parametrize(("args", "line"), [
    (("--plan", "nope", "--result", "pass"), "--plan: 'nope' is not a plan of QZ-A-05 (its plans: multimeter_calibration)"),
    (("--plan", "multimeter_calibration", "--result", "good"), "--result: 'good' is not one of pass, adjusted, fail"),
    (("--plan", "multimeter_calibration", "--result", "pass", "--as-found", "voltage_1_5"),
     "--as-found: 'voltage_1_5' is not POINT=VALUE"),
    (("--plan", "multimeter_calibration", "--result", "pass", "--as-found", "voltage_1_5=2 bar"),
     "--as-found: voltage_1_5: '2 bar' is a pressure; expected a voltage (volt)"),
    (("--plan", "multimeter_calibration", "--result", "pass", "--at", "yesterday"),
     "--at: 'yesterday' is not a date (YYYY-MM-DD) or a date and time"),
])
def test_bad_input_exits_2_with_one_line_naming_the_option(db: Path, args: tuple[str, ...], line: str) -> None:
    result = atelier(db, "maintenance", "record", "QZ-A-05", *args)
    assert result.exit_code == 2 and result.stderr.strip() == line


def test_impact_lists_the_sheets_that_used_an_instrument_found_out_of_tolerance(db: Path) -> None:
    ok(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "pass", *GOOD, "--at", yesterday())
    ok(db, "order", "start", "OR-A")
    ok(db, "sheet", "measure", "OR-A", "current", "1.2 uA", "--tool", "QZ-A-05")
    found = as_json(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "adjusted", *OFF)
    assert found["out_of_service"] and found["found_in_tolerance"] is False
    # typed '1,53 V' (a French decimal comma): an English reader reads it with a decimal point
    assert found["status_reason"] == "Annual calibration: DC voltage 1.5 V found at 1.53 V, outside 1.5 V ± 0.01 V"
    assert found["review"] == {"id": found["review"]["id"], "sheets": 1}
    assert found["proposal"]["current_days"] == 365 and found["proposal"]["proposed_days"] == 183

    impact = as_json(db, "maintenance", "impact", "QZ-A-05")
    assert impact["tool"] == "QZ-A-05"
    sheet, = impact["sheets"]
    assert (sheet["review_id"], sheet["order"], sheet["watch"], sheet["bench"], sheet["technician"], sheet["sheet_status"]) == (
        found["review"]["id"], "OR-A", "Swatch Skin", "QZ-A", "Sophie Lefèvre", "open")
    assert set(sheet) == {"review_id", "order", "watch", "brand", "model", "customer_ref", "bench", "technician", "sheet_status",
                          "opened_at", "closed_at", "used_at", "measurements", "disposition", "reason", "decided_by", "decided_at"}
    measurement, = sheet["measurements"]
    assert (measurement["quantity"], measurement["text"], measurement["value"], measurement["unit"]) == (
        "current", "1.2 uA", 1.2, "uA")
    assert sheet["disposition"] == "" and "OR-A" in ok(db, "maintenance", "impact", "QZ-A-05").stdout

    review, = as_json(db, "maintenance", "reviews")
    assert (review["tool"], review["plan"], review["sheets"], review["undecided"], review["closed_at"]) == (
        "QZ-A-05", "multimeter_calibration", 1, 1, None)
    assert review["window_start"].startswith(yesterday())
    detail = as_json(db, "maintenance", "review", str(review["id"]))
    assert [item["order"] for item in detail["items"]] == ["OR-A"]
    refused = atelier(db, "maintenance", "dispose", str(review["id"]), "OR-A", "accepted")
    assert refused.exit_code == 2 and refused.stderr.startswith("--reason: ")
    wrong = atelier(db, "maintenance", "dispose", str(review["id"]), "OR-Z", "recalled")
    assert wrong.exit_code == 2 and wrong.stderr.startswith("REF: OR-Z is not under review")
    done = ok(db, "maintenance", "dispose", str(review["id"]), "OR-A", "recalled").stdout
    assert f"review {review['id']} closed" in done
    assert as_json(db, "maintenance", "reviews") == []
    assert as_json(db, "maintenance", "impact", "QZ-A-05")["sheets"][0]["disposition"] == "recalled"

    due = as_json(db, "maintenance", "due")
    apart, = due["apart"]
    assert (apart["tool"], apart["status"], apart["plans"]) == ("QZ-A-05", "out_of_service", ["multimeter_calibration"])
    proposal, = as_json(db, "maintenance", "proposals")
    assert (proposal["direction"], proposal["state"], proposal["proposed_days"]) == ("shorter", "proposed", 183)
    assert "declined" in ok(db, "maintenance", "decide", str(proposal["id"]), "decline").stdout
    assert as_json(db, "maintenance", "proposals") == []
    assert as_json(db, "maintenance", "proposals", "--all")[0]["state"] == "declined"


def test_a_reason_recorded_in_english_reads_in_french_for_a_french_reader(db: Path) -> None:
    ok(db, "maintenance", "record", "QZ-A-05", "--plan", "multimeter_calibration", "--result", "adjusted", *OFF)
    french = CliRunner().invoke(cli, ["--db", str(db), "maintenance", "due"], env={"ATELIER_LANG": "fr"})
    assert french.exit_code == 0, french.output
    line = next(line for line in french.stdout.splitlines() if "QZ-A-05" in line and "(" in line)
    assert "(Étalonnage annuel\u202f: Tension continue 1,5 V trouvé à 1,53 V, hors tolérance" in line, line
    assert "found" not in line and "Annual" not in line
    assert "(Annual calibration: DC voltage 1.5 V found at 1.53 V" in ok(db, "maintenance", "due").stdout


def test_reschedule_and_counter_correction_need_a_reason(db: Path) -> None:
    later = (datetime.now().astimezone().date() + timedelta(days=30)).isoformat()
    missing = atelier(db, "maintenance", "reschedule", "QZ-A-05", "--plan", "multimeter_calibration", "--to", later)
    assert missing.exit_code == 2 and missing.stderr.strip() == "--reason: a reschedule needs a reason"
    bad_date = atelier(db, "maintenance", "reschedule", "QZ-A-05", "--plan", "multimeter_calibration", "--to", "soon", "--reason", "x")
    assert bad_date.exit_code == 2 and bad_date.stderr.startswith("--to: 'soon' is not a date")
    moved = ok(db, "maintenance", "reschedule", "QZ-A-05", "--plan", "multimeter_calibration", "--to", later, "--reason", "lab booked")
    assert f"now due on {later}" in moved.stdout
    multimeter = next(i for i in as_json(db, "maintenance", "due")["items"] if i["tool"] == "QZ-A-05")
    assert (multimeter["next_due_on"], multimeter["rescheduled"], multimeter["reschedule_reason"], multimeter["state"]) == (
        later, True, "lab booked", "ok")
    no_reason = atelier(db, "maintenance", "correct-usage", "QZ-A-05", "7")
    assert no_reason.exit_code == 2 and no_reason.stderr.strip() == "--reason: a usage counter correction needs a reason"
    assert "usage counter 0 -> 7" in ok(db, "maintenance", "correct-usage", "QZ-A-05", "7", "--reason", "miscount").stdout
    unknown = atelier(db, "maintenance", "correct-usage", "NOPE", "7", "--reason", "miscount")
    assert unknown.exit_code == 2 and unknown.stderr.strip() == "TAG: no tool has the asset tag 'NOPE'"
