"""A catalog file, read by the shared line-aware TOML reader (atelier_tui/textfiles), within the
catalogs' bound on its size."""

from __future__ import annotations

from pathlib import Path

from atelier_tui.textfiles import LineError, TomlFile, read_toml

# A workshop's catalogs hold hundreds to a few thousand entries (about 200 bytes each): these bounds
# are far above any real one, and keep a wrong file (a database dump, a whole supplier's export)
# from tying the command up for minutes.
MAX_FILE_BYTES = 16 * 1024 * 1024


def read_source(path: Path, display: str | None = None) -> TomlFile | LineError:
    shown = display or str(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_toml says why it cannot be read
    if size > MAX_FILE_BYTES:
        return LineError(shown, 1, f"the file is {size / 1024 / 1024:.1f} MiB: a catalog file may be "
                                   f"{MAX_FILE_BYTES // 1024 // 1024} MiB at most (split it)")
    return read_toml(path, shown)
