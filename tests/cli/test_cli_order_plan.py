"""What an order carries that plans its work, from the command line: the movement's grade its
measurements are judged by, and the order's own estimate (issues 16 and 21)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import AuditEvent, RepairOrder
from tests.support.runner_account import register_test_runner

MECHANICAL = ("--brand", "Tudor", "--model", "Black Bay", "--calibre", "eta_2824_2", "--deadline", "2030-01-15")
# Within the Top grade (mean ±4, each position ±15, largest difference ≤ 15 s/d) but not a
# chronometer's: vertical minus horizontal is -7 s/d, outside COSC's -6..+8.
RATES = (("CH", "+3 s/d"), ("CB", "+3 s/d"), ("3H", "-4 s/d"), ("6H", "-4 s/d"), ("9H", "-4 s/d"))


@pytest.fixture
def db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)
    return catalogued_db


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def written(db: Path) -> tuple[int, int]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            return (session.exec(select(func.count()).select_from(RepairOrder)).one(),
                    session.exec(select(func.count()).select_from(AuditEvent)).one())
    finally:
        engine.dispose()


def added(db: Path, *args: str) -> str:
    result = atelier(db, "order", "add", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def shown(db: Path, reference: str) -> dict:
    result = atelier(db, "order", "show", reference, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_grade_and_estimate_typed_are_kept_shown_and_audited(db: Path) -> None:
    reference = added(db, *MECHANICAL, "--intervention", "full_service_automatic", "--grade", "Top", "--estimate", "2 workday")
    order = shown(db, reference)
    assert (order["grade"], order["estimate"]) == ("top", "2 workday")
    # Two working days at the bench replace the service's 5 h; the 24 h on the winder follow.
    assert order["plan"]["bench_minutes"] == 840 and order["plan"]["estimate"] == "order"
    assert order["plan"]["running_in_minutes"] == 24 * 60 and order["plan"]["bench_days"] == 2
    text = atelier(db, "order", "show", reference).stdout
    assert "grade: top" in text and "bench time: 14 h (the order's estimate)" in text
    assert "running-in and observation after the bench: 24 h" in text
    events = atelier(db, "audit", "list", "--json").stdout
    assert '"grade": "top"' in events and '"estimate_text": "2 workday"' in events


def test_an_order_without_grade_or_estimate_keeps_the_calibres_tolerances_and_the_interventions_time(db: Path) -> None:
    reference = added(db, *MECHANICAL, "--intervention", "regulation", "--intervention", "power_reserve_check")
    order = shown(db, reference)
    assert order["grade"] is None and order["estimate"] is None
    # Regulation 1 h + the check's 30 min at the bench, then the 2824-2 runs down its 38 h reserve.
    assert (order["plan"]["bench_minutes"], order["plan"]["running_in_minutes"]) == (90, 38 * 60)
    assert order["plan"]["estimate"] == "interventions"
    assert "grade: the calibre's own tolerances" in atelier(db, "order", "show", reference).stdout
    french = CliRunner().invoke(cli, ["--db", str(db), "order", "show", reference], env={"ATELIER_LANG": "fr"}).stdout
    lines = french.splitlines()
    assert lines[0] == f"{reference}  réceptionné" and "(automatique)" in lines[1]
    assert "interventions\u202f: Réglage, Contrôle de la réserve de marche" in french  # names, not the catalog's keys
    assert "temps d'établi\u202f: 1,5 h" in french  # a decimal comma


@pytest.mark.parametrize(("args", "line"), [
    (("--grade", "platinum"), "--grade: 'platinum' is not a grade of calibre ETA 2824-2; expected one of standard, elabore, "
                              "top, chronometer"),
    (("--estimate", "3 bar"), "--estimate: '3 bar' is a pressure; expected a duration (min)"),
    (("--estimate", "3"), "--estimate: '3' has no unit; expected a duration (min)"),
    (("--estimate", "-2 h"), "--estimate: '-2 h' is less than a minute of bench time; expected a duration such as \"3 h\" or "
                             "\"2 workday\""),
])
def test_a_bad_grade_or_estimate_exits_2_naming_the_option_and_writes_nothing(db: Path, args: tuple[str, ...], line: str) -> None:
    before = written(db)
    result = atelier(db, "order", "add", *MECHANICAL, "--intervention", "regulation", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == "" and result.stderr.strip() == line
    assert written(db) == before


def test_a_grade_on_a_calibre_with_fewer_grades_names_those_it_has(db: Path) -> None:
    before = written(db)
    result = atelier(db, "order", "add", "--brand", "Tissot", "--model", "PRX", "--calibre", "ETA F06.115",
                     "--intervention", "battery_change", "--deadline", "2030-01-15", "--grade", "chronometer")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--grade: 'chronometer' is not a grade of calibre ETA F06.115; expected one of standard"
    assert written(db) == before


def _calibrated_timegrapher(db: Path) -> None:
    result = atelier(db, "maintenance", "record", "AT-0001", "--plan", "timegrapher_calibration", "--result", "pass",
                     "--as-found", "rate_reference=0.1 s/d", "--as-found", "beat_error_reference=0.0 ms")
    assert result.exit_code == 0, result.output


def _started_with_rates(db: Path, grade: str) -> str:
    reference = added(db, *MECHANICAL, "--intervention", "regulation", "--grade", grade, "--bench", "B-MECA",
                      "--technician", "cmartin")
    start = atelier(db, "order", "start", reference, "--concession", "regulation only, tools on order")
    assert start.exit_code == 0, start.output
    for position, rate in RATES:
        measured = atelier(db, "sheet", "measure", reference, "rate", rate, "--position", position, "--tool", "AT-0001")
        assert measured.exit_code == 0, measured.output
    return reference


def test_order_check_judges_the_measurements_by_the_orders_grade(db: Path) -> None:
    _calibrated_timegrapher(db)
    top = json.loads(atelier(db, "order", "check", _started_with_rates(db, "top"), "--json").stdout)["measurements"]
    chronometer = json.loads(atelier(db, "order", "check", _started_with_rates(db, "chronometer"), "--json").stdout)["measurements"]

    assert (top["grade"], top["judged_by"], top["series_verdict"]) == ("top", "grade", "pass")
    assert {c["criterion"]: c["judged"] for c in top["series"]} == {"mean_rate": "pass", "rate_delta": "pass"}
    assert (chronometer["grade"], chronometer["series_verdict"]) == ("chronometer", "fail")
    failed = {c["criterion"]: (c["value"], c["judged"]) for c in chronometer["series"]}
    assert failed["hv_difference"] == (-7.0, "fail") and failed["mean_rate"] == (-1.2, "pass")


def test_order_plan_changes_the_grade_and_estimate_after_intake_audited(db: Path) -> None:
    reference = added(db, *MECHANICAL, "--intervention", "full_service_automatic")
    changed = atelier(db, "order", "plan", reference, "--grade", "elabore", "--estimate", "8 h")
    assert changed.exit_code == 0, changed.output
    order = shown(db, reference)
    assert (order["grade"], order["estimate"], order["plan"]["bench_minutes"]) == ("elabore", "8 h", 480)
    events = json.loads(atelier(db, "audit", "list", "--key", reference, "--json").stdout)
    assert "order.set_plan" in json.dumps(events)
    back = atelier(db, "order", "plan", reference, "--estimate", "")
    assert back.exit_code == 0 and shown(db, reference)["plan"]["estimate"] == "interventions"
    again = atelier(db, "order", "plan", reference, "--grade", "elabore")
    assert again.exit_code == 1 and "nothing to change" in again.stderr


def test_order_plan_refuses_bad_input_with_2_and_a_started_orders_grade_with_1(db: Path) -> None:
    _calibrated_timegrapher(db)
    reference = _started_with_rates(db, "top")
    before = written(db)
    bad = atelier(db, "order", "plan", reference, "--estimate", "soon")
    assert bad.exit_code == 2 and bad.stderr.startswith("--estimate: 'soon'") and written(db) == before
    late = atelier(db, "order", "plan", reference, "--grade", "chronometer")
    assert late.exit_code == 1 and late.stderr.strip() == (
        f"--grade: order {reference} is in_progress; its measurements are judged by the grade it started with")
    assert written(db) == before
    assert atelier(db, "order", "plan", reference, "--estimate", "3 h").exit_code == 0  # the estimate may still change


def _final_check(db: Path, reference: str, tmp_path: Path, **answers: str) -> Result:
    """The final quality control of `reference`, every item that applies answered ok unless said."""
    from atelier_tui.store.models import ChecklistItem, ChecklistTemplate

    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            items = session.exec(select(ChecklistItem.key, ChecklistItem.level, ChecklistItem.conditions)
                                 .join(ChecklistTemplate, ChecklistTemplate.id == ChecklistItem.template_id)
                                 .where(ChecklistTemplate.key == "final_quality_control", ChecklistTemplate.is_current)).all()
    finally:
        engine.dispose()
    lines = ["[answers]"]
    for key, level, conditions in items:
        if level != "optional" and set(conditions) <= {"mechanical"}:  # an automatic watch, not water resistant
            lines.append(f'{key} = {answers.get(key, chr(34) + "ok" + chr(34))}')
    path = tmp_path / f"qc-{reference}.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return atelier(db, "checklist", "run", "final_quality_control", "--bench", "B-MECA", "--order", reference,
                   "--answers", str(path))


def test_the_final_check_judges_the_rate_by_the_orders_grade(db: Path, tmp_path: Path) -> None:
    _calibrated_timegrapher(db)
    for reference in (top := _started_with_rates(db, "top"), chronometer := _started_with_rates(db, "chronometer")):
        for position, amplitude in (("CH", "290 deg"), ("3H", "260 deg")):
            assert atelier(db, "sheet", "measure", reference, "amplitude", amplitude, "--position", position,
                           "--tool", "AT-0001").exit_code == 0
        assert atelier(db, "sheet", "measure", reference, "beat_error", "0.3 ms", "--tool", "AT-0001").exit_code == 0

    passed = _final_check(db, top, tmp_path)
    assert passed.exit_code == 0, passed.output
    refused = _final_check(db, chronometer, tmp_path)
    assert refused.exit_code == 2
    assert ("item 'rate_within_tolerance': judged by grade Chronometer, the sheet of "
            f"{chronometer} fails on hv_difference; answer not ok, or measure again after the work") in refused.stderr
    honest = _final_check(db, chronometer, tmp_path,
                          rate_within_tolerance='{ answer = "not_ok", reason = "D = -7 s/d, outside COSC" }')
    assert honest.exit_code == 1  # signed, failed: the watch goes back to the bench


def test_the_final_check_asks_for_the_rates_the_sheet_does_not_hold(db: Path, tmp_path: Path) -> None:
    reference = added(db, *MECHANICAL, "--intervention", "regulation", "--bench", "B-MECA", "--technician", "cmartin")
    assert atelier(db, "order", "start", reference, "--concession", "regulation only").exit_code == 0
    refused = _final_check(db, reference, tmp_path)
    assert refused.exit_code == 2
    assert f"item 'amplitude_beat_error' vouches for amplitude, beat_error, which the sheet of {reference} does not hold" \
        in refused.stderr
