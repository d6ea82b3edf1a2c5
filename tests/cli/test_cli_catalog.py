"""`atelier catalog list KIND` and `atelier catalog show KEY` read what the database holds of the
catalogs (the demo workshop's SQLite file): every kind, the references by key, --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def data(db: Path, *args: str) -> object:
    result = atelier(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("kind", "key"), [
    ("tool_type", "timegrapher"), ("supplies", "battery_sr626sw"), ("calibres", "eta_2824_2"),
    ("interventions", "battery_change"), ("checklists", "bench_opening"), ("plans", "timegrapher_calibration"),
    ("capability", "rate_measuring"),
])
def test_each_kind_lists_its_keys_and_shows_one_in_full(demo_db: Path, kind: str, key: str) -> None:
    listed = data(demo_db, "catalog", "list", kind)
    assert key in [entry["key"] for entry in listed]  # type: ignore[union-attr,index]
    assert [entry["key"] for entry in listed] == sorted(entry["key"] for entry in listed)  # type: ignore[union-attr,index]
    shown = data(demo_db, "catalog", "show", key)
    assert shown["key"] == key and shown["kind"] == listed[0]["kind"]  # type: ignore[index]
    text = atelier(demo_db, "catalog", "show", key)
    assert text.exit_code == 0 and text.stdout.startswith(f"{shown['kind']} {key}: ")  # type: ignore[index]


def test_show_gives_the_references_by_key(demo_db: Path) -> None:
    supply = data(demo_db, "catalog", "show", "battery_sr626sw")
    assert supply["aliases"] == ["377"] and supply["reorder_point"] == 10.0 and supply["stock_unit"] == "piece"  # type: ignore[index]
    intervention = data(demo_db, "catalog", "show", "battery_change")
    assert "bench_opening" in intervention["checklists"]  # type: ignore[index]
    assert {"capability": "case_opening", "count": 1, "when": ["case_back:unknown"], "unless": [], "attributes": {}} in intervention["tool_requirements"]  # type: ignore[index]
    assert any(need.get("from") == "calibre.battery" for need in intervention["supply_requirements"])  # type: ignore[index,union-attr]
    checklist = data(demo_db, "catalog", "show", "bench_opening")
    assert checklist["items"] and {"key", "tag", "level", "text_en", "text_fr", "conditions"} <= set(checklist["items"][0])  # type: ignore[index]
    plan = data(demo_db, "catalog", "show", "timegrapher_calibration")
    assert plan["tool_type"] == "timegrapher" and plan["tool"] is None and plan["plan_kind"] == "calibration"  # type: ignore[index]
    tool_type = data(demo_db, "catalog", "show", "timegrapher")
    assert tool_type["capabilities"] == ["rate_measuring"] and "timegrapher_calibration" in tool_type["plans"]  # type: ignore[index]
    assert "id" not in supply and "supply_type_id" not in json.dumps(supply)  # type: ignore[operator]


@pytest.mark.parametrize(("args", "line"), [
    (("list", "widgets"), "KIND: 'widgets' is not one of attribute, capability, tool_type, supply_type, calibre, checklist, "
                          "intervention, maintenance_plan"),
    (("show", "nope"), "KEY: no catalog entry has the key 'nope'"),
    (("show", "bench_opening", "--kind", "plans"), "KEY: no catalog entry has the key 'bench_opening'"),
    (("show", "bench_opening", "--kind", "widgets"), "--kind: 'widgets' is not one of attribute, capability, tool_type, "
                                                     "supply_type, calibre, checklist, intervention, maintenance_plan"),
])
def test_an_unknown_kind_or_key_is_one_line_and_exit_2(demo_db: Path, args: tuple[str, ...], line: str) -> None:
    result = atelier(demo_db, "catalog", *args)
    assert result.exit_code == 2 and result.stdout == "" and result.stderr.strip() == line


def test_list_and_show_show_an_example_in_their_help() -> None:
    for name in ("list", "show"):
        assert f"Example: atelier catalog {name}" in CliRunner().invoke(cli, ["catalog", name, "--help"]).stdout


def test_show_writes_a_calibres_tolerances_as_a_watchmaker_reads_them(demo_db: Path) -> None:
    shown = atelier(demo_db, "catalog", "show", "eta_2824_2")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert "    mean_rate: -12 s/d … 12 s/d" in lines
    assert "    amplitude: 250° … 315°" in lines
    assert "    beat_error: ≤ 0.6 ms" in lines
    top = lines.index("    grade top:")
    assert lines[top + 1] == "      mean_rate: -4 s/d … 4 s/d"
    assert '"value"' not in shown.stdout and " deg" not in shown.stdout
