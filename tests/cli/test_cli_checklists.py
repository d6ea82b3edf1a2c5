"""`atelier checklist run` and `list` as a script uses them: exit codes, file:line errors, nothing
half-written."""

from __future__ import annotations

import json
import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.cli import cli
from atelier_tui.services.checklists.runs import checklist_form
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import ChecklistAnswer, ChecklistRun, Site, Staff


@pytest.fixture
def workshop_db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """The small workshop, with the account running the tests registered as staff."""
    login = pwd.getpwuid(os.getuid()).pw_name
    with write_session(small_workshop) as session:
        if session.exec(select(Staff).where(Staff.login == login)).first() is None:
            session.add(Staff(site_id=session.exec(select(Site.id)).one(), login=login, display_name="Script Runner", role="technician"))
    return catalogued_db


def mandatory_lines(engine) -> list[str]:  # type: ignore[no-untyped-def]
    form = checklist_form(engine, "bench_opening", "B-MECA")
    return [f'{item.key} = "ok"' for item in form.items if item.applies and item.mandatory]


def answers_file(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text("\n".join(["# morning check", "[answers]", *lines]) + "\n", encoding="utf-8")
    return path


def run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", str(db), "checklist", *args])


def run_count(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return (session.exec(select(func.count()).select_from(ChecklistRun)).one(),
                session.exec(select(func.count()).select_from(ChecklistAnswer)).one())


def test_a_passing_run_exits_0_and_is_listed(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = answers_file(tmp_path, *mandatory_lines(small_workshop), 'no_food_at_bench = { answer = "not_applicable", reason = "no kitchen" }')
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path))
    assert result.exit_code == 0, result.stderr
    assert "bench_opening on B-MECA: passed, signed off" in result.stdout
    listed = run(workshop_db, "list", "--bench", "B-MECA", "--json")
    assert listed.exit_code == 0
    (row,) = json.loads(listed.stdout)
    assert (row["template"], row["run_by"], row["result"]) == ("bench_opening", "Script Runner", "passed")
    assert "no checklist run on B-MECA on 2020-01-01" in run(workshop_db, "list", "--bench", "B-MECA", "--day", "2020-01-01").stdout


def test_a_required_item_not_ok_is_signed_but_exits_1(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [line for line in mandatory_lines(small_workshop) if not line.startswith("lighting_adequate")]
    path = answers_file(tmp_path, *lines, 'lighting_adequate = { answer = "not_ok", reason = "450 lx at the task" }')
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert (report["passed"], report["failed"]) == (False, ["lighting_adequate"])
    assert "failed" in run(workshop_db, "list", "--bench", "B-MECA").stdout


def test_a_missing_reason_names_the_file_and_line_and_writes_nothing(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = answers_file(tmp_path, *mandatory_lines(small_workshop), 'no_food_at_bench = "not_ok"')
    line = path.read_text().splitlines().index('no_food_at_bench = "not_ok"') + 1
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}:{line}: item 'no_food_at_bench': not ok needs a reason: say what was found"
    assert run_count(small_workshop) == (0, 0)


@pytest.mark.parametrize(("extra", "expected"), [
    ('bench_wiped = { answer = "not_applicable", reason = "x" }', "'bench_wiped' is required: it cannot be not applicable"),
    ('bench_polished = "ok"', "item 'bench_polished': not in checklist bench_opening"),
    ('bench_wiped = "fine"', "item 'bench_wiped': 'fine' is not one of ok, not_ok, not_applicable"),
    ("bench_wiped = 3", 'bench_wiped: expected "ok"'),
])
def test_bad_answers_exit_2_with_their_line(workshop_db, small_workshop, tmp_path, extra: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    lines = [line for line in mandatory_lines(small_workshop) if not line.startswith("bench_wiped")]
    path = answers_file(tmp_path, extra, *lines)
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:3: ") and expected in result.stderr
    assert run_count(small_workshop) == (0, 0)


def test_an_unanswered_required_item_is_refused(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = answers_file(tmp_path, *mandatory_lines(small_workshop)[1:])
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{path}:2: cannot sign off: item 'instruments_in_calibration' is not answered"
    assert run_count(small_workshop) == (0, 0)


def test_bad_toml_unknown_bench_order_or_template_exit_2(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.toml"
    broken.write_text('[answers]\nbench_wiped = "ok"\nhands_washed = ok\n', encoding="utf-8")
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(broken))
    assert (result.exit_code, result.stderr.split(" TOML")[0]) == (2, f"{broken}:3:")
    empty = answers_file(tmp_path)
    assert f"{empty}:1: no [answers] table" in run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(empty)).stderr
    good = answers_file(tmp_path, *mandatory_lines(small_workshop))
    for args, message in ((("bench_opening", "--bench", "B-NOPE"), "bench 'B-NOPE': no such bench"),
                          (("bench_opening", "--bench", "B-MECA", "--order", "OR-404"), "order 'OR-404': no such repair order"),
                          (("final_quality_control", "--bench", "B-MECA"), "kept per repair order"),
                          (("bench_closing", "--bench", "B-MECA"), "checklist 'bench_closing': no such checklist")):
        result = run(workshop_db, "run", *args, "--answers", str(good))
        assert result.exit_code == 2 and message in result.stderr, (args, result.stderr)
    assert run(workshop_db, "list", "--bench", "B-NOPE").exit_code == 2
    assert run_count(small_workshop) == (0, 0)


def test_the_atelier_command_exits_1_for_a_failed_run(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = [line for line in mandatory_lines(small_workshop) if not line.startswith("hands_washed")]
    path = answers_file(tmp_path, *lines, "[answers.hands_washed]", 'answer = "not_ok"', 'reason = "no soap at the sink"')
    result = subprocess.run([sys.executable, "-m", "atelier_tui", "--db", str(workshop_db), "checklist", "run", "bench_opening",
                             "--bench", "B-MECA", "--answers", str(path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert "not ok: hands_washed" in result.stdout


def test_a_key_outside_the_answers_table_is_refused_not_ignored(workshop_db, small_workshop, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "answers.toml"
    path.write_text('bench = "B-MECA"\n[answers]\n' + "\n".join(mandatory_lines(small_workshop)) + '\n[anwsers]\nbench_wiped = "ok"\n',
                    encoding="utf-8")
    result = run(workshop_db, "run", "bench_opening", "--bench", "B-MECA", "--answers", str(path))
    assert result.exit_code == 2
    last = len(mandatory_lines(small_workshop)) + 3
    assert result.stderr.splitlines() == [
        f"{path}:1: unknown key 'bench': an answers file holds one [answers] table",
        f"{path}:{last}: unknown key 'anwsers': an answers file holds one [answers] table"]
    assert run_count(small_workshop) == (0, 0)
