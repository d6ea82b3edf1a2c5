"""pytest imports test modules by their file name (the tests folders are not packages), so two test
files with the same name in different folders stop the whole run at collection: CI once failed so."""

from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def test_no_two_test_modules_share_a_file_name() -> None:
    folders_by_name: dict[str, list[str]] = defaultdict(list)
    for module in TESTS.rglob("test_*.py"):
        folders_by_name[module.name].append(str(module.parent.relative_to(TESTS)))
    shared = {name: folders for name, folders in folders_by_name.items() if len(folders) > 1}
    assert shared == {}
