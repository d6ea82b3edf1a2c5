"""Stored text never drives the terminal it is printed on (issue 22, item 8).

New text with control characters is refused as it is written, but a database written before that
rule, or by another tool, may hold a staff name, a key comment, a sheet's note or a tool's reason
carrying `ESC ] 0 ; pwned BEL` (which retitles the terminal window) or a one-byte CSI. Such rows are written here
straight through SQL, bypassing every guard, and each command that lists them must print no raw
ESC, BEL or CSI: the text shows with its escapes (\\x1b), and --json keeps the text, escaped by JSON."""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import atelier_tui.cli as cli_package
from atelier_tui.cli import cli
from atelier_tui.services.staff import keys as staff_keys
from atelier_tui.services.staff.identity import os_account, who_is
from atelier_tui.store.engine import make_engine
from tests.support.fixed_time import FIXED_NOW
from tests.support.staff_key_samples import ED25519_A

PWNED = "\x1b]0;pwned\x07"
CSI = "\x9b2J"  # "clear the screen", in the one-byte C1 form that JSON leaves as it is
POISON = PWNED + CSI
SHOWN = "\\x1b]0;pwned\\x07\\x9b2J"  # how a person sees it: the escapes, not their effect
RAW = ("\x1b", "\x07", "\x9b")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> dict[str, str]:
    """The demo workshop with the sequence in a technician's name (and the runner's own), an SSH key's comment, a sheet's
    anomaly, a tool's out-of-service reason, a review's reason and an interval proposal's reason."""
    path = tmp_path_factory.mktemp("poisoned") / "demo.db"
    shutil.copyfile(demo_template, path)
    engine = make_engine(f"sqlite:///{path}")
    me = who_is(engine, os_account())
    assert me is not None
    staff_keys.add_staff_keys(engine, me.actor(), FIXED_NOW, "tmoreau", ED25519_A.line)  # a clean key, poisoned below
    engine.dispose()
    with sqlite3.connect(path) as connection:
        sheet_id, reference, technician_id = connection.execute(
            "SELECT s.id, o.reference, s.technician_id FROM intervention_sheet s JOIN repair_order o ON o.id = s.order_id "
            "WHERE s.status = 'open' ORDER BY o.reference LIMIT 1").fetchone()
        connection.execute("UPDATE staff SET display_name = display_name || ? WHERE id = ? OR login = ?",
                           (POISON, technician_id, os_account()))
        connection.execute("UPDATE staff_key SET comment = ?", (f"laptop {POISON}",))
        connection.execute("INSERT INTO sheet_entry (sheet_id, kind, position, text, category) VALUES (?, 'anomaly', 99, ?, 'other')",
                           (sheet_id, f"dent {POISON}"))
        tools = connection.execute("UPDATE tool SET status_reason = ? WHERE status = 'out_of_service'", (f"bent {POISON}",))
        # The small demo has no out-of-tolerance review: one is added, as the services would write it.
        record_id, tool_id, plan_id = connection.execute(
            "SELECT id, tool_id, plan_id FROM maintenance_record ORDER BY id LIMIT 1").fetchone()
        moment = FIXED_NOW.isoformat(sep=" ")
        review_id = connection.execute(
            "INSERT INTO maintenance_review (tool_id, record_id, plan_id, window_end, reason, opened_at, version) "
            "VALUES (?, ?, ?, ?, ?, ?, 1)", (tool_id, record_id, plan_id, moment, f"drift {POISON}", moment)).lastrowid
        connection.execute(
            "INSERT INTO maintenance_review_item (review_id, sheet_id, order_id, used_at, measurements, disposition, reason, "
            "version) SELECT ?, s.id, s.order_id, ?, '[]', 'accepted', ?, 1 FROM intervention_sheet s WHERE s.id = ?",
            (review_id, moment, f"within margin {POISON}", sheet_id))
        if not connection.execute("UPDATE interval_proposal SET reason = ?", (f"stable {POISON}",)).rowcount:
            connection.execute(
                "INSERT INTO interval_proposal (tool_id, plan_id, record_id, current_days, proposed_days, reason, state, "
                "proposed_at, version) VALUES (?, ?, ?, 365, 450, ?, 'proposed', ?, 1)",
                (tool_id, plan_id, record_id, f"stable {POISON}", moment))
        assert tools.rowcount  # the demo has tools out of service
    return {"db": str(path), "order": reference, "review": str(review_id)}


COMMANDS = [
    ("whoami",),
    ("staff", "list"),
    ("staff", "list", "--all"),
    ("staff", "keys"),
    ("staff", "keys", "tmoreau"),
    ("sheet", "show", "{order}"),
    ("sheet", "export", "{order}"),
    ("sheet", "export", "{order}", "--language", "fr"),
    ("maintenance", "due"),
    ("maintenance", "reviews", "--all"),
    ("maintenance", "review", "{review}"),
    ("maintenance", "proposals", "--all"),
]

JSON_COMMANDS = [
    ("whoami", "--json"),
    ("staff", "list", "--json"),
    ("staff", "keys", "--json"),
    ("maintenance", "due", "--json"),
    ("maintenance", "reviews", "--all", "--json"),
    ("maintenance", "review", "{review}", "--json"),
    ("maintenance", "proposals", "--all", "--json"),
]


def _run(poisoned: dict[str, str], command: tuple[str, ...]):  # type: ignore[no-untyped-def]
    arguments = [word.format(**poisoned) for word in command]
    result = CliRunner().invoke(cli, ["--db", poisoned["db"], *arguments])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_listing_shows_a_stored_escape_sequence_without_running_it(poisoned: dict[str, str], command: tuple[str, ...]) -> None:
    result = _run(poisoned, command)
    printed = result.stdout + result.stderr
    assert not any(character in printed for character in RAW)
    assert SHOWN in result.stdout  # the text is still there for the person to see


def _strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in _strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in _strings(value)]
    return []


@pytest.mark.parametrize("command", JSON_COMMANDS, ids=" ".join)
def test_json_keeps_a_stored_escape_sequence_escaped_by_json(poisoned: dict[str, str], command: tuple[str, ...]) -> None:
    result = _run(poisoned, command)
    assert not any(character in result.stdout for character in RAW)
    assert "\\u001b]0;pwned\\u0007\\u009b2J" in result.stdout
    assert any(POISON in text for text in _strings(json.loads(result.stdout)))  # a program reading it gets the data


def test_no_command_module_prints_around_the_escaping() -> None:
    """Every line goes through atelier_tui/cli/output.py: a module calling click.echo, click.secho or
    print itself would print stored text raw again."""
    folder = Path(cli_package.__file__).parent
    found = []
    for path in sorted(folder.glob("*.py")):
        if path.name == "output.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = node.func
            name = called.attr if isinstance(called, ast.Attribute) else getattr(called, "id", "")
            owner = getattr(called.value, "id", "") if isinstance(called, ast.Attribute) else ""
            if (owner, name) in {("click", "echo"), ("click", "secho"), ("", "print"), ("stdout", "write")}:
                found.append(f"{path.name}:{node.lineno}")
    assert found == []

