"""Issue 19 item 5, over SSH: a file written on the server reaches nobody unless they are told
where it is. `P` on a tool, in a workstation reached with the real OpenSSH client through
`atelier serve ssh`, saves the label's PDF in the documents folder of the settings and says its
full path on the person's screen; the PDF scans back to the tool."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.builtin_ssh import ENDED, BuiltinServer, demo_with_a_key, ssh_then_say_ended
from tests.e2e.terminal import Terminal, blankless, notices_text
from tests.printing.rendered import decoded_pages
from tests.support.polling import wait_until

pytestmark = pytest.mark.slow



def test_p_over_ssh_saves_the_label_pdf_and_says_its_full_path(tmp_path: Path, demo_template: Path) -> None:
    database, key = demo_with_a_key(tmp_path, demo_template, "tmoreau")
    documents = tmp_path / "documents"
    server = BuiltinServer(database, tmp_path / "data", env={"ATELIER_DOCUMENTS": str(documents), "ATELIER_LABEL_PRINTER": ""})
    terminal = Terminal(ssh_then_say_ended(server, key, "tmoreau"), {"TERM": "xterm-256color"},
                        width=120, height=40)
    try:
        terminal.wait_for("Thomas Moreau")
        terminal.keys("3")
        terminal.wait_for("of 150")
        terminal.keys("/")
        terminal.keys("AT-00007", literal=True)
        terminal.wait_for("1–1 of 1")
        terminal.keys("Enter")
        terminal.keys("Enter")
        terminal.wait_for("Tool            AT-00007", "P Print label")
        terminal.keys("P")
        wait_until(lambda: list(documents.glob("*.pdf")) != [], 60, "no PDF was saved in the documents folder")
        [saved] = documents.glob("*.pdf")
        screen = terminal.wait_for("Label of AT-00007:", "no printer is set; PDF saved as")
        wait_until(lambda: blankless(str(saved)) in notices_text(terminal.screen()), 30,
                   f"the full path {saved} is not on the screen:\n{terminal.screen()}")
        assert saved.parent == documents and saved.name.startswith("label-tool-AT-00007-"), screen
        terminal.keys("q")
        terminal.wait_for(ENDED, timeout=15)
    finally:
        terminal.close()
        assert server.stop() == 0, server.log_text()
    assert decoded_pages(saved, tmp_path / "pages") == [[("QRCode", "AT-00007")]]
