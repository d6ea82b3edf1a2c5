"""The readiness verdict is the same whatever the interface language; only its sentences, made by
the wording layer, change with it."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from atelier_tui.domain.findings import Verdict
from atelier_tui.domain.inventory import StaffView
from atelier_tui.i18n import set_language
from atelier_tui.wording import finding_message, remedy_text
from atelier_tui.wording.sentences import known_keys
from tests.support.readiness_world import TODAY, World, calibration, lot, tool

DOMAIN = Path(__file__).resolve().parents[2] / "atelier_tui" / "domain"


def _everything_wrong() -> World:
    """A world where the bench, the technician, the checklists, the tools, the supplies and the
    deadline each have something to say."""
    world = World().with_order(deadline=TODAY - timedelta(days=1))
    world.bench = replace(world.bench, status="closed", features=frozenset())
    world.technician = StaffView("apprentice", "Léa Apprentie", 0, frozenset({"manual"}))
    world.runs = []
    world.tools = [
        tool("AT-1", "case_opening", status="out_of_service", attributes={}),
        tool("AT-2", "tweezers_non_conductive", bench=None, location="C2"),
        tool("AT-3", "water_resistance_test", attributes={"max_pressure": 10.0},
             plans=(calibration("overdue", TODAY - timedelta(days=10)),)),
    ]
    world.lots = [
        lot("B-371", "battery_sr920sw", 5, expires_on=TODAY - timedelta(days=3)),
        lot("GR-1", "gasket_grease", 0.02, expires_on=TODAY + timedelta(days=10)),
    ]
    world.reorder_points = {"gasket_grease": 1_000_000}
    return world


def _verdict_in(language: str) -> Verdict:
    set_language(language)
    try:
        return _everything_wrong().verdict()
    finally:
        set_language("en")


def _sentences(verdict: Verdict, language: str) -> list[str]:
    set_language(language)
    try:
        return [finding_message(f) + (" → " + remedy_text(f.remedy) if f.remedy else "") for f in verdict.findings]
    finally:
        set_language("en")


def test_the_same_assessment_gives_the_same_codes_and_parameters_in_french_and_in_english() -> None:
    in_french, in_english = _verdict_in("fr"), _verdict_in("en")
    assert len(in_english.findings) >= 10 and not in_english.ready
    assert {"out_of_service", "missing", "not_qualified", "checklist_missing", "elsewhere", "calibration_overdue", "expired",
            "insufficient_stock", "deadline_at_risk"} <= {f.code for f in in_english.findings}
    assert in_french == in_english  # codes, order, blocking, parameters, remedies, allocations
    assert [f.detail for f in in_french.findings] == [f.detail for f in in_english.findings]


def test_the_sentences_of_one_verdict_follow_the_language_they_are_shown_in() -> None:
    verdict = _verdict_in("fr")
    english, french = _sentences(verdict, "en"), _sentences(verdict, "fr")
    assert english[0] == "Bench QZ-01 is closed → Open the bench or move the order to another bench"
    assert french[0] != english[0] and "QZ-01" in french[0]
    assert all(a != b for a, b in zip(english, french, strict=True))


def _keys(node: ast.expr, tables: dict[str, set[str]]) -> set[str]:
    """The keys a phrase(...) call's first argument can take: a literal, either side of a
    conditional, or any value of a module-level table it is looked up in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _keys(node.body, tables) | _keys(node.orelse, tables)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in tables:
        return tables[node.value.id]
    raise AssertionError(f"a phrase key the test cannot read: {ast.unparse(node)}")


def _phrase_keys_of_the_domain() -> set[str]:
    keys: set[str] = set()
    for path in DOMAIN.glob("*.py"):
        module = ast.parse(path.read_text(), str(path))
        tables = {target.id: {v.value for v in statement.value.values if isinstance(v, ast.Constant)}
                  for statement in module.body if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Dict)
                  for target in statement.targets if isinstance(target, ast.Name)}
        for node in ast.walk(module):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "phrase" and node.args:
                keys |= _keys(node.args[0], tables)
    return keys


def test_every_phrase_the_domain_returns_has_a_sentence() -> None:
    """A key without a sentence would show only when that finding happens: as a crash on the screen."""
    keys = _phrase_keys_of_the_domain()
    assert len(keys) > 60
    assert keys - known_keys() == set(), "phrases without a sentence"
    assert known_keys() - keys == set(), "sentences no phrase uses"
