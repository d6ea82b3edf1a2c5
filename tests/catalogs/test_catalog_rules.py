"""The shipped catalog's rules a technician would change (issue 16): parts replaced only if
needed, protective equipment, press-die inspection as a step, the regulation's tools, the
missing maintenance plans and the chemical QHSE items. Checked on the catalog itself, so that an
edit that brings an error back fails here."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs
from atelier_tui.services.context import SYSTEM
from atelier_tui.services.tools.queries import tool_detail
from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import InterventionType, MaintenancePlan, MaintenanceRecord, Site, Tool
from tests.support.fixed_time import FIXED_NOW


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    bundle = read_catalogs([SHIPPED_CATALOGS])
    assert bundle.ok, [str(e) for e in bundle.errors]
    return bundle.entries


def _supply_needs(shipped, intervention: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return shipped["intervention"][intervention]["supplies"]


# --- Conditional requirements ------------------------------------------------------------------

def test_the_gasket_of_a_battery_change_and_the_mainspring_of_a_full_service_are_if_needed(shipped) -> None:  # type: ignore[no-untyped-def]
    [gasket] = [s for s in _supply_needs(shipped, "battery_change") if s.get("category") == "gasket"]
    assert gasket["need"] == "if_needed"
    for service in ("full_service_mechanical", "full_service_automatic"):
        [spring] = [s for s in _supply_needs(shipped, service) if s.get("from") == "calibre.mainspring"]
        assert spring["need"] == "if_needed", service


def test_a_gasket_replacement_and_a_cell_are_always_needed(shipped) -> None:  # type: ignore[no-untyped-def]
    assert all(s["need"] == "always" for s in _supply_needs(shipped, "gasket_replacement"))
    [cell] = [s for s in _supply_needs(shipped, "battery_change") if s.get("from") == "calibre.battery"]
    assert cell["need"] == "always"


def test_an_import_stores_the_need_over_an_existing_workshop(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    import_catalogs(catalogued_engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    with read_session(catalogued_engine) as session:
        battery = session.exec(select(InterventionType).where(InterventionType.key == "battery_change")).one()
    assert [s["need"] for s in battery.supply_requirements if s.get("category") == "gasket"] == ["if_needed"]


def test_an_unknown_need_is_refused_with_its_line(catalogued_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.toml"
    bad.write_text('[[intervention]]\nkey = "odd_job"\nname_en = "Odd job"\nname_fr = "Travail bizarre"\nlevel = 1\n'
                   'estimated_duration = "10 min"\n\n[[intervention.supplies]]\nsupply = "finger_cots"\n'
                   'quantity = "1 piece"\nneed = "sometimes"\n', encoding="utf-8")
    with pytest.raises(CatalogImportError) as caught:
        import_catalogs(catalogued_engine, [bad], SYSTEM, FIXED_NOW)
    assert f"{bad}:11: need: 'sometimes' is not one of always, if_needed" in caught.value.errors


# --- Protective equipment and the regulation's tools ---------------------------------------------

def _capabilities(shipped, intervention: str) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {tool["capability"]: tool for tool in shipped["intervention"][intervention]["tools"]}


def test_safety_glasses_are_protective_equipment_that_protects_the_eyes(shipped) -> None:  # type: ignore[no-untyped-def]
    glasses = shipped["tool_type"]["safety_glasses"]
    assert glasses["category"] == "ppe" and glasses["capabilities"] == ["eye_protection"]


def test_every_work_on_the_movement_and_polishing_needs_eye_protection(shipped) -> None:  # type: ignore[no-untyped-def]
    on_the_movement = {key for key in shipped["intervention"] if "movement_holding" in _capabilities(shipped, key)}
    assert {"full_service_mechanical", "full_service_automatic", "quartz_movement_service", "regulation"} <= on_the_movement
    for key in on_the_movement | {"polishing"}:
        needs = _capabilities(shipped, key)
        assert "eye_protection" in needs and not needs["eye_protection"]["when"], key


def test_work_with_cleaning_solutions_needs_gloves_whatever_the_dial(shipped) -> None:  # type: ignore[no-untyped-def]
    for key, intervention in shipped["intervention"].items():
        if "solvents" in intervention["facts"]:
            gloves = [s for s in intervention["supplies"] if s.get("supply") == "nitrile_gloves" and not s["when"]]
            assert gloves, key


def test_regulation_needs_a_fine_screwdriver_and_a_movement_holder_of_the_calibres_size(shipped) -> None:  # type: ignore[no-untyped-def]
    needs = _capabilities(shipped, "regulation")
    assert needs["screwdriving"]["attributes"]["blade_width"]["max"]["value"] <= 0.8
    assert needs["movement_holding"]["attributes"]["max_diameter"]["min"] == {"ref": "calibre.diameter"}


# --- Press-die inspection: a step at each use, not a maintenance record ----------------------

DIE_PLANS = ("crystal_press_die_inspection", "case_back_press_die_inspection")


def test_the_die_inspections_are_withdrawn_plans(shipped) -> None:  # type: ignore[no-untyped-def]
    for key in DIE_PLANS:
        assert shipped["maintenance_plan"][key]["active"] is False, key
    assert all(plan["active"] for key, plan in shipped["maintenance_plan"].items() if key not in DIE_PLANS)


def test_every_intervention_that_closes_a_case_back_inspects_the_dies_first(shipped) -> None:  # type: ignore[no-untyped-def]
    closing = 0
    for key, intervention in shipped["intervention"].items():
        steps = [step["en"] for step in intervention["steps"]]
        for position, step in enumerate(steps):
            if "close the case back" in step.lower():
                closing += 1
                assert "inspect the press dies" in steps[position - 1], (key, step)
    assert closing >= 10
    crystal = [step["en"] for step in shipped["intervention"]["crystal_replacement"]["steps"]]
    assert crystal.index(next(s for s in crystal if "crystal press: inspect the dies" in s)) < \
        crystal.index(next(s for s in crystal if s.startswith("Fit the crystal with the crystal press")))


def test_an_import_withdraws_the_die_plan_and_keeps_its_records_readable(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    with write_session(catalogued_engine) as session:
        # A workshop from before: the plan active, one inspection recorded on its press.
        plan = session.exec(select(MaintenancePlan).where(MaintenancePlan.key == "case_back_press_die_inspection")).one()
        plan.active = True
        site = Site(code="PARIS", name="Paris")
        session.add(site)
        session.flush()
        press = Tool(asset_tag="PRESS-1", tool_type_id=plan.tool_type_id, site_id=site.id)
        session.add(press)
        session.flush()
        session.add(MaintenanceRecord(tool_id=press.id, plan_id=plan.id, performed_at=FIXED_NOW - timedelta(days=3), result="pass"))
    import_catalogs(catalogued_engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    with read_session(catalogued_engine) as session:
        assert not session.exec(select(MaintenancePlan).where(MaintenancePlan.key == "case_back_press_die_inspection")).one().active
    detail = tool_detail(catalogued_engine, "PRESS-1", FIXED_NOW.date())
    assert detail is not None
    assert [(row.plan_key, row.plan_name_en, row.result) for row in detail.history] == \
        [("case_back_press_die_inspection", "Die inspection before use", "pass")]
    assert "case_back_press_die_inspection" not in [plan.key for plan in detail.plans]


# --- Missing maintenance plans ---------------------------------------------------------------

def _plans_of(shipped, tool_type: str) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {key: plan for key, plan in shipped["maintenance_plan"].items() if plan["tool_type"] == tool_type and plan["active"]}


def test_extraction_and_ventilation_are_checked_every_year_as_the_law_asks(shipped) -> None:  # type: ignore[no-untyped-def]
    for tool_type in ("dust_extraction_unit", "fume_extraction_unit"):
        legal = [plan for plan in _plans_of(shipped, tool_type).values() if plan["kind"] == "verification"]
        assert legal and all(plan["every_days"] <= 365 and plan["grace_days"] == 0 and plan["blocking"] for plan in legal), tool_type


def test_the_esd_mat_passes_below_one_gigaohm_to_ground(shipped) -> None:  # type: ignore[no-untyped-def]
    [point] = shipped["maintenance_plan"]["esd_mat_check"]["test_points"]
    low = point["nominal"]["value"] - point["tolerance"]["value"]
    high = point["nominal"]["value"] + point["tolerance"]["value"]
    assert point["nominal"]["unit"] == "megaohm" and (low, high) == (0.0, 1000.0)


def test_the_condensation_plate_is_checked_at_40_to_45_degrees(shipped) -> None:  # type: ignore[no-untyped-def]
    [point] = shipped["maintenance_plan"]["condensation_plate_temperature_check"]["test_points"]
    assert point["nominal"]["value"] - point["tolerance"]["value"] == 40.0
    assert point["nominal"]["value"] + point["tolerance"]["value"] == 45.0


def test_bench_instruments_and_case_openers_have_plans(shipped) -> None:  # type: ignore[no-untyped-def]
    assert any("1,500 lx" in step["en"] for plan in _plans_of(shipped, "bench_lamp").values() for step in plan["steps"])
    assert _plans_of(shipped, "magnetometer")
    for opener in ("case_knife", "case_back_wrench", "friction_ball"):
        plans = _plans_of(shipped, opener)
        assert plans and not any(plan["blocking"] for plan in plans.values()), opener


def test_the_wash_solution_is_changed_by_time_as_well_as_by_cycles(shipped) -> None:  # type: ignore[no-untyped-def]
    wash = shipped["maintenance_plan"]["cleaning_machine_wash_change"]
    assert wash["every_days"] and wash["every_uses"]


# --- Chemical QHSE ---------------------------------------------------------------------------

def _items(shipped, checklist: str) -> dict[str, dict]:  # type: ignore[no-untyped-def,type-arg]
    return {item["key"]: item for item in shipped["checklist"][checklist]["items"]}


def test_the_solvent_checklist_covers_labels_storage_spills_and_waste(shipped) -> None:  # type: ignore[no-untyped-def]
    items = _items(shipped, "solvents_cleaning")
    for key in ("jars_labelled", "flammables_cabinet", "spill_kit", "soaked_wipes_hazardous", "water_baths_apart"):
        assert items[key]["level"] == "required", key
    assert shipped["checklist"]["solvents_cleaning"]["version"] >= 2


def test_the_battery_checklist_tapes_lithium_cells_and_keeps_the_hand_over_slip(shipped) -> None:  # type: ignore[no-untyped-def]
    items = _items(shipped, "quartz_esd")
    assert items["lithium_terminals_taped"]["level"] == "required"
    assert "2023/1542" in items["battery_handover_proof"]["text_en"]
    assert shipped["checklist"]["quartz_esd"]["version"] >= 3
