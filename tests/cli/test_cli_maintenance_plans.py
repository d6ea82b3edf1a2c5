"""`atelier maintenance plan add|list|retire` as a lead or a script uses them on the demo workshop:
the dry tester AT-00107 on a 50-test leak check of its own, what the due list then says, and the
refusals (exit 2 bad input, exit 1 a plan already retired), each one line writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from atelier_tui.cli import cli

LEAK = "wr_tester_dry_leak_check"


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def leak_check(db: Path) -> dict:  # type: ignore[type-arg]
    due = json.loads(atelier(db, "maintenance", "due", "--json").stdout)
    return next(item for item in due["items"] if item["tool"] == "AT-00107" and item["kind"] == "verification")


def test_a_tools_own_plan_is_added_listed_followed_by_the_due_list_and_retired(demo_db: Path) -> None:
    before = leak_check(demo_db)
    assert (before["plan"], before["every_uses"]) == (LEAK, 100)
    added = atelier(demo_db, "maintenance", "plan", "add", "AT-00107", "at00107_leak_check", "--from", LEAK, "--every-uses", "50")
    assert added.exit_code == 0, added.output
    assert added.stdout.strip() == ("at00107_leak_check added for AT-00107: every 30 days or every 50 uses; "
                                    f"replaces {LEAK} for this tool")
    after = leak_check(demo_db)
    # Counted from the same last leak check: 50 fewer tests left than under the type's plan.
    assert (after["plan"], after["every_uses"], after["last_done"]) == ("at00107_leak_check", 50, before["last_done"])
    assert after["uses_left"] == before["uses_left"] - 50
    listed = atelier(demo_db, "maintenance", "plan", "list")
    assert listed.exit_code == 0 and listed.stdout.startswith("at00107_leak_check ") and "own plan of AT-00107" in listed.stdout
    retired = atelier(demo_db, "maintenance", "plan", "retire", "at00107_leak_check", "--reason", "seal replaced")
    assert retired.exit_code == 0, retired.output
    assert retired.stdout.strip() == f"at00107_leak_check of AT-00107 retired; {LEAK} applies again"
    assert leak_check(demo_db) == before
    assert atelier(demo_db, "maintenance", "plan", "list").stdout.strip() == "no plan"
    again = atelier(demo_db, "maintenance", "plan", "retire", "at00107_leak_check", "--reason", "twice")
    assert again.exit_code == 1 and again.stderr.strip() == "KEY: at00107_leak_check is already retired"


def test_bad_input_is_one_line_naming_the_argument_and_writes_nothing(demo_db: Path) -> None:
    cases = {
        ("add", "AT-00107", "Leak Check", "--from", LEAK): "KEY: 'Leak Check' must be lower-case letters, digits and '_'",
        ("add", "AT-00107", "x_check", "--from", "timegrapher_calibration"):
            "--from: 'timegrapher_calibration' is not a plan of the type of AT-00107 (its type's plans: "
            "wr_tester_dry_calibration, wr_tester_dry_leak_check)",
        ("add", "AT-00107", "x_check", "--kind", "verification", "--name", "Leak"):
            "--every-days: give every_days, every_uses or both",
        ("add", "AT-NONE", "x_check", "--from", LEAK): "TAG: no tool has the asset tag 'AT-NONE'",
        ("add", "AT-00107", LEAK, "--from", LEAK): f"KEY: a plan '{LEAK}' already exists",
        ("retire", LEAK, "--reason", "no"): f"KEY: {LEAK} is a plan of the catalog; change it in the catalog",
        ("retire", "nothing_such", "--reason", "no"): "KEY: no plan has the key 'nothing_such'",
    }
    for args, line in cases.items():
        result = atelier(demo_db, "maintenance", "plan", *args)
        assert (result.exit_code, result.stderr.strip()) == (2, line), args
    assert atelier(demo_db, "maintenance", "plan", "list").stdout.strip() == "no plan"
