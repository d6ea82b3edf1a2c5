"""catalogs/labels.toml: the shipped layouts, and a wrong layouts file refused in one line naming
FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier_tui.catalogs import SHIPPED_CATALOGS, catalog_files
from atelier_tui.printing.layouts import LayoutError, load_layouts


def test_the_shipped_layouts_are_a_62_mm_roll_a_12_mm_tape_and_an_a4_sheet_of_3_by_8() -> None:
    layouts = load_layouts()
    roll, tape, sheet = layouts["roll_62mm"], layouts["tape_12mm"], layouts["a4_3x8"]
    assert (roll.label_width, roll.per_page) == (62.0, 1)
    assert (tape.label_height, tape.per_page) == (12.0, 1)
    assert (sheet.page_width, sheet.page_height, sheet.columns, sheet.rows) == (210.0, 297.0, 3, 8)
    assert sheet.origin(0) == (0.0, 4.5) and sheet.origin(23) == (140.0, 4.5 + 7 * 36.0)


def test_the_layouts_file_is_not_imported_as_a_catalog() -> None:
    files = [path.name for path in catalog_files([Path(SHIPPED_CATALOGS)])]
    assert "labels.toml" not in files and "tool_types.toml" in files


LAYOUT = '''[[layout]]
key = "small"
name_en = "Small"
name_fr = "Petite"
page_width = "50 mm"
page_height = "20 mm"
label_width = "50 mm"
label_height = "20 mm"
'''


@pytest.mark.parametrize(("change", "says"), [
    (('page_width = "50 mm"', 'page_width = "50"'), ":5: page_width: '50' has no unit; expected a length (mm)"),
    (('page_width = "50 mm"', 'page_width = "2 bar"'), ":5: page_width: '2 bar' is a pressure; expected a length (mm)"),
    (('label_height = "20 mm"', 'label_height = "21 mm"'), ":2: layout 'small': its labels do not fit on its page"),
    (('name_fr = "Petite"\n', 'name_fr = "Petite"\ncolour = "red"\n'), ":5: unknown field 'colour'"),
    (('page_height = "20 mm"\n', ''), ":1: page_height: a length is required"),
    (('label_height = "20 mm"\n', 'label_height = "20 mm"\ncolumns = 0\n'), ":9: columns: a whole number from 1 to 100"),
    (('label_height = "20 mm"\n', 'label_height = "20 mm"\npadding = "10 mm"\n'), ":9: layout 'small': the padding leaves no room"),
])
def test_a_wrong_layout_is_refused_naming_its_line(tmp_path: Path, change: tuple[str, str], says: str) -> None:
    path = tmp_path / "labels.toml"
    path.write_text(LAYOUT.replace(*change), encoding="utf-8")
    with pytest.raises(LayoutError) as refused:
        load_layouts(path)
    assert str(refused.value).startswith(f"{path}{says}")
