"""The documents folder keeps every PDF the workstation prints in a terminal (tui/delivery.py,
printing/destinations.py): the same document printed twice within a second (a key pressed twice,
two people at the same sheet over SSH) leaves two files, neither written over the other."""

from __future__ import annotations

from pathlib import Path

from atelier_tui.printing.destinations import hand_to_workshop
from tests.support.fixed_time import FIXED_NOW


def test_the_same_document_printed_twice_in_a_second_keeps_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    first = hand_to_workshop(b"%PDF-1.4 first", "sheet-OR-1.pdf", "atelier sheet", None, folder, FIXED_NOW)
    second = hand_to_workshop(b"%PDF-1.4 second", "sheet-OR-1.pdf", "atelier sheet", None, folder, FIXED_NOW)
    stamp = f"{FIXED_NOW:%Y%m%d-%H%M%S}"
    assert (first.path.name, second.path.name) == (f"sheet-OR-1-{stamp}.pdf", f"sheet-OR-1-{stamp}-2.pdf")
    assert (first.path.read_bytes(), second.path.read_bytes()) == (b"%PDF-1.4 first", b"%PDF-1.4 second")
    assert sorted(path.name for path in folder.iterdir()) == sorted([first.path.name, second.path.name])  # no temporary file left


def test_a_documents_folder_that_cannot_be_made_is_one_line_naming_it(tmp_path: Path) -> None:
    from atelier_tui.services.context import ServiceError

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    try:
        hand_to_workshop(b"%PDF-1.4", "sheet-OR-1.pdf", "atelier sheet", None, blocker / "documents", FIXED_NOW)
    except ServiceError as refused:
        assert str(refused).startswith(f"{blocker / 'documents'}: cannot make the documents folder (")
        assert refused.field == "documents_folder"
    else:
        raise AssertionError("a folder under a file was made")
