"""Issue 16 items 2 and 4 and the case-back type: a crystal matched on material, shape, diameter
and thickness with its own gasket; a crown on its diameter, tube, thread and type with its gasket;
the opener and closer the case back takes. Pure: plain values through derive_requirements and assess."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from atelier_tui.domain.case_parts import case_facts, differences
from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.inventory import BenchView, ChecklistRunView, Inventory, LotView, ToolView
from atelier_tui.domain.phrases import Term
from atelier_tui.domain.readiness import Job, assess
from atelier_tui.domain.requirements import (
    CalibreSpec,
    InterventionSpec,
    OrderSpec,
    RequirementCatalog,
    SupplyInfo,
    derive_requirements,
)
from tests.support.readiness_world import BENCH, NOW, TECHNICIAN, TODAY, lot, tool

PIECE = {"value": 1, "unit": "piece"}


def crystal(key: str, material: str, shape: str, diameter: float, thickness: float) -> SupplyInfo:
    return SupplyInfo(key, key, key, "crystal", "piece", {"diameter": diameter, "thickness": thickness},
                      properties={"material": material, "shape": shape})


def crown(key: str, crown_type: str, diameter: float, tube: float, thread: float = 0.9) -> SupplyInfo:
    return SupplyInfo(key, key, key, "crown", "piece", {"diameter": diameter, "inner_diameter": tube, "thread": thread},
                      properties={"crown_type": crown_type})


SUPPLIES = {supply.key: supply for supply in (
    crystal("sapphire_300_flat", "sapphire", "flat", 30.0, 2.0),
    crystal("sapphire_300_domed", "sapphire", "domed", 30.0, 2.0),
    crystal("mineral_300_flat", "mineral", "flat", 30.0, 2.0),
    crystal("acrylic_300_domed", "acrylic", "domed", 30.0, 1.2),
    SupplyInfo("crystal_gasket_318x300x120", "Crystal gasket", "Joint de glace", "gasket", "piece",
               {"outer_diameter": 31.8, "inner_diameter": 30.0, "height": 1.2}),
    SupplyInfo("oring_280x060", "O-ring 28.0 × 0.60", "Joint torique 28,0 × 0,60", "gasket", "piece",
               {"inner_diameter": 28.0, "section": 0.6}),
    crown("crown_60_25_plain", "plain", 6.0, 2.5),
    crown("crown_60_25_sealed", "sealed", 6.0, 2.5),
    crown("crown_60_25_sealed_tap12", "sealed", 6.0, 2.5, thread=1.2),
    SupplyInfo("crown_oring_020x050", "Crown O-ring", "Joint de couronne", "gasket", "piece", {"inner_diameter": 2.0, "section": 0.5}),
    SupplyInfo("stem_eta_2824_2", "Stem ETA 2824-2", "Tige ETA 2824-2", "stem", "piece", {"diameter": 0.9}),
)}
CATALOG = RequirementCatalog({}, {}, {}, SUPPLIES, {}, {})
CALIBRE = CalibreSpec("eta_2824_2", "ETA 2824-2", 25.6, stem="stem_eta_2824_2", movement_kind="automatic")

# As catalogs/interventions.toml gives them.
OPEN_AND_CLOSE = (
    {"capability": "case_opening", "when": ["case_back:unknown"]},
    {"capability": "snap_back_opening", "when": ["case_back:snap_on"]},
    {"capability": "screw_back_turning", "when": ["case_back:screw_down"]},
    {"capability": "screwdriving", "when": ["case_back:screwed"]},
    {"capability": "case_closing", "when": ["case_back:unknown"]},
    {"capability": "snap_back_pressing", "when": ["case_back:snap_on"]},
)
CRYSTAL_REPLACEMENT = InterventionSpec(
    "crystal_replacement", "Crystal replacement", "Changement de glace", tool_requirements=OPEN_AND_CLOSE,
    supply_requirements=(
        {"category": "crystal", "quantity": PIECE, "match": {
            "diameter": "watch.crystal_diameter", "thickness": "watch.crystal_thickness",
            "material": "watch.crystal_material", "shape": "watch.crystal_shape"}},
        {"category": "gasket", "quantity": PIECE, "unless": ["crystal:acrylic"], "match": {
            "outer_diameter": "watch.crystal_gasket_outer_diameter", "inner_diameter": "watch.crystal_gasket_inner_diameter",
            "height": "watch.crystal_gasket_height"}},
    ))
CROWN_STEM_REPLACEMENT = InterventionSpec(
    "crown_stem_replacement", "Crown and stem replacement", "Changement de couronne et de tige", tool_requirements=OPEN_AND_CLOSE,
    supply_requirements=(
        {"from": "calibre.stem", "quantity": PIECE},
        {"category": "crown", "quantity": PIECE, "match": {
            "diameter": "watch.crown_diameter", "inner_diameter": "watch.crown_tube_diameter", "thread": "calibre.stem_thread",
            "crown_type": "watch.crown_type"}},
        {"category": "gasket", "quantity": PIECE, "unless": ["crown:plain"], "match": {
            "inner_diameter": "watch.crown_gasket_inner_diameter", "section": "watch.crown_gasket_section"}},
    ))
SAPPHIRE_WATCH = OrderSpec(
    "OR-T-0101", "automatic", 1, TODAY + timedelta(days=10), gasket_inner_diameter_mm=28.0, gasket_section_mm=0.6,
    crystal_diameter_mm=30.0, crystal_material="sapphire", crystal_shape="flat", crystal_thickness_mm=2.0,
    crystal_gasket_outer_diameter_mm=31.8, crystal_gasket_inner_diameter_mm=30.0, crystal_gasket_height_mm=1.2,
    crown_type="sealed", crown_diameter_mm=6.0, crown_tube_diameter_mm=2.5, crown_gasket_inner_diameter_mm=2.0,
    crown_gasket_section_mm=0.5, case_back="screw_down",
)
OPENERS = [tool("CB-1", "screw_back_turning"), tool("CB-2", "snap_back_opening"), tool("CB-3", "snap_back_pressing"),
           tool("CB-4", "case_opening"), tool("CB-5", "case_closing"), tool("CB-6", "screwdriving")]


def verdict(order: OrderSpec, intervention: InterventionSpec, lots: list[LotView], tools: list[ToolView] | None = None) -> Verdict:
    requirements = derive_requirements(order, CALIBRE, [intervention], CATALOG)
    bench = BenchView(BENCH, "Mechanical bench", frozenset(), "open", TECHNICIAN.login)
    technician = replace(TECHNICIAN, movement_kinds=frozenset({"automatic"}))
    stock: dict[str, int] = {}
    for item in lots:
        stock[item.supply_key] = stock.get(item.supply_key, 0) + item.quantity_micro
    inventory = Inventory(tuple(OPENERS if tools is None else tools), tuple(lots), (bench,), (technician,), {}, stock)
    runs = [ChecklistRunView("bench_opening", BENCH, None, TODAY, NOW - timedelta(hours=1), True)]
    return assess(Job(order, requirements, SUPPLIES), bench, inventory, runs, technician, NOW)


def findings_on(result: Verdict, category: str) -> list[tuple[str, bool, str]]:
    return [(f.code, f.blocking, f.subject or "") for f in result.findings if f.requirement.startswith(f"supply:{category}")]


# ---------------------------------------------------------------- crystals

def test_a_sapphire_watch_is_not_served_by_a_mineral_crystal_of_its_size() -> None:
    result = verdict(SAPPHIRE_WATCH, CRYSTAL_REPLACEMENT, [lot("M-1", "mineral_300_flat", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)])
    assert not result.ready
    assert ("insufficient_stock", True, "") in findings_on(result, "crystal")
    differs = next(f for f in result.findings if f.code == "wrong_part")
    assert (differs.blocking, differs.subject) == (False, "mineral_300_flat")
    assert differs.detail.values["what"] == (Term("match.material"),)
    # No lot of the mineral crystal is taken for the sapphire one.
    assert not any(pick.supply_key == "mineral_300_flat" for a in result.allocations for pick in a.lots)


def test_the_crystal_s_shape_must_match_too() -> None:
    domed = replace(SAPPHIRE_WATCH, crystal_shape="domed")
    result = verdict(domed, CRYSTAL_REPLACEMENT, [lot("S-1", "sapphire_300_flat", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)])
    assert not result.ready
    assert next(f for f in result.findings if f.code == "wrong_part").detail.values["what"] == (Term("match.shape"),)
    served = verdict(domed, CRYSTAL_REPLACEMENT, [lot("S-2", "sapphire_300_domed", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)])
    assert served.ready, served.findings


def test_a_crystal_of_another_thickness_does_not_serve() -> None:
    thicker = replace(SAPPHIRE_WATCH, crystal_thickness_mm=2.5)
    result = verdict(thicker, CRYSTAL_REPLACEMENT, [lot("S-1", "sapphire_300_flat", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)])
    assert not result.ready
    assert next(f for f in result.findings if f.code == "wrong_part").detail.values["what"] == (Term("match.thickness"),)


def test_the_matching_crystal_and_its_own_gasket_are_reserved() -> None:
    result = verdict(SAPPHIRE_WATCH, CRYSTAL_REPLACEMENT, [lot("S-1", "sapphire_300_flat", 5), lot("O-1", "oring_280x060", 5),
                                                          lot("CG-1", "crystal_gasket_318x300x120", 5)])
    assert result.ready, result.findings
    taken = {pick.supply_key for a in result.allocations for pick in a.lots}
    assert taken == {"sapphire_300_flat", "crystal_gasket_318x300x120"}  # not the case back's O-ring


def test_a_crystal_gasket_not_in_stock_blocks_even_with_the_case_back_oring_there() -> None:
    result = verdict(SAPPHIRE_WATCH, CRYSTAL_REPLACEMENT, [lot("S-1", "sapphire_300_flat", 5), lot("O-1", "oring_280x060", 5)])
    assert not result.ready
    assert [(f.code, f.blocking) for f in result.findings if f.requirement.startswith("supply:gasket[")] == [("insufficient_stock", True)]


def test_an_acrylic_crystal_is_pressed_in_without_a_gasket() -> None:
    acrylic = replace(SAPPHIRE_WATCH, crystal_material="acrylic", crystal_shape="domed", crystal_thickness_mm=1.2)
    result = verdict(acrylic, CRYSTAL_REPLACEMENT, [lot("A-1", "acrylic_300_domed", 5)])
    assert result.ready, result.findings


def test_a_crystal_material_the_order_does_not_give_is_asked_for_never_passed() -> None:
    unknown = replace(SAPPHIRE_WATCH, crystal_material=None)
    result = verdict(unknown, CRYSTAL_REPLACEMENT, [lot(f"L-{n}", key, 5) for n, key in enumerate(SUPPLIES)])
    asked = next(f for f in result.findings if f.requirement.startswith("supply:crystal"))
    assert asked.detail.key == "supply_to_record"
    assert Term("watch.crystal_material") in asked.detail.values["what"]
    assert not any(pick.supply_key.startswith(("sapphire", "mineral", "acrylic")) for a in result.allocations for pick in a.lots)


# ---------------------------------------------------------------- crown and stem

def test_crown_replacement_with_no_crown_in_stock_is_not_ready() -> None:
    result = verdict(SAPPHIRE_WATCH, CROWN_STEM_REPLACEMENT, [lot("ST-1", "stem_eta_2824_2", 3), lot("CO-1", "crown_oring_020x050", 5)])
    assert not result.ready
    assert ("insufficient_stock", True, "") in findings_on(result, "crown")


def test_a_crown_is_matched_on_its_type_and_on_the_stem_s_thread() -> None:
    plain_only = verdict(SAPPHIRE_WATCH, CROWN_STEM_REPLACEMENT,
                         [lot("ST-1", "stem_eta_2824_2", 3), lot("CO-1", "crown_oring_020x050", 5), lot("CR-1", "crown_60_25_plain", 2)])
    assert not plain_only.ready
    assert next(f for f in plain_only.findings if f.subject == "crown_60_25_plain").detail.values["what"] == (Term("match.crown_type"),)
    other_thread = verdict(SAPPHIRE_WATCH, CROWN_STEM_REPLACEMENT, [
        lot("ST-1", "stem_eta_2824_2", 3), lot("CO-1", "crown_oring_020x050", 5), lot("CR-2", "crown_60_25_sealed_tap12", 2)])
    assert not other_thread.ready
    served = verdict(SAPPHIRE_WATCH, CROWN_STEM_REPLACEMENT,
                     [lot("ST-1", "stem_eta_2824_2", 3), lot("CO-1", "crown_oring_020x050", 5), lot("CR-3", "crown_60_25_sealed", 2)])
    assert served.ready, served.findings
    assert {p.supply_key for a in served.allocations for p in a.lots} == {"stem_eta_2824_2", "crown_oring_020x050", "crown_60_25_sealed"}


def test_a_plain_crown_needs_no_crown_gasket_and_a_sealed_one_its_own() -> None:
    plain = replace(SAPPHIRE_WATCH, crown_type="plain", crown_gasket_inner_diameter_mm=None, crown_gasket_section_mm=None)
    result = verdict(plain, CROWN_STEM_REPLACEMENT, [lot("ST-1", "stem_eta_2824_2", 3), lot("CR-1", "crown_60_25_plain", 2)])
    assert result.ready, result.findings
    sealed = verdict(SAPPHIRE_WATCH, CROWN_STEM_REPLACEMENT,
                     [lot("ST-1", "stem_eta_2824_2", 3), lot("CR-3", "crown_60_25_sealed", 2), lot("O-1", "oring_280x060", 5)])
    assert not sealed.ready  # the case back's O-ring is no crown gasket


def test_an_unknown_crown_type_asks_for_it_and_for_the_gasket_sizes() -> None:
    unknown = replace(SAPPHIRE_WATCH, crown_type=None, crown_gasket_inner_diameter_mm=None)
    result = verdict(unknown, CROWN_STEM_REPLACEMENT,
                     [lot("ST-1", "stem_eta_2824_2", 3), lot("CO-1", "crown_oring_020x050", 5), lot("CR-3", "crown_60_25_sealed", 2)])
    asked = {term.value for f in result.findings if f.detail.key in ("supply_to_record", "supply_to_measure")
             for term in f.detail.values["what"]}
    assert {"watch.crown_type", "watch.crown_gasket_inner_diameter"} <= asked


# ---------------------------------------------------------------- case back

def _capabilities(order: OrderSpec) -> set[str]:
    return {need.key for need in derive_requirements(order, CALIBRE, [CRYSTAL_REPLACEMENT], CATALOG).capabilities}


def test_each_case_back_type_takes_its_own_opener_and_closer() -> None:
    assert _capabilities(replace(SAPPHIRE_WATCH, case_back="snap_on")) == {"snap_back_opening", "snap_back_pressing"}
    assert _capabilities(replace(SAPPHIRE_WATCH, case_back="screw_down")) == {"screw_back_turning"}
    assert _capabilities(replace(SAPPHIRE_WATCH, case_back="screwed")) == {"screwdriving"}


def test_a_screw_down_back_without_a_case_back_wrench_is_not_ready() -> None:
    lots = [lot("S-1", "sapphire_300_flat", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)]
    without_wrench = [t for t in OPENERS if t.asset_tag != "CB-1"]
    result = verdict(SAPPHIRE_WATCH, CRYSTAL_REPLACEMENT, lots, without_wrench)
    assert not result.ready
    assert any(f.blocking and f.requirement == "capability:screw_back_turning" for f in result.findings)


def test_an_order_without_a_case_back_type_asks_for_it_and_takes_the_generic_tools() -> None:
    unknown = replace(SAPPHIRE_WATCH, case_back=None)
    assert _capabilities(unknown) == {"case_opening", "case_closing"}
    result = verdict(unknown, CRYSTAL_REPLACEMENT, [lot("S-1", "sapphire_300_flat", 5), lot("CG-1", "crystal_gasket_318x300x120", 5)])
    asked = next(f for f in result.findings if f.requirement == "order:case_back")
    assert (asked.code, asked.blocking, asked.detail.values["what"]) == ("missing", False, Term("order.case_back"))


def test_case_facts_name_what_is_known_and_only_the_unknown_case_back() -> None:
    assert case_facts(None, None, None) == {"case_back:unknown"}
    assert case_facts("sapphire", "screw_down", "snap_on") == {"crystal:sapphire", "crown:screw_down", "crown:gasketed", "case_back:snap_on"}


def test_differences_name_each_property_that_differs_and_ignore_what_the_watch_does_not_give() -> None:
    sapphire = SUPPLIES["sapphire_300_flat"]
    assert differences(sapphire.attributes, sapphire.properties, {"diameter": 30.0, "material": "mineral", "shape": None}) == ("material",)
    assert differences(sapphire.attributes, sapphire.properties, {"diameter": 30.1, "thickness": 2.0}) == ("diameter",)
    assert differences(sapphire.attributes, sapphire.properties, {"diameter": 30.004}) == ()
