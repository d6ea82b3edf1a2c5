"""Issue 16 items 2 and 4 and the case-back type through the command line on a real workshop file
and the shipped catalog: orders taken in with `atelier order add` (crystal, crown and case-back
options), read back with `order show --json`, judged with `order check --json`."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, select

from atelier_tui.cli import cli
from atelier_tui.domain.units import to_micro
from atelier_tui.store.engine import write_session
from atelier_tui.store.models import Bench, Location, Lot, Site, SupplyType, Tool, ToolType
from tests.support.readiness_db import sign_order_preparation


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def stock(engine: Engine, now: datetime, *supplies: str) -> None:
    with write_session(engine) as session:
        site_id = session.execute(select(Site.id)).scalars().first()
        drawer = session.execute(select(Location.id)).scalars().first()
        for number, key in enumerate(supplies):
            supply_id = session.execute(select(SupplyType.id).where(SupplyType.key == key)).scalar_one()
            session.add(Lot(supply_type_id=supply_id, site_id=site_id, lot_number=f"CP-{number:02d}", location_id=drawer,
                            quantity_micro=to_micro(5), received_on=now.date() - timedelta(days=10)))


def take_in(db: Path, interventions: tuple[str, ...], *options: str) -> str:
    deadline = (datetime.now().date() + timedelta(days=20)).isoformat()
    args = ["--brand", "Longines", "--model", "Conquest", "--movement-kind", "quartz", "--deadline", deadline,
            "--bench", "QZ-A", *(value for key in interventions for value in ("--intervention", key)), *options]
    result = atelier(db, "order", "add", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def check(db: Path, reference: str) -> dict:  # type: ignore[type-arg]
    result = atelier(db, "order", "check", reference, "--json")
    assert result.exit_code in (0, 1), (result.output, result.exception)
    return json.loads(result.stdout)


def on(verdict: dict, prefix: str) -> list[dict]:  # type: ignore[type-arg]
    return [f for f in verdict["findings"] if f["requirement"].startswith(prefix)]


SAPPHIRE = ("--crystal-diameter", "30 mm", "--crystal-material", "sapphire", "--crystal-shape", "flat",
            "--crystal-thickness", "2.0 mm", "--crystal-gasket-outer-diameter", "31.8 mm",
            "--crystal-gasket-inner-diameter", "31.0 mm", "--crystal-gasket-height", "1.2 mm", "--case-back", "snap_on")


def test_a_sapphire_watch_with_only_mineral_crystals_in_stock_is_no_go_naming_the_material(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    stock(engine, now, "crystal_mineral_300", "gasket_crystal_318x310x120")
    reference = take_in(db, ("crystal_replacement",), *SAPPHIRE)
    verdict = check(db, reference)
    assert verdict["ready"] is False
    crystal = on(verdict, "supply:crystal")
    assert crystal[0]["blocking"] is True and "sapphire" in crystal[0]["message"], crystal
    differs = [f for f in crystal if f["code"] == "wrong_part"]
    assert differs and differs[0]["subject"] == "crystal_mineral_300" and "material" in differs[0]["message"], crystal
    # Once the sapphire crystal is in the drawer, the crystal is served.
    stock(engine, now, "crystal_sapphire_300")
    assert not [f for f in on(check(db, reference), "supply:crystal") if f["blocking"]]


def test_the_crystal_gasket_is_asked_for_by_its_own_sizes_not_the_case_back_oring(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    stock(engine, now, "crystal_sapphire_300", "gasket_oring_280x060")
    reference = take_in(db, ("crystal_replacement",), *SAPPHIRE, "--gasket", "28 mm", "--gasket-section", "0.6 mm",
                        "--water-resistance", "5 bar")
    gaskets = on(check(db, reference), "supply:gasket")
    blocked = [g["requirement"] for g in gaskets if g["blocking"] and g["requirement"].startswith("supply:gasket[")]
    assert blocked == ["supply:gasket[height=1.2,inner_diameter=31,outer_diameter=31.8]"]


def test_an_order_without_the_crystal_material_asks_for_it(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    stock(engine, now, "crystal_sapphire_300", "crystal_mineral_300")
    reference = take_in(db, ("crystal_replacement",), "--crystal-diameter", "30 mm", "--case-back", "snap_on")
    crystal = on(check(db, reference), "supply:crystal")
    assert len(crystal) == 1 and "material" in crystal[0]["message"] and crystal[0]["code"] == "missing", crystal


def test_crown_replacement_with_no_crown_in_stock_is_no_go(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    stock(engine, now, "stem_eta_955_112", "gasket_oring_020x050")
    reference = take_in(db, ("crown_stem_replacement",), "--calibre", "eta_955_112", "--crown-type", "sealed",
                        "--crown-diameter", "6.0 mm", "--crown-tube-diameter", "2.5 mm", "--crown-gasket-inner-diameter", "2.0 mm",
                        "--crown-gasket-section", "0.5 mm", "--case-back", "snap_on")
    verdict = check(db, reference)
    crown = on(verdict, "supply:crown")
    assert verdict["ready"] is False and crown and crown[0]["blocking"] is True, verdict["findings"]
    assert "0.9" in crown[0]["requirement"] and "crown_type=sealed" in crown[0]["requirement"]
    stock(engine, now, "crown_60_25_sealed")
    parts = [f for prefix in ("supply:crown", "supply:gasket", "supply:stem") for f in on(check(db, reference), prefix)]
    assert not [f for f in parts if f["blocking"]], parts


def test_a_screw_down_back_without_a_case_back_wrench_on_the_bench_is_no_go(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, _now = workshop
    with write_session(engine) as session:  # QZ-A's case-back wrench goes back to the store
        wrench_type = session.execute(select(ToolType.id).where(ToolType.key == "case_back_wrench")).scalar_one()
        bench = session.execute(select(Bench.id).where(Bench.code == "QZ-A")).scalar_one()
        wrench = session.execute(select(Tool).where(Tool.bench_id == bench, Tool.tool_type_id == wrench_type)).scalar_one()
        wrench.bench_id = wrench.home_bench_id = None
    reference = take_in(db, ("battery_change",), "--battery", "377", "--case-back", "screw_down")
    verdict = check(db, reference)
    assert verdict["ready"] is False
    assert [f["blocking"] for f in on(verdict, "capability:screw_back_turning")] == [True]
    # QZ-B keeps its wrench: there the case back is no obstacle.
    other = json.loads(atelier(db, "order", "check", reference, "--bench", "QZ-B", "--json").stdout)
    assert not on(other, "capability:screw_back_turning")


def test_an_order_without_a_case_back_type_stays_workable_and_is_asked_for_it(workshop) -> None:  # type: ignore[no-untyped-def]
    engine, db, now = workshop
    reference = take_in(db, ("battery_change",), "--battery", "377")
    sign_order_preparation(engine, reference, now.date())  # the watch itself checked: nothing else is missing
    verdict = check(db, reference)
    asked = on(verdict, "order:case_back")
    assert [(f["code"], f["blocking"]) for f in asked] == [("missing", False)]
    assert verdict["ready"] is True


def test_order_show_gives_the_case_parts_back(workshop) -> None:  # type: ignore[no-untyped-def]
    _engine, db, _now = workshop
    reference = take_in(db, ("crystal_replacement",), *SAPPHIRE, "--crown-type", "screw_down")
    shown = json.loads(atelier(db, "order", "show", reference, "--json").stdout)
    assert (shown["crystal_material"], shown["crystal_shape"], shown["crystal_thickness_mm"], shown["case_back"],
            shown["crown_type"], shown["crown_diameter_mm"]) == ("sapphire", "flat", 2.0, "snap_on", "screw_down", None)
    text = CliRunner().invoke(cli, ["--db", str(db), "order", "show", reference], env={"ATELIER_LANG": "fr"})
    assert "saphir" in text.stdout and "fond à pression" in text.stdout, text.output


def test_a_case_part_word_that_is_not_known_is_refused_naming_the_option(workshop) -> None:  # type: ignore[no-untyped-def]
    _engine, db, _now = workshop
    result = atelier(db, "order", "add", "--brand", "X", "--model", "Y", "--movement-kind", "quartz",
                     "--deadline", (datetime.now().date() + timedelta(days=5)).isoformat(), "--intervention", "battery_change",
                     "--crystal-material", "glass")
    assert result.exit_code == 2
    assert "--crystal-material" in result.stderr and "sapphire, mineral, acrylic" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_the_case_parts_go_out_and_back_in_through_the_workshop_file(workshop, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _engine, db, _now = workshop
    reference = take_in(db, ("crystal_replacement",), *SAPPHIRE, "--crown-type", "sealed", "--crown-diameter", "6 mm")
    exported = tmp_path / "workshop.toml"
    assert atelier(db, "export", str(exported)).exit_code == 0
    text = exported.read_text(encoding="utf-8")
    block = text[text.index(f'reference = "{reference}"'):]
    for line in ('crystal_material = "sapphire"', 'crystal_shape = "flat"', 'crystal_thickness = "2 mm"',
                 'crystal_gasket_height = "1.2 mm"', 'crown_type = "sealed"', 'crown_diameter = "6 mm"', 'case_back = "snap_on"'):
        assert line in block, line
    exported.write_text(text.replace('case_back = "snap_on"', 'case_back = "screw_down"'), encoding="utf-8")
    imported = atelier(db, "import", str(exported))
    assert imported.exit_code == 0, imported.output
    assert json.loads(atelier(db, "order", "show", reference, "--json").stdout)["case_back"] == "screw_down"
    lines = text.replace('case_back = "snap_on"', 'case_back = "bayonet"').splitlines()
    exported.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = atelier(db, "import", str(exported))
    number = next(n for n, line in enumerate(lines, 1) if "bayonet" in line)
    assert refused.exit_code == 2 and f":{number}:" in refused.stderr and "case_back" in refused.stderr, refused.output
    assert json.loads(atelier(db, "order", "show", reference, "--json").stdout)["case_back"] == "screw_down"
