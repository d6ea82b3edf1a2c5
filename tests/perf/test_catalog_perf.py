"""Validating a catalog grows in proportion to its entries. Run by hand:

    .venv/bin/pytest tests/perf/test_catalog_perf.py -m perf -s

Two files of the same supply types, one four times the other, read in the same run (interleaved,
best of three each): the time per entry of the large one stays within 1.5x of the small one's.
Measured on 2 cores with other work running (session 6): before the header index, whose line
lookups scanned the file from its top for every entry, 2,000 entries 2.33 s, 8,000 entries 15.90 s,
ratio 1.71; after, 1.58 s and 8.51 s, ratio 1.35. Most of what is left per entry is pint parsing
the entry's three quantities."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from atelier_tui.catalogs import read_catalogs

pytestmark = pytest.mark.perf

SMALL, LARGE = 2_000, 8_000
TARGET_RATIO = 1.5


def _supply_types(path: Path, count: int) -> Path:
    path.write_text("".join(
        f'[[supply_type]]\nkey = "oil_{i}"\nname_en = "Oil {i}"\nname_fr = "Huile {i}"\ncategory = "lubricant"\n'
        f'stock_unit = "ml"\nwaste_stream = "solvent_waste"\nshelf_life = "5 year"\nshelf_life_after_opening = "2 year"\n'
        f'reorder_point = "2 ml"\n\n' for i in range(count)), encoding="utf-8")
    return path


def _seconds(path: Path) -> float:
    start = time.perf_counter()
    bundle = read_catalogs([path])
    elapsed = time.perf_counter() - start
    assert bundle.ok, bundle.errors[:3]
    return elapsed


def test_validation_time_per_entry_does_not_grow_with_the_catalog(tmp_path: Path) -> None:
    small = _supply_types(tmp_path / "small.toml", SMALL)
    large = _supply_types(tmp_path / "large.toml", LARGE)
    _seconds(small)  # warm-up: the unit registry and its caches
    runs: dict[Path, list[float]] = {small: [], large: []}
    for _round in range(3):
        for path in (small, large):
            runs[path].append(_seconds(path))
    per_entry_small = min(runs[small]) / SMALL
    per_entry_large = min(runs[large]) / LARGE
    ratio = per_entry_large / per_entry_small
    print(f"\ncatalog validation: {SMALL} entries {min(runs[small]):.2f} s ({per_entry_small * 1e3:.3f} ms/entry), "
          f"{LARGE} entries {min(runs[large]):.2f} s ({per_entry_large * 1e3:.3f} ms/entry), ratio {ratio:.2f} "
          f"(target <= {TARGET_RATIO})")
    assert ratio <= TARGET_RATIO
