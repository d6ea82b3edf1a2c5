"""Checklist rules: which items apply, which answers are refused, when a run passes."""

from __future__ import annotations

from atelier_tui.domain import checklists as rules
from atelier_tui.domain.checklists import Item

WIPED = Item("bench_wiped", "H", "required", "Bench wiped", "Établi essuyé")
STRAP = Item("wrist_strap_tested", "S", "critical", "Wrist strap tested", "Bracelet testé", ("electronics",))
LUME = Item("luminous_checked", "S", "critical", "Lume checked", "Matière contrôlée", ("vintage", "luminous"))
FOOD = Item("no_food_at_bench", "H", "optional", "No food", "Ni nourriture")
ITEMS = [WIPED, STRAP, LUME, FOOD]


def test_run_facts_join_the_bench_features_and_the_order_facts() -> None:
    assert rules.run_facts(["esd"], {"movement:quartz", "electronics"}) == ("electronics", "esd", "movement:quartz")
    assert rules.run_facts(["esd"]) == ("esd",)


def test_quartz_work_brings_the_esd_items_and_a_vintage_luminous_watch_the_lume_items() -> None:
    assert rules.applicable_items(ITEMS, ["esd"]) == [WIPED, FOOD]
    assert rules.applicable_items(ITEMS, ["esd", "electronics", "movement:quartz"]) == [WIPED, STRAP, FOOD]
    assert rules.applicable_items(ITEMS, ["vintage", "luminous", "mechanical"]) == [WIPED, LUME, FOOD]


def test_items_whose_conditions_are_unmet_are_not_applicable_with_the_missing_condition() -> None:
    assert rules.automatic_not_applicable(ITEMS, ["vintage"]) == {
        "wrist_strap_tested": ("electronics",), "luminous_checked": ("luminous",)}


def test_an_answer_must_be_ok_not_ok_or_not_applicable() -> None:
    assert rules.answer_problem(WIPED, [], "ok") is None
    assert rules.answer_problem(WIPED, [], "yes") == rules.UNKNOWN_ANSWER


def test_a_required_or_critical_item_that_applies_cannot_be_not_applicable() -> None:
    assert rules.answer_problem(WIPED, [], "not_applicable", "no bench today") == rules.MANDATORY_NOT_APPLICABLE
    assert rules.answer_problem(STRAP, ["electronics"], "not_applicable", "mechanical work") == rules.MANDATORY_NOT_APPLICABLE
    assert rules.answer_problem(FOOD, [], "not_applicable", "coffee machine is elsewhere") is None


def test_not_applicable_and_not_ok_need_a_reason() -> None:
    assert rules.answer_problem(FOOD, [], "not_applicable", "  ") == rules.REASON_FOR_NOT_APPLICABLE
    assert rules.answer_problem(WIPED, [], "not_ok") == rules.REASON_FOR_NOT_OK
    assert rules.answer_problem(WIPED, [], "not_ok", "no alcohol left") is None


def test_an_item_that_does_not_apply_takes_no_answer_but_not_applicable() -> None:
    assert rules.answer_problem(STRAP, ["esd"], "ok") == rules.DOES_NOT_APPLY
    assert rules.answer_problem(STRAP, ["esd"], "not_applicable") is None


def test_a_run_passes_when_every_applicable_mandatory_item_is_answered_and_none_is_not_ok() -> None:
    facts = ["electronics"]
    assert rules.run_passed(ITEMS, facts, {"bench_wiped": "ok", "wrist_strap_tested": "ok"})
    assert not rules.run_passed(ITEMS, facts, {"bench_wiped": "ok"})
    assert rules.unanswered_mandatory(ITEMS, facts, {"bench_wiped": "ok"}) == [STRAP]
    assert not rules.run_passed(ITEMS, facts, {"bench_wiped": "not_ok", "wrist_strap_tested": "ok"})
    assert rules.failed_items(ITEMS, facts, {"bench_wiped": "not_ok", "wrist_strap_tested": "ok"}) == [WIPED]


def test_an_optional_item_found_not_ok_does_not_fail_the_run() -> None:
    assert rules.run_passed(ITEMS, [], {"bench_wiped": "ok", "no_food_at_bench": "not_ok"})
