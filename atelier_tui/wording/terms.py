"""Words for the values the domain names inside its phrases (a Term: the catalog's references, bench
states and features, movement kinds), marked for extraction and translated when shown."""

from __future__ import annotations

from atelier_tui.domain.vocabulary import BenchStatus, CrownType, CrystalMaterial, CrystalShape, MovementKind, values
from atelier_tui.i18n import N_, _
from atelier_tui.wording.vocabulary import word as vocabulary_word

_WORDS = {
    # watch and calibre values a requirement refers to (docs/catalog-format.md)
    "watch.test_pressure": N_("the test pressure"),
    "watch.case_diameter": N_("the case diameter"),
    "watch.gasket_inner_diameter": N_("the gasket's inner diameter"),
    "watch.gasket_section": N_("the gasket's section"),
    "watch.crystal_diameter": N_("the crystal diameter"),
    "watch.lug_width": N_("the lug width"),
    "calibre.diameter": N_("the calibre's diameter"),
    "watch.crystal_material": N_("the crystal's material"),
    "watch.crystal_shape": N_("the crystal's shape"),
    "watch.crystal_thickness": N_("the crystal's thickness"),
    "watch.crystal_gasket_outer_diameter": N_("the crystal gasket's outer diameter"),
    "watch.crystal_gasket_inner_diameter": N_("the crystal gasket's inner diameter"),
    "watch.crystal_gasket_height": N_("the crystal gasket's height"),
    "watch.crown_type": N_("the crown type"),
    "watch.crown_diameter": N_("the crown diameter"),
    "watch.crown_tube_diameter": N_("the crown tube's diameter"),
    "watch.crown_gasket_inner_diameter": N_("the crown gasket's inner diameter"),
    "watch.crown_gasket_section": N_("the crown gasket's section"),
    "calibre.stem_thread": N_("the stem's thread"),
    "order.case_back": N_("the case-back type"),
    # the properties in which a part differs from the watch's
    "match.material": N_("material"),
    "match.shape": N_("shape"),
    "match.crown_type": N_("crown type"),
    "match.diameter": N_("diameter"),
    "match.thickness": N_("thickness"),
    "match.inner_diameter": N_("inner diameter"),
    "match.outer_diameter": N_("outer diameter"),
    "match.height": N_("height"),
    "match.section": N_("section"),
    "match.thread": N_("thread"),
    "crown": N_("crown"),
    "calibre.battery": N_("the battery"),
    "calibre.lubricants": N_("the lubricants"),
    "calibre.mainspring": N_("the mainspring"),
    "calibre.stem": N_("the winding stem"),
    "calibre.movement": N_("the replacement movement"),
    "order.battery": N_("the battery"),
    "gasket": N_("gasket"),
    "crystal": N_("crystal"),
    # bench features (bench states and movement kinds are words of the vocabulary, below)
    "esd": N_("ESD-protected"),
    "extraction": N_("fitted with fume extraction"),
    "ventilation": N_("ventilated"),
    "movement": N_("movement"),
    # the facts a checklist's or an intervention's conditions name (docs/catalog-format.md, `when`)
    "mechanical": N_("mechanical movement"),
    "movement:manual": N_("manual-wind movement"),
    "movement:automatic": N_("automatic movement"),
    "movement:quartz": N_("quartz movement"),
    "movement:kinetic": N_("kinetic movement"),
    "movement:solar": N_("solar movement"),
    "rechargeable_cell": N_("rechargeable cell"),
    "water_resistant": N_("water-resistant watch"),
    "vintage": N_("vintage watch"),
    "luminous": N_("luminous material"),
    "luminous:radium": N_("radium luminous material"),
    "luminous:tritium": N_("tritium luminous material"),
    "radioactive_luminous": N_("radioactive luminous material"),
    "pressure_test": N_("pressure test"),
    "electronics": N_("electronics work"),
    "solvents": N_("work with solvents"),
}
# The vocabulary values a phrase may name as a Term, worded by the vocabulary's own table.
_VOCABULARY_TERMS = (BenchStatus, MovementKind, CrystalMaterial, CrystalShape, CrownType)


def word(value: str) -> str:
    """The words for `value` in the interface language; `value` itself when none are known."""
    if value in _WORDS:
        return _(_WORDS[value])
    for kind in _VOCABULARY_TERMS:
        if value in values(kind):
            return vocabulary_word(kind, value)
    return value


def words(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(word(value) for value in values)


def sentence(text: str) -> str:
    """`text` with its first letter in capitals, as a sentence starts."""
    return text[:1].upper() + text[1:]
