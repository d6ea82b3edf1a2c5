"""The shared-account SSH set-up, end to end, with a real sshd: one gateway OS account
(`atelier-gw`, staff role "gateway"), one authorized_keys line per person forcing
`atelier --db DB --as LOGIN`. Two people connect at the same time with their own keys; each check-out
is audited under the person's login, not the gateway's. Quitting the TUI closes the connection
(no shell behind it), and a client asking to run a command of its own still gets only atelier."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from sqlmodel import col, select

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.e2e.sshd import SshServer, atelier_command, ensure_account, keygen, require_sshd
from tests.e2e.terminal import Terminal

pytestmark = pytest.mark.slow

GATEWAY = "atelier-gw"
ENDED = "[ssh ended: "


def _hand_over(path: Path, uid: int, gid: int, mode: int) -> None:
    os.chown(path, uid, gid)
    os.chmod(path, mode)


def _sessions_left(uid: int, folder: Path) -> list[int]:
    """The processes of the gateway account whose command line names `folder`: this test's atelier
    sessions (their forced command names the test's database), none of anything else."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid and str(folder).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _check_out(terminal: Terminal, tag: str, bench: str) -> None:
    terminal.keys("3")
    terminal.wait_for("of 150")
    terminal.keys("/")
    terminal.keys(tag, literal=True)
    terminal.wait_for("1–1 of 1")
    terminal.keys("Enter")
    terminal.keys("o")
    terminal.wait_for(f"Check out {tag} to a bench")
    terminal.keys(bench, literal=True)
    terminal.keys("Enter")
    terminal.wait_for("◐ checked out", bench)


def _quit_and_see_the_connection_close(terminal: Terminal) -> None:
    terminal.keys("q")
    screen = terminal.wait_for(ENDED, timeout=15)
    assert f"{ENDED}0]" in screen, screen  # ssh returns the forced command's status: atelier quit cleanly
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    assert lines == [f"{ENDED}0]"], f"something besides atelier ran in the session:\n{screen}"


def test_two_people_through_one_gateway_account(demo_db: Path) -> None:
    require_sshd()
    gateway = ensure_account(GATEWAY)
    atelier = Path(sys.executable).parent / "atelier"
    # An admin (the test runner, admin of the demo workshop) registers the gateway account.
    registered = subprocess.run([str(atelier), "--db", str(demo_db), "staff", "add", GATEWAY, "--name", "SSH gateway",
                                 "--role", "gateway"], capture_output=True, text=True, env={**os.environ, "ATELIER_LANG": "en"})
    assert registered.returncode == 0, registered.stderr

    # pytest's tmp_path is private to root: the gateway's files live in a folder it can traverse.
    work = Path(tempfile.mkdtemp(prefix="atelier-ssh-"))
    server: SshServer | None = None
    terminals: list[Terminal] = []
    try:
        os.chmod(work, 0o711)
        shared = work / "db"  # the shared SQLite folder: the database and its -wal/-shm files
        shared.mkdir()
        _hand_over(shared, gateway.pw_uid, gateway.pw_gid, 0o770)
        database = shared / "atelier.db"
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{demo_db}{suffix}").exists():
                shutil.copyfile(f"{demo_db}{suffix}", f"{database}{suffix}")
                _hand_over(Path(f"{database}{suffix}"), gateway.pw_uid, gateway.pw_gid, 0o660)
        xdg = work / "xdg"  # the gateway's config, state (logs) and cache
        xdg.mkdir()
        _hand_over(xdg, gateway.pw_uid, gateway.pw_gid, 0o700)
        keys = work / "keys"
        keys.mkdir(mode=0o700)
        served = work / "sshd"
        served.mkdir(mode=0o755)

        command = atelier_command(gateway, work)
        environment = (f"env ATELIER_LANG=en TERM=xterm-256color XDG_CONFIG_HOME={xdg}/config XDG_STATE_HOME={xdg}/state "
                       f"XDG_CACHE_HOME={xdg}/cache XDG_DATA_HOME={xdg}/data")
        authorized = served / "authorized_keys"
        lines = []
        for login in ("tmoreau", "lbernard"):
            public = keygen(keys / login, f"{login}@test")
            lines.append(f'command="{environment} {command} --db {database} --as {login}",restrict,pty {public}')
        authorized.write_text("\n".join(lines) + "\n")
        authorized.chmod(0o644)  # sshd reads it with the gateway's privileges

        server = SshServer(served, GATEWAY, authorized)
        server.start()

        def connect(login: str, *remote: str) -> Terminal:
            ssh = " ".join(server.ssh(keys / login, GATEWAY, *remote, tty=True))
            terminal = Terminal(f"{ssh}; echo '{ENDED}'$?']'; sleep 60", {"TERM": "xterm-256color"}, width=80, height=24)
            terminals.append(terminal)
            return terminal

        thomas = connect("tmoreau")
        lucas = connect("lbernard")
        thomas.wait_for("Thomas Moreau")
        lucas.wait_for("Lucas Bernard")
        _check_out(thomas, "AT-00132", "ME-02")
        _check_out(lucas, "AT-00133", "PO-01")
        _quit_and_see_the_connection_close(thomas)
        _quit_and_see_the_connection_close(lucas)

        engine = make_engine(f"sqlite:///{database}")
        with read_session(engine) as session:
            check_outs = session.exec(select(AuditEvent.entity_key, AuditEvent.actor).where(
                AuditEvent.action == "check_out", col(AuditEvent.entity_key).in_(["AT-00132", "AT-00133"])).order_by(AuditEvent.entity_key)).all()
            by_gateway = session.exec(select(AuditEvent.action).where(AuditEvent.actor == GATEWAY)).all()
        engine.dispose()
        assert [tuple(row) for row in check_outs] == [("AT-00132", "tmoreau"), ("AT-00133", "lbernard")]
        assert by_gateway == []  # the gateway account only says for whom it acts: it never acts itself

        # A client asking to run a command of its own (an exec request) still gets the forced atelier:
        # `sh -c id` never runs, and quitting closes the connection.
        asking = connect("tmoreau", "sh", "-c", "id")
        screen = asking.wait_for("Thomas Moreau")
        assert "uid=" not in screen
        _quit_and_see_the_connection_close(asking)
        assert "uid=" not in asking.screen()
        assert _sessions_left(gateway.pw_uid, work) == [], "an atelier session outlived its connection"
    finally:
        for terminal in terminals:
            terminal.close()
        if server is not None:
            server.stop()
        for pid in _sessions_left(gateway.pw_uid, work):  # only this test's sessions: their command lines name its folder
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        shutil.rmtree(work, ignore_errors=True)
