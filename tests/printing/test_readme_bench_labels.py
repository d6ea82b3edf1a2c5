"""Issue 19, "done when": a new user prints the labels of every tool of a bench in one command,
scans one and lands on that tool, as the README shows. The commands are read from the README's
Labels section and run as written, in an empty folder: the demo workshop made by its first line,
the labels written to a PDF and sent to a real CUPS queue of the name the README gives; a page of
the PDF is rendered and decoded, and the tag decoded is typed by the scanner into the workstation
its last line opens."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import Bench, Tool
from atelier_tui.tui.screens.tool_detail import ToolDetailScreen
from tests.printing.rendered import decoded_pages
from tests.support.cups_server import cups_server
from tests.tui.helpers import make_app, settle

pytestmark = pytest.mark.slow  # a CUPS scheduler of its own, and the demo workshop made from scratch

README = Path(__file__).resolve().parents[2] / "README.md"
_GLOBAL_OPTIONS = ("--db", "--as")


def readme_label_commands() -> list[list[str]]:
    """The `atelier` lines of the first shell block of the README's Labels section, split as a
    shell splits them (a `# comment` dropped), without the leading `atelier`."""
    section = README.read_text(encoding="utf-8").split("\n## Labels\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None, "the README's Labels section shows no command"
    lines = [shlex.split(line, comments=True) for line in block.group(1).splitlines()]
    return [words[1:] for words in lines if words and words[0] == "atelier"]


def global_options(arguments: list[str]) -> tuple[dict[str, str], list[str]]:
    """`--db FILE --as LOGIN` before the command, and the command's own words."""
    options: dict[str, str] = {}
    while arguments and arguments[0] in _GLOBAL_OPTIONS:
        options[arguments[0]], arguments = arguments[1], arguments[2:]
    return options, arguments


def tools_of_bench(database: Path, code: str) -> list[str]:
    engine = make_engine(f"sqlite:///{database}")
    try:
        with read_session(engine) as session:
            bench_id = session.execute(select(Bench.id).where(Bench.code == code)).scalar_one()
            return sorted(session.execute(select(Tool.asset_tag).where(
                (Tool.home_bench_id == bench_id) | (Tool.bench_id == bench_id))).scalars())
    finally:
        engine.dispose()


async def test_the_readme_prints_a_benchs_labels_and_a_scanned_one_opens_its_tool(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = readme_label_commands()
    *printing, workstation = commands
    assert [command for command in printing if "--bench" in command], f"no command prints a bench's labels: {commands}"
    monkeypatch.chdir(tmp_path)
    pdfs: list[tuple[Path, str]] = []
    for arguments in printing:
        _options, command = global_options(arguments)
        if "--printer" in command:
            queue = command[command.index("--printer") + 1]
            with cups_server(tmp_path / "cups", queue=queue) as cups:
                monkeypatch.setenv("CUPS_SERVER", cups.address)
                result = CliRunner().invoke(cli, arguments)
                assert result.exit_code == 0, (arguments, result.output)
                [arrived] = cups.documents()
            pdfs.append((arrived, command[command.index("--bench") + 1]))
        else:
            result = CliRunner().invoke(cli, arguments)
            assert result.exit_code == 0, (arguments, result.output)
            if "--pdf" in command:
                pdfs.append((tmp_path / command[command.index("--pdf") + 1], command[command.index("--bench") + 1]))
    options, command = global_options(workstation)
    assert command == [], f"the README's last line should open the workstation: {workstation}"
    database = tmp_path / options["--db"]
    assert len(pdfs) == 2, pdfs  # the PDF written, and the job the printer received

    scanned = ""
    for number, (pdf, bench) in enumerate(pdfs):
        pages = decoded_pages(pdf, tmp_path / f"pages-{number}")
        decoded = sorted(text for page in pages for _format, text in page)
        assert decoded == tools_of_bench(database, bench)  # every tool of the bench, each label read back
        scanned = pages[0][0][1]  # the first label of the first page

    app = make_app(database, login=options["--as"], scanner_gap_ms=1000)  # a generous gap: the test machine may be slow
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*scanned, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ToolDetailScreen) and app.screen.asset_tag == scanned
