"""Long commands say what they are doing and how far they are on a terminal (stderr), and nothing
more on a pipe or with --quiet. The commands run for real, on a pseudo-terminal (pty) or a pipe."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ATELIER = str(Path(sys.executable).parent / "atelier")
DEADLINE_S = 300  # the large demo takes ~10 s alone; a busy 2-core machine, several times that


def on_terminal(*arguments: str) -> tuple[int, str]:
    """Exit code and everything `atelier ARGUMENTS` wrote to its terminal (stdout and stderr)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen([ATELIER, *arguments], stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    output = b""
    deadline = time.monotonic() + DEADLINE_S
    try:
        while time.monotonic() < deadline:
            ready, _w, _x = select.select([master], [], [], 1.0)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the terminal's other side closed: the command has ended
                break
            if not chunk:
                break
            output += chunk
        returncode = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return returncode, output.decode("utf-8", errors="replace")


def on_pipe(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ATELIER, *arguments], capture_output=True, text=True, timeout=DEADLINE_S, stdin=subprocess.DEVNULL)


def test_init_demo_shows_its_stages_on_a_terminal_and_nothing_more_on_a_pipe_or_quiet(tmp_path: Path) -> None:
    code, shown = on_terminal("--db", str(tmp_path / "terminal.db"), "init", "--demo")
    assert code == 0, shown
    for stage in ("Preparing the database schema", "Checking the catalog files", "Writing the catalog entries",
                  "Demo workshop: the site", "Demo workshop: lots and stock movements", "Demo workshop: maintenance history"):
        assert stage in shown
    assert re.search(r"Writing the catalog entries.*? \d+/\d+", shown)  # how far: done/total
    assert "database ready at" in shown and "demo workshop: 1 site" in shown

    piped = on_pipe("--db", str(tmp_path / "pipe.db"), "init", "--demo")
    assert piped.returncode == 0 and piped.stderr == ""
    assert "\x1b" not in piped.stdout and "Demo workshop:" not in piped.stdout
    summary = piped.stdout.splitlines()[1:]  # after "database ready at <its own file>"
    assert len(summary) == 10 and shown.replace("\r", "").splitlines()[-10:] == summary

    code, quiet = on_terminal("--db", str(tmp_path / "quiet.db"), "init", "--demo", "--quiet")
    assert code == 0
    assert "\x1b" not in quiet and "Demo workshop:" not in quiet and "Writing the catalog entries" not in quiet
    assert quiet.replace("\r", "").splitlines()[1:] == summary


def test_import_import_csv_copy_and_catalog_import_show_progress(tmp_path: Path, demo_db: Path) -> None:
    db = ["--db", str(demo_db)]
    exported = tmp_path / "workshop.toml"
    assert on_pipe(*db, "export", str(exported)).returncode == 0
    code, shown = on_terminal(*db, "import", str(exported))
    assert code == 0, shown
    assert "Checking the workshop file's entries" in shown and "Writing the workshop file's entries" in shown
    assert f"{exported}: 0 created" in shown

    with sqlite3.connect(demo_db) as connection:
        home = connection.execute("SELECT code FROM location ORDER BY id LIMIT 1").fetchone()[0]
    sheet = tmp_path / "tools.csv"
    sheet.write_text(f"asset_tag,tool_type,serial,maker,home\nNEW-1,timegrapher,S1,Witschi,{home}\n", encoding="utf-8")
    code, shown = on_terminal(*db, "import-csv", "tools", str(sheet))
    assert code == 0, shown
    assert "Checking the rows" in shown and "Writing the rows" in shown and "1/1" in shown
    code, quiet = on_terminal(*db, "import-csv", "tools", str(sheet), "--quiet")
    assert code == 0 and "\x1b" not in quiet and "Checking the rows" not in quiet

    code, shown = on_terminal(*db, "catalog", "import", str(Path(__file__).parents[2] / "catalogs"))
    assert code == 0, shown
    assert "Writing the catalog entries" in shown

    target = tmp_path / "target.db"
    assert on_pipe("--db", str(target), "db", "upgrade").returncode == 0
    code, shown = on_terminal(*db, "db", "copy", "--to", str(target))
    assert code == 0, shown
    assert "Copying the rows" in shown and "Verifying the audit chain on both sides" in shown
    assert "copied " in shown


def test_nothing_but_the_summary_on_a_pipe(tmp_path: Path, demo_db: Path) -> None:
    target = tmp_path / "target.db"
    assert on_pipe("--db", str(target), "db", "upgrade").returncode == 0
    copied = on_pipe("--db", str(demo_db), "db", "copy", "--to", str(target))
    assert copied.returncode == 0 and copied.stderr == ""
    assert len(copied.stdout.splitlines()) == 2 and "\x1b" not in copied.stdout


def test_the_services_report_each_stage_up_to_its_total(demo_db: Path, tmp_path: Path) -> None:
    from atelier_tui.store import migrate
    from atelier_tui.store.copy import copy_database
    from atelier_tui.store.engine import make_engine

    heard: list[tuple[str, int, int]] = []
    source, target = make_engine(f"sqlite:///{demo_db}"), make_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    migrate.upgrade(target)
    result = copy_database(source, target, progress=lambda stage, done, total: heard.append((stage, done, total)))
    source.dispose()
    target.dispose()
    rows = [entry for entry in heard if entry[0] == "copy.rows"]
    assert rows[0] == ("copy.rows", 0, result.total_rows) and rows[-1] == ("copy.rows", result.total_rows, result.total_rows)
    assert [done for _stage, done, _total in rows] == sorted(done for _stage, done, _total in rows)
    assert [stage for stage, _d, _t in heard].index("copy.audit") > [stage for stage, _d, _t in heard].index("copy.check")
