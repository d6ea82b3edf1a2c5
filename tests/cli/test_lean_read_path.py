"""The read-only commands answer without the ORM (issue 20, "a lean read path"): in a fresh
interpreter, `order check`, `order list` and `maintenance due` load neither SQLModel, pydantic,
sqlalchemy.orm nor the SQLModel table classes; they read the Core tables (store/core_tables.py).
Nor the audit chain's records (domain/audit_chain.py), which wording/ loads only when asked. On a
SQLite file they do not even import SQLAlchemy: their reads are read statements run on sqlite3
(tests/services/test_lean_verdicts.py compares what they read with SQLAlchemy's read)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

# Run the command line as `atelier` does, then say what it printed, its exit code and which of the
# write path's modules it loaded.
_PROBE = """
import contextlib, io, json, sys
sys.argv = ["atelier", *json.loads(sys.argv[1])]
printed = io.StringIO()
code = 0
with contextlib.redirect_stdout(printed):
    try:
        from atelier_tui.launch import main
        main()
    except SystemExit as ended:
        code = ended.code or 0
heavy = sorted(name for name in sys.modules if name.split(".")[0] in ("sqlmodel", "pydantic")
               or name.startswith("sqlalchemy.orm") or name.startswith("atelier_tui.store.")
               and (name.endswith("_models") or name in ("atelier_tui.store.models", "atelier_tui.store.engine"))
               or name == "atelier_tui.domain.audit_chain")
print(json.dumps({"code": code, "printed": printed.getvalue(), "heavy": heavy, "modules": len(sys.modules),
                  "sqlalchemy": "sqlalchemy" in sys.modules}))
"""


def _run(*arguments: str) -> dict:  # type: ignore[type-arg]
    done = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(arguments)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def _order_with_a_sheet(database: Path) -> tuple[str, str]:
    """(reference, bench) of an order whose work has started: its check reads the sheet too."""
    connection = sqlite3.connect(database)
    try:
        reference, bench = connection.execute(
            "SELECT repair_order.reference, bench.code FROM intervention_sheet JOIN repair_order ON repair_order.id = "
            "intervention_sheet.order_id JOIN bench ON bench.id = intervention_sheet.bench_id ORDER BY 1 LIMIT 1").fetchone()
    finally:
        connection.close()
    return reference, bench


@pytest.mark.parametrize("command", [
    ("order", "check", "{order}", "--bench", "{bench}", "--json"),
    ("order", "check", "{order}", "--bench", "{bench}"),
    ("order", "list", "--json"),
    ("order", "list", "--open"),
    ("maintenance", "due", "--within", "30"),
    ("maintenance", "due", "--json"),
], ids=" ".join)
def test_a_read_command_answers_without_the_orm(demo_db: Path, command: tuple[str, ...]) -> None:
    order, bench = _order_with_a_sheet(demo_db)
    ran = _run("--db", str(demo_db), *(part.format(order=order, bench=bench) for part in command))
    assert ran["code"] in (0, 1) and ran["printed"].strip(), ran
    if "--json" in command:
        answer = json.loads(ran["printed"])
        if command[:2] == ("order", "check"):
            assert answer["order"] == order and "measurements" in answer
        else:
            assert answer
    assert ran["heavy"] == [], f"{' '.join(command)} loaded the write path: {ran['heavy']}"


def test_a_write_command_still_has_the_orm(demo_db: Path) -> None:
    """The probe sees the ORM when it is there: a command that writes loads it."""
    connection = sqlite3.connect(demo_db)
    try:
        (order,) = connection.execute("SELECT reference FROM repair_order WHERE status = 'received' ORDER BY 1 LIMIT 1").fetchone()
    finally:
        connection.close()
    ran = _run("--db", str(demo_db), "order", "plan", order, "--estimate", "2 h")
    assert ran["code"] == 0 and "plan changed" in ran["printed"], ran
    assert "sqlmodel" in ran["heavy"] and "atelier_tui.store.models" in ran["heavy"]


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_an_order_check_on_a_sqlite_file_does_not_even_import_sqlalchemy(demo_db: Path, as_json: bool) -> None:
    """Its statements are read statements (store/read_statements.py), run on sqlite3; the verdict
    is the one SQLAlchemy's read gives (tests/services/test_lean_verdicts.py)."""
    order, bench = _order_with_a_sheet(demo_db)
    ran = _run("--db", str(demo_db), "order", "check", order, "--bench", bench, *(["--json"] if as_json else []))
    assert ran["code"] in (0, 1) and ran["printed"].strip(), ran
    assert not ran["sqlalchemy"], ran


def _sqlite3(database: Path, sql: str) -> list[str]:
    connection = sqlite3.connect(database)
    try:
        return [row[0] for row in connection.execute(sql)]
    finally:
        connection.close()


_LISTS = [
    ("order", "list"),
    ("order", "list", "--json"),
    ("order", "list", "--open"),
    ("order", "list", "--open", "--json"),
    ("order", "list", "--status", "in_progress", "--json"),
    ("order", "list", "--status", "{in progress}", "--open"),  # as the list words it, in the interface's language
    ("order", "list", "--status", "cancelled", "--open"),
    ("maintenance", "due"),
    ("maintenance", "due", "--json"),
    ("maintenance", "due", "--within", "30"),
    ("maintenance", "due", "--within", "0", "--json"),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("command", _LISTS, ids=" ".join)
def test_order_list_and_maintenance_due_on_a_sqlite_file_do_not_import_sqlalchemy(demo_db: Path, command: tuple[str, ...],
                                                                                   language: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATELIER_LANG", language)
    in_progress = {"en": "in progress", "fr": "en cours"}[language]
    ran = _run("--db", str(demo_db), *(part.replace("{in progress}", in_progress) for part in command))
    assert ran["code"] == 0 and ran["printed"].strip(), ran
    assert not ran["sqlalchemy"], f"{' '.join(command)} imported SQLAlchemy"
    assert ran["heavy"] == [], ran["heavy"]


def test_order_list_prints_every_order_it_is_asked_for(demo_db: Path) -> None:
    """What the lean read lists is the workshop's orders, by deadline then reference, as a plain
    SQL query finds them."""
    by_deadline = "SELECT reference FROM repair_order {where} ORDER BY deadline, reference"
    every = json.loads(_run("--db", str(demo_db), "order", "list", "--json")["printed"])
    assert [order["reference"] for order in every] == _sqlite3(demo_db, by_deadline.format(where=""))
    still_open = json.loads(_run("--db", str(demo_db), "order", "list", "--open", "--json")["printed"])
    assert [order["reference"] for order in still_open] == _sqlite3(
        demo_db, by_deadline.format(where="WHERE status NOT IN ('done', 'returned', 'cancelled')"))
    in_progress = json.loads(_run("--db", str(demo_db), "order", "list", "--status", "in_progress", "--json")["printed"])
    assert [order["reference"] for order in in_progress] == _sqlite3(demo_db, by_deadline.format(where="WHERE status = 'in_progress'"))
    assert in_progress and all(order["status"] == "in_progress" for order in in_progress)
