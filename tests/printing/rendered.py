"""A PDF as a scanner sees it: each page rendered to PNG by poppler's pdftoppm (at 300 dpi, a
label printer's resolution) and the codes read by zxing-cpp."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.missing_part import missing

DPI = 300


def require_tool(name: str) -> str:
    """The path of a command-line tool the test needs: in CI a missing one fails, elsewhere it skips."""
    found = shutil.which(name)
    if found is None:
        missing(f"{name} is not installed (.ci/run installs it)")
    return found


def rendered_pages(pdf: Path, folder: Path) -> list[Path]:
    """Each page of the PDF as a PNG image in `folder`, in page order (pdftoppm fails on a PDF it
    cannot read)."""
    pdftoppm = require_tool("pdftoppm")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([pdftoppm, "-r", str(DPI), "-png", str(pdf), str(folder / "page")], check=True, timeout=300,
                   capture_output=True)
    return sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def decoded_pages(pdf: Path, folder: Path) -> list[list[tuple[str, str]]]:
    """For each page of the PDF, the (format, text) of every code found on it."""
    import zxingcpp
    from PIL import Image

    found = []
    for page in rendered_pages(pdf, folder):
        with Image.open(page) as image:
            results = zxingcpp.read_barcodes(image)
        found.append([(result.format.name, result.text) for result in _reading_order(results)])
    return found


def _reading_order(results: list) -> list:  # type: ignore[type-arg]
    """Row by row (codes whose tops are within a few millimetres), each row left to right: the
    order the labels are laid out in."""
    rows: list[list] = []  # type: ignore[type-arg]
    for result in sorted(results, key=lambda result: result.position.top_left.y):
        if rows and result.position.top_left.y - rows[-1][0].position.top_left.y < DPI // 5:
            rows[-1].append(result)
        else:
            rows.append([result])
    return [result for row in rows for result in sorted(row, key=lambda result: result.position.top_left.x)]
