"""What each kind of label says beside its code, in the interface language, as lines in the order
of their importance: when a label is too small for all of them at a readable size, the last lines
are left out first (the key and the name always stay)."""

from __future__ import annotations

from dataclasses import dataclass

from atelier_tui.domain.ghs import pictograms
from atelier_tui.i18n import _, localized
from atelier_tui.services.labels.contents import Label, LotLabel, PlaceLabel, ToolLabel
from atelier_tui.wording.hazards import hazard_word


@dataclass(frozen=True)
class Line:
    text: str
    bold: bool = False
    scale: float = 0.75  # of the label's largest size
    box: bool = False  # a caption followed by a blank box to write in


def short_name(name: str) -> str:
    """A catalog name without its qualifiers: what comes before the first comma or parenthesis
    ("Water-resistance tester, dry (vacuum/overpressure)" -> "Water-resistance tester")."""
    cut = min((index for index in (name.find(","), name.find(" (")) if index > 0), default=len(name))
    return name[:cut].strip() or name


def face(label: Label, kind: str) -> list[Line]:
    if isinstance(label, ToolLabel):
        return [Line(label.key, bold=True, scale=1.0), Line(short_name(localized(label.type_name_en, label.type_name_fr)))]
    if isinstance(label, LotLabel):
        return _lot_face(label)
    caption = _("Bench") if kind == "bench" else _("Store location")
    lines = [Line(label.key, bold=True, scale=1.0), Line(label.name)]
    return [*lines, Line(caption, scale=0.6)] if isinstance(label, PlaceLabel) else lines


def _lot_face(label: LotLabel) -> list[Line]:
    lines = [Line(localized(label.supply_name_en, label.supply_name_fr), bold=True, scale=1.0),
             Line(_("Lot {number}").format(number=label.lot_number), bold=True)]
    if label.expires_on is not None:
        lines.append(Line(_("Expires {date}").format(date=label.expires_on.isoformat())))
    lines.append(Line(_("Opened on"), box=True, scale=0.6))
    codes = pictograms(label.hazards)
    words = ", ".join(hazard_word(hazard) for hazard in label.hazards)
    if codes or words:
        lines.append(Line(" · ".join(part for part in (" ".join(codes), words) if part), scale=0.6))
    return lines
