"""Every `--json` of `atelier` prints the shape docs/json.md documents: each command runs on the demo
workshop and its output is validated against its JSON Schema (docs/json-schemas/) with jsonschema,
and the command tree is walked so that a command given `--json` without a documented schema fails
here."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from atelier_tui.cli import cli
from tests.support.staff_key_samples import ED25519_A

DOCS = Path(__file__).resolve().parents[2] / "docs"
_ROW = re.compile(r"^\| `atelier ([a-z -]+)` \| (.+?) \|", re.MULTILINE)
_SCHEMA_LINK = re.compile(r"\(json-schemas/([a-z-]+\.json)\)")


def documented() -> dict[str, list[str]]:
    """Each command of docs/json.md's table with the schema files its row links."""
    text = (DOCS / "json.md").read_text(encoding="utf-8")
    return {command: _SCHEMA_LINK.findall(schemas) for command, schemas in _ROW.findall(text)}


def json_commands() -> set[str]:
    found = set()

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, (*path, name))
        elif any(isinstance(p, click.Option) and "--json" in p.opts for p in command.params):
            found.add(" ".join(path))

    walk(cli, ())
    return found


def test_every_command_with_json_has_a_documented_schema_that_is_valid() -> None:
    shapes = documented()
    assert json_commands() - set(shapes) == set(), "add a row to docs/json.md and a schema to docs/json-schemas/"
    assert set(shapes) - json_commands() == set(), "docs/json.md documents a command without --json"
    for command, files in shapes.items():
        assert files, command
        for name in files:
            Draft202012Validator.check_schema(json.loads((DOCS / "json-schemas" / name).read_text(encoding="utf-8")))
    linked = {name for files in shapes.values() for name in files}
    assert linked == {path.name for path in (DOCS / "json-schemas").glob("*.json")}  # no schema left unused


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def _answers(db: Path, tmp_path: Path) -> str:
    """An answers file saying ok to every unconditional item of the bench-opening checklist."""
    entry = json.loads(atelier(db, "catalog", "show", "bench_opening", "--json").stdout)
    path = tmp_path / "answers.toml"
    path.write_text("[answers]\n" + "".join(f'{item["key"]} = "ok"\n' for item in entry["items"] if not item["conditions"]),
                    encoding="utf-8")
    return str(path)


def _failed_calibration(db: Path, tmp_path: Path) -> None:
    """A timegrapher found out of tolerance: it opens review 1 and an interval proposal."""
    done = atelier(db, "maintenance", "record", "AT-00046", "--plan", "timegrapher_calibration", "--result", "fail")
    assert done.exit_code == 0, done.output


def _ran_checklist(db: Path, tmp_path: Path) -> None:
    ran = atelier(db, "checklist", "run", "bench_opening", "--bench", "QZ-01", "--order", "OR-2026-0010", "--answers",
                  _answers(db, tmp_path))
    assert ran.exit_code == 0, ran.output


def _head(db: Path, tmp_path: Path) -> str:
    """The chain's head as COUNT:HASH, to verify the chain against."""
    return str(json.loads(atelier(db, "audit", "verify", "--json").stdout)["head"]["text"])


def _with_a_key(db: Path, tmp_path: Path) -> str:
    login = str(json.loads(atelier(db, "whoami", "--json").stdout)["login"])
    key = tmp_path / "id_ed25519.pub"
    key.write_text(ED25519_A.line + "\n", encoding="utf-8")
    assert atelier(db, "staff", "add-key", login, str(key)).exit_code == 0
    return login


def _own_plan(db: Path, tmp_path: Path) -> None:
    """The demo's dry tester leak-checked every 50 tests, its own plan."""
    added = atelier(db, "maintenance", "plan", "add", "AT-00107", "at00107_leak_check", "--from", "wr_tester_dry_leak_check",
                    "--every-uses", "50")
    assert added.exit_code == 0, added.output


def _measured(db: Path, tmp_path: Path) -> None:
    """A rate read with the demo's timegrapher in calibration on a sheet in progress."""
    measured = atelier(db, "sheet", "measure", "OR-2026-0005", "rate", "+4 s/d", "--position", "CH", "--tool", "AT-00077")
    assert measured.exit_code == 0, measured.output


def _cell_not_replaced(db: Path, tmp_path: Path) -> None:
    """The demo's battery change on the quartz bench, its cell left in the watch."""
    kept = atelier(db, "sheet", "not-replaced", "OR-2026-0009", "battery", "--reason", "the customer brought a new cell")
    assert kept.exit_code == 0, kept.output


def _alert(db: Path, tmp_path: Path) -> None:
    """An alert raised on the demo's sheet in progress, for the lead to acknowledge."""
    from atelier_tui.services.context import Actor
    from atelier_tui.services.sheets.keeping import raise_alert
    from atelier_tui.store.engine import make_engine
    from tests.support.fixed_time import FIXED_NOW

    engine = make_engine(f"sqlite:///{db}")
    try:
        raise_alert(engine, Actor("tmoreau", role="technician"), FIXED_NOW, "OR-2026-0008", "Balance staff broken")
    finally:
        engine.dispose()


def _label_file(db: Path, tmp_path: Path) -> str:
    return str(tmp_path / "labels.pdf")


def _document_file(db: Path, tmp_path: Path) -> str:
    return str(tmp_path / "document.pdf")


def _prepared(db: Path, tmp_path: Path) -> str:
    """OR-2026-0010's bench prepared (still NO-GO: its checklists): its lots reserved to pick."""
    assert atelier(db, "order", "prepare", "OR-2026-0010").exit_code == 1
    return _document_file(db, tmp_path)


def _reviewed(db: Path, tmp_path: Path) -> str:
    """A rate read with the demo's second timegrapher, then that timegrapher found out of tolerance: review 1."""
    _measured(db, tmp_path)
    done = atelier(db, "maintenance", "record", "AT-00077", "--plan", "timegrapher_calibration", "--result", "fail")
    assert done.exit_code == 0, done.output
    return _document_file(db, tmp_path)


def _target(db: Path, tmp_path: Path) -> str:
    target = tmp_path / "copy.db"
    assert atelier(target, "db", "upgrade").exit_code == 0
    return str(target)


Setup = Callable[[Path, Path], object]
LOT = ("moebius_9010", "L2310-0001")  # 9.98 ml of oil in the demo, in ME-01
# (command, its arguments, the schema, what to do first (its value replaces "{}" in the arguments), the exit code)
CASES: list[tuple[str, tuple[str, ...], str, Setup | None, int]] = [
    ("audit list", ("--limit", "20"), "audit-list", _failed_calibration, 0),
    ("audit verify", (), "audit-verify", None, 0),
    ("audit verify", ("--anchor", "{}"), "audit-verify", _head, 0),
    ("catalog list", ("supplies",), "catalog-list", None, 0),
    ("catalog list", ("maintenance_plan",), "catalog-list", None, 0),
    ("catalog list", ("calibre",), "catalog-list", None, 0),
    ("catalog show", ("bench_opening",), "catalog-show", None, 0),
    ("catalog show", ("battery_change",), "catalog-show", None, 0),
    ("catalog show", ("timegrapher_calibration",), "catalog-show", None, 0),
    ("catalog validate", (str(DOCS.parent / "catalogs"),), "catalog-validate", None, 0),
    ("checklist list", ("--bench", "QZ-01"), "checklist-list", _ran_checklist, 0),
    ("checklist run", ("bench_opening", "--bench", "QZ-01", "--order", "OR-2026-0010", "--answers", "{}"), "checklist-run",
     _answers, 0),
    ("config show", (), "config-show", None, 0),
    ("db copy", ("--to", "{}", "--quiet"), "db-copy", _target, 0),
    ("db current", (), "db-current", None, 0),
    ("doctor", (), "doctor", None, 0),
    ("maintenance check-due", (), "maintenance-check-due", _failed_calibration, 0),
    ("maintenance due", (), "maintenance-due", None, 0),
    ("maintenance impact", ("AT-00046",), "maintenance-impact", _failed_calibration, 0),
    ("maintenance plan add", ("AT-00107", "at00107_leak_check", "--from", "wr_tester_dry_leak_check", "--every-uses", "50"),
     "maintenance-plan", None, 0),
    ("maintenance plan list", ("AT-00107", "--all"), "maintenance-plan-list", _own_plan, 0),
    ("maintenance proposals", ("--all",), "maintenance-proposals", _failed_calibration, 0),
    ("maintenance record", ("AT-00046", "--plan", "timegrapher_calibration", "--result", "fail"), "maintenance-record", None, 0),
    ("maintenance review", ("1",), "maintenance-review", _failed_calibration, 0),
    ("maintenance reviews", ("--all",), "maintenance-reviews", _failed_calibration, 0),
    ("order add", ("--brand", "Omega", "--model", "Seamaster", "--intervention", "battery_change", "--deadline", "2030-01-01",
                   "--movement-kind", "quartz"), "order-add", None, 0),
    ("order check", ("OR-2026-0010",), "order-check", None, 1),
    ("order check", ("OR-2026-0005",), "order-check", _measured, 1),  # work started: its measurements
    ("order list", (), "order-list", None, 0),
    ("order show", ("OR-2026-0005",), "order-show", None, 0),
    ("print label", ("tool", "--bench", "QZ-01", "--pdf", "{}"), "print-label", _label_file, 0),
    ("print due", ("--within", "7", "--pdf", "{}"), "print-document", _document_file, 0),
    ("print picklist", ("OR-2026-0010", "--pdf", "{}"), "print-document", _prepared, 0),
    ("print record", ("1", "--pdf", "{}"), "print-document", _document_file, 0),
    ("print review", ("1", "--pdf", "{}"), "print-document", _reviewed, 0),
    ("print sheet", ("OR-2026-0005", "--pdf", "{}"), "print-document", _document_file, 0),
    ("sheet alerts", (), "sheet-alerts", _alert, 0),
    ("sheet show", ("OR-2026-0005",), "sheet-show", _measured, 0),
    ("sheet show", ("OR-2026-0009",), "sheet-show", _cell_not_replaced, 0),
    ("staff keys", ("{}",), "staff-keys", _with_a_key, 0),
    ("staff list", ("--all",), "staff-list", None, 0),
    ("stock adjust", (*LOT, "-0.5 ml", "--reason", "counted"), "stock-lot", None, 0),
    ("stock consume", (*LOT, "0.5 ml"), "stock-lot", None, 0),
    ("stock dispose", (*LOT, "0.5 ml", "--waste-stream", "solvent_waste", "--reason", "spilt"), "stock-lot", None, 0),
    ("stock ledger", (LOT[0],), "stock-ledger", None, 0),
    ("stock receive", (LOT[0], "L-NEW", "5 ml", "--location", "C1-D1", "--expires", "2030-01-01"), "stock-lot", None, 0),
    ("stock show", (), "stock-show", None, 0),
    ("stock show", (LOT[0],), "stock-show-supply", None, 0),
    ("stock transfer", (*LOT, "--to", "C1-D2"), "stock-lot", None, 0),
    ("whoami", (), "whoami", None, 0),
]


def test_every_json_command_is_run_here() -> None:
    assert {command for command, *_rest in CASES} == json_commands()
    assert {(command, schema + ".json") for command, _args, schema, *_rest in CASES} == {
        (command, name) for command, files in documented().items() for name in files}


@pytest.mark.parametrize(("command", "args", "schema", "setup", "code"), CASES,
                         ids=[f"{case[0]} {' '.join(case[1])}".strip()[:60] for case in CASES])
def test_json_output_matches_its_documented_schema(demo_db: Path, tmp_path: Path, command: str, args: tuple[str, ...],
                                                   schema: str, setup: Setup | None, code: int) -> None:
    given = setup(demo_db, tmp_path) if setup else None
    result = atelier(demo_db, *command.split(), *(given if a == "{}" else a for a in args), "--json")
    assert result.exit_code == code, result.output
    document = json.loads(result.stdout)
    assert document not in ([], {}), "an empty document proves nothing about its shape"
    validator = Draft202012Validator(json.loads((DOCS / "json-schemas" / f"{schema}.json").read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(document)]
    assert errors == []


def test_the_check_of_work_started_says_what_its_measurements_say(demo_db: Path, tmp_path: Path) -> None:
    _measured(demo_db, tmp_path)
    verdict = json.loads(atelier(demo_db, "order", "check", "OR-2026-0005", "--json").stdout)
    assert verdict["plan"]["bench_minutes"] > 0
    measurements = verdict["measurements"]
    assert (measurements["grade"], measurements["judged_by"]) == (None, "calibre")
    assert [(r["quantity"], r["position"], r["value"], r["unit"]) for r in measurements["readings"]] == [("rate", "CH", 4.0, "s/d")]


def test_the_sheet_says_what_became_of_the_parts_the_work_replaces(demo_db: Path, tmp_path: Path) -> None:
    _cell_not_replaced(demo_db, tmp_path)
    sheet = json.loads(atelier(demo_db, "sheet", "show", "OR-2026-0009", "--json").stdout)
    assert sheet["judged_by"] == "calibre"
    assert [(p["part"], p["fitted"], p["not_replaced"]) for p in sheet["parts"]] == [("battery", [], "the customer brought a new cell")]


def test_print_label_writes_its_pdf_where_it_is_told(demo_db: Path, tmp_path: Path) -> None:
    printed = json.loads(atelier(demo_db, "print", "label", "bench", "QZ-01", "--pdf", _label_file(demo_db, tmp_path), "--json").stdout)
    assert (printed["kind"], printed["count"], printed["printer"]) == ("bench", 1, None)
    assert Path(printed["pdf"]) == (tmp_path / "labels.pdf").resolve() and Path(printed["pdf"]).read_bytes().startswith(b"%PDF")
