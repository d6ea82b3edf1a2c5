"""The layers hold: `lint-imports` checks the contracts of pyproject.toml ([tool.importlinter]) on the
code as it is, and a copy of the code with a forbidden import added in each layer breaks them. .ci/run
runs the same command; here the suite catches a breach too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One forbidden import per contract: (module of the copy, line added to it, what lint-imports must report).
BREACHES = (
    ("atelier_tui/domain/due.py", "from atelier_tui.store import engine",
     "atelier_tui.domain.due -> atelier_tui.store.engine"),
    ("atelier_tui/services/context.py", "import textual.app",
     "atelier_tui.services.context -> textual "),
    ("atelier_tui/tui/context.py", "from atelier_tui.store import stock_models",
     "atelier_tui.tui.context -> atelier_tui.store.stock_models"),
    ("atelier_tui/progress.py", "import atelier_tui.services.context",
     "atelier_tui.progress -> atelier_tui.services.context"),
    ("atelier_tui/store/engine.py", "import atelier_tui.services.context",
     "atelier_tui.store.engine -> atelier_tui.services.context"),
)


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports on the package found under `root` (the checkout or a copy of it), without a cache
    folder, so that nothing is written beside the code."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(root), "COLUMNS": "200"})


def test_the_code_keeps_every_import_contract() -> None:
    checked = lint_imports(CHECKOUT)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 broken" in checked.stdout, checked.stdout


def test_a_forbidden_import_in_any_layer_breaks_the_contracts(tmp_path: Path) -> None:
    shutil.copy2(CHECKOUT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(CHECKOUT / "atelier_tui", tmp_path / "atelier_tui",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo"))
    for module, line, _ in BREACHES:
        with (tmp_path / module).open("a") as source:
            source.write(f"\n{line}\n")

    checked = lint_imports(tmp_path)

    assert checked.returncode == 1, checked.stdout + checked.stderr
    named = " ".join(checked.stdout.split())
    for module, _, report in BREACHES:
        assert report in named, f"{module}: {report} not reported\n{checked.stdout}"
