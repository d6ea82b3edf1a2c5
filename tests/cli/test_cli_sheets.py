"""`atelier sheet show|tick|measure|close|export` as a technician or a script uses them: exit 0 on
success, 2 with one line naming the argument on bad input."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session, write_session
from atelier_tui.store.models import Calibre, Lot, RepairOrder, Tool
from tests.support.readiness_db import add_battery_order, prepare_workshop


@pytest.fixture
def db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=1, now=now)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=now.date())
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    return catalogued_db


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def started(db: Path) -> Path:
    result = atelier(db, "order", "start", "OR-A")
    assert result.exit_code == 0, result.output
    return db


def read(db: Path, query):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(query).all()
    finally:
        engine.dispose()


def test_show_lists_the_steps_of_a_started_order_and_refuses_one_not_started(db: Path) -> None:
    before = atelier(db, "sheet", "show", "OR-A")
    # The order exists: it has no sheet yet, a "no" of the workshop, not bad input.
    assert before.exit_code == 1 and before.stderr.strip() == "order OR-A has no intervention sheet yet: start the work first"
    started(db)
    result = atelier(db, "sheet", "show", "OR-A")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OR-A: sheet open, bench QZ-A, technician Sophie Lefèvre")
    assert "   1. [ ] Note the end-of-life signal" in result.stdout
    assert "lot R-626-01 of battery_sr626sw: reserved" in result.stdout


def test_measure_prints_the_judgement_against_the_calibre(db: Path) -> None:
    started(db)
    passed = atelier(db, "sheet", "measure", "OR-A", "current", "1.2 uA", "--tool", "QZ-A-05")
    assert passed.exit_code == 0, passed.output
    assert passed.stdout.strip() == "OR-A: current consumption 1.2 uA recorded, ✓ pass [≤ 1.5 uA]"
    failed = atelier(db, "sheet", "measure", "OR-A", "coil_resistance", "0.8 kohm", "--tool", "QZ-A-05")
    assert failed.exit_code == 0 and "✗ fail [1.0 kohm … 2.0 kohm]" in failed.stdout
    shown = atelier(db, "sheet", "show", "OR-A").stdout
    assert "current consumption: 1.2 uA [≤ 1.5 uA] ✓ pass — QZ-A-05" in shown


@pytest.mark.parametrize(("args", "first_line"), [
    (("current", "5 bar"), "VALUE: '5 bar' is a pressure; expected a current (uA)"),
    (("torque", "1 uA"), "QUANTITY: 'torque' is not one of rate, amplitude, beat_error, test_pressure, power_reserve, "
                         "coil_resistance, current"),
    (("rate", "2 s/d", "--position", "5H"), "--position: '5H' is not one of CH, CB, 3H, 6H, 9H, 12H"),
    (("current", "1 uA", "--tool", "NOPE"), "--tool: no tool has the asset tag 'NOPE'"),
    (("test_pressure", "3 bar"), "--result: a water-resistance test needs its result, pass or fail"),
])
def test_bad_input_exits_2_with_one_line_naming_it(db: Path, args: tuple[str, ...], first_line: str) -> None:
    started(db)
    result = atelier(db, "sheet", "measure", "OR-A", *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == first_line and "Traceback" not in result.output
    assert "Measurements:" not in atelier(db, "sheet", "show", "OR-A").stdout  # nothing recorded


def test_close_needs_every_step_then_consumes_the_supplies_and_counts_the_tools(db: Path) -> None:
    started(db)
    refused = atelier(db, "sheet", "close", "OR-A")
    assert refused.exit_code == 1  # a "no" of the workshop: the request itself is well formed
    assert refused.stderr.strip() == ("step 1 is not ticked: Note the end-of-life signal (seconds hand jumping every 2 or 4 s) "
                                      "and the state of the case")
    for number in range(1, 12):  # the battery change's 11 steps
        ticked = atelier(db, "sheet", "tick", "OR-A", str(number))
        assert ticked.exit_code == 0 and ticked.stdout.startswith(f"step {number} ticked at ")
    closed = atelier(db, "sheet", "close", "OR-A")
    assert closed.exit_code == 0, closed.output
    assert "OR-A: sheet closed, handed to quality control" in closed.stdout
    assert "consumed 1 piece of battery_sr626sw from lot R-626-01" in closed.stdout
    assert read(db, select(RepairOrder.status).where(RepairOrder.reference == "OR-A")) == [("quality_control",)]
    assert read(db, select(Lot.quantity_micro, Lot.reserved_micro).where(Lot.lot_number == "R-626-01")) == [(0, 0)]
    assert read(db, select(Tool.usage_count).where(Tool.asset_tag == "QZ-A-05")) == [(1,)]
    again = atelier(db, "sheet", "close", "OR-A")
    assert again.exit_code == 1 and "closed" in again.stderr


def test_export_prints_markdown_or_writes_the_file(db: Path, tmp_path: Path) -> None:
    started(db)
    printed = atelier(db, "sheet", "export", "OR-A", "--language", "en")
    assert printed.exit_code == 0 and printed.stdout.startswith("# Intervention sheet OR-A\n")
    target = tmp_path / "fiche OR-A.md"
    written = atelier(db, "sheet", "export", "OR-A", "--output", str(target), "--language", "fr")
    assert written.exit_code == 0, written.output
    assert written.stdout.strip() == f"OR-A: sheet written to {target}"
    assert "1. [ ] Relever le signal de fin de vie" in target.read_text(encoding="utf-8")
    assert not target.with_name(target.name + ".part").exists()
    unknown = atelier(db, "sheet", "export", "OR-NOPE")
    assert unknown.exit_code == 2 and "OR-NOPE" in unknown.stderr


@pytest.fixture
def no_cell_db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    """OR-A, a battery change on a Miyota 2035, with no cell in stock."""
    now = datetime.now().astimezone()
    prepare_workshop(catalogued_engine, cells=0, now=now)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=now.date())
    with write_session(catalogued_engine) as session:
        order = session.execute(select(RepairOrder).where(RepairOrder.reference == "OR-A")).scalar_one()
        order.calibre_id = session.execute(select(Calibre.id).where(Calibre.key == "miyota_2035")).scalar_one()
    return catalogued_db


def test_close_without_the_cell_exits_1_naming_it_until_it_is_recorded_not_replaced(no_cell_db: Path) -> None:
    """Issue 16 item 18: started on a concession with no cell in stock, the sheet closes only once
    the cell is recorded as not replaced, with a reason."""
    assert atelier(no_cell_db, "order", "start", "OR-A", "--concession", "A cell is coming this afternoon").exit_code == 0
    number = 1
    while atelier(no_cell_db, "sheet", "tick", "OR-A", str(number)).exit_code == 0:  # every step, until there is none
        number += 1
    refused = atelier(no_cell_db, "sheet", "close", "OR-A")
    assert refused.exit_code == 1 and refused.stderr.startswith("cell (") and len(refused.stderr.strip().splitlines()) == 1
    no_reason = atelier(no_cell_db, "sheet", "not-replaced", "OR-A", "battery")
    assert no_reason.exit_code == 2 and no_reason.stderr.strip() == "--reason: say why the part was not replaced"
    not_this_job = atelier(no_cell_db, "sheet", "not-replaced", "OR-A", "movement", "--reason", "kept")
    assert not_this_job.exit_code == 1 and "does not replace a movement" in not_this_job.stderr
    recorded = atelier(no_cell_db, "sheet", "not-replaced", "OR-A", "battery", "--reason", "Old cell tested at 1.55 V")
    assert recorded.exit_code == 0, recorded.output
    assert "recorded as not replaced: Old cell tested at 1.55 V" in recorded.stdout
    assert "not replaced: Old cell tested at 1.55 V" in atelier(no_cell_db, "sheet", "show", "OR-A").stdout
    closed = atelier(no_cell_db, "sheet", "close", "OR-A")
    assert closed.exit_code == 0, closed.output
    assert read(no_cell_db, select(RepairOrder.status)) == [("quality_control",)]
