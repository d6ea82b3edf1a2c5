"""The GHS pictogram a supply's hazard class carries on its container, when the class decides it.

A catalog names hazard classes (`hazards` of supply_types.toml), not pictograms. A class whose every
category carries the same pictogram under the EU's CLP Regulation (EC) No 1272/2008, Annex I and V,
gets its code (GHS02 …); a class whose pictogram depends on the category (aquatic: chronic 3 has
none), or that is no GHS class at all (a cell, a radioactive lume), gets none: the label prints its
words only. Sources in docs/trade-sources.md (labels)."""

from __future__ import annotations

from collections.abc import Iterable

PICTOGRAM_OF_HAZARD: dict[str, str] = {
    "flammable": "GHS02",  # flammable liquids, categories 1 to 3 (CLP has no category 4)
    "corrosive": "GHS05",  # skin corrosion 1, serious eye damage 1
    "aspiration": "GHS08",  # aspiration hazard 1
    "narcotic_vapour": "GHS07",  # specific target organ toxicity, single exposure 3 (narcotic effects)
    "irritant": "GHS07",  # skin or eye irritation 2
}


def pictograms(hazards: Iterable[str]) -> tuple[str, ...]:
    """The distinct pictogram codes of these hazards, in code order (a pictogram is printed once
    however many classes call for it)."""
    return tuple(sorted({PICTOGRAM_OF_HAZARD[hazard] for hazard in hazards if hazard in PICTOGRAM_OF_HAZARD}))
