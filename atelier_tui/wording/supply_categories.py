"""The words for the supply catalog's categories (catalogs.entries.SUPPLY_CATEGORIES), for the
services that read them from a person (the supplies list's `category:` filter). The same words
as the screens show (tui/widgets/states.py)."""

from __future__ import annotations

from atelier_tui.i18n import N_

SUPPLY_CATEGORY_WORDS = {
    "lubricant": N_("lubricant"), "epilame": N_("epilame"), "cleaning_solution": N_("cleaning solution"),
    "rinse_solution": N_("rinse solution"), "battery": N_("battery"), "gasket": N_("gasket"), "crystal": N_("crystal"),
    "stem": N_("stem"), "crown": N_("crown"), "spring_bar": N_("spring bar"), "mainspring": N_("mainspring"),
    "strap": N_("strap"), "consumable": N_("consumable"), "polishing": N_("polishing"), "movement": N_("movement"),
}
