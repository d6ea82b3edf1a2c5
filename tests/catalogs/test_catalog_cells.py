"""The cells and replacement movements of the shipped catalog, checked against the makers' and
the trade's figures (docs/trade-sources.md), and the catalog rules that keep them right: a
high-drain twin is its own entry, never an alias; an alkaline cell is never another name of a
silver-oxide one; a kinetic or solar calibre takes a rechargeable cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    bundle = read_catalogs([SHIPPED_CATALOGS])
    assert bundle.ok, [str(e) for e in bundle.errors]
    return bundle.entries


def _cell(shipped, name: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """The one cell called `name` (IEC code or alias): a name of two cells would be ambiguous."""
    found = [row for row in shipped["supply_type"].values()
             if row["category"] == "battery" and (name == row["iec_code"] or name in row["aliases"])]
    assert len(found) == 1, (name, [row["key"] for row in found])
    return found[0]


@pytest.mark.parametrize(("twin", "iec", "low_drain"), [
    ("363", "SR621W", "SR621SW"), ("396", "SR726W", "SR726SW"), ("376", "SR626W", "SR626SW"), ("370", "SR920W", "SR920SW"),
    ("399", "SR927W", "SR927SW"), ("361", "SR721W", "SR721SW"), ("389", "SR1130W", "SR1130SW"), ("391", "SR1120W", "SR1120SW"),
])
def test_a_high_drain_twin_is_its_own_cell_not_an_alias_of_the_low_drain_one(shipped, twin: str, iec: str, low_drain: str) -> None:  # type: ignore[no-untyped-def]
    high, low = _cell(shipped, twin), _cell(shipped, low_drain)
    assert (high["iec_code"], high["drain"]) == (iec, "high")
    assert low["drain"] == "low" and twin not in low["aliases"]
    assert high["attributes"]["diameter"] == low["attributes"]["diameter"]


# (name typed, IEC code, diameter mm, height mm, voltage V): docs/trade-sources.md, cells.
COMMON_CELLS = [
    ("321", "SR616SW", 6.8, 1.65, 1.55), ("384", "SR41SW", 7.9, 3.6, 1.55), ("392", "SR41W", 7.9, 3.6, 1.55),
    ("303", "SR44SW", 11.6, 5.4, 1.55), ("357", "SR44W", 11.6, 5.4, 1.55), ("346", "SR712SW", 7.9, 1.25, 1.55),
    ("337", "SR416SW", 4.8, 1.65, 1.55), ("335", "SR512SW", 5.8, 1.25, 1.55), ("329", "SR731SW", 7.9, 3.1, 1.55),
    ("366", "SR1116SW", 11.6, 1.65, 1.55), ("CR1220", "CR1220", 12.5, 2.0, 3.0), ("CR1620", "CR1620", 16.0, 2.0, 3.0),
    ("CR2012", "CR2012", 20.0, 1.2, 3.0),
]


@pytest.mark.parametrize(("name", "iec", "diameter", "height", "voltage"), COMMON_CELLS)
def test_the_common_cells_are_in_the_catalog_with_their_size_and_voltage(shipped, name: str, iec: str, diameter: float,  # type: ignore[no-untyped-def]
                                                                         height: float, voltage: float) -> None:
    row = _cell(shipped, name)
    sizes = {k: row["attributes"][k]["value"] for k in ("diameter", "height", "voltage")}
    assert (row["iec_code"], sizes) == (iec, {"diameter": diameter, "height": height, "voltage": voltage})
    assert not row["rechargeable"]


@pytest.mark.parametrize("name", ["MT920", "MT621", "MT516", "ML2016", "CTL1616", "CTL920", "3023.5MZ"])
def test_the_rechargeable_cells_of_kinetic_and_solar_watches_are_supplies(shipped, name: str) -> None:  # type: ignore[no-untyped-def]
    row = _cell(shipped, name)
    assert row["rechargeable"] and row["drain"] is None and row["waste_stream"] == "battery_collection"


def test_no_alkaline_name_is_an_alias_and_no_name_means_two_cells(shipped) -> None:  # type: ignore[no-untyped-def]
    names: dict[str, str] = {}
    for row in shipped["supply_type"].values():
        if row["category"] != "battery":
            continue
        for name in {row["iec_code"], *row["aliases"]}:
            assert not name.upper().startswith(("AG", "LR")), (row["key"], name)
            assert names.setdefault(name, row["key"]) == row["key"], f"{name} names {names[name]} and {row['key']}"


def test_the_kinetic_calibre_takes_its_rechargeable_cell(shipped) -> None:  # type: ignore[no-untyped-def]
    calibre = shipped["calibre"]["seiko_5m85a"]
    assert calibre["movement_kind"] == "kinetic" and calibre["battery"] == "battery_mt920"
    assert shipped["supply_type"]["battery_mt920"]["rechargeable"]


def test_every_replacement_movement_fits_its_own_calibre_first(shipped) -> None:  # type: ignore[no-untyped-def]
    movements = {key: row for key, row in shipped["supply_type"].items() if row["category"] == "movement"}
    assert movements
    for key, row in movements.items():
        assert row["fits"] and key == f"movement_{row['fits'][0]}", key
        assert set(row["fits"]) <= set(shipped["calibre"]), key
    assert shipped["supply_type"]["movement_eta_f06_115"]["fits"] == ["eta_f06_115", "eta_955_112"]
    # Share parts but not a dial: the seconds sit at 9 on the 6497, at 6 on the 6498.
    assert not any({"eta_6497", "eta_6498"} <= set(row["fits"]) for row in movements.values())
    replacement = shipped["intervention"]["quartz_movement_replacement"]["supplies"]
    assert {"from": "calibre.movement"}.items() <= replacement[0].items()


def _check(tmp_path: Path, text: str) -> list[str]:
    """Errors of `text` read with the shipped catalogs: its cells' names must be new ones (an IEC
    code or alias of a shipped cell would be refused as naming a second cell)."""
    path = tmp_path / "cells.toml"
    path.write_text(text, encoding="utf-8")
    return [str(e).removeprefix(f"{path}:") for e in read_catalogs([SHIPPED_CATALOGS, path]).errors]


CELL = '''[[supply_type]]
key = "battery_{key}"
name_en = "Cell {iec}"
name_fr = "Pile {iec}"
category = "battery"
stock_unit = "piece"
iec_code = "{iec}"
{extra}
attributes = {{ diameter = "6.8 mm", height = "2.6 mm", voltage = "1.55 V" }}
'''


def test_an_alkaline_cell_is_refused_as_an_alias(tmp_path: Path) -> None:
    errors = _check(tmp_path, CELL.format(key="x999sw", iec="SR999SW", extra='drain = "low"\naliases = ["999", "AG4", "LR626"]'))
    assert errors == [
        "9: aliases: 'AG4' is an alkaline cell, not another name of this one; give it its own entry if the workshop stocks it",
        "9: aliases: 'LR626' is an alkaline cell, not another name of this one; give it its own entry if the workshop stocks it",
    ]


def test_a_drain_that_contradicts_the_iec_suffix_is_refused(tmp_path: Path) -> None:
    assert _check(tmp_path, CELL.format(key="x999w", iec="SR999W", extra='drain = "low"')) == [
        '8: drain: SR999W is a high-drain cell (suffix W); give drain = "high"']
    assert _check(tmp_path, CELL.format(key="x999sw", iec="SR999SW", extra="")) == [
        '7: drain: SR999SW is a low-drain cell (suffix SW); give drain = "low"']


def test_a_kinetic_calibre_naming_a_primary_cell_is_refused(tmp_path: Path) -> None:
    text = CELL.format(key="x371", iec="SR999SW", extra='drain = "low"') + '''
[[calibre]]
key = "odd_kinetic"
reference = "Odd kinetic"
name_en = "Odd kinetic"
name_fr = "Kinetic bizarre"
maker = "Seiko"
movement_kind = "kinetic"
battery = "battery_x371"
'''
    assert _check(tmp_path, text) == ["18: battery: a kinetic calibre takes a rechargeable cell; 'battery_x371' is not one"]


def test_a_second_cell_named_like_a_shipped_one_is_refused(tmp_path: Path) -> None:
    """An order or a lot naming 'SR626SW' or '377' must mean one cell, not either of two."""
    errors = _check(tmp_path, CELL.format(key="x626sw", iec="SR626SW", extra='drain = "low"\naliases = ["377"]'))
    assert errors == [
        "7: iec_code: 'SR626SW' already names the cell 'battery_sr626sw'; an IEC code or alias names one cell",
        "9: aliases: '377' already names the cell 'battery_sr626sw'; an IEC code or alias names one cell",
    ]
