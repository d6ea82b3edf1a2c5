"""Numbers and quantities as a person reads them in the interface's language: the one place that
writes a number with its unit for a screen or a command's text output (never for --json, which
keeps numbers).

English: `0.8 mm`, `1500 lx`, `2 pieces`. French: a decimal comma and the whole part in groups of
three digits parted by a narrow no-break space (`0,8 mm`, `1 500 lx`: SI brochure, 9th edition,
5.4.4; Lexique des règles typographiques en usage à l'Imprimerie nationale, "Nombres"), and unit
words translated and agreeing with the number (`1 pièce`, `2 pièces`). Unit symbols (mm, ml, bar, lx) are the same in
both languages; the few that are abbreviations of words are translated (`s/d`: `s/j`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from atelier_tui.i18n import N_, N_plural, _, language, ngettext

if TYPE_CHECKING:
    from atelier_tui.domain.units import Measured

NARROW_NO_BREAK_SPACE = "\u202f"
# An angle in degrees as watchmakers write it, in both languages: the sign against the number
# ('285°'), whatever was typed ('285 deg', '285 degrees', '285 °'). A temperature ('40 °C', '20 degC')
# keeps its space and its letter.
_DEGREES = re.compile(r"(\d)\s*(?:°|deg(?:rees?)?)(?![\w/*^²³°])")
_DECIMAL_POINT = re.compile(r"(\d)\.(\d)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
FRENCH_GROUPING_FROM = 1000  # a year or a reference is no quantity and never comes here
# Units that are words: written out with the number, singular or plural by gettext.
_UNIT_WORDS = {
    "piece": N_plural("{count} piece", "{count} pieces"),
    "pair": N_plural("{count} pair", "{count} pairs"),
}
# Unit symbols that abbreviate words of the interface's language, and the unit words alone.
_UNIT_SYMBOLS = {
    # TRANSLATORS: seconds per day, the rate of a watch (French: s/j)
    "s/d": N_("s/d"),
    "piece": N_("piece"),
    "pair": N_("pair"),
}


def _significant(value: float) -> float:
    """Float noise (0.30000000000000004) trimmed to 10 significant digits."""
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, 9 - math.floor(math.log10(abs(value))))


def number(value: float, decimals: int | None = None) -> str:
    """`value` with the interface language's decimal mark (and, in French, digit groups)."""
    if decimals is not None:
        text = f"{value:.{decimals}f}"
    elif abs(value) < 1e6:
        text = f"{_significant(value):g}"
    else:
        text = f"{value:.0f}"
    if language() != "fr":
        return text
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, point, fraction = digits.partition(".")
    if whole.isdigit() and int(whole) >= FRENCH_GROUPING_FROM:
        groups: list[str] = []
        while whole:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        whole = NARROW_NO_BREAK_SPACE.join(groups)
    return f"{sign}{whole}{',' if point else ''}{fraction}"


def degree_sign(text: str) -> str:
    """'285 deg' as a watchmaker writes it, '285°' (a quantity or a range of them, as typed or as
    the catalog wrote it); any other unit as it is."""
    return _DEGREES.sub(r"\1°", text)


def unit_word(unit: str) -> str:
    """A unit symbol as it reads in the interface's language, without a number."""
    symbol = _UNIT_SYMBOLS.get(unit)
    return _(symbol) if symbol else unit


def symbol_in_words_of(symbol: str, translate: Callable[[str], str]) -> str:
    """A unit symbol as a language writes it, for the few that abbreviate words (s/d: s/j in
    French); `translate` is that language's gettext (a document's language may not be the
    interface's)."""
    worded = _UNIT_SYMBOLS.get(symbol)
    return translate(worded) if worded else symbol


def unit_word_forms(unit: str) -> tuple[str, str] | None:
    """The singular and plural msgids ('{count} piece', '{count} pieces') of a unit that is a
    word; None for a unit written as a symbol (g, ml)."""
    return _UNIT_WORDS.get(unit)


def plural_count(value: float) -> int:
    """The count gettext picks a unit word's form by: a fraction of a piece reads as a plural in
    English (1.5 pieces), and gettext wants an integer."""
    whole = value == int(value) if math.isfinite(value) else False
    return abs(int(value)) if whole else 2


def quantity_text(value: float, unit: str, decimals: int | None = None) -> str:
    """'0,8 mm', '2 pièces', '1 piece', '+3 s/d' as it reads in the interface's language."""
    shown = number(value, decimals)
    words = unit_word_forms(unit)
    if words is not None:
        return ngettext(*words, plural_count(value)).format(count=shown)
    return degree_sign(f"{shown} {unit_word(unit)}".strip())


def uses_text(uses_left: int) -> str:
    """A plan counted in uses: how many are left before it falls due, or how many past it."""
    if uses_left < 0:
        return ngettext("{count} use over", "{count} uses over", -uses_left).format(count=-uses_left)
    return ngettext("{count} use left", "{count} uses left", uses_left).format(count=uses_left)
def measured_text(measured: Measured) -> str:
    """A test point's value, nominal or tolerance as it was written ('1.502 V', '1502 mV'), with the
    interface language's decimal mark: a value typed in English reads '1,502 V' to a French reader,
    one typed in French ('1,502 V', which the parser reads as a decimal) '1.502 V' to an English one.
    The unit stays as written (but for the few symbols that abbreviate words, 's/d': 's/j'): read
    back through pint, it would cost the registry on every list."""
    amount, space, unit = measured.text.rpartition(" ")
    text = degree_sign(f"{amount}{space}{unit_word(unit)}" if space and unit in _UNIT_SYMBOLS else measured.text)
    if language() == "fr":
        return _DECIMAL_POINT.sub(r"\1,\2", text)
    return _DECIMAL_COMMA.sub(r"\1.\2", text)
