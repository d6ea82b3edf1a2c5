"""Memory of remote use, on the large demo workshop (issue "remote use"):

- one atelier session next to a bare Textual app showing the same rows, both on a real terminal
  (tmux), in the same run: resident memory (RSS) and proportional share (PSS, which counts shared
  library pages once across processes), at the first screen with data and after visiting every view;
- 20 simultaneous sessions of the built-in SSH server (`atelier serve ssh`), 20 staff members
  with their own keys connecting at the same moment: total memory of the server and its 20
  workstations, and how long the last of them waited for its first screen.

No target is set for memory; the assertions keep each figure within the envelope the engineering
notes give for one OpenSSH session (about 70 MiB), with room for the machine's noise.
Run: `.venv/bin/pytest -m perf tests/perf/test_remote_memory_perf.py -s`."""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from tests.e2e.builtin_ssh import descendants, workstations_of
from tests.e2e.sshd import free_port
from tests.e2e.terminal import require_tmux

pytestmark = pytest.mark.perf

SESSIONS = 20
MIB = 1024.0


def _status_kib(pid: int, field: str, source: str = "status") -> int:
    for line in Path(f"/proc/{pid}/{source}").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/{pid}/{source}")


def rss_kib(pid: int) -> int:
    return _status_kib(pid, "VmRSS")


def pss_kib(pid: int) -> int:
    return _status_kib(pid, "Pss", "smaps_rollup")


class Pane:
    """A command alone in a tmux pane (exec'd, so the pane's process is the command itself)."""

    def __init__(self, command: list[str], width: int = 120, height: int = 40) -> None:
        self.tmux = require_tmux()
        self.name = f"perf-mem-{time.monotonic_ns()}"
        line = "exec " + " ".join(command)
        subprocess.run([self.tmux, "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), line], check=True)
        self.pid = int(subprocess.run([self.tmux, "display", "-p", "-t", self.name, "#{pane_pid}"], capture_output=True,
                                      text=True, check=True).stdout)

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = subprocess.run([self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True).stdout
            if text in screen:
                return
            time.sleep(0.05)
        raise AssertionError(f"'{text}' never appeared:\n{screen}")

    def keys(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.name], capture_output=True)


def _settled(pid: int) -> tuple[int, int]:
    time.sleep(1.0)  # let the first rows' work (and its garbage) finish before reading
    return rss_kib(pid), pss_kib(pid)


def test_one_session_next_to_a_bare_textual_app(large_db: Path, figures: Any, request: pytest.FixtureRequest) -> None:
    keeper = Pane(["sleep", "600"])  # a tmux server whose last session closes exits: keep one
    try:
        bare = Pane([sys.executable, str(Path(__file__).with_name("bare_table_app.py")), str(large_db)])
        bare.wait_for("AT-00020")
        bare_memory = _settled(bare.pid)
        bare.close()

        atelier = str(Path(sys.executable).parent / "atelier")
        ours = Pane([atelier, "--db", str(large_db), "--as", "cmartin", "--view", "tools"])
        ours.wait_for("AT-00020")
        first_memory = _settled(ours.pid)
        for key, text in (("1", "Maintenance"), ("2", "Benches"), ("4", "Supplies"), ("5", "Orders"), ("6", "Planner"),
                          ("7", "Audit"), ("3", "AT-00020")):
            ours.keys(key)
            ours.wait_for(text)
        every_view_memory = _settled(ours.pid)
        ours.close()
    finally:
        keeper.close()

    print("\n| memory of one session (MiB) | RSS | PSS | RSS ratio to bare |\n|---|---|---|---|")
    for label, (rss, pss) in (("bare Textual app: DataTable with its 200 rows", bare_memory),
                              ("atelier: tools view with its first page", first_memory),
                              ("atelier: after visiting all seven views", every_view_memory)):
        print(f"| {label} | {rss / MIB:.1f} | {pss / MIB:.1f} | {rss / bare_memory[0]:.2f} |")
    figures.report(request, "RSS of one workstation, tools view with rows / bare app", first_memory[0] / bare_memory[0])
    assert every_view_memory[0] / MIB < 150


def _register_keys(database: Path, count: int) -> list[tuple[str, str, object]]:
    """`count` staff members (technicians and leads of the large demo), each with a new key of
    their own: (login, display name, private key)."""
    import asyncssh

    from atelier_tui.services.context import SYSTEM
    from atelier_tui.services.staff.keys import add_staff_keys
    from atelier_tui.store.engine import make_engine, read_session
    from atelier_tui.store.models import Staff

    engine = make_engine(f"sqlite:///{database}")
    with read_session(engine) as session:
        people = session.exec(select(Staff.login, Staff.display_name).where(Staff.active, Staff.role.in_(["technician", "lead"]))
                              .order_by(Staff.login).limit(count)).all()
    assert len(people) == count
    found = []
    for login, name in people:  # a new key per run: on a reused database the older ones stay registered
        key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{login}@perf")
        add_staff_keys(engine, SYSTEM, datetime.now(UTC), login, key.export_public_key().decode(), source="perf")
        found.append((login, name, key))
    engine.dispose()
    return found


async def _first_screen(port: int, login: str, name: str, key: object, started: float, sessions: list[object]) -> float:
    import asyncssh

    connection = await asyncssh.connect("127.0.0.1", port, username=login, client_keys=[key], known_hosts=None,
                                        agent_path=None, config=[])
    process = await connection.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
    sessions.append((connection, process))
    seen = b""
    wanted = name.encode()
    while wanted not in seen:
        chunk = await asyncio.wait_for(process.stdout.read(65536), 120)
        if not chunk:
            raise AssertionError(f"{login}'s session ended before its first screen: {seen[-500:]!r}")
        seen = seen[-4096:] + chunk
    return time.perf_counter() - started


def test_twenty_builtin_ssh_sessions(large_db: Path, tmp_path: Path, figures: Any, request: pytest.FixtureRequest) -> None:
    people = _register_keys(large_db, SESSIONS)
    port = free_port()
    log = tmp_path / "serve.log"
    atelier = str(Path(sys.executable).parent / "atelier")
    with log.open("wb") as output:
        server = subprocess.Popen([atelier, "--db", str(large_db), "serve", "ssh", "--listen", f"127.0.0.1:{port}",
                                   "--max-sessions", str(SESSIONS)], stdout=output, stderr=subprocess.STDOUT,
                                  env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "ATELIER_LANG": "en"})
    try:
        deadline = time.monotonic() + 30
        while "listening on" not in log.read_text():
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        idle_server_rss = rss_kib(server.pid)

        async def everyone() -> tuple[list[float], int, int, int, int]:
            sessions: list[object] = []
            started = time.perf_counter()
            waits = await asyncio.gather(*(_first_screen(port, login, name, key, started, sessions) for login, name, key in people))
            await asyncio.sleep(1.0)
            assert len(workstations_of(server.pid)) == SESSIONS
            processes = descendants(server.pid)  # the workstations, and the fork server that starts them
            total_rss = rss_kib(server.pid) + sum(rss_kib(pid) for pid in processes)
            total_pss = pss_kib(server.pid) + sum(pss_kib(pid) for pid in processes)
            server_rss = rss_kib(server.pid)
            for _connection, process in sessions:  # type: ignore[misc]
                process.stdin.write(b"q")
            for connection, process in sessions:  # type: ignore[misc]
                await asyncio.wait_for(process.wait_closed(), 30)
                connection.close()
            return waits, total_rss, total_pss, server_rss, len(processes)

        waits, total_rss, total_pss, server_rss, processes = asyncio.run(everyone())
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\n| {SESSIONS} built-in SSH sessions at once (large demo, 80x24) | value |\n|---|---|")
    print(f"| total RSS, server + {processes} processes under it (MiB) | {total_rss / MIB:.0f} |")
    print(f"| total PSS, server + {processes} processes under it (MiB) | {total_pss / MIB:.0f} |")
    print(f"| PSS per session (MiB) | {total_pss / MIB / SESSIONS:.1f} |")
    print(f"| server process RSS: idle / with {SESSIONS} sessions (MiB) | {idle_server_rss / MIB:.1f} / {server_rss / MIB:.1f} |")
    print(f"| time to first screen (s): first / median / last | {min(waits):.2f} / {statistics.median(waits):.2f} / {max(waits):.2f} |")
    figures.report(request, f"PSS per SSH session, {SESSIONS} at once (MiB)", total_pss / MIB / SESSIONS)
    assert total_pss / MIB / SESSIONS < 100
