"""`atelier order check|prepare|start` as a technician or a script uses them: exit codes, the
JSON contract, one clear line for bad input."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from atelier_tui.cli import cli
from tests.support.readiness_db import add_battery_order, prepare_workshop


@pytest.fixture
def db(catalogued_engine, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    now = datetime.now().astimezone()  # the command line reads the real clock
    prepare_workshop(catalogued_engine, cells=1, now=now)
    add_battery_order(catalogued_engine, "OR-A", bench="QZ-A", today=now.date())
    add_battery_order(catalogued_engine, "OR-B", bench="QZ-B", today=now.date())
    return catalogued_db


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_check_exits_0_when_ready_and_prints_go(db: Path) -> None:
    result = atelier(db, "order", "check", "OR-A")
    assert result.exit_code == 0, result.output
    assert "OR-A on bench QZ-A: GO" in result.stdout


def test_check_json_follows_the_contract(db: Path) -> None:
    atelier(db, "order", "start", "OR-A")
    result = atelier(db, "order", "check", "OR-B", "--bench", "QZ-B", "--json")
    assert result.exit_code == 1
    verdict = json.loads(result.stdout)
    assert (verdict["order"], verdict["bench"], verdict["ready"]) == ("OR-B", "QZ-B", False)
    finding = next(f for f in verdict["findings"] if f["blocking"])
    assert set(finding) >= {"code", "blocking", "requirement", "message", "remedy"}
    assert (finding["code"], finding["requirement"]) == ("insufficient_stock", "supply:battery_sr626sw")
    assert "Reorder" in finding["remedy"]


def test_check_names_each_finding_by_a_word_of_the_interface_language_not_its_code(db: Path) -> None:
    english = atelier(db, "order", "check", "OR-B", "--bench", "QZ-B")
    french = CliRunner().invoke(cli, ["--db", str(db), "order", "check", "OR-B", "--bench", "QZ-B"], env={"ATELIER_LANG": "fr"})
    assert "! stock: " in english.stdout and "insufficient_stock" not in english.stdout
    assert "! stock\u202f: " in french.stdout and "insufficient_stock" not in french.stdout


def test_bad_input_exits_2_with_one_line_naming_it(db: Path) -> None:
    unknown = atelier(db, "order", "check", "OR-NOPE")
    assert unknown.exit_code == 2 and unknown.stderr.strip().startswith("REFERENCE:")
    bench = atelier(db, "order", "check", "OR-A", "--bench", "XX-1")
    assert bench.exit_code == 2 and bench.stderr.strip() == "--bench: no bench 'XX-1'"
    assert "Traceback" not in unknown.output + bench.output


def test_start_refuses_a_bench_that_is_not_ready_unless_conceded(db: Path) -> None:
    assert atelier(db, "order", "start", "OR-A").exit_code == 0
    refused = atelier(db, "order", "start", "OR-B")
    assert refused.exit_code == 1 and "(stock)" in refused.stderr and "concession" in refused.stderr  # a "no", not bad input
    assert "insufficient_stock" not in refused.stderr  # the finding's word, not its code
    conceded = atelier(db, "order", "start", "OR-B", "--concession", "Customer brought the cell")
    assert conceded.exit_code == 0, conceded.output
    assert "concession: Customer brought the cell" in conceded.stdout


def test_prepare_prints_the_pick_list_and_the_verdict(db: Path) -> None:
    result = atelier(db, "order", "prepare", "OR-A")
    assert result.exit_code == 0, result.output
    assert "C3-D1: lot R-626-01 of battery_sr626sw, 1 piece (reserved)" in result.stdout
    assert "GO" in result.stdout


@pytest.fixture
def back_to_english():  # type: ignore[no-untyped-def]
    from atelier_tui.i18n import set_language

    yield
    set_language("en")


def test_the_verdict_is_printed_in_french_when_asked(db: Path, back_to_english) -> None:  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(cli, ["--db", str(db), "order", "check", "OR-A"], env={"ATELIER_LANG": "fr"})
    assert result.exit_code == 0, result.output
    assert "OR-A sur le poste QZ-A\u202f: GO" in result.stdout


def test_prepare_leaves_a_tool_an_order_in_progress_needs_until_told_to_block_it(db: Path) -> None:
    """Issue 17, item 5: QZ-A's tweezers are broken; the only other pair serves OR-B, in progress on QZ-B."""
    from sqlalchemy import select, update

    from atelier_tui.store.engine import make_engine, write_session
    from atelier_tui.store.models import Capability, RepairOrder, Tool, ToolTypeCapability

    engine = make_engine(f"sqlite:///{db}")
    with write_session(engine) as session:
        kinds = select(ToolTypeCapability.tool_type_id).join(Capability, Capability.id == ToolTypeCapability.capability_id).where(
            Capability.key == "tweezers_non_conductive")
        tag = session.execute(select(Tool.asset_tag).where(Tool.asset_tag.like("QZ-B-%"), Tool.tool_type_id.in_(kinds))).scalar_one()
        session.execute(update(Tool).where(Tool.asset_tag.like("QZ-A-%"), Tool.tool_type_id.in_(kinds))
                        .values(status="out_of_service", status_reason="Pointe cassée"))
        session.execute(update(RepairOrder).where(RepairOrder.reference == "OR-B").values(status="in_progress"))
    engine.dispose()
    check = atelier(db, "order", "check", "OR-A")
    assert check.exit_code == 1
    assert f"Borrow {tag}" in check.stdout and "OR-B there need it and would be blocked" in check.stdout
    left = atelier(db, "order", "prepare", "OR-A")
    assert left.exit_code == 1, left.output  # not ready: the tweezers stayed with OR-B
    assert f"! {tag} left on bench QZ-B: OR-B there need it; to take it anyway, add --block OR-B" in left.stdout
    assert not tweezers_missing(db, "OR-B")  # (its cell went to OR-A: only the tweezers are looked at)
    taken = atelier(db, "order", "prepare", "OR-A", "--block", "OR-B")
    assert taken.exit_code == 0, taken.output
    assert f"QZ-B: tool {tag} (checked out to the bench)" in taken.stdout
    assert "! OR-B on bench QZ-B needed it: now blocked" in taken.stdout
    assert tweezers_missing(db, "OR-B")


def tweezers_missing(db: Path, reference: str) -> bool:
    verdict = json.loads(atelier(db, "order", "check", reference, "--json").stdout)
    return any(f["blocking"] and f["requirement"] == "capability:tweezers_non_conductive" for f in verdict["findings"])
