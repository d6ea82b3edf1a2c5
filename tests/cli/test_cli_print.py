"""`atelier print label`: bad input is one line naming what is wrong and exit 2, a bench with no
tools is a "no" of the workshop (exit 1); nothing is written or audited when refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import func, select

from atelier_tui.cli import cli
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, Bench, Tool


def atelier(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def events(db: Path) -> int:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
    finally:
        engine.dispose()


def bench_without_tools(db: Path) -> str:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            with_tools = select(Tool.home_bench_id).where(Tool.home_bench_id.is_not(None)).union(
                select(Tool.bench_id).where(Tool.bench_id.is_not(None)))
            return session.execute(select(Bench.code).where(Bench.id.not_in(with_tools)).order_by(Bench.code).limit(1)).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize(("args", "says"), [
    (["tool", "AT-00001", "--pdf", "{pdf}", "--layout", "poster"], "layout 'poster': no such layout (expected one of roll_62mm, tape_12mm, a4_3x8)"),
    (["tool", "AT-00001", "AT-99999", "--pdf", "{pdf}"], "asset tag 'AT-99999': no such tool"),
    (["lot", "moebius_9010", "--pdf", "{pdf}"], "lot 'moebius_9010': no such lot (write it supply/lot number)"),
    (["bench", "XX-99", "--pdf", "{pdf}"], "bench 'XX-99': no such bench"),
    (["location", "NOWHERE", "--pdf", "{pdf}"], "store location 'NOWHERE': no such location"),
    (["tool", "AT-00001"], "give either --pdf FILE or --printer NAME"),
    (["tool", "AT-00001", "--pdf", "{pdf}", "--printer", "labels"], "give either --pdf FILE or --printer NAME"),
    (["tool", "--pdf", "{pdf}"], "KEY: give at least one key (or --bench CODE for every tool of a bench)"),
    (["lot", "--bench", "QZ-01", "--pdf", "{pdf}"], "--bench prints the labels of a bench's tools: give it with KIND tool and no KEY"),
    (["tool", "--bench", "XX-99", "--pdf", "{pdf}"], "bench 'XX-99': no such bench"),
    (["tool", "AT-00001", "--pdf", "{missing}"], "{missing}: cannot write the PDF (No such file or directory)"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(demo_db: Path, tmp_path: Path, args: list[str], says: str) -> None:
    places = {"pdf": str(tmp_path / "labels.pdf"), "missing": str(tmp_path / "no-folder" / "labels.pdf")}
    before = events(demo_db)
    result = atelier(demo_db, "print", "label", *(arg.format(**places) for arg in args))
    assert (result.exit_code, result.output) == (2, says.format(**places) + "\n")
    assert not (tmp_path / "labels.pdf").exists() and list(tmp_path.glob("**/*.part")) == []
    assert events(demo_db) == before


def test_a_bench_with_no_tools_is_a_no_exit_1(demo_db: Path, tmp_path: Path) -> None:
    workshop = tmp_path / "bench.toml"
    workshop.write_text('[[bench]]\ncode = "SP-01"\nsite = "PARIS"\nname = "Spare bench"\n', encoding="utf-8")
    imported = atelier(demo_db, "import", str(workshop))
    assert imported.exit_code == 0, imported.output
    code = bench_without_tools(demo_db)
    assert code == "SP-01"
    result = atelier(demo_db, "print", "label", "tool", "--bench", code, "--pdf", str(tmp_path / "labels.pdf"))
    assert (result.exit_code, result.output) == (1, f"bench '{code}' has no tools\n")
    assert not (tmp_path / "labels.pdf").exists()


def test_json_says_what_was_printed(demo_db: Path, tmp_path: Path) -> None:
    import json

    pdf = tmp_path / "labels.pdf"
    result = atelier(demo_db, "print", "label", "bench", "QZ-01", "--pdf", str(pdf), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"kind": "bench", "count": 1, "layout": "roll_62mm", "pdf": str(pdf.resolve()),
                                         "printer": None, "job": None}
