"""`atelier stock receive|consume|adjust|dispose|transfer|show|ledger` as a storekeeper or a script
uses them, on the demo workshop's SQLite file: the workstation's services, quantities with their
unit, exit 0 done / 1 not that much free / 2 bad input with one line naming it and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, Lot, StockMovement


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def data(db: Path, *args: str) -> object:
    result = atelier(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def written(db: Path) -> tuple[int, int, int]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return tuple(session.execute(select(func.count()).select_from(table)).scalar_one()
                         for table in (Lot, StockMovement, AuditEvent))  # type: ignore[return-value]
    finally:
        engine.dispose()


def refused(db: Path, code: int, *args: str) -> str:
    before = written(db)
    result = atelier(db, *args)
    assert result.exit_code == code, result.output
    assert result.stdout == "" and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.output
    assert written(db) == before
    return result.stderr.strip()


@pytest.fixture
def db(demo_db: Path) -> Path:
    """The demo workshop with a new lot of SR626SW (alias 377): 20 cells in cabinet C1."""
    received = atelier(demo_db, "stock", "receive", "377", "L-NEW", "20 piece", "--location", "C1", "--expires", "2029-06-30")
    assert received.exit_code == 0, received.output
    return demo_db


def lot(db: Path, number: str = "L-NEW") -> dict:
    shown = data(db, "stock", "show", "battery_sr626sw")
    return next(row for row in shown["lots"] if row["lot"] == number)  # type: ignore[index]


def test_receive_names_the_lot_and_show_lists_it_with_its_unit_and_place(db: Path) -> None:
    assert lot(db) == {"supply": "battery_sr626sw", "lot": "L-NEW", "quantity": 20.0, "reserved": 0.0, "unit": "piece",
                       "where": "C1", "received_on": lot(db)["received_on"], "expires_on": "2029-06-30", "opened_on": None,
                       "status": "available", "expiry": "ok"}
    text = atelier(db, "stock", "show", "377")
    assert text.exit_code == 0
    assert "lot L-NEW: 20 pieces (0 pieces reserved) in C1, expires 2029-06-30, available" in text.stdout
    every = data(db, "stock", "show", "--stocked")
    assert "battery_sr626sw" in [row["supply"] for row in every]  # type: ignore[union-attr]


def test_consume_adjust_dispose_and_transfer_are_in_the_ledger_which_sums_to_the_stock(db: Path) -> None:
    assert atelier(db, "stock", "consume", "377", "L-NEW", "2 piece").exit_code == 0
    # A count below what the lot says, typed with its minus sign and no `--`.
    adjusted = atelier(db, "stock", "adjust", "377", "L-NEW", "-3 piece", "--reason", "counted 15")
    assert adjusted.exit_code == 0, adjusted.output
    assert adjusted.stdout.strip() == "battery_sr626sw lot L-NEW: adjustment recorded: 15 pieces in C1 (0 pieces reserved)"
    assert atelier(db, "stock", "dispose", "377", "L-NEW", "1 piece", "--waste-stream", "battery_collection",
                   "--reason", "leaking").exit_code == 0
    moved = data(db, "stock", "transfer", "377", "L-NEW", "--to", "C1-D1")
    assert moved["where"] == "C1-D1" and moved["quantity"] == 14.0  # type: ignore[index]
    movements = data(db, "stock", "ledger", "377", "--lot", "L-NEW")
    assert [(m["kind"], m["quantity"]) for m in movements] == [  # type: ignore[union-attr,index]
        ("transfer", 0.0), ("disposal", -1.0), ("adjustment", -3.0), ("consumption", -2.0), ("receipt", 20.0)]
    assert movements[1]["waste_stream"] == "battery_collection" and movements[2]["reason"] == "counted 15"  # type: ignore[index]
    whole = data(db, "stock", "ledger", "377", "--limit", "1000000")
    on_hand = data(db, "stock", "show", "377")["on_hand"]  # type: ignore[index]
    assert sum(m["quantity"] for m in whole) == pytest.approx(on_hand)  # type: ignore[union-attr,index]
    audit = data(db, "audit", "list", "--entity", "lot", "--key", "battery_sr626sw/L-NEW")
    assert sorted(event["action"] for event in audit) == ["adjust", "consume", "dispose", "receive", "transfer"]  # type: ignore[union-attr,index]


def test_taking_more_than_is_free_is_a_no_exit_1_and_nothing_is_written(db: Path) -> None:
    assert refused(db, 1, "stock", "consume", "377", "L-NEW", "30 piece") == "lot L-NEW: cannot take 30 piece, only 20 piece free"
    assert refused(db, 1, "stock", "adjust", "377", "L-NEW", "-21 piece", "--reason", "count") == (
        "lot L-NEW: cannot take 21 piece, only 20 piece free")
    atelier(db, "stock", "transfer", "377", "L-NEW", "--to", "C1-D1")
    assert refused(db, 1, "stock", "transfer", "377", "L-NEW", "--to", "C1-D1") == "lot L-NEW: already in C1-D1"


@pytest.mark.parametrize(("args", "line"), [
    (("adjust", "377", "L-NEW", "-2 piece"), "--reason: a reason is required for a stock adjustment"),
    (("adjust", "377", "L-NEW", "-2", "--reason", "count"), "CHANGE: '-2' has no unit; expected a count (piece)"),
    (("dispose", "377", "L-NEW", "1 piece"), "--waste-stream: '' is not one of battery_collection, solvent_waste, general"),
    (("dispose", "377", "L-NEW", "1 piece", "--waste-stream", "bin"), "--waste-stream: 'bin' is not one of battery_collection, solvent_waste, general"),
    (("consume", "377", "L-NEW", "2 ml"), "QUANTITY: '2 ml' is a volume; expected a count (piece)"),
    (("consume", "377", "L-NEW", "-2 piece"), "QUANTITY: '-2 piece' must be more than zero"),
    (("consume", "377", "L-NEW", "1 piece", "--order", "OR-NONE"), "--order: 'OR-NONE' does not exist"),
    (("consume", "pile", "L-NEW", "1 piece"), "SUPPLY: 'pile' is not in the catalog"),
    (("consume", "377", "L-NONE", "1 piece"), "lot 'L-NONE' of battery_sr626sw: no such lot"),
    (("receive", "377", "L-2", "2 piece"), "--location: '' is not a store location"),
    (("receive", "377", "L-2", "2 piece", "--location", "C1", "--expires", "2029-13-01"),
     "--expires: '2029-13-01' is not a date (YYYY-MM-DD)"),
    (("receive", "377", "L-NEW", "2 piece", "--location", "C1"), "LOT: battery_sr626sw already has a lot 'L-NEW'"),
    (("transfer", "377", "L-NEW", "--to", "NOWHERE"), "--to: 'NOWHERE' is not a store location"),
    (("ledger", "pile"), "SUPPLY: 'pile' is not in the catalog"),
    (("show", "pile"), "SUPPLY: 'pile' is not in the catalog"),
])
def test_bad_input_exits_2_with_one_line_naming_it_and_nothing_written(db: Path, args: tuple[str, ...], line: str) -> None:
    assert refused(db, 2, "stock", *args) == line


def test_a_technician_may_consume_but_not_adjust_or_receive(demo_db: Path) -> None:
    engine = make_engine(f"sqlite:///{demo_db}")
    try:
        from sqlmodel import Session

        from atelier_tui.services.staff.identity import os_account
        from atelier_tui.store.models import Staff

        with Session(engine) as session:
            me = session.exec(select(Staff).where(Staff.login == os_account())).scalar_one()  # type: ignore[call-overload]
            me.role = "technician"
            session.add(me)
            session.commit()
    finally:
        engine.dispose()
    assert refused(demo_db, 2, "stock", "receive", "377", "L-T", "2 piece", "--location", "C1").endswith(
        "(technician) may not receive a lot: this needs lead / admin")
    first = data(demo_db, "stock", "show", "377")["lots"][0]["lot"]  # type: ignore[index]
    assert refused(demo_db, 2, "stock", "adjust", "377", first, "1 piece", "--reason", "found").endswith(
        "(technician) may not adjust stock: this needs lead / admin")
    assert atelier(demo_db, "stock", "consume", "377", first, "1 piece").exit_code == 0


def test_every_stock_command_shows_an_example_in_its_help(demo_db: Path) -> None:
    for name in ("receive", "consume", "adjust", "dispose", "transfer", "show", "ledger"):
        shown = CliRunner().invoke(cli, ["stock", name, "--help"])
        assert shown.exit_code == 0 and f"Example: atelier stock {name}" in shown.stdout, name

