"""The shipped catalog's case parts (issue 16 items 2 and 4, case-back type): crystals and crowns
give the words they are matched on, the interventions match on all of them and ask for the
crystal's and the crown's own gaskets, and every intervention that opens a case takes the opener
of its case-back type."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    bundle = read_catalogs([SHIPPED_CATALOGS])
    assert bundle.ok, [str(e) for e in bundle.errors]
    return bundle.entries


def _supplies(shipped, category: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return {key: row for key, row in shipped["supply_type"].items() if row["category"] == category}


def test_every_crystal_gives_its_material_shape_diameter_and_thickness(shipped) -> None:  # type: ignore[no-untyped-def]
    crystals = _supplies(shipped, "crystal")
    assert crystals
    for key, row in crystals.items():
        material = key.split("_")[1]
        assert row["properties"]["material"] == material, key
        assert row["properties"]["shape"] in ("flat", "domed", "box"), key
        assert {"diameter", "thickness"} <= set(row["attributes"]), key
    assert {row["properties"]["material"] for row in crystals.values()} == {"sapphire", "mineral", "acrylic"}


def test_every_crown_gives_its_type_tube_and_thread(shipped) -> None:  # type: ignore[no-untyped-def]
    crowns = _supplies(shipped, "crown")
    assert {row["properties"]["crown_type"] for row in crowns.values()} == {"plain", "sealed", "screw_down"}
    for key, row in crowns.items():
        assert {"diameter", "inner_diameter", "thread"} <= set(row["attributes"]), key
        assert row["attributes"]["thread"]["value"] == 0.9, key  # tap 10, as every stem of the catalog that gives one


def test_a_crystal_replacement_matches_all_four_and_asks_for_the_crystal_gasket(shipped) -> None:  # type: ignore[no-untyped-def]
    supplies = shipped["intervention"]["crystal_replacement"]["supplies"]
    crystal = next(need for need in supplies if need.get("category") == "crystal")
    assert crystal["match"] == {"diameter": "watch.crystal_diameter", "thickness": "watch.crystal_thickness",
                                "material": "watch.crystal_material", "shape": "watch.crystal_shape"}
    gaskets = [need for need in supplies if need.get("category") == "gasket"]
    assert [g["match"] for g in gaskets] == [{"outer_diameter": "watch.crystal_gasket_outer_diameter",
                                             "inner_diameter": "watch.crystal_gasket_inner_diameter",
                                             "height": "watch.crystal_gasket_height"}]
    assert gaskets[0]["unless"] == ["crystal:acrylic"]


def test_a_crown_and_stem_replacement_asks_for_a_crown_the_stem_and_the_crown_gasket(shipped) -> None:  # type: ignore[no-untyped-def]
    supplies = shipped["intervention"]["crown_stem_replacement"]["supplies"]
    assert any(need.get("from") == "calibre.stem" for need in supplies)
    crown = next(need for need in supplies if need.get("category") == "crown")
    assert crown["match"]["thread"] == "calibre.stem_thread" and crown["match"]["crown_type"] == "watch.crown_type"
    gaskets = [need for need in supplies if need.get("category") == "gasket"]
    assert [g["match"] for g in gaskets] == [{"inner_diameter": "watch.crown_gasket_inner_diameter",
                                             "section": "watch.crown_gasket_section"}]  # not the case back's O-ring


def test_every_intervention_that_opens_the_case_takes_the_opener_of_its_case_back(shipped) -> None:  # type: ignore[no-untyped-def]
    opening = {key: row for key, row in shipped["intervention"].items()
               if any(tool["capability"] == "case_opening" for tool in row["tools"])}
    assert len(opening) >= 10
    for key, row in opening.items():
        by_fact = {tuple(tool["when"]): tool["capability"] for tool in row["tools"] if any(f.startswith("case_back:") for f in tool["when"])}
        assert by_fact[("case_back:snap_on",)] in ("snap_back_opening", "snap_back_pressing"), key
        assert by_fact[("case_back:screw_down",)] == "screw_back_turning", key
        assert by_fact[("case_back:screwed",)] == "screwdriving", key
        generic = [tool for tool in row["tools"] if tool["capability"] in ("case_opening", "case_closing")]
        assert all(tool["when"] == ["case_back:unknown"] for tool in generic), key
    types = shipped["tool_type"]
    assert "screw_back_turning" in types["case_back_wrench"]["capabilities"]
    assert "snap_back_opening" in types["case_knife"]["capabilities"]
    assert "snap_back_pressing" in types["case_back_press"]["capabilities"]
    assert "screw_back_turning" not in types["friction_ball"]["capabilities"]


def _check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "parts.toml"
    path.write_text(text, encoding="utf-8")
    return [str(e).removeprefix(f"{path}:") for e in read_catalogs([SHIPPED_CATALOGS, path]).errors]


CRYSTAL = '''[[supply_type]]
key = "crystal_test_300"
name_en = "Test crystal"
name_fr = "Glace d'essai"
category = "{category}"
stock_unit = "piece"
{properties}
attributes = {{ diameter = "30.0 mm", thickness = "2.0 mm" }}
'''


def test_a_crystal_without_its_material_and_shape_is_refused(tmp_path: Path) -> None:
    errors = _check(tmp_path, CRYSTAL.format(category="crystal", properties=""))
    assert len(errors) == 2 and all("properties." in e and "missing" in e for e in errors), errors


def test_an_unknown_material_and_a_property_on_another_category_are_refused(tmp_path: Path) -> None:
    assert _check(tmp_path, CRYSTAL.format(category="crystal", properties='properties = { material = "glass", shape = "flat" }')) == [
        "7: properties.material: 'glass' is not one of sapphire, mineral, acrylic"]
    errors = _check(tmp_path, CRYSTAL.format(category="gasket", properties='properties = { material = "sapphire" }'))
    assert errors == ["7: properties.material: a gasket has no properties"]
