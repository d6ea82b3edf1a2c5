"""Words for the hazard classes a supply's catalog entry names (`hazards` in supply_types.toml),
short enough for a label."""

from __future__ import annotations

from atelier_tui.i18n import N_, _

_HAZARD_WORDS = {
    "flammable": N_("flammable"),
    "aspiration": N_("aspiration hazard"),
    "narcotic_vapour": N_("vapours cause drowsiness"),
    "skin_drying": N_("dries the skin"),
    "aquatic": N_("hazardous to aquatic life"),
    "battery": N_("cell: separate collection"),
    "corrosive": N_("corrosive"),
    "mercury": N_("contains mercury"),
    "radioactive": N_("radioactive"),
    "irritant": N_("irritant"),
}


def hazard_word(hazard: str) -> str:
    """The words for a hazard class in the interface language; the class itself when none are known."""
    return _(_HAZARD_WORDS[hazard]) if hazard in _HAZARD_WORDS else hazard
