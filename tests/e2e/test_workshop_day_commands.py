"""A workshop's day scripted with `atelier` commands only, as an integrator or a nightly job would:
real processes on a fresh SQLite file, no SQL and no Python API. The workshop itself (site,
bench, people, tools) comes in through `atelier import`; then stock is received, an order taken
in, checked, its bench's checklists run, prepared, started, measured, closed, a calibration
recorded and the due list read, and the ledger must sum to the stock on hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from atelier_tui.services.staff.identity import os_account

ATELIER = [sys.executable, "-m", "atelier_tui"]

pytestmark = pytest.mark.slow  # dozens of `atelier` processes, one after the other

# One tool per capability battery_change needs for a watch not marked water resistant (catalog
# interventions.toml); the 0.60 mm blade is within the 0.50-0.80 mm the change asks for.
TOOLS = {"QZ-01": "case_knife", "QZ-02": "case_vice", "QZ-03": "case_back_press", "QZ-04": "tweezers_plastic",
         "QZ-05": "screwdriver_060", "QZ-06": "multimeter", "QZ-07": "esd_mat", "QZ-08": "esd_wrist_strap",
         "QZ-09": "dust_blower", "QZ-10": "loupe_x3"}


def workshop_file(path: Path) -> Path:
    tools = "".join(f'[[tool]]\nasset_tag = "{tag}"\nsite = "LYON"\ntool_type = "{kind}"\nhome = "QZ"\nbench = "QZ"\n'
                    'status = "checked_out"\n\n' for tag, kind in TOOLS.items())
    path.write_text(f"""format = 1

[[site]]
code = "LYON"
name = "Lyon"

[[location]]
code = "D1"
site = "LYON"
name = "Drawer of cells"
kind = "drawer"

[[staff]]
login = "{os_account()}"
site = "LYON"
display_name = "Nina Roux"
role = "lead"
level = 3
movement_kinds = ["quartz"]

[[bench]]
code = "QZ"
site = "LYON"
name = "Quartz bench"
features = ["esd"]
technician = "{os_account()}"

{tools}""", encoding="utf-8")
    return path


class Day:
    def __init__(self, db: Path) -> None:
        self.db = db
        self.env = {**os.environ, "ATELIER_DATABASE_URL": ""}

    def run(self, *args: str, code: int = 0) -> str:
        done = subprocess.run([*ATELIER, "--db", str(self.db), *args], capture_output=True, text=True, env=self.env, timeout=300)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
        return done.stdout

    def json(self, *args: str, code: int = 0) -> Any:
        return json.loads(self.run(*args, "--json", code=code))


def answers(day: Day, checklist: str, path: Path, order: str | None = None, facts: tuple[str, ...] = ()) -> Path:
    """ok to every item that applies whatever the bench and the order, and to those whose
    conditions `facts` meet (the others are recorded not applicable by the checklist itself)."""
    entry = day.json("catalog", "show", checklist)
    path.write_text("[answers]\n" + "".join(f'{item["key"]} = "ok"\n' for item in entry["items"] if set(item["conditions"]) <= set(facts)),
                    encoding="utf-8")
    return path


def record(day: Day, tag: str, plan: str) -> Any:
    """The plan done and passed: an instrument's test points read on their nominal value."""
    points = day.json("catalog", "show", plan)["test_points"]
    found = [option for point in points for option in ("--as-found", f"{point['key']}={point['nominal']['text']}")]
    return day.json("maintenance", "record", tag, "--plan", plan, "--result", "pass", *found)


def test_a_workshop_day_with_commands_only_keeps_the_ledger_equal_to_the_stock(tmp_path: Path) -> None:
    day = Day(tmp_path / "atelier.db")
    day.run("init", "--quiet")
    day.run("import", str(workshop_file(tmp_path / "workshop.toml")), "--quiet")
    # Tools never maintained are at their limit: each plan is done once, the multimeter calibrated.
    for item in day.json("maintenance", "due")["items"]:
        if item["state"] != "ok":
            record(day, item["tool"], item["plan"])
    assert {item["state"] for item in day.json("maintenance", "due")["items"]} == {"ok"}

    day.run("stock", "receive", "377", "R-1", "3 piece", "--location", "D1", "--expires", "2031-06-30")
    day.run("stock", "receive", "finger_cots", "FC-1", "100 piece", "--location", "D1")
    reference = day.json("order", "add", "--brand", "Swatch", "--model", "Skin", "--movement-kind", "quartz",
                         "--battery", "377", "--intervention", "battery_change", "--deadline", "2031-01-31",
                         "--bench", "QZ")["reference"]

    verdict = day.json("order", "check", reference, code=1)  # the bench's checklists are not run today
    assert not verdict["ready"]
    assert {f["code"] for f in verdict["findings"] if f["blocking"]} == {"checklist_missing"}
    # The bench's checklists of the day, and what is checked of this watch, once for its order.
    for checklist in ("bench_opening", "quartz_esd", "order_preparation"):
        ran = day.json("checklist", "run", checklist, "--bench", "QZ", "--order", reference,
                       "--answers", str(answers(day, checklist, tmp_path / f"{checklist}.toml", facts=("movement:quartz",))))
        assert ran["passed"], ran
    assert day.json("order", "check", reference)["ready"]
    assert "GO" in day.run("order", "prepare", reference)
    day.run("order", "start", reference)

    steps = [line for line in day.run("sheet", "show", reference).splitlines() if line.lstrip()[:1].isdigit()]
    for number in range(1, len(steps) + 1):
        day.run("sheet", "tick", reference, str(number))
    assert "recorded" in day.run("sheet", "measure", reference, "current", "1.2 uA", "--tool", "QZ-06")
    closed = day.run("sheet", "close", reference)
    assert "consumed 1 piece of battery_sr626sw from lot R-1" in closed

    # The afternoon: the multimeter's yearly calibration, then what is due in the coming year.
    recorded = record(day, "QZ-06", "multimeter_calibration")
    assert (recorded["result"], recorded["found_in_tolerance"], recorded["out_of_service"]) == ("pass", True, False)
    due = day.json("maintenance", "due", "--within", "400")
    assert {"QZ-06", "QZ-07", "QZ-08"} <= {item["tool"] for item in due["items"]}

    # Every lot's quantity is the sum of its movements in the ledger.
    for supply in ("battery_sr626sw", "finger_cots"):
        shown = day.json("stock", "show", supply)
        ledger = day.json("stock", "ledger", supply)
        for lot in shown["lots"]:
            moved = sum(entry["quantity"] for entry in ledger if entry["lot"] == lot["lot"])
            assert round(moved, 6) == lot["quantity"], (supply, lot, ledger)
        assert round(sum(entry["quantity"] for entry in ledger), 6) == shown["on_hand"]
    assert day.json("stock", "show", "battery_sr626sw")["on_hand"] == 2
    assert day.json("stock", "show", "finger_cots")["on_hand"] == 98
