"""The shipped catalog's data behind issue 16 items 7, 8, 10, 14 and the mercury-cell wording:
checked on the catalog itself, so that an edit that brings an error back fails here."""

from __future__ import annotations

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    bundle = read_catalogs([SHIPPED_CATALOGS])
    assert bundle.ok, [str(e) for e in bundle.errors]
    return bundle.entries


def _item(shipped, checklist: str, key: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return next(item for item in shipped["checklist"][checklist]["items"] if item["key"] == key)


def test_mercury_oxide_cells_set_aside_is_required(shipped) -> None:  # type: ignore[no-untyped-def]
    assert _item(shipped, "quartz_esd", "mercury_cells_segregated")["level"] == "required"


def test_only_oilers_oil(shipped) -> None:  # type: ignore[no-untyped-def]
    oiling = sorted(key for key, row in shipped["tool_type"].items() if "oiling" in row["capabilities"])
    assert oiling and all(key.startswith("oiler_") for key in oiling), oiling
    assert shipped["tool_type"]["oil_cups"]["capabilities"] == ["oil_dispensing"]


def test_each_water_tester_does_its_own_test(shipped) -> None:  # type: ignore[no-untyped-def]
    types = shipped["tool_type"]
    assert types["wr_tester_dry"]["capabilities"] == ["air_leak_test"]
    assert types["wr_tester_wet"]["capabilities"] == ["water_pressure_test"]
    assert "water_resistance_test" not in {row["key"] for row in shipped["capability"].values()}


def test_a_water_test_comes_after_a_dry_test_and_never_on_a_vintage_case(shipped) -> None:  # type: ignore[no-untyped-def]
    for key, intervention in shipped["intervention"].items():
        needs = {tool["capability"]: tool for tool in intervention["tools"]}
        if "water_pressure_test" in needs:
            assert needs["water_pressure_test"]["unless"] == ["vintage"], key
            assert "air_leak_test" in needs and "condensation_test" in needs, key
    assert "water_pressure_test" not in {tool["capability"] for tool in shipped["intervention"]["diagnosis"]["tools"]}


def test_the_radium_procedure_follows_the_material_in_every_work_that_opens_the_watch(shipped) -> None:  # type: ignore[no-untyped-def]
    procedure = shipped["checklist"]["radioactive_luminous"]
    assert procedure["conditions"] == ["radioactive_luminous"]
    for key in ("contamination_check", "no_blower_on_lume", "lume_out_of_cleaning", "sealed_bags", "radium_ppe"):
        assert _item(shipped, "radioactive_luminous", key)["level"] == "critical", key
    for key, intervention in shipped["intervention"].items():
        if "vintage_luminous" in intervention["checklists"]:
            assert "radioactive_luminous" in intervention["checklists"], key
            detector = [t for t in intervention["tools"] if t["capability"] == "radiation_detection"]
            assert detector and detector[0]["when"] == ["luminous:radium"], key
            supplies = {s.get("supply") for s in intervention["supplies"]}
            assert {"nitrile_gloves", "ffp3_mask", "sealable_bag"} <= supplies, key


def test_a_benchs_fixtures_are_fixtures(shipped) -> None:  # type: ignore[no-untyped-def]
    for key in ("esd_mat", "esd_wrist_strap", "bench_lamp", "dust_extraction_unit"):
        assert shipped["tool_type"][key]["category"] == "bench_fixture", key


def test_french_names_a_watchmaker_uses(shipped) -> None:  # type: ignore[no-untyped-def]
    stems = [row["name_fr"] for row in shipped["supply_type"].values() if row["category"] == "stem"]
    assert not [name for name in stems if "taraudage" in name], stems  # a stem has a thread; "taraudage" is the crown's
    names = [row["name_fr"] for row in shipped["supply_type"].values()]
    assert any("ammoniacal" in name for name in names) and not any("ammoniaqué" in name for name in names)
    assert "dressées" in _item(shipped, "bench_opening", "tools_dressed")["text_fr"]
    steps = [step["fr"] for step in shipped["intervention"]["full_service_mechanical"]["steps"]]
    assert any("bois de fusain" in step for step in steps)
    crown_steps = " ".join(step["fr"] for step in shipped["intervention"]["crown_stem_replacement"]["steps"])
    assert "mettre la tige à la taille" in crown_steps and "taraudage" not in crown_steps


def test_a_crown_is_tapped_a_stem_is_threaded(shipped) -> None:  # type: ignore[no-untyped-def]
    crowns = [row["name_fr"] for row in shipped["supply_type"].values() if row["category"] == "crown"]
    assert crowns and all("taraudage" in name for name in crowns if "10" in name), crowns
