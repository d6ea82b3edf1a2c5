"""The domain speaks no language and knows no database nor screen: importing every domain module
loads nothing of the interface language, the store, the services, the TUI, Textual or SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "atelier_tui" / "domain"
FORBIDDEN = ("atelier_tui.i18n", "atelier_tui.wording", "atelier_tui.store", "atelier_tui.services", "atelier_tui.tui",
             "textual", "sqlalchemy")


def test_importing_the_domain_loads_no_language_store_or_screen() -> None:
    modules = sorted(f"atelier_tui.domain.{path.stem}" for path in DOMAIN.glob("*.py") if path.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} or m.startswith({FORBIDDEN!r}))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert len(modules) > 15
    assert result.stdout.split() == []
