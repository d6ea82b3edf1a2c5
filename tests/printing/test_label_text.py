"""What a label says beside its code, read back from the PDF by poppler's pdftotext: the signs of
the trade print (the font is embedded), the interface language is the label's, a lot shows its
expiry, an "opened on" box and its hazards (GHS pictogram codes where the class decides one)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from atelier_tui.domain.ghs import pictograms
from atelier_tui.i18n import set_language
from atelier_tui.printing.label_pdf import labels_pdf
from atelier_tui.printing.layouts import load_layouts
from atelier_tui.services.labels.contents import LotLabel, ToolLabel
from tests.printing.rendered import require_tool

LOT = LotLabel("elma_suprol_pro/S-7", "Elma Suprol Pro rinse", "Rinçage Elma Suprol Pro", "S-7", date(2027, 3, 31),
               ("flammable", "narcotic_vapour"))


@pytest.fixture
def french() -> Iterator[None]:
    set_language("fr")
    try:
        yield
    finally:
        set_language("en")


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "labels.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([require_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_the_signs_of_the_trade_print_in_the_embedded_font(tmp_path: Path) -> None:
    label = ToolLabel("AT-00007", "Hairspring gauge Ω µ ‴ ± é", "Jauge")
    pdf = labels_pdf([label], "tool", load_layouts()["a4_3x8"])
    assert "Hairspring gauge Ω µ ‴ ± é" in pdf_text(pdf, tmp_path)
    fonts = subprocess.run([require_tool("pdffonts"), str(tmp_path / "labels.pdf")], capture_output=True, text=True, timeout=120,
                           check=True).stdout
    embedded = [line for line in fonts.splitlines() if "DejaVuSans" in line]
    assert embedded and all(" yes " in line for line in embedded)  # emb: every font the label uses is in the file


def test_a_tool_label_gives_the_short_name_of_its_type(tmp_path: Path) -> None:
    label = ToolLabel("AT-00008", "Water-resistance tester, dry (vacuum/overpressure)", "Contrôleur d'étanchéité à sec")
    text = pdf_text(labels_pdf([label], "tool", load_layouts()["roll_62mm"]), tmp_path)
    assert "AT-00008" in text and "Water-resistance tester" in text and "vacuum" not in text


def test_a_lot_label_in_english(tmp_path: Path) -> None:
    text = " ".join(pdf_text(labels_pdf([LOT], "lot", load_layouts()["a4_3x8"]), tmp_path).split())
    for said in ("Elma Suprol Pro rinse", "Lot S-7", "Expires 2027-03-31", "Opened on", "GHS02 GHS07"):
        assert said in text


def test_a_lot_label_in_french(tmp_path: Path, french: None) -> None:
    text = " ".join(pdf_text(labels_pdf([LOT], "lot", load_layouts()["a4_3x8"]), tmp_path).split())
    for said in ("Rinçage Elma Suprol Pro", "Lot S-7", "Périme le 2027-03-31", "Ouvert le", "GHS02 GHS07 · inflammable"):
        assert said in text


def test_a_hazard_class_gives_its_pictogram_only_when_every_category_carries_the_same() -> None:
    assert pictograms(["flammable", "aspiration", "narcotic_vapour", "skin_drying", "aquatic"]) == ("GHS02", "GHS07", "GHS08")
    assert pictograms(["battery", "radioactive"]) == ()
