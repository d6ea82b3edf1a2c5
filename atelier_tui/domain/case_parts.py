"""The parts of a watch's case a repair must match: crystal, crown and case back.

A crystal is ordered by material, diameter, thickness and shape; a crown by its diameter, the
tube it screws or pushes onto, its thread and how it closes; a case back is opened and closed by
the tool its type takes. A supply serves a need only when every property the watch gives agrees;
a property the order does not give is asked for, never taken as agreeing
(docs/readiness.md, "Case parts"; sources in docs/trade-sources.md)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from atelier_tui.domain.vocabulary import CrownType, CrystalMaterial, CrystalShape, values

# A supply matches a watch's dimension to the hundredth of a millimetre: crystals, gaskets and
# crowns are sold in 0.05 mm or 0.1 mm steps, so a closer tolerance would refuse the right part,
# and a looser one would take the neighbouring size, which does not seal.
MATCH_TOLERANCE = 0.005

# The words a supply's `properties` and an order's case fields hold, per property name.
PROPERTY_VALUES: Mapping[str, tuple[str, ...]] = {
    "material": values(CrystalMaterial),
    "shape": values(CrystalShape),
    "crown_type": values(CrownType),
}
# The properties a supply of each category must give (a crystal without a material matches
# nothing a watch asks for).
CATEGORY_PROPERTIES: Mapping[str, tuple[str, ...]] = {"crystal": ("material", "shape"), "crown": ("crown_type",)}
# The order's words a requirement may match a supply's properties against.
WATCH_CHOICES = frozenset({"watch.crystal_material", "watch.crystal_shape", "watch.crown_type"})
# Crowns that hold a gasket of their own: a plain push-in crown has none.
GASKETED_CROWNS = frozenset({CrownType.SEALED, CrownType.SCREW_DOWN})


def case_facts(crystal_material: str | None, crown_type: str | None, case_back: str | None) -> set[str]:
    """The facts `when` and `unless` conditions name: crystal:MATERIAL, crown:TYPE (and
    crown:gasketed), case_back:TYPE, or case_back:unknown while the order does not say."""
    facts = {f"case_back:{case_back}" if case_back else "case_back:unknown"}
    if crystal_material:
        facts.add(f"crystal:{crystal_material}")
    if crown_type:
        facts.add(f"crown:{crown_type}")
        if crown_type in GASKETED_CROWNS:
            facts.add("crown:gasketed")
    return facts


# A requirement that holds only while one of these facts holds says that the order's field is
# missing and that the choice matters: a finding asks for it.
UNKNOWN_FACTS: Mapping[str, str] = {"case_back:unknown": "case_back"}


def asked_fields(conditions: Iterable[Iterable[str]]) -> tuple[str, ...]:
    """The order fields to ask for, given the `when` lists of the requirements that hold."""
    asked = [UNKNOWN_FACTS[fact] for when in conditions for fact in when if fact in UNKNOWN_FACTS]
    return tuple(dict.fromkeys(asked))


def differences(attributes: Mapping[str, float], properties: Mapping[str, str],
                match: Mapping[str, float | str | None]) -> tuple[str, ...]:
    """The names of the matched properties in which a supply differs from the watch (an
    attribute the supply does not give differs too); values the watch does not give are not
    judged here (they are asked for)."""
    differing = []
    for name, wanted in match.items():
        if wanted is None:
            continue
        if isinstance(wanted, str):
            if properties.get(name) != wanted:
                differing.append(name)
        elif attributes.get(name) is None or abs(attributes[name] - wanted) > MATCH_TOLERANCE:
            differing.append(name)
    return tuple(differing)
