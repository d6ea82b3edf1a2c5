"""`atelier serve ssh` end to end, with the real OpenSSH client: a registered key opens its owner's
workstation (and window resizes reach it); an unregistered key, a password, a command, sftp and
forwarding of either direction are refused; an idle session is closed; a full server turns the next
session away; the host key is made once and kept."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
import subprocess
import time
from pathlib import Path

import pytest
from sqlmodel import col, select

from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.e2e.builtin_ssh import (
    ENDED,
    BuiltinServer,
    atelier,
    make_test_runner_the_gateway,
    register_key,
    workstations_of,
)
from tests.e2e.sshd import keygen
from tests.e2e.terminal import Terminal
from tests.e2e.test_ssh_gateway import _check_out

pytestmark = pytest.mark.slow

ALL_WARNINGS_SHOWN = {"PYTHONWARNINGS": "default"}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> dict[str, Path]:
    """The demo workshop with keys for tmoreau and lbernard, served by the test runner's account."""
    folder = tmp_path_factory.mktemp("builtin-ssh")
    database = folder / "atelier.db"
    shutil.copyfile(demo_template, database)
    keys = folder / "keys"
    keys.mkdir(mode=0o700)
    found = {"database": database, "data": folder / "data", "keys": keys,
             "tmoreau": register_key(database, keys, "tmoreau"), "lbernard": register_key(database, keys, "lbernard")}
    keygen(keys / "stranger", "stranger@nowhere")
    found["stranger"] = keys / "stranger"
    make_test_runner_the_gateway(database)
    return found


@pytest.fixture(scope="module")
def server(workshop: dict[str, Path]):  # type: ignore[no-untyped-def]
    running = BuiltinServer(workshop["database"], workshop["data"])
    yield running
    assert running.stop() == 0, running.log_text()
    assert workstations_of(running) == []


def _terminal(command: list[str], width: int = 80, height: int = 24) -> Terminal:
    return Terminal(f"{' '.join(command)}; echo '{ENDED}'$?']'; sleep 60", {"TERM": "xterm-256color"}, width=width, height=height)


def test_a_registered_key_opens_its_owners_workstation(server: BuiltinServer, workshop: dict[str, Path]) -> None:
    terminal = _terminal(server.ssh(workshop["tmoreau"], "tmoreau"))
    try:
        terminal.wait_for("Thomas Moreau")
        _check_out(terminal, "AT-00132", "ME-02")

        # A window resize reaches the workstation, which redraws at the new width.
        assert max(len(line.rstrip()) for line in terminal.screen().splitlines()) <= 80
        subprocess.run([terminal.tmux, "resize-window", "-t", terminal.name, "-x", "120", "-y", "40"], check=True)
        deadline = time.monotonic() + 10
        while max(len(line.rstrip()) for line in terminal.screen().splitlines()) <= 100:
            assert time.monotonic() < deadline, f"the workstation did not redraw at 120 columns:\n{terminal.screen()}"
            time.sleep(0.2)

        terminal.keys("q")
        screen = terminal.wait_for(ENDED, timeout=15)
        assert f"{ENDED}0]" in screen, screen
    finally:
        terminal.close()

    engine = make_engine(f"sqlite:///{workshop['database']}")
    with read_session(engine) as session:
        actors = session.exec(select(AuditEvent.actor).where(AuditEvent.action == "check_out",
                                                             col(AuditEvent.entity_key) == "AT-00132")).all()
    engine.dispose()
    assert actors == ["tmoreau"]
    assert "tmoreau connected from 127.0.0.1" in server.log_text()


def test_only_registered_keys_of_the_user_named_get_in(server: BuiltinServer, workshop: dict[str, Path]) -> None:
    stranger = server.run_ssh(workshop["stranger"], "tmoreau")
    assert stranger.returncode == 255 and "Permission denied (publickey)" in stranger.stderr, stderr_of(stranger)

    someone_elses = server.run_ssh(workshop["tmoreau"], "lbernard")
    assert someone_elses.returncode == 255 and "Permission denied (publickey)" in someone_elses.stderr

    # No password is ever asked for: the server offers public keys only, "(publickey)".
    password = server.run_ssh(workshop["tmoreau"], "tmoreau", options=(
        "-o", "PubkeyAuthentication=no", "-o", "PreferredAuthentications=password,keyboard-interactive"))
    assert password.returncode == 255 and "Permission denied (publickey)." in password.stderr, stderr_of(password)

    log = server.log_text()
    assert "no staff member has this key" in log and "the key is tmoreau's" in log


def test_commands_sftp_and_forwarding_are_refused(server: BuiltinServer, workshop: dict[str, Path]) -> None:
    key = workshop["lbernard"]
    command = server.run_ssh(key, "lbernard", "id", tty=False)
    assert command.returncode == 1, stderr_of(command)
    assert "commands are refused" in command.stderr and "uid=" not in command.stdout

    without_terminal = server.run_ssh(key, "lbernard", tty=False)
    assert without_terminal.returncode == 2 and "needs a terminal" in without_terminal.stderr

    sftp = subprocess.run(["sftp", "-b", "/dev/null", "-F", "/dev/null", "-i", str(key), "-P", str(server.port),
                           "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                           "-o", "UserKnownHostsFile=/dev/null", "lbernard@127.0.0.1"], capture_output=True, text=True, timeout=30)
    assert sftp.returncode != 0 and "subsystem request failed" in sftp.stderr, stderr_of(sftp)

    to_elsewhere = server.run_ssh(key, "lbernard", tty=False, options=("-W", f"127.0.0.1:{server.port}"))
    assert to_elsewhere.returncode == 255 and "forwarding failed" in to_elsewhere.stderr, stderr_of(to_elsewhere)

    back_to_client = server.run_ssh(key, "lbernard", tty=False, options=(
        "-N", "-o", "ExitOnForwardFailure=yes", "-R", f"0:127.0.0.1:{server.port}"))
    assert back_to_client.returncode == 255 and "remote port forwarding failed" in back_to_client.stderr, stderr_of(back_to_client)

    log = server.log_text()
    assert "refused command 'id' for lbernard" in log
    assert "refused subsystem 'sftp'" in log and "refused a forwarding" in log and "refused a remote forwarding" in log
    assert workstations_of(server) == []


def test_an_idle_session_is_closed_and_a_full_server_turns_the_next_away(workshop: dict[str, Path], tmp_path: Path) -> None:
    # The idle clock starts at the workstation's first screen, however long a busy machine takes to
    # show it; 18 s leaves room for the second connection below to be turned away meanwhile.
    small = BuiltinServer(workshop["database"], workshop["data"], "--idle-timeout", "0.3", "--max-sessions", "1")
    first = _terminal(small.ssh(workshop["tmoreau"], "tmoreau"))
    try:
        _wait_for(first, small, "Thomas Moreau")
        second = small.run_ssh(workshop["lbernard"], "lbernard", timeout=90)
        assert second.returncode == 1 and "already has 1 sessions open" in second.stderr, stderr_of(second)

        # No key for 18 s: the workstation ends as `q` would, the terminal is given back, the person is told.
        screen = _wait_for(first, small, "session closed after 0.3 min without a key pressed", ENDED)
        assert f"{ENDED}0]" in screen, screen
        assert "Thomas Moreau" not in screen  # the alternate screen was left: the workstation is gone
        assert workstations_of(small) == []
    finally:
        first.close()
        assert small.stop() == 0, small.log_text()
    idle = re.search(r"closing tmoreau's session: no key pressed for (\d+) s", small.log_text())
    assert idle and int(idle.group(1)) >= 18, small.log_text()  # not closed before its time


def test_the_host_key_is_made_once_and_kept(workshop: dict[str, Path], tmp_path: Path) -> None:
    known_hosts = tmp_path / "known_hosts"
    data = tmp_path / "data"
    first = BuiltinServer(workshop["database"], data)
    try:
        key_file = first.host_key
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        made = key_file.read_bytes()
        reached = first.run_ssh(workshop["tmoreau"], "tmoreau", "true", tty=False, known_hosts=known_hosts)
        assert "commands are refused" in reached.stderr, stderr_of(reached)
    finally:
        assert first.stop() == 0
    again = BuiltinServer(workshop["database"], data)
    try:
        assert again.host_key.read_bytes() == made
        trusted = again.run_ssh(workshop["tmoreau"], "tmoreau", "true", tty=False, known_hosts=known_hosts,
                                options=("-o", "StrictHostKeyChecking=yes"))
        assert "commands are refused" in trusted.stderr, stderr_of(trusted)  # not "host key verification failed"
    finally:
        assert again.stop() == 0


def test_the_server_starts_only_for_a_gateway_account_on_a_real_address(demo_db: Path) -> None:
    # PYTHONWARNINGS=default: what a newer cryptography release warns about asyncssh must not reach the user either.
    as_admin = atelier(demo_db, "serve", "ssh", "--listen", "127.0.0.1:2222", env=ALL_WARNINGS_SHOWN)
    assert as_admin.returncode == 2 and "is not a gateway account" in as_admin.stderr
    assert len(as_admin.stderr.strip().splitlines()) == 1, as_admin.stderr

    nonsense = atelier(demo_db, "serve", "ssh", "--listen", "nowhere")
    assert nonsense.returncode == 2 and nonsense.stderr.strip() == "--listen: 'nowhere' is not HOST:PORT (for example 127.0.0.1:2222)"


def test_adding_a_key_prints_no_warning_and_a_refusal_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    keygen(tmp_path / "id_ed25519", "tmoreau@bench")
    added = atelier(demo_db, "staff", "add-key", "tmoreau", str(tmp_path / "id_ed25519.pub"), env=ALL_WARNINGS_SHOWN)
    assert added.returncode == 0 and added.stdout.startswith("added ssh-ed25519 ") and added.stderr == "", stderr_of(added)
    private = atelier(demo_db, "staff", "add-key", "tmoreau", str(tmp_path / "id_ed25519"), env=ALL_WARNINGS_SHOWN)
    assert private.returncode == 2 and private.stderr == "KEYFILE: this is a private key: give the .pub file\n", stderr_of(private)


def test_a_taken_port_is_one_line(workshop: dict[str, Path], server: BuiltinServer, tmp_path: Path) -> None:
    taken = atelier(workshop["database"], "serve", "ssh", "--listen", f"127.0.0.1:{server.port}",
                    env={"XDG_DATA_HOME": str(tmp_path / "data")})
    assert taken.returncode == 2, taken.stderr
    assert taken.stderr.strip().startswith(f"--listen 127.0.0.1:{server.port}: ") and "Traceback" not in taken.stderr
    assert len(taken.stderr.strip().splitlines()) == 1, taken.stderr


def _wait_for(terminal: Terminal, server: BuiltinServer, *texts: str, timeout: float = 90.0) -> str:
    """The terminal's screen once it shows `texts`; if it never does, the failure carries the server's log."""
    try:
        return terminal.wait_for(*texts, timeout=timeout)
    except AssertionError as error:
        raise AssertionError(f"{error}\nthe server's log:\n{server.log_text()}") from None


def stderr_of(result) -> str:  # type: ignore[no-untyped-def]
    return f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"


def _copy_of(database: Path, folder: Path) -> Path:
    """A consistent copy of the shared workshop (the module's server may hold it open), for a test
    that changes its staff."""
    copy = folder / "atelier.db"
    source, target = sqlite3.connect(database), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return copy


def test_a_person_taken_off_the_staff_loses_the_session_they_hold_open(workshop: dict[str, Path], tmp_path: Path) -> None:
    database = _copy_of(workshop["database"], tmp_path)
    own = BuiltinServer(database, workshop["data"])
    session = _terminal(own.ssh(workshop["lbernard"], "lbernard"))
    try:
        session.wait_for("Lucas Bernard", timeout=90)
        # The test runner's account is the gateway here: an admin acts through it.
        removed = atelier(database, "--as", "nroux", "staff", "remove", "lbernard", "--reason", "left the workshop")
        assert removed.returncode == 0, removed.stderr
        # Checked every 5 s: a deadline generous for a busy machine.
        screen = session.wait_for("session closed: lbernard is no longer active staff", ENDED, timeout=90)
        assert "Lucas Bernard" not in screen  # the workstation is gone, the terminal given back
        assert workstations_of(own) == []
    finally:
        session.close()
        assert own.stop() == 0, own.log_text()
    assert "closing lbernard's session: lbernard is no longer active staff" in own.log_text()


def test_a_connection_may_offer_only_six_keys(server: BuiltinServer, workshop: dict[str, Path], tmp_path: Path) -> None:
    strangers = [workshop["stranger"]]
    for number in range(2, 7):
        keygen(tmp_path / f"stranger{number}", f"stranger{number}@nowhere")
        strangers.append(tmp_path / f"stranger{number}")
    # Six unregistered keys, then lbernard's own: the connection is cut before the seventh is tried.
    others = tuple(option for key in [*strangers[1:], workshop["lbernard"]] for option in ("-i", str(key)))
    tried = server.run_ssh(strangers[0], "lbernard", "true", tty=False, options=others)
    assert tried.returncode == 255 and "Too many authentication failures" in tried.stderr, stderr_of(tried)
    assert "commands are refused" not in tried.stderr
    # Five strangers first: the sixth key offered, lbernard's, is still heard.
    fewer = tuple(option for key in [*strangers[1:5], workshop["lbernard"]] for option in ("-i", str(key)))
    heard = server.run_ssh(strangers[0], "lbernard", "true", tty=False, options=fewer)
    assert heard.returncode == 1 and "commands are refused" in heard.stderr, stderr_of(heard)
    assert "keys refused" in server.log_text()


def test_one_person_may_hold_only_so_many_sessions(workshop: dict[str, Path]) -> None:
    small = BuiltinServer(workshop["database"], workshop["data"], "--max-sessions-per-person", "1")
    first = _terminal(small.ssh(workshop["tmoreau"], "tmoreau"))
    other = None
    try:
        first.wait_for("Thomas Moreau", timeout=90)
        second = small.run_ssh(workshop["tmoreau"], "tmoreau")
        assert second.returncode == 1, stderr_of(second)
        assert "atelier: tmoreau already has 1 sessions open on this server; close one first" in second.stderr
        other = _terminal(small.ssh(workshop["lbernard"], "lbernard"))  # someone else still gets in
        other.wait_for("Lucas Bernard", timeout=90)
        assert len(workstations_of(small)) == 2
    finally:
        first.close()
        if other is not None:
            other.close()
        assert small.stop() == 0, small.log_text()
    assert "refused a session for tmoreau: 1 of theirs open" in small.log_text()
