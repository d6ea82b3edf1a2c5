"""Readiness follows a tool's own maintenance plan (issue 21 item 3): a plan added to one tool of
the bench, never done, blocks the order like any plan that has reached its limit; retired, the
bench is ready again."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli_readiness import atelier, db  # noqa: F401  (two battery orders, OR-A on QZ-A and OR-B on QZ-B, one cell)


def test_an_own_plan_never_done_blocks_the_bench_and_retiring_it_clears_it(db: Path) -> None:  # noqa: F811
    assert json.loads(atelier(db, "order", "check", "OR-A", "--json").stdout)["ready"]
    screwdriver = next(line.split()[0] for line in atelier(db, "maintenance", "due").stdout.splitlines()
                       if line.startswith("QZ-A-") and "screwdriver" in line)
    added = atelier(db, "maintenance", "plan", "add", screwdriver, "qza_blade_check", "--kind", "verification",
                    "--name", "Blade gauge check", "--every-days", "7")
    assert added.exit_code == 0, added.output
    refused = atelier(db, "order", "check", "OR-A", "--json")
    assert refused.exit_code == 1
    blocking = [finding for finding in json.loads(refused.stdout)["findings"] if finding["blocking"]]
    assert [(finding["code"], screwdriver in finding["message"]) for finding in blocking] == [("calibration_overdue", True)]  # a verification is metrology
    assert atelier(db, "maintenance", "plan", "retire", "qza_blade_check", "--reason", "gauge lost").exit_code == 0
    assert atelier(db, "order", "check", "OR-A").exit_code == 0
