"""Issue 16, "Rules a technician would change": what is checked of one watch (its repair order
open, its parts reserved, the cell that fits its calibre, ...) is a checklist of its own order,
run once before work on it starts, and the verdict of every job that opens a watch asks for it.
Through `atelier order check --json` and `atelier checklist run --order` on a real workshop file."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli
from tests.support.readiness_db import add_battery_order, prepare_workshop

# The items of order_preparation that apply to a battery change on a quartz watch not marked
# water resistant (the others are recorded not applicable, naming the condition not met).
QUARTZ_WATCH_ITEMS = ("repair_order_open", "calibre_documentation", "parts_reserved", "cell_matches_calibre")


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=1, now=now)  # today's bench checklists signed on QZ-A
    add_battery_order(catalogued_engine, "OR-W", bench="QZ-A", today=now.date(), prepared=False)
    return catalogued_db


def verdict(db: Path) -> dict:  # type: ignore[type-arg]
    result = atelier(db, "order", "check", "OR-W", "--json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_an_order_whose_watch_was_not_checked_is_no_go_until_its_run_for_that_order(db: Path, tmp_path: Path) -> None:
    before = verdict(db)
    assert before["ready"] is False
    [blocking] = [f for f in before["findings"] if f["blocking"]]
    assert (blocking["code"], blocking["requirement"]) == ("checklist_missing", "checklist:order_preparation")
    assert "Before work on this watch" in blocking["message"]
    assert (blocking["action"]["action"], blocking["action"]["checklist"], blocking["action"]["order"]) == \
        ("run_checklist", "order_preparation", "OR-W")
    answers = tmp_path / "answers.toml"
    answers.write_text("[answers]\n" + "".join(f'{item} = "ok"\n' for item in QUARTZ_WATCH_ITEMS), encoding="utf-8")
    run = atelier(db, "checklist", "run", "order_preparation", "--bench", "QZ-A", "--order", "OR-W", "--answers", str(answers))
    assert run.exit_code == 0, run.output
    after = verdict(db)
    assert after["ready"] is True, [f for f in after["findings"] if f["blocking"]]
    assert "checklist:order_preparation" not in {f["requirement"] for f in after["findings"]}


def test_the_benchs_daily_checklist_no_longer_asks_about_one_watch(db: Path) -> None:
    shown = atelier(db, "catalog", "show", "bench_opening", "--kind", "checklist", "--json")
    assert shown.exit_code == 0, shown.output
    assert "repair_order_open" not in shown.stdout and "mainspring_let_down" not in shown.stdout
    per_order = atelier(db, "catalog", "show", "order_preparation", "--kind", "checklist", "--json")
    assert per_order.exit_code == 0, per_order.output
    assert '"order"' in per_order.stdout and "repair_order_open" in per_order.stdout
