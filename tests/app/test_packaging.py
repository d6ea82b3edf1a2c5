"""The wheel is what `pipx install .`, `uv tool install .` and a published release install: it must
carry the shipped catalogs and migrations (they live at the repository's top level, outside the
package), every module of atelier_tui, and the names the README gives; and a copy installed from
it, outside the checkout, must create a workshop. (.ci/wheel-smoke goes further: a clean virtual
environment with the locked dependencies, the demo workshop and the workstation in tmux.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
# What the build reads: copied, so that the build's own folders (build/, *.egg-info) never land in
# the checkout, where another run may be building at the same time.
BUILD_INPUTS = ("pyproject.toml", "README.md", "atelier_tui", "catalogs", "migrations")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        origin = CHECKOUT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(origin, source / name)
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def test_the_wheel_carries_the_shipped_catalogs_and_migrations(wheel: Path) -> None:
    names = _names(wheel)
    catalogs = sorted(path.name for path in (CHECKOUT / "catalogs").glob("*.toml"))
    versions = sorted(path.name for path in (CHECKOUT / "migrations" / "versions").glob("*.py"))
    assert len(catalogs) >= 7 and len(versions) >= 7
    assert [name for name in catalogs if f"atelier_tui/_shipped/catalogs/{name}" not in names] == []
    assert [name for name in versions if f"atelier_tui/_shipped/migrations/versions/{name}" not in names] == []
    assert {"atelier_tui/_shipped/migrations/env.py", "atelier_tui/_shipped/migrations/script.py.mako"} <= names


def test_the_wheel_carries_every_module_and_data_file_of_the_package(wheel: Path) -> None:
    """A subpackage added to atelier_tui/ but not to pyproject.toml's list would be missing here."""
    names = _names(wheel)
    package = CHECKOUT / "atelier_tui"
    wanted = [path for path in package.rglob("*") if path.is_file() and "__pycache__" not in path.parts
              and (path.suffix in {".py", ".tcss", ".mo", ".toml"} or (path.parent.name == "domain" and path.suffix == ".txt"))]
    missing = sorted(str(path.relative_to(CHECKOUT)) for path in wanted if path.relative_to(CHECKOUT).as_posix() not in names)
    assert len(wanted) > 50 and missing == []


def test_the_wheel_carries_the_label_font_and_its_licence(wheel: Path) -> None:
    """Labels embed DejaVu Sans from the package itself: no system font is needed where atelier runs."""
    names = _names(wheel)
    assert {"atelier_tui/printing/fonts/DejaVuSans.ttf", "atelier_tui/printing/fonts/DejaVuSans-Bold.ttf",
            "atelier_tui/printing/fonts/LICENSE.txt", "atelier_tui/_shipped/catalogs/labels.toml"} <= names


def test_the_wheel_is_atelier_tui_and_installs_the_atelier_command(wheel: Path) -> None:
    assert wheel.name.startswith("atelier_tui-")
    with zipfile.ZipFile(wheel) as archive:
        info = next(name for name in archive.namelist() if name.endswith(".dist-info/METADATA"))
        metadata = archive.read(info).decode()
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()
    assert "\nName: atelier-tui\n" in metadata
    assert "atelier = atelier_tui.launch:main" in entry_points


def test_a_copy_installed_from_the_wheel_creates_a_workshop_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    """Installed as pipx does (unpacked, not editable), run from elsewhere: the catalogs, the
    migrations and the demo's data are found in the installed package, not in the checkout."""
    site = tmp_path / "site"
    installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--target", str(site), str(wheel)],
                               capture_output=True, text=True, timeout=300)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # The dependencies come from this environment; atelier_tui from the installed copy (first on the path).
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ATELIER_")}
    environment.update(PYTHONPATH=str(site), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
                       XDG_DATA_HOME=str(tmp_path / "data"), ATELIER_LANG="en")
    where = subprocess.run([sys.executable, "-c", "import atelier_tui.catalogs as c, atelier_tui.store.migrate as m; "
                            "print(c.SHIPPED_CATALOGS); print(m.MIGRATIONS_DIR)"],
                           cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=120)
    assert where.returncode == 0, where.stderr
    assert where.stdout.split() == [str(site / "atelier_tui" / "_shipped" / "catalogs"), str(site / "atelier_tui" / "_shipped" / "migrations")]
    database = tmp_path / "workshop.db"
    made = subprocess.run([sys.executable, "-m", "atelier_tui", "--db", str(database), "init", "--demo"],
                          cwd=elsewhere, env=environment, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0 and made.stderr == "", made.stdout + made.stderr
    assert "catalog tool_type: " in made.stdout and "catalog checklist: " in made.stdout, made.stdout
    assert "demo workshop: 1 site, " in made.stdout, made.stdout


def _locked_versions() -> dict[str, str]:
    from packaging.utils import canonicalize_name

    pins: dict[str, str] = {}
    for line in (CHECKOUT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: '{line}' is not NAME==VERSION"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def test_the_lock_pins_every_dependency_within_the_ranges_of_pyproject() -> None:
    """A dependency added to pyproject.toml without refreshing the lock would install unlocked."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(text) for text in project["dependencies"]]
    declared += [Requirement(text) for extra in ("test", "postgres") for text in project["optional-dependencies"][extra]]
    pins = _locked_versions()
    assert canonicalize_name(project["name"]) not in pins  # the project itself is never locked
    outside = [f"{requirement} (locked: {pins.get(canonicalize_name(requirement.name))})" for requirement in declared
               if canonicalize_name(requirement.name) not in pins
               or not requirement.specifier.contains(pins[canonicalize_name(requirement.name)], prereleases=True)]
    assert outside == []
    assert "psycopg-binary" in pins  # an extra's own extras are locked too (psycopg[binary])


def test_the_readme_commands_and_ci_install_the_locked_versions() -> None:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    ci = (CHECKOUT / ".ci" / "run").read_text(encoding="utf-8")
    demo_command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv .venv") and "atelier demo" in line)
    test_command = next(line for line in readme.splitlines() if line.startswith("python3 -m venv .venv") and "pytest" in line)
    assert "-c constraints.txt" in demo_command and "-c constraints.txt" in test_command
    assert test_command in ci.splitlines()  # CI runs the README's test command exactly as written
    assert ".ci/wheel-smoke" in ci.splitlines()
