"""The shipped catalogs, and how a bad catalog file is refused: `file:line: message`, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.catalogs import SHIPPED_CATALOGS, read_catalogs
from atelier_tui.services.context import SYSTEM
from atelier_tui.services.transfer.catalog_import import CatalogImportError, import_catalogs
from atelier_tui.store.engine import read_session
from atelier_tui.store.models import (
    AuditEvent,
    Calibre,
    Capability,
    ChecklistTemplate,
    InterventionType,
    SupplyAlias,
    SupplyType,
    ToolType,
    ToolTypeCapability,
)
from tests.support.fixed_time import FIXED_NOW


@pytest.fixture(scope="module")
def shipped():  # type: ignore[no-untyped-def]
    return read_catalogs([SHIPPED_CATALOGS])


def test_shipped_catalogs_load_without_error(shipped) -> None:  # type: ignore[no-untyped-def]
    assert [str(error) for error in shipped.errors] == []


@pytest.mark.parametrize(
    ("kind", "minimum"),
    [("tool_type", 60), ("supply_type", 80), ("calibre", 20), ("intervention", 12), ("checklist", 5), ("maintenance_plan", 10)],
)
def test_shipped_catalogs_are_complete_enough(shipped, kind: str, minimum: int) -> None:  # type: ignore[no-untyped-def]
    assert len(shipped.entries[kind]) >= minimum


def test_every_entry_is_bilingual(shipped) -> None:  # type: ignore[no-untyped-def]
    for kind, rows in shipped.entries.items():
        for key, row in rows.items():
            if "name_en" in row:
                assert row["name_en"].strip() and row["name_fr"].strip(), f"{kind} {key}"
                if kind != "attribute":
                    assert row["name_en"] != row["name_fr"] or any(c.isdigit() for c in row["name_en"]) or kind == "calibre", f"{kind} {key} is not translated"


def test_every_required_capability_is_provided_by_some_tool_type(shipped) -> None:  # type: ignore[no-untyped-def]
    provided = {cap for row in shipped.entries["tool_type"].values() for cap in row["capabilities"]}
    required = {tool["capability"] for row in shipped.entries["intervention"].values() for tool in row["tools"]}
    assert required - provided == set()


def test_batteries_are_keyed_by_iec_code_with_three_digit_aliases(shipped) -> None:  # type: ignore[no-untyped-def]
    sr920 = shipped.entries["supply_type"]["battery_sr920sw"]
    assert sr920["iec_code"] == "SR920SW"
    assert "371" in sr920["aliases"]
    assert sr920["attributes"]["diameter"]["value"] == 9.5
    assert sr920["waste_stream"] == "battery_collection"


def test_quartz_calibres_name_their_battery_and_mechanical_ones_their_tolerances(shipped) -> None:  # type: ignore[no-untyped-def]
    calibres = shipped.entries["calibre"]
    assert calibres["eta_955_112"]["battery"] == "battery_sr920sw"
    sw200 = calibres["sellita_sw200_1"]
    assert sw200["lift_angle_deg"] == 50.0
    assert sw200["frequency_vph"] == 28800.0
    assert sw200["tolerances"]["amplitude"]["max"]["value"] == 315.0


def test_water_resistance_tester_requirement_reaches_the_watch_test_pressure(shipped) -> None:  # type: ignore[no-untyped-def]
    tools = shipped.entries["intervention"]["gasket_replacement"]["tools"]
    tester = next(tool for tool in tools if tool["capability"] == "water_pressure_test")
    assert tester["attributes"]["max_pressure"]["min"] == {"ref": "watch.test_pressure"}
    assert tester["when"] == ["water_resistant"] and tester["unless"] == ["vintage"]


def test_import_is_idempotent_and_audited(catalogued_engine) -> None:  # type: ignore[no-untyped-def]
    with read_session(catalogued_engine) as session:
        events_before = session.exec(select(func.count()).select_from(AuditEvent)).one()
        assert session.exec(select(func.count()).select_from(ToolType)).one() >= 60
        assert session.exec(select(func.count()).select_from(ToolTypeCapability)).one() > 0
        assert session.exec(select(func.count()).select_from(SupplyAlias)).one() > 0
    summary = import_catalogs(catalogued_engine, [SHIPPED_CATALOGS], SYSTEM, FIXED_NOW)
    assert not summary.created and not summary.updated
    with read_session(catalogued_engine) as session:
        assert session.exec(select(func.count()).select_from(AuditEvent)).one() == events_before


def test_upsert_by_key_updates_and_audits_the_change(catalogued_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "workshop.toml"
    extra.write_text(
        '[[tool_type]]\nkey = "timegrapher"\nname_en = "Timegrapher (Witschi)"\nname_fr = "Vibrographe (Witschi)"\n'
        'category = "instrument"\nmeasuring = true\ncapabilities = ["rate_measuring"]\n'
        '\n[[tool_type]]\nkey = "house_loupe_x8"\nname_en = "House loupe x8"\nname_fr = "Loupe maison x8"\n'
        'category = "hand_tool"\ncapabilities = ["magnification"]\nattributes = { magnification = "8" }\n',
        encoding="utf-8",
    )
    summary = import_catalogs(catalogued_engine, [extra], SYSTEM, FIXED_NOW)
    assert summary.created["tool_type"] == 1 and summary.updated["tool_type"] == 1
    with read_session(catalogued_engine) as session:
        timegrapher = session.exec(select(ToolType).where(ToolType.key == "timegrapher")).one()
        assert timegrapher.name_fr == "Vibrographe (Witschi)"
        assert timegrapher.version == 2
        event = session.exec(select(AuditEvent).where(AuditEvent.entity_key == "timegrapher", AuditEvent.action == "update")).one()
        assert event.after["name_en"] == "Timegrapher (Witschi)"
        assert event.before["name_en"] != event.after["name_en"]


BAD_CATALOGS = {
    "toml_syntax": (
        '[[tool_type]]\nkey = "a"\nname_en = "A"\nname_fr = "A fr"\ncategory = "hand_tool"\ncapabilities = ["tweezers"\n',
        ":6: TOML syntax error",
    ),
    "unknown_unit": (
        '[[tool_type]]\nkey = "a"\nname_en = "A"\nname_fr = "A fr"\ncategory = "hand_tool"\n'
        'capabilities = ["screwdriving"]\nattributes = { blade_width = "1.0 furlongz" }\n',
        ":7: attributes.blade_width: '1.0 furlongz' uses an unknown unit (furlongz); expected a length (mm)",
    ),
    "wrong_dimension": (
        '[[supply_type]]\nkey = "gasket_odd"\nname_en = "Odd gasket"\nname_fr = "Joint bizarre"\ncategory = "gasket"\n'
        'stock_unit = "piece"\nattributes = { inner_diameter = "24 mm", section = "0.6 bar" }\n',
        ":7: attributes.section: '0.6 bar' is a pressure; expected a length (mm)",
    ),
    "duplicate_key": (
        '[[capability]]\nkey = "x_cap"\nname_en = "X"\nname_fr = "X fr"\n\n'
        '[[capability]]\nkey = "x_cap"\nname_en = "X again"\nname_fr = "X encore"\n',
        ":7: duplicate capability key 'x_cap' (first defined at ",
    ),
    "dangling_reference": (
        '[[intervention]]\nkey = "odd_job"\nname_en = "Odd job"\nname_fr = "Travail bizarre"\nlevel = 1\n'
        'estimated_duration = "10 min"\nchecklists = ["no_such_checklist"]\n\n'
        '[[intervention.tools]]\ncapability = "teleportation"\n',
        ":7: checklists: checklist 'no_such_checklist' does not exist",
    ),
    "dangling_capability": (
        '[[intervention]]\nkey = "odd_job"\nname_en = "Odd job"\nname_fr = "Travail bizarre"\nlevel = 1\n'
        'estimated_duration = "10 min"\n\n[[intervention.tools]]\ncapability = "teleportation"\n',
        ":9: capability: capability 'teleportation' does not exist",
    ),
    "tolerance_min_above_max": (
        '[[calibre]]\nkey = "odd_calibre"\nname_en = "Odd"\nname_fr = "Bizarre"\nreference = "ODD 1"\nmaker = "Odd"\n'
        'movement_kind = "automatic"\n\n[calibre.tolerances]\nmean_rate = { min = "10 s/d", max = "-5 s/d" }\n',
        ":10: tolerances.mean_rate: min 10 s/d is above max -5 s/d; nothing could fall within it",
    ),
    "grade_tolerance_min_above_max": (
        '[[calibre]]\nkey = "odd_calibre"\nname_en = "Odd"\nname_fr = "Bizarre"\nreference = "ODD 1"\nmaker = "Odd"\n'
        'movement_kind = "automatic"\n\n[calibre.grades.top]\namplitude = { min = "320 deg", max = "250 deg" }\n',
        ":10: grades.top.amplitude: min 320 deg is above max 250 deg; nothing could fall within it",
    ),
    "requirement_min_above_max": (
        '[[intervention]]\nkey = "odd_job"\nname_en = "Odd job"\nname_fr = "Travail bizarre"\nlevel = 1\n'
        'estimated_duration = "10 min"\n\n[[intervention.tools]]\ncapability = "screwdriving"\n'
        'attributes = { blade_width = { min = "2.0 mm", max = "1.0 mm" } }\n',
        ":10: attributes.blade_width: min 2.0 mm is above max 1.0 mm; nothing could fall within it",
    ),
    "iec_code_of_a_stored_cell": (
        '[[supply_type]]\nkey = "battery_sr626sw_copy"\nname_en = "Copy"\nname_fr = "Copie"\ncategory = "battery"\n'
        'stock_unit = "piece"\niec_code = "SR626SW"\ndrain = "low"\n',
        ":7: iec_code: 'SR626SW' already names the cell 'battery_sr626sw'; an IEC code or alias names one cell",
    ),
    "alias_of_another_cell_in_the_file": (
        '[[supply_type]]\nkey = "cell_a"\nname_en = "A"\nname_fr = "A"\ncategory = "battery"\nstock_unit = "piece"\n'
        'aliases = ["X-99"]\n\n'
        '[[supply_type]]\nkey = "cell_b"\nname_en = "B"\nname_fr = "B"\ncategory = "battery"\nstock_unit = "piece"\n'
        'aliases = ["x-99"]\n',
        ":15: aliases: 'x-99' already names the cell 'cell_a'; an IEC code or alias names one cell",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CATALOGS))
def test_bad_catalog_gives_file_line_error_and_changes_nothing(case: str, catalogued_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text, expected = BAD_CATALOGS[case]
    good = tmp_path / "good.toml"
    good.write_text('[[capability]]\nkey = "brand_new"\nname_en = "New"\nname_fr = "Nouveau"\n', encoding="utf-8")
    bad = tmp_path / f"{case}.toml"
    bad.write_text(text, encoding="utf-8")
    with read_session(catalogued_engine) as session:
        before = (session.exec(select(func.count()).select_from(Capability)).one(),
                  session.exec(select(func.count()).select_from(AuditEvent)).one())
    with pytest.raises(CatalogImportError) as caught:
        import_catalogs(catalogued_engine, [good, bad], SYSTEM, FIXED_NOW)
    assert any(error.startswith(str(bad) + expected) for error in caught.value.errors), caught.value.errors
    with read_session(catalogued_engine) as session:
        after = (session.exec(select(func.count()).select_from(Capability)).one(),
                 session.exec(select(func.count()).select_from(AuditEvent)).one())
    assert after == before


def test_every_error_of_a_file_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "many.toml"
    bad.write_text(
        '[[tool_type]]\nkey = "Bad Key"\nname_en = "A"\ncategory = "spaceship"\ncapabilities = []\n',
        encoding="utf-8",
    )
    errors = [str(e) for e in read_catalogs([bad]).errors]
    assert f"{bad}:2: key: 'Bad Key' must be lower-case letters, digits and '_'" in errors
    assert f"{bad}:1: tool_type 'Bad Key': 'name_fr' is missing" in errors
    assert any(e.startswith(f"{bad}:4: category: 'spaceship' is not one of") for e in errors)


def test_checklist_version_used_by_a_run_is_frozen(catalogued_engine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import Bench, ChecklistRun, Site, Staff

    with write_session(catalogued_engine) as session:
        site = Site(code="S", name="Site")
        session.add(site)
        session.flush()
        staff = Staff(site_id=site.id, login="t", display_name="T", role="technician")
        bench = Bench(site_id=site.id, code="B1", name="Bench")
        session.add_all([staff, bench])
        session.flush()
        template = session.exec(select(ChecklistTemplate).where(ChecklistTemplate.key == "bench_opening")).one()
        session.add(ChecklistRun(template_id=template.id, bench_id=bench.id, run_by_id=staff.id,
                                 run_date=date(2026, 11, 27), started_at=FIXED_NOW))
    changed = tmp_path / "checklists.toml"
    original = (SHIPPED_CATALOGS / "checklists.toml").read_text(encoding="utf-8")
    first_item_text = next(line for line in original.splitlines() if line.startswith("text_en"))
    changed.write_text(original.replace(first_item_text, 'text_en = "Changed wording"', 1), encoding="utf-8")
    with pytest.raises(CatalogImportError, match=r"bench_opening' version \d+ is used by 1 run"):
        import_catalogs(catalogued_engine, [changed], SYSTEM, FIXED_NOW)


def test_catalog_counts_in_database_match_files(catalogued_engine, shipped) -> None:  # type: ignore[no-untyped-def]
    with read_session(catalogued_engine) as session:
        assert session.exec(select(func.count()).select_from(SupplyType)).one() == len(shipped.entries["supply_type"])
        assert session.exec(select(func.count()).select_from(Calibre)).one() == len(shipped.entries["calibre"])
        assert session.exec(select(func.count()).select_from(InterventionType)).one() == len(shipped.entries["intervention"])


def test_a_copy_of_the_shipped_folder_validates_on_its_own(tmp_path: Path) -> None:
    copy = tmp_path / "catalogs"
    shutil.copytree(SHIPPED_CATALOGS, copy)
    assert read_catalogs([copy]).ok


def _capabilities(count: int) -> str:
    return "".join(f'[[capability]]\nkey = "cap_{i}"\nname_en = "C{i}"\nname_fr = "C{i}"\n\n' for i in range(count))


def test_a_catalog_past_the_entry_limit_is_refused_in_one_line_naming_the_file(tmp_path: Path) -> None:
    from atelier_tui.catalogs import MAX_ENTRIES

    within = tmp_path / "a.toml"
    within.write_text(_capabilities(MAX_ENTRIES // 2), encoding="utf-8")
    beyond = tmp_path / "b.toml"
    beyond.write_text(_capabilities(MAX_ENTRIES // 2 + 1), encoding="utf-8")
    bundle = read_catalogs([within, beyond])
    assert [str(error) for error in bundle.errors] == [
        f"{beyond}:1: more than {MAX_ENTRIES} catalog entries in one import: import them in several parts"]
    assert read_catalogs([within]).ok


def test_a_file_too_large_for_a_catalog_is_refused_without_being_read(tmp_path: Path) -> None:
    from atelier_tui.catalogs.source import MAX_FILE_BYTES

    huge = tmp_path / "dump.toml"
    with huge.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: reading it would take seconds and MAX_FILE_BYTES of memory
    assert [str(error) for error in read_catalogs([huge]).errors] == [
        f"{huge}:1: the file is 16.0 MiB: a catalog file may be 16 MiB at most (split it)"]


def test_a_catalog_nested_thousands_of_levels_deep_is_one_error_not_a_crash(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert [str(error) for error in read_catalogs([deep]).errors] == [
        f"{deep}:1: TOML nested too deeply (arrays or tables inside each other thousands of times)"]


def test_errors_of_a_large_file_still_point_at_their_own_lines(tmp_path: Path) -> None:
    """Line lookups go through an index of the headers: the last entries' errors name their lines."""
    text = _capabilities(3000) + '[[capability]]\nkey = "Bad Key"\nname_en = "B"\nname_fr = "B"\n\n'
    text += '[[tool_type]]\nkey = "loupe_x"\nname_en = "L"\nname_fr = "L"\ncategory = "optics"\nmeasuring = "yes"\n'
    path = tmp_path / "large.toml"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    errors = [str(error) for error in read_catalogs([path]).errors]
    bad_key = lines.index('key = "Bad Key"') + 1
    assert any(error.startswith(f"{path}:{bad_key}: ") for error in errors), errors
    measuring = lines.index('measuring = "yes"') + 1
    assert any(error.startswith(f"{path}:{measuring}: ") for error in errors), errors


# --- issue 16: tolerances, lighting, plans -------------------------------------------------------

def test_mechanical_calibres_give_a_per_position_rate_apart_from_the_mean_and_vertical_amplitude(shipped) -> None:  # type: ignore[no-untyped-def]
    from atelier_tui.domain.measurements import for_grade
    calibres = shipped.entries["calibre"]
    for key in ("eta_2824_2", "sellita_sw200_1", "eta_2892_a2"):
        tolerances = calibres[key]["tolerances"]
        assert "rate" not in tolerances, key  # the old name judged every position on the mean
        assert (tolerances["mean_rate"]["max"]["value"], tolerances["position_rate"]["max"]["value"]) == (12.0, 30.0), key
        assert tolerances["amplitude_vertical"]["min"]["value"] < 250, key
        top, chronometer = for_grade(tolerances, "top"), for_grade(tolerances, "chronometer")
        assert (top["mean_rate"]["max"]["value"], top["position_rate"]["max"]["value"]) == (4.0, 15.0), key
        assert (chronometer["mean_rate"]["min"]["value"], chronometer["mean_rate"]["max"]["value"]) == (-4.0, 6.0), key
        assert chronometer["hv_difference"]["max"]["value"] == 8.0, key
    for calibre in calibres.values():
        assert "rate" not in calibre["tolerances"], calibre["key"]


def test_the_final_check_refers_to_the_calibres_tolerances_and_gives_no_figures_of_its_own(shipped) -> None:  # type: ignore[no-untyped-def]
    items = {item["key"]: item for item in shipped.entries["checklist"]["final_quality_control"]["items"]}
    for key in ("rate_within_tolerance", "amplitude_beat_error"):
        text = items[key]["text_en"] + items[key]["text_fr"]
        assert "calibre" in text and not any(figure in text for figure in ("250", "310", "1.0 ms", "1,0 ms")), key


def test_watchmaking_lighting_is_1500_lux_everywhere(shipped) -> None:  # type: ignore[no-untyped-def]
    for intervention in shipped.entries["intervention"].values():
        for need in intervention["tools"]:
            if need["capability"] == "task_lighting":
                assert need["attributes"]["illuminance"]["min"]["value"] == 1500.0, intervention["key"]
    lighting = next(i for i in shipped.entries["checklist"]["bench_opening"]["items"] if i["key"] == "lighting_adequate")
    assert "1,500 lx" in lighting["text_en"] and "1 500 lx" in lighting["text_fr"] and "1,000" not in lighting["text_en"]
    points = {p["key"]: p["nominal"]["value"] for p in shipped.entries["maintenance_plan"]["lux_meter_calibration"]["test_points"]}
    assert 1500.0 in points.values()


def test_calibrations_have_no_grace_and_only_care_done_when_needed_never_blocks(shipped) -> None:  # type: ignore[no-untyped-def]
    plans = shipped.entries["maintenance_plan"]
    for plan in plans.values():
        if plan["kind"] in ("calibration", "verification"):
            assert plan["grace_days"] == 0 and plan["blocking"], plan["key"]
        # Care done when needed, looked at before use: blade and tip dressing, case openers.
        done_when_needed = plan["key"].endswith("_dressing") or plan["tool_type"] in ("case_knife", "case_back_wrench", "friction_ball")
        assert plan["blocking"] == (not done_when_needed), plan["key"]


def test_the_daily_checklist_defers_to_the_oil_cups_plan(shipped) -> None:  # type: ignore[no-untyped-def]
    item = next(i for i in shipped.entries["checklist"]["bench_opening"]["items"] if i["key"] == "lubricants_in_date")
    assert "oil cups renewed" not in item["text_en"] and "plan" in item["text_en"]
    assert shipped.entries["maintenance_plan"]["oil_cups_renewal"]["every_days"] == 7


def test_a_catalog_quantity_or_unit_that_is_an_expression_is_refused_not_evaluated(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(
        '[[attribute]]\nkey = "evil_length"\nname_en = "E"\nname_fr = "E"\nunit = "mm**10**10**10"\n\n'
        '[[maintenance_plan]]\nkey = "evil_plan"\ntool_type = "timegrapher"\nkind = "calibration"\nname_en = "E"\n'
        'name_fr = "E"\nevery_days = 365\nevery_uses = 0\nanchor = "completion"\ngrace_days = 0\nsteps = [{ en = "E", fr = "E" }]\n\n'
        '[[maintenance_plan.test_points]]\nkey = "p"\nname_en = "P"\nname_fr = "P"\nnominal = "2**2**30 s/d"\ntolerance = "1 s/d"\n',
        encoding="utf-8")
    errors = [str(error) for error in read_catalogs([SHIPPED_CATALOGS, hostile]).errors]
    assert f"{hostile}:5: unit: 'mm**10**10**10' is not a known unit" in errors
    assert f"{hostile}:23: nominal: '2**2**30 s/d' is not a quantity; expected a quantity with its unit" in errors


# Items about one watch, asked once per repair order (issue 16, "Rules a technician would change").
WATCH_ITEMS = ("repair_order_open", "calibre_documentation", "parts_reserved", "mainspring_let_down", "cell_matches_calibre",
               "excluded_parts_set_aside", "test_pressure_within_limits", "crown_closed", "dry_test_before_water",
               "vintage_air_only", "wr_result_recorded")


def test_no_bench_checklist_asks_about_one_watch(shipped) -> None:  # type: ignore[no-untyped-def]
    checklists = shipped.entries["checklist"]
    bench_items = {item["key"] for c in checklists.values() if c["scope"] == "bench" for item in c["items"]}
    assert not bench_items & set(WATCH_ITEMS)
    per_order = checklists["order_preparation"]
    assert per_order["scope"] == "order" and per_order["conditions"] == []
    assert {item["key"] for item in per_order["items"]} == set(WATCH_ITEMS)


def test_every_job_that_opens_a_watch_asks_for_its_order_checklist(shipped) -> None:  # type: ignore[no-untyped-def]
    opening = ("case_opening", "snap_back_opening", "screw_back_turning")
    interventions = shipped.entries["intervention"].values()
    opens = [i for i in interventions if any(tool["capability"] in opening for tool in i["tools"])]
    assert len(opens) >= 10
    assert [i["key"] for i in opens if "order_preparation" not in i["checklists"]] == []
