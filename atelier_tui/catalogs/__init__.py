"""Loading and validating catalog files (catalogs/*.toml; format in docs/catalog-format.md).

`read_catalogs` returns every entry as a plain row plus every error as `file:line: message`; the
caller writes nothing when there is any error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atelier_tui._shipped import shipped_folder
from atelier_tui.catalogs.entries import READERS
from atelier_tui.catalogs.fields import EntryReader
from atelier_tui.catalogs.references import KnownKeys, resolve
from atelier_tui.catalogs.source import read_source
from atelier_tui.settings import load_settings
from atelier_tui.textfiles import LineError

# Far above a workshop's catalogs (the shipped ones hold about 700 entries), and what one
# transaction imports in well under a minute.
MAX_ENTRIES = 50_000

SHIPPED_CATALOGS = load_settings().catalogs or shipped_folder("catalogs")  # the `catalogs` setting overrides
# Files of the catalogs folder that describe no entries of the workshop: label layouts are read by
# the printing package, never imported into the database.
NOT_ENTRIES = frozenset({"labels.toml"})


@dataclass
class CatalogBundle:
    entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=lambda: {kind: {} for kind in READERS})
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {kind: len(rows) for kind, rows in self.entries.items()}


def catalog_files(paths: list[Path]) -> list[Path]:
    """Files named, and the *.toml files of folders named (but the label layouts), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(found for found in path.glob("*.toml") if found.name not in NOT_ENTRIES))
        else:
            files.append(path)
    return files


def read_catalogs(paths: list[Path], known: KnownKeys | None = None) -> CatalogBundle:
    """Read and check catalog files. `known` holds keys that already exist (in the database)."""
    bundle = CatalogBundle()
    readers: dict[tuple[str, str], EntryReader] = {}
    first_seen: dict[tuple[str, str], str] = {}
    entries_read = 0
    for path in catalog_files(paths):
        source = read_source(path)
        if isinstance(source, LineError):
            bundle.errors.append(source)
            continue
        unknown_tables = [name for name in source.data if name not in READERS]
        for name in unknown_tables:
            bundle.errors.append(LineError(source.path, source.top_level_line(name), f"unknown table '{name}' (expected one of {', '.join(READERS)})"))
        entries_in_file = sum(len(value) for value in source.data.values() if isinstance(value, list))
        if entries_read + entries_in_file > MAX_ENTRIES:
            bundle.errors.append(LineError(source.path, 1, f"more than {MAX_ENTRIES} catalog entries in one import: "
                                                             "import them in several parts"))
            break
        entries_read += entries_in_file
        for kind, read in READERS.items():
            raw_entries = source.data.get(kind, [])
            if not isinstance(raw_entries, list):
                bundle.errors.append(LineError(source.path, source.entry_line(kind, 0), f"'{kind}' must be written [[{kind}]]"))
                continue
            for index, raw in enumerate(raw_entries):
                reader = EntryReader(source, kind, index, raw, bundle.errors)
                row = read(reader)
                key = row.get("key")
                if not key:
                    continue
                place = f"{source.path}:{reader.line('key')}"
                if (kind, key) in first_seen:
                    reader.error("key", f"duplicate {kind} key '{key}' (first defined at {first_seen[(kind, key)]})")
                    continue
                first_seen[(kind, key)] = place
                bundle.entries[kind][key] = row
                readers[(kind, key)] = reader
    known_keys = known or KnownKeys()
    known_keys.merge(bundle.entries)
    resolve(bundle.entries, readers, known_keys)
    bundle.errors.sort(key=lambda error: (error.path, error.line))
    return bundle
