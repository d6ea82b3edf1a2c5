"""Label layouts (catalogs/labels.toml; format in docs/catalog-format.md): the stock a label is
printed on, one page of the PDF, and where labels sit on it. Read through the line-aware TOML
reader, so that every refusal names FILE:LINE; lengths are quantities with their unit, kept in mm."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atelier_tui.catalogs import SHIPPED_CATALOGS
from atelier_tui.domain.units import UnitError, parse_quantity
from atelier_tui.i18n import _, localized
from atelier_tui.textfiles import LineError, TomlFile, read_toml

LAYOUTS_FILE = "labels.toml"
_LENGTHS = ("page_width", "page_height", "label_width", "label_height", "margin_left", "margin_top", "pitch_across",
            "pitch_down", "padding")
_COUNTS = ("columns", "rows")
_TEXTS = ("key", "name_en", "name_fr")
_KNOWN = frozenset((*_LENGTHS, *_COUNTS, *_TEXTS))
_LARGEST_MM = 2000.0  # past any label stock (a roll is cut to a label's length)


@dataclass(frozen=True)
class LabelLayout:
    key: str
    name_en: str
    name_fr: str
    page_width: float  # mm
    page_height: float
    label_width: float
    label_height: float
    columns: int = 1
    rows: int = 1
    margin_left: float = 0.0
    margin_top: float = 0.0
    pitch_across: float = 0.0  # from one label's left edge to the next one's; 0: the label's width
    pitch_down: float = 0.0
    padding: float = 0.0  # kept blank inside each label

    @property
    def name(self) -> str:
        return localized(self.name_en, self.name_fr)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        """Top-left corner (mm) of the slot-th label of a page, row by row."""
        row, column = divmod(slot, self.columns)
        return (self.margin_left + column * (self.pitch_across or self.label_width),
                self.margin_top + row * (self.pitch_down or self.label_height))


class LayoutError(ValueError):
    """The layouts file is wrong: one line naming FILE:LINE."""


def layouts_path() -> Path:
    return Path(SHIPPED_CATALOGS) / LAYOUTS_FILE


def load_layouts(path: Path | None = None) -> dict[str, LabelLayout]:
    """Every layout of the file, by key; LayoutError on the first thing wrong."""
    source = read_toml(path or layouts_path(), str(path or layouts_path()))
    if isinstance(source, LineError):
        raise LayoutError(str(source))
    entries = source.data.get("layout")
    if not isinstance(entries, list) or not entries:
        raise LayoutError(str(source.error(1, _("no [[layout]] entries"))))
    layouts: dict[str, LabelLayout] = {}
    for index, entry in enumerate(entries):
        layout = _layout(source, index, entry)
        if layout.key in layouts:
            raise LayoutError(str(source.error(source.field_line("layout", index, "key"),
                                               _("duplicate layout key '{key}'").format(key=layout.key))))
        layouts[layout.key] = layout
    return layouts


def _layout(source: TomlFile, index: int, entry: dict[str, Any]) -> LabelLayout:
    def refuse(field: str | None, message: str) -> LayoutError:
        return LayoutError(str(source.error(source.field_line("layout", index, field), message)))

    for name in entry:
        if name not in _KNOWN:
            raise refuse(name, _("unknown field '{field}' (expected one of {fields})").format(
                field=name, fields=", ".join(sorted(_KNOWN))))
    values: dict[str, Any] = {}
    for name in _TEXTS:
        text = entry.get(name)
        if not isinstance(text, str) or not text.strip():
            raise refuse(name if name in entry else None, _("{field}: a text is required").format(field=name))
        values[name] = text.strip()
    for name in _COUNTS:
        count = entry.get(name, 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 100:
            raise refuse(name, _("{field}: a whole number from 1 to 100").format(field=name))
        values[name] = count
    for name in _LENGTHS:
        if name not in entry:
            if name.startswith(("page_", "label_")):
                raise refuse(None, _("{field}: a length is required (e.g. \"62 mm\")").format(field=name))
            continue
        try:
            length = parse_quantity(str(entry[name]), "mm", name).value
        except UnitError as refused:
            raise refuse(name, str(refused)) from None
        if not 0 <= length <= _LARGEST_MM or (name.startswith(("page_", "label_")) and length == 0):
            raise refuse(name, _("{field}: {value} is not a length a label can have").format(field=name, value=entry[name]))
        values[name] = length
    layout = LabelLayout(**values)
    right, bottom = layout.origin(layout.per_page - 1)
    if right + layout.label_width > layout.page_width + 0.01 or bottom + layout.label_height > layout.page_height + 0.01:
        raise refuse("key", _("layout '{key}': its labels do not fit on its page").format(key=layout.key))
    if 2 * layout.padding >= min(layout.label_width, layout.label_height):
        raise refuse("padding", _("layout '{key}': the padding leaves no room on the label").format(key=layout.key))
    return layout
