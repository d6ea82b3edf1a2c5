"""A package's modules starting with `_` are its own helpers; the others are its public API, and
its `__init__` docstring is their map. Checked on the source with `ast`, nothing imported: an
import reaching into another package's helper, or a map that forgot a module, fails here."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "atelier_tui"
# Packages whose __init__ docstring maps their public modules, one "- module: what it is" line each.
MAPPED = sorted(
    [path for path in (PACKAGE / "services").iterdir() if (path / "__init__.py").is_file()] + [PACKAGE / "demo"]
)
# Tests that must reach a helper: (test file, helper module) -> why.
TESTS_THAT_MUST = {
    ("tests/store/test_postgresql.py", "atelier_tui.services.readiness._tool_candidates"):
        "runs the statement that finds the nearest tools in the store on both backends, which compare text apart",
    ("tests/services/test_readiness_lots_bounded.py", "atelier_tui.services.readiness._lot_source"):
        "counts the lots a check reads, which no verdict shows, before and after ten times the stock",
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module of atelier_tui an import in `source` names, at any depth (lazy imports
    included); `module` is the importing module's name, for relative imports."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, node.module] if node.module else anchor)
            else:
                base = node.module or ""
            found.add(base)
            # `from package import _helper` names a module when the package holds one of that name.
            found.update(f"{base}.{alias.name}" for alias in node.names if _is_module(f"{base}.{alias.name}"))
    return {name for name in found if name.startswith("atelier_tui")}


def _owner_of_private(module: str) -> str | None:
    """The package a private module belongs to (`a.b._c.d` -> `a.b`), or None for a public one."""
    parts = module.split(".")
    for index, part in enumerate(parts):
        if part.startswith("_") and not part.startswith("__"):
            return ".".join(parts[:index])
    return None


def _reaching_in(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        importer = _module_name(path)
        source = path.read_text(encoding="utf-8")
        for module in sorted(_imported_modules(source, importer, path.name == "__init__.py")):
            owner = _owner_of_private(module)
            if owner is not None and not importer.startswith(owner + "."):
                found.append(f"{path.relative_to(ROOT)} imports {module}")
    return found


def test_no_module_imports_another_packages_private_modules() -> None:
    assert _reaching_in(sorted(PACKAGE.rglob("*.py"))) == []


def test_tests_reach_a_helper_only_where_they_must() -> None:
    reaching = _reaching_in(sorted((ROOT / "tests").rglob("*.py")))
    allowed = {f"{test} imports {module}" for test, module in TESTS_THAT_MUST}
    assert set(reaching) == allowed


def test_the_checker_sees_every_spelling_of_an_import() -> None:
    """The walks above must not pass for want of finding anything."""
    importer = "atelier_tui.tui.screens.some_screen"
    spellings = {
        "from atelier_tui.services.maintenance._access import tool_by_tag": "atelier_tui.services.maintenance._access",
        "import atelier_tui.services.transfer._apply": "atelier_tui.services.transfer._apply",
        "from atelier_tui.services.transfer import _export": "atelier_tui.services.transfer._export",
        "def later():\n    from atelier_tui.services.readiness._inventory_source import load_workshop":
            "atelier_tui.services.readiness._inventory_source",
        "from ...services.maintenance import _access": "atelier_tui.services.maintenance._access",
    }
    for source, module in spellings.items():
        assert module in _imported_modules(source, importer), source
        assert not importer.startswith(f"{_owner_of_private(module)}."), source


def _map_entries(package: Path) -> list[str]:
    docstring = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8"))) or ""
    return [line[2:].split(":", 1)[0] for line in docstring.splitlines() if line.startswith("- ") and ":" in line]


def test_each_package_maps_its_public_modules_once_and_no_helper() -> None:
    for package in MAPPED:
        public = sorted(path.stem if path.suffix else path.name for path in package.iterdir()
                        if not path.name.startswith("_")
                        and (path.suffix == ".py" or (path / "__init__.py").is_file()))
        assert sorted(_map_entries(package)) == public, package.relative_to(ROOT)
