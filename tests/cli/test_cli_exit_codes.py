"""Exit codes mean one thing on every command: 0 done / yes, 1 a well-formed request answered "no"
by the state of the workshop (not ready, already started, not that much free, the schema behind),
2 bad usage or bad input. Each "no" is one line on stderr and writes nothing."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.cli.test_cli_readiness import atelier, db  # noqa: F401  (two battery orders, OR-A on QZ-A and OR-B on QZ-B, one cell)


def events(path: Path) -> int:
    engine = make_engine(f"sqlite:///{path}")
    try:
        with read_session(engine) as session:
            return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    finally:
        engine.dispose()


def answered(path: Path, code: int, *args: str) -> str:
    before = events(path)
    result = atelier(path, *args)
    assert result.exit_code == code, (args, result.output)
    assert "Traceback" not in result.output
    if code:
        assert events(path) == before, args
    return result.stderr.strip()


def test_every_no_of_the_workshop_exits_1_and_every_bad_input_2(db: Path, tmp_path: Path) -> None:  # noqa: F811
    answered(db, 0, "order", "check", "OR-A")
    answered(db, 0, "order", "start", "OR-A")
    # The workshop says no: the request was well formed.
    assert "only an order not yet started can be started" in answered(db, 1, "order", "start", "OR-A")
    answered(db, 1, "order", "check", "OR-B")
    assert "(stock)" in answered(db, 1, "order", "start", "OR-B")
    answered(db, 1, "stock", "consume", "377", "R-626-01", "5 piece")
    answered(db, 1, "stock", "transfer", "377", "R-626-01", "--to", "C3-D1")
    (tmp_path / "empty.db").touch()
    answered(db, 1, "--db", str(tmp_path / "empty.db"), "db", "current")
    assert answered(db, 1, "sheet", "close", "OR-A").startswith("step 1 is not ticked")
    # An order whose work has not started has no sheet yet: every sheet command is told no.
    for command in (("show",), ("tick", "1"), ("measure", "rate", "+3 s/d"), ("close",), ("export",)):
        assert answered(db, 1, "sheet", command[0], "OR-B", *command[1:]) == "order OR-B has no intervention sheet yet: start the work first"
    # Bad input: one line naming what was typed.
    assert answered(db, 2, "order", "start", "OR-NONE").startswith("REFERENCE:")
    assert answered(db, 2, "sheet", "show", "OR-NONE") == "order 'OR-NONE': no such repair order"
    assert answered(db, 2, "order", "check", "OR-A", "--bench", "XX-1") == "--bench: no bench 'XX-1'"
    assert answered(db, 2, "stock", "consume", "377", "R-626-01", "1 litre").startswith("QUANTITY:")
    assert answered(db, 2, "sheet", "measure", "OR-A", "rate", "-3 s/d", "--position", "5H").startswith("--position:")
    assert answered(db, 2, "catalog", "show", "nothing_such").startswith("KEY:")
    assert "No such option" in atelier(db, "order", "start", "OR-A", "--no-such-option").output
    answered(db, 2, "order", "start", "OR-A", "--no-such-option")
