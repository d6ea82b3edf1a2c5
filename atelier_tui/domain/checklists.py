"""QHSE checklist rules: which items of a template apply to a run, whether one answer is
acceptable, whether a run passed.

Pure values in, plain values out: no database, no clock, no interface language. A refused answer
is a problem code; the service puts it into words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from atelier_tui.domain.vocabulary import Answer, ChecklistScope, ItemLevel, ItemTag, values

ANSWERS = values(Answer)
LEVELS = values(ItemLevel)
MANDATORY_LEVELS = (ItemLevel.CRITICAL, ItemLevel.REQUIRED)
TAGS = values(ItemTag)
SCOPES = values(ChecklistScope)

# Why an answer is refused, in the order they are checked.
UNKNOWN_ANSWER = "unknown_answer"
DOES_NOT_APPLY = "does_not_apply"
MANDATORY_NOT_APPLICABLE = "mandatory_not_applicable"
REASON_FOR_NOT_APPLICABLE = "reason_for_not_applicable"
REASON_FOR_NOT_OK = "reason_for_not_ok"


@dataclass(frozen=True)
class Item:
    key: str
    tag: str  # Q | H | S | E
    level: str  # critical | required | optional
    text_en: str
    text_fr: str
    conditions: tuple[str, ...] = ()  # facts that must all hold for the item to apply

    @property
    def mandatory(self) -> bool:
        return self.level in MANDATORY_LEVELS


def run_facts(bench_features: Iterable[str], order_facts: Iterable[str] = ()) -> tuple[str, ...]:
    """The facts a run is judged on: what the bench has, plus what the order's watch and work bring."""
    return tuple(sorted(set(bench_features) | set(order_facts)))


def unmet_conditions(conditions: Iterable[str], facts: Iterable[str]) -> tuple[str, ...]:
    known = set(facts)
    return tuple(condition for condition in conditions if condition not in known)


def applies(item: Item, facts: Iterable[str]) -> bool:
    return not unmet_conditions(item.conditions, facts)


def applicable_items(items: Iterable[Item], facts: Iterable[str]) -> list[Item]:
    known = set(facts)
    return [item for item in items if applies(item, known)]


def automatic_not_applicable(items: Iterable[Item], facts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Items whose conditions are not met, each with the conditions missing: they are recorded
    not applicable without anyone answering, the missing conditions being the reason."""
    known = set(facts)
    return {item.key: unmet for item in items if (unmet := unmet_conditions(item.conditions, known))}


def answer_problem(item: Item, facts: Iterable[str], answer: str, reason: str = "") -> str | None:
    """None when the answer may be recorded, else the first problem code."""
    if answer not in ANSWERS:
        return UNKNOWN_ANSWER
    if not applies(item, facts):
        return None if answer == Answer.NOT_APPLICABLE else DOES_NOT_APPLY
    if answer == Answer.NOT_APPLICABLE and item.mandatory:
        return MANDATORY_NOT_APPLICABLE
    if answer == Answer.NOT_APPLICABLE and not reason.strip():
        return REASON_FOR_NOT_APPLICABLE
    if answer == Answer.NOT_OK and not reason.strip():
        return REASON_FOR_NOT_OK
    return None


@dataclass(frozen=True)
class Applicability:
    """What a checklist asks of a bench and a piece of work."""

    facts: tuple[str, ...]  # what the bench has and the order's watch and work bring
    unmet: tuple[str, ...]  # the checklist's own conditions the work does not meet: it does not call for it
    items: Mapping[str, tuple[str, ...]]  # each item's conditions not met: empty when the item applies

    @property
    def called_for(self) -> bool:
        return not self.unmet

    def item_applies(self, key: str) -> bool:
        return not self.items.get(key)


def applicability(conditions: Iterable[str], items: Iterable[tuple[str, Iterable[str]]], bench_features: Iterable[str],
                  order_facts: Iterable[str] | None) -> Applicability:
    """The one rule readiness, the checklist runner, the CLI and the screens read.

    A checklist's own `when` names facts of the work (the watch and its interventions), so it is
    judged on the order's facts; with no order (a run for the bench alone) nothing is known of the
    work and it is not judged. An item's `when` is judged on the bench's features plus the order's
    facts."""
    facts = run_facts(bench_features, order_facts or ())
    unmet = unmet_conditions(conditions, order_facts) if order_facts is not None else ()
    return Applicability(facts, unmet, {key: unmet_conditions(item_conditions, facts) for key, item_conditions in items})


def unanswered_for(items: Iterable[tuple[str, Iterable[str]]], run_facts: Iterable[str], needed: Applicability) -> list[str]:
    """The items (key, conditions) that apply to the bench and order a run should count for
    (`needed`) but did not apply to the run, so nobody answered them: a run without the order, or
    for another watch, skips the items this order's watch and work bring."""
    ran = set(run_facts)
    return [key for key, conditions in items if needed.item_applies(key) and not set(conditions) <= ran]


def unanswered_mandatory(items: Iterable[Item], facts: Iterable[str], answers: Mapping[str, str]) -> list[Item]:
    """Critical and required items that apply and have no answer yet: a run cannot be signed."""
    return [item for item in applicable_items(items, facts) if item.mandatory and item.key not in answers]


def failed_items(items: Iterable[Item], facts: Iterable[str], answers: Mapping[str, str]) -> list[Item]:
    """Critical and required items that apply and were found not ok. An optional item found not
    ok is recorded but does not fail the run."""
    return [item for item in applicable_items(items, facts) if item.mandatory and answers.get(item.key) == Answer.NOT_OK]


def run_passed(items: Iterable[Item], facts: Iterable[str], answers: Mapping[str, str]) -> bool:
    items = list(items)
    return not unanswered_mandatory(items, facts, answers) and not failed_items(items, facts, answers)


@dataclass(frozen=True)
class MeasuredProblems:
    """Why an item that vouches for measurements cannot be answered ok: quantities the sheet has
    no reading of, and readings or series criteria that fail (by the order's grade)."""

    missing: tuple[str, ...] = ()
    failing: tuple[str, ...] = ()  # "rate 6H", "hv_difference", ...

    def __bool__(self) -> bool:
        return bool(self.missing or self.failing)


def measured_problems(measured: Iterable[str], readings: Iterable[tuple[str, str, str]],
                      series: Iterable[tuple[str, str]]) -> MeasuredProblems:
    """`readings`: (quantity, position, judged) in the order they were taken, the latest of a
    position counting; `series`: (criterion, judged) of the latest series of rates."""
    wanted = tuple(measured)
    latest: dict[tuple[str, str], str] = {}
    for quantity, position, judged in readings:
        if quantity in wanted:
            latest[(quantity, position)] = judged
    missing = tuple(quantity for quantity in wanted if not any(q == quantity for q, _position in latest))
    failing = [f"{quantity} {position}".strip() for (quantity, position), judged in latest.items() if judged == "fail"]
    if "rate" in wanted:
        failing += [criterion for criterion, judged in series if judged == "fail"]
    return MeasuredProblems(missing, tuple(failing))
