"""No module of atelier_tui imports, at module level, a module that imports it back (directly or
through others). A cycle makes the order of imports matter: a name is missing or half-defined
depending on which module a caller happened to import first, and the modules of the cycle can only
be read, tested and moved together.

Imports inside functions are left out on purpose: the command line and the workstation import
their heavy modules when a command runs, so that `atelier` opens fast; such an import runs after
every module involved is complete, and cannot see one half-defined. So are the imports under
`if TYPE_CHECKING:`, which never run."""

from __future__ import annotations

import ast
from pathlib import Path

import atelier_tui

PACKAGE_ROOT = Path(atelier_tui.__file__).resolve().parent
PACKAGE = "atelier_tui"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """The import statements that run when the module is imported: at its top level, and inside
    its top-level `if`, `try` and `with` blocks (but not `if TYPE_CHECKING:`)."""
    found: list[ast.Import | ast.ImportFrom] = []
    pending: list[ast.stmt] = list(tree.body)
    while pending:
        statement = pending.pop(0)
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            found.append(statement)
        elif isinstance(statement, ast.If):
            if not _is_type_checking(statement.test):
                pending.extend(statement.body)
            pending.extend(statement.orelse)
        elif isinstance(statement, ast.Try):
            pending.extend([*statement.body, *statement.orelse, *statement.finalbody])
            for handler in statement.handlers:
                pending.extend(handler.body)
        elif isinstance(statement, ast.With):
            pending.extend(statement.body)
    return found


def _targets(statement: ast.Import | ast.ImportFrom, importer: str, is_package: bool, known: set[str]) -> set[str]:
    """The modules of atelier_tui an import statement loads by name: `from a.b import c` loads
    a.b.c when c is a module, else a.b (what the statement needs to be complete)."""
    if isinstance(statement, ast.Import):
        names = [alias.name for alias in statement.names]
        return {name for name in names if name in known}
    if statement.level:
        base = importer.split(".") if is_package else importer.split(".")[:-1]
        base = base[: len(base) - (statement.level - 1)]
        origin = ".".join([*base, *([statement.module] if statement.module else [])])
    else:
        origin = statement.module or ""
    found = set()
    for alias in statement.names:
        submodule = f"{origin}.{alias.name}"
        if submodule in known:
            found.add(submodule)
        elif origin in known:
            found.add(origin)
    return found


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        edges: set[str] = set()
        for statement in _module_level_imports(tree):
            edges |= _targets(statement, name, path.name == "__init__.py", known)
        graph[name] = edges - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    lowest: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so that a long chain of imports does not reach Python's recursion limit.
        work = [(start, iter(sorted(graph[start])))]
        index[start] = lowest[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = lowest[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    lowest[node] = min(lowest[node], index[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[node])
                if lowest[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_no_module_of_atelier_imports_in_a_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 100  # the walk found the package, not an empty folder
    assert cycles(graph) == []


def test_the_walk_finds_a_cycle_through_a_package_and_a_relative_import(tmp_path: Path) -> None:
    """The check itself: two modules that import each other (one by `from . import`, one through
    its package's name) are one cycle; a module that only imports the other is none."""
    graph = {
        "p": {"p.a"},
        "p.a": {"p.b"},
        "p.b": {"p.a"},
        "p.c": {"p.a"},
    }
    assert cycles(graph) == [["p.a", "p.b"]]
    package = tmp_path / "p"
    package.mkdir()
    tree = ast.parse("from . import b\nfrom .b import thing\nimport p.c\nif TYPE_CHECKING:\n    from p import d\n"
                     "def f():\n    from p import e\n")
    targets = set()
    for statement in _module_level_imports(tree):
        targets |= _targets(statement, "p.a", False, {"p", "p.a", "p.b", "p.c", "p.d", "p.e"})
    assert targets == {"p.b", "p.c"}
