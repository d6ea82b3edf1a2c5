"""The words and numbers of a printed document, in the document's language whatever the
interface's: sentences through the gettext catalog of that language, numbers with the language's
decimal sign (a comma in French), units by their symbols (MΩ, µA, s/d), times in local time."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from atelier_tui.domain.calibration import RecordFinding
from atelier_tui.domain.measurements import Bounds
from atelier_tui.domain.units import Measured, registry
from atelier_tui.i18n import LANGUAGES, language
from atelier_tui.services.sheets.markdown import plural_translator, translator
from atelier_tui.wording.numbers import degree_sign, plural_count, symbol_in_words_of, unit_word_forms
from atelier_tui.wording.status_reasons import finding_text
from atelier_tui.wording.vocabulary import word

_DECIMAL_POINT = re.compile(r"(\d)\.(\d)")
_DECIMAL_COMMA = re.compile(r"(\d),(\d)")
_WORDED_SYMBOL = re.compile(r"(?<![\w/])s/d(?![\w/])")  # the unit symbols that abbreviate words (wording/numbers.py)
_SIGNIFICANT = 6  # as `format_value`: a value is printed as it was measured, not with float noise


class Words:
    def __init__(self, document_language: str | None = None) -> None:
        self.language = document_language if document_language in LANGUAGES else language()
        self._translate = translator(self.language)
        self._plural = plural_translator(self.language)

    def __call__(self, message: str) -> str:
        """A sentence marked N_() in the printing modules, in the document's language."""
        return self._translate(message)

    def name(self, name_en: str, name_fr: str) -> str:
        return name_fr if self.language == "fr" and name_fr else name_en

    def word(self, kind: type[StrEnum], value: str) -> str:
        return word(kind, value, self._translate)

    def number(self, value: float) -> str:
        text = f"{value:.{_SIGNIFICANT}g}" if abs(value) < 1e6 else f"{value:.0f}"
        if "e" in text:  # no exponent on paper: as many decimals as the value needs
            text = f"{value:.9f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if self.language == "fr" else text

    def quantity(self, value: float, unit: str) -> str:
        symbol = symbol_in_words_of(unit_symbol(unit), self._translate)
        return degree_sign(f"{self.number(value)} {symbol}".strip())

    def stock(self, value: float, unit: str) -> str:
        """A stock quantity in the supply's stock unit: a unit that is a word agrees with the number
        in the document's language ('2 pieces', '1 pièce'), a symbol stays as it is ('0,01 g')."""
        forms = unit_word_forms(unit)
        if forms is None:
            return f"{self.number(value)} {unit}".strip()
        return self._plural(*forms, plural_count(value)).format(count=self.number(value))

    def measured(self, measured: Measured | None) -> str:
        return self.quantity(measured.value, measured.unit) if measured is not None else "—"

    def bounds(self, bounds: Bounds | None) -> str:
        """'-12 s/d … 12 s/d', '≤ 0,6 ms', '≥ 3 bar'; '—' when no tolerance applies."""
        if bounds is None or (bounds.minimum is None and bounds.maximum is None):
            return "—"
        low, high = (self.written(text) if text else self.quantity(value, bounds.unit) if value is not None else ""
                     for text, value in zip(bounds.texts, (bounds.minimum, bounds.maximum), strict=True))
        if low and high:
            return f"{low} … {high}"
        return f"≥ {low}" if low else f"≤ {high}"

    def written(self, text: str) -> str:
        """A quantity as the catalog wrote it ('-15 s/month', in its own unit), with the language's
        decimal sign (an angle with its degree sign, '250°'): converted, it would print as the float
        a conversion leaves (-0.492813 s/d)."""
        if self.language != "fr":
            return degree_sign(text)
        return degree_sign(_WORDED_SYMBOL.sub(lambda found: symbol_in_words_of(found.group(), self._translate),
                                              _DECIMAL_POINT.sub(r"\1,\2", text)))

    def as_written(self, measured: Measured) -> str:
        """A test point's value as it was written ('1,502 V' typed in French reads '1.502 V' in
        English), in the document's language: wording.numbers.measured_text, for a page."""
        return self.written(measured.text if self.language == "fr" else _DECIMAL_COMMA.sub(r"\1.\2", measured.text))

    def reason(self, shown: str, finding: RecordFinding | None) -> str:
        """Why a tool is out of service: the finding of the record that took it out, worded in the
        document's language (the service worded it in the interface's), else the reason as typed."""
        return finding_text(finding, self, self.name, self.as_written) if finding is not None else shown

    def moment(self, value: datetime | None) -> str:
        return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else "—"

    def day(self, value: date | None) -> str:
        return value.isoformat() if value is not None else "—"


def unit_symbol(unit: str) -> str:
    """The symbol of a unit as pint names it ('megaohm' -> 'MΩ', 'second / day' -> 's/d'); a
    unit pint does not know (a stock unit such as 'piece') is printed as the catalog wrote it."""
    if not unit:
        return ""
    try:
        return f"{registry().Unit(unit):~P}" or unit
    except Exception:  # noqa: BLE001 - pint raises several kinds for a name it does not know
        return unit
