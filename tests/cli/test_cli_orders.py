"""`atelier order ...` as a receptionist or a script uses it, on real SQLite files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func
from sqlmodel import Session, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine
from atelier_tui.store.models import AuditEvent, RepairOrder
from tests.support.runner_account import register_test_runner

QUARTZ = ("--brand", "Tissot", "--model", "PRX", "--calibre", "ETA F06.115", "--intervention", "battery_change",
          "--deadline", "2030-01-15")


@pytest.fixture
def db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)
    """The small workshop's file: a site, benches B-QUARTZ and B-MECA, cmartin and lead."""
    return catalogued_db


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def listed(db: Path, *args: str) -> list[dict]:
    result = atelier(db, "order", "list", "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@contextmanager
def opened(db: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def written(db: Path) -> tuple[int, int]:
    with opened(db) as session:
        return (session.exec(select(func.count()).select_from(RepairOrder)).one(),
                session.exec(select(func.count()).select_from(AuditEvent)).one())


def refused(db: Path, *args: str) -> str:
    """Runs `order add`, expects exit 2 with one line on stderr and nothing written; returns the line."""
    before = written(db)
    result = atelier(db, "order", "add", *args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert written(db) == before
    return result.stderr.strip()


def test_an_order_added_on_a_bench_appears_in_the_json_list_with_its_bench(db: Path) -> None:
    result = atelier(db, "order", "add", *QUARTZ, "--battery", "377", "--water-resistance", "50 m",
                     "--bench", "B-QUARTZ", "--technician", "cmartin")
    assert result.exit_code == 0, result.stderr
    reference = result.stdout.strip()
    assert reference.startswith("OR-")
    assert listed(db) == [{
        "reference": reference, "status": "received", "deadline": "2030-01-15", "movement_kind": "quartz",
        "bench": "B-QUARTZ", "technician": "Claire Martin",
    }]


def test_the_text_list_shows_one_line_per_order_under_a_header(db: Path) -> None:
    reference = atelier(db, "order", "add", *QUARTZ, "--bench", "B-QUARTZ").stdout.strip()
    lines = atelier(db, "order", "list").stdout.splitlines()
    assert lines[0].split() == ["reference", "status", "deadline", "movement", "bench", "technician"]
    assert lines[1].split() == [reference, "received", "2030-01-15", "quartz", "B-QUARTZ", "-"]


def test_the_text_list_words_status_and_movement_in_the_readers_language_and_takes_them_back(db: Path) -> None:
    reference = atelier(db, "order", "add", *QUARTZ, "--bench", "B-QUARTZ").stdout.strip()
    french = CliRunner().invoke(cli, ["--db", str(db), "order", "list", "--status", "Réceptionné"], env={"ATELIER_LANG": "fr"})
    assert french.exit_code == 0, french.output
    header, line = french.stdout.splitlines()[:2]
    assert header.split()[:2] == ["référence", "statut"]
    assert line.startswith(reference) and "réceptionné" in line and "received" not in line
    spaced = atelier(db, "order", "list", "--status", "In Progress")  # the words the English list prints
    assert (spaced.exit_code, spaced.stdout.strip()) == (0, "no orders")


def test_the_battery_377_resolves_and_999_is_refused_naming_the_option(db: Path) -> None:
    assert atelier(db, "order", "add", *QUARTZ, "--battery", "377").exit_code == 0
    line = refused(db, *QUARTZ, "--battery", "999")
    assert line.startswith("--battery: '999' is not a battery in the catalog")


@pytest.mark.parametrize(("typed", "bar"), [("5 bar", 5.0), ("50 m", 5.0), ("3 ATM", 3.0)])
def test_water_resistance_is_stored_in_bar(db: Path, typed: str, bar: float) -> None:
    reference = atelier(db, "order", "add", *QUARTZ, "--water-resistance", typed).stdout.strip()
    with opened(db) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference)).one()
    assert (order.water_resistance_bar, order.water_resistance_text) == (bar, typed)


def test_a_wrong_unit_is_refused_naming_the_option_and_nothing_is_written(db: Path) -> None:
    line = refused(db, *QUARTZ, "--case-diameter", "38 bar")
    assert line == "--case-diameter: '38 bar' is a pressure; expected a length (mm)"
    assert listed(db) == []


def test_an_intervention_for_another_movement_kind_is_refused(db: Path) -> None:
    line = refused(db, "--brand", "Tissot", "--model", "Visodate", "--calibre", "eta_2824_2",
                   "--intervention", "full_service_automatic", "--intervention", "battery_change", "--deadline", "2030-01-15")
    assert line == "--intervention: 'battery_change' does not apply to automatic movements; it applies to quartz, kinetic, solar"


def test_a_deadline_before_reception_is_refused(db: Path) -> None:
    line = refused(db, *QUARTZ[:-2], "--received-on", "2026-11-20", "--deadline", "2026-11-10")
    assert line.startswith("--deadline: '2026-11-10' is before the reception on 2026-11-20")


def test_the_list_filters_by_status_and_open(db: Path) -> None:
    references = [atelier(db, "order", "add", *QUARTZ).stdout.strip() for _ in range(3)]
    with opened(db) as session:
        for reference, status in zip(references[1:], ("accepted", "done")):
            order = session.exec(select(RepairOrder).where(RepairOrder.reference == reference)).one()
            order.status = status
            session.add(order)
        session.commit()
    assert [row["reference"] for row in listed(db, "--status", "accepted")] == [references[1]]
    assert [row["status"] for row in listed(db, "--status", "received")] == ["received"]
    assert sorted(row["reference"] for row in listed(db, "--open")) == references[:2]
    assert len(listed(db)) == 3
    result = atelier(db, "order", "list", "--status", "lost")
    assert result.exit_code == 2
    assert result.stderr.startswith("--status: 'lost' is not one of received, quoted")


def test_assign_moves_an_order_to_another_bench(db: Path) -> None:
    reference = atelier(db, "order", "add", *QUARTZ, "--bench", "B-QUARTZ").stdout.strip()
    result = atelier(db, "order", "assign", reference, "B-MECA", "--technician", "cmartin")
    assert result.exit_code == 0, result.stderr
    assert (listed(db)[0]["bench"], listed(db)[0]["technician"]) == ("B-MECA", "Claire Martin")
    result = atelier(db, "order", "assign", "OR-1999-0001", "B-MECA")
    assert (result.exit_code, result.stderr.strip()) == (2, "REFERENCE: 'OR-1999-0001' is not an order")


def test_the_installed_command_refuses_in_one_line_with_exit_2(db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atelier_tui", "--db", str(db), "order", "add", *QUARTZ, "--case-diameter", "38 bar"],
        capture_output=True, text=True, env={**os.environ}, timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "--case-diameter: '38 bar' is a pressure; expected a length (mm)"


def test_an_expression_as_a_diameter_is_refused_at_once_and_nothing_is_written(db: Path) -> None:
    """pint evaluated it: `38 mm * 10**10**10` ran for more than 600 s. The timeout is generous
    for a busy machine and far below that."""
    before = written(db)
    result = subprocess.run(
        [sys.executable, "-m", "atelier_tui", "--db", str(db), "order", "add", *QUARTZ,
         "--case-diameter", "38 mm * 10**10**10"],
        capture_output=True, text=True, env={**os.environ}, timeout=180,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == ["--case-diameter: '38 mm * 10**10**10' is not a quantity; expected a length (mm)"]
    assert written(db) == before


def test_a_reference_that_would_retitle_the_terminal_is_refused(db: Path) -> None:
    line = refused(db, *QUARTZ, "--reference", "OR-\x1b]0;owned\x07")
    assert line == "--reference: control characters are not allowed"


def test_reception_notes_keep_their_lines_but_not_an_escape(db: Path) -> None:
    assert refused(db, *QUARTZ, "--notes", "Verre rayé\x1b[2J") == "--notes: control characters are not allowed"
    result = atelier(db, "order", "add", *QUARTZ, "--notes", "Verre rayé\nCouronne dure")
    assert result.exit_code == 0, result.stderr
    with opened(db) as session:
        order = session.exec(select(RepairOrder).where(RepairOrder.reference == result.stdout.strip())).one()
    assert order.reception_notes == "Verre rayé\nCouronne dure"


def test_an_old_reference_holding_an_escape_is_listed_escaped(db: Path) -> None:
    reference = atelier(db, "order", "add", *QUARTZ).stdout.strip()
    with opened(db) as session:  # as a database written before the rule may hold it
        session.connection().exec_driver_sql("UPDATE repair_order SET reference = ? WHERE reference = ?",
                                             (f"{reference}\x1b]0;owned\x07", reference))
        session.commit()
    lines = atelier(db, "order", "list").stdout
    assert "\x1b" not in lines and f"{reference}\\x1b]0;owned\\x07" in lines
    listed_json = atelier(db, "order", "list", "--json").stdout
    assert "\x1b" not in listed_json and json.loads(listed_json)[0]["reference"] == f"{reference}\x1b]0;owned\x07"
