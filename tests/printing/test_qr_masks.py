"""The QR codes of labels carry the mask ISO/IEC 18004 has the encoder choose by scoring all eight
(7.8.3), as segno chooses it: printing/qr_masks makes that choice faster, and must make the same one,
module for module, for every kind of text a label encodes. Some of its symbols are drawn and read
back by a real decoder (zxing-cpp)."""

from __future__ import annotations

import random

import pytest
import segno
import zxingcpp
from PIL import Image

from atelier_tui.printing.qr_masks import make_masked

_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/. abcdefghijklmnopqrstuvwxyzéèàçµΩ±‴°"


def _varied_texts(seed: int, count: int, longest: int) -> list[str]:
    """Texts of every kind a label holds, and random ones of every length up to `longest`."""
    chooser = random.Random(seed)
    texts = [f"AT-{chooser.randrange(10 ** 6):0{chooser.choice((4, 5, 6))}d}" for _ in range(count // 4)]
    texts += [f"{chooser.choice(('OIL', 'GREASE-9010', 'EPILAME', 'SPRING-0.10'))}/L{chooser.randrange(10 ** 5)}"
              for _ in range(count // 8)]
    texts += [f"{chooser.choice(('B', 'BENCH', 'LOC', 'S1-R'))}-{chooser.randrange(1000):02d}" for _ in range(count // 8)]
    texts += [str(chooser.randrange(10 ** chooser.randrange(1, 12))) for _ in range(count // 8)]  # numeric: Micro QR M1
    while len(texts) < count:
        texts.append("".join(chooser.choice(_ALPHABET) for _ in range(chooser.randrange(1, longest))))
    return texts


def _segno_symbol(text: str, micro: bool) -> segno.QRCode | None:
    """The symbol as segno makes it, choosing the mask itself (None: too long for a Micro QR code)."""
    try:
        return (segno.make(text, micro=True, boost_error=False) if micro
                else segno.make_qr(text, error="m", boost_error=False))
    except segno.DataOverflowError:
        return None


@pytest.mark.parametrize(("seed", "longest"), [(1, 30), (2, 60), (3, 200)])
def test_qr_codes_carry_segnos_mask_module_for_module(seed: int, longest: int) -> None:
    versions = set()
    for text in _varied_texts(seed, 700, longest):
        expected = _segno_symbol(text, micro=False)
        assert expected is not None
        made = make_masked(text, micro=False)
        assert (made.mask, made.rows) == (expected.mask, tuple(bytes(row) for row in expected.matrix)), text
        versions.add(expected.version)
    assert len(versions) >= 3
    if longest > 60:
        assert max(versions) >= 7  # symbols with version information too


def test_micro_qr_codes_carry_segnos_mask_module_for_module() -> None:
    versions = set()
    too_long = 0
    for text in _varied_texts(4, 1500, 16):
        expected = _segno_symbol(text, micro=True)
        if expected is None:  # too long for a Micro QR code: said the same way (codes then prints a QR code)
            with pytest.raises(segno.DataOverflowError):
                make_masked(text, micro=True)
            too_long += 1
            continue
        made = make_masked(text, micro=True)
        assert (made.mask, made.rows) == (expected.mask, tuple(bytes(row) for row in expected.matrix)), text
        versions.add(expected.version)
    assert versions == {"M1", "M2", "M3", "M4"} and too_long > 0


def test_every_mask_is_chosen_for_some_text() -> None:
    """The faster choice is a real choice: every one of the eight masks (four for Micro QR) comes up."""
    texts = _varied_texts(5, 400, 40)
    assert {make_masked(text, micro=False).mask for text in texts} == set(range(8))
    assert {make_masked(text, micro=True).mask for text in texts if _segno_symbol(text, True)} == set(range(4))


def _image(rows: tuple[bytes, ...], quiet_zone: int, scale: int = 8) -> Image.Image:
    size = len(rows) + 2 * quiet_zone
    image = Image.new("L", (size, size), 255)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                image.putpixel((x + quiet_zone, y + quiet_zone), 0)
    return image.resize((size * scale, size * scale), Image.Resampling.NEAREST)


@pytest.mark.parametrize("micro", [False, True])
def test_symbols_with_the_chosen_mask_are_read_back(micro: bool) -> None:
    texts = [text for text in _varied_texts(6, 120, 14) if not micro or _segno_symbol(text, True) is not None]
    read_masks = set()
    for text in texts[:60]:
        made = make_masked(text, micro=micro)
        [result] = zxingcpp.read_barcodes(_image(made.rows, 3 if micro else 4))
        assert (result.format.name, result.text) == ("MicroQRCode" if micro else "QRCode", text)
        read_masks.add(made.mask)
    assert len(read_masks) >= (3 if micro else 6)  # symbols with many different masks were read
