"""The built-in SSH server (`atelier serve ssh`) as a workshop runs it, for end-to-end tests: a real
`atelier serve ssh` process on 127.0.0.1, on a copy of the demo workshop whose people have keys
registered with `atelier staff add-key`, and the real OpenSSH client to reach it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, write_session
from atelier_tui.store.models import Staff
from tests.e2e.sshd import free_port, keygen, require_ssh_client

ATELIER = str(Path(sys.executable).parent / "atelier")
ENGLISH = {"ATELIER_LANG": "en", "LANG": "C.UTF-8"}


def atelier(database: Path, *arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([ATELIER, "--db", str(database), *arguments], capture_output=True, text=True,
                          env={**os.environ, **ENGLISH, **(env or {})}, timeout=60)


def make_test_runner_the_gateway(database: Path) -> None:
    """A workshop runs the server under a dedicated gateway account; here the account running the
    tests (the demo's admin, which registered the keys) becomes that account."""
    engine = make_engine(f"sqlite:///{database}")
    with write_session(engine) as session:
        runner = session.exec(select(Staff).where(Staff.login == os_account())).one()
        runner.role = "gateway"
    engine.dispose()


def register_key(database: Path, keys: Path, login: str) -> Path:
    """A new key pair for `login`, its public half registered by the admin; returns the private key."""
    require_ssh_client()
    keygen(keys / login, f"{login}@bench")
    added = atelier(database, "staff", "add-key", login, str(keys / f"{login}.pub"))
    assert added.returncode == 0, added.stderr
    return keys / login


def demo_with_a_key(tmp_path: Path, demo_template: Path, login: str) -> tuple[Path, Path]:
    """A copy of the demo workshop served by the account running the tests, with a key registered
    for `login`: (the database, the private key)."""
    database = tmp_path / "atelier.db"
    shutil.copyfile(demo_template, database)
    keys = tmp_path / "keys"
    keys.mkdir(mode=0o700)
    key = register_key(database, keys, login)
    make_test_runner_the_gateway(database)
    return database, key


# What the shell prints once ssh has ended, with its exit code, for a test to wait for.
ENDED = "[ssh ended: "


def ssh_then_say_ended(server: BuiltinServer, key: Path, login: str) -> str:
    """The shell command a test's terminal runs: ssh in as `login`, then say it ended and stay
    open long enough for the test to read the screen."""
    return f"{' '.join(server.ssh(key, login))}; echo '{ENDED}'$?']'; sleep 60"


class BuiltinServer:
    """`atelier serve ssh` on a free port; its log (stderr) is kept in `log`."""

    def __init__(self, database: Path, data_home: Path, *options: str, env: dict[str, str] | None = None) -> None:
        require_ssh_client()  # the server is atelier's own: only OpenSSH's client is needed
        self.port = free_port()
        self.data_home = data_home
        self.log = data_home / f"serve-{self.port}.log"
        data_home.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [ATELIER, "--db", str(database), "serve", "ssh", "--listen", f"127.0.0.1:{self.port}", *options],
                stdout=log, stderr=subprocess.STDOUT,
                env={**os.environ, **ENGLISH, "XDG_DATA_HOME": str(data_home), **(env or {})})
        self.wait_in_log("listening on")

    @property
    def host_key(self) -> Path:
        return self.data_home / "atelier" / "ssh_host_ed25519_key"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_in_log(self, text: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log_text()
            if text in log:
                return log
            if self.process.poll() is not None:
                raise AssertionError(f"atelier serve ssh exited with {self.process.returncode}:\n{log}")
            time.sleep(0.05)
        raise AssertionError(f"'{text}' not in the server's log within {timeout} s:\n{self.log_text()}")

    def ssh(self, key: Path, user: str, *remote: str, tty: bool = True, known_hosts: Path | None = None,
            options: tuple[str, ...] = ()) -> list[str]:
        """The OpenSSH client for this server: this key only, never a prompt."""
        trust = (["-o", f"UserKnownHostsFile={known_hosts}", "-o", "StrictHostKeyChecking=accept-new"] if known_hosts
                 else ["-o", "UserKnownHostsFile=/dev/null", "-o", "StrictHostKeyChecking=no"])
        return ["ssh", "-tt" if tty else "-T", "-F", "/dev/null", "-i", str(key), "-p", str(self.port),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", *trust, *options,
                f"{user}@127.0.0.1", *remote]

    def run_ssh(self, *arguments: str, timeout: float = 30.0, **keywords: object) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.ssh(*arguments, **keywords), capture_output=True, text=True, timeout=timeout,  # type: ignore[arg-type]
                              stdin=subprocess.DEVNULL)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError(f"atelier serve ssh did not stop within 15 s of SIGTERM:\n{self.log_text()}") from None
        return self.process.returncode


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, waiting = [], [pid]
    while waiting:
        for child in children.get(waiting.pop(), []):
            found.append(child)
            waiting.append(child)
    return found


def _leads_its_session(pid: int) -> bool:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[3]) == pid
    except (OSError, IndexError, ValueError):
        return False


def workstations_of(server: BuiltinServer | int) -> list[int]:
    """The workstations the server runs: among its descendants (the fork server's children), those
    leading their own terminal session."""
    pid = server if isinstance(server, int) else server.process.pid
    return [child for child in descendants(pid) if _leads_its_session(child)]
