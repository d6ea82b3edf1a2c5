"""A real OpenSSH server for end-to-end tests: a throw-away sshd on 127.0.0.1 with its own host
key, configuration and authorized_keys file, serving one OS account (the gateway of an SSH key
set-up). Needs root (to create the account, hand it the database and let sshd switch to it) and
/usr/sbin/sshd (package openssh-server; .ci/run installs it)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path

import pytest

from tests.support.missing_part import missing

SSHD = "/usr/sbin/sshd"




def require_ssh_client() -> None:
    for tool in ("ssh", "ssh-keygen", "sftp"):
        if shutil.which(tool) is None:
            missing(f"`{tool}` is missing: install it (apt-get install -y -qq openssh-client)")


def require_sshd() -> str:
    if not os.access(SSHD, os.X_OK):
        missing(f"{SSHD} is missing: install it (apt-get install -y -qq openssh-server)")
    require_ssh_client()
    return SSHD


def ensure_account(name: str) -> pwd.struct_passwd:
    """The OS account `name`, created (useradd -m -s /bin/sh) if missing. Its password is '*' (no
    password can match) rather than useradd's '!' (locked): with `UsePAM no`, sshd refuses a
    locked account even for key authentication."""
    if os.geteuid() != 0:
        missing(f"the SSH gateway test needs root: it creates the OS account '{name}' if missing, hands it the "
                     f"database and runs sshd (running as uid {os.geteuid()})")
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "-m", "-s", "/bin/sh", "-p", "*", name], check=True, capture_output=True)
    else:
        shadow = {line.split(":")[0]: line.split(":")[1] for line in Path("/etc/shadow").read_text().splitlines() if ":" in line}
        if shadow.get(name, "").startswith("!"):
            subprocess.run(["usermod", "-p", "*", name], check=True, capture_output=True)
    return pwd.getpwnam(name)


def as_account(account: pwd.struct_passwd) -> dict[str, object]:
    """subprocess keyword arguments that run a command as `account`."""
    return {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}


def atelier_command(account: pwd.struct_passwd, workdir: Path) -> str:
    """How `account` runs this checkout's `atelier` console script. Normally the script itself.
    When its interpreter is out of the account's reach (a venv made from root's pyenv: /root is
    0700), the same script runs under a tiny venv of the system's Python of the same version that
    loads the project's site-packages: the same code and dependencies, only another interpreter."""
    script = Path(sys.executable).parent / "atelier"
    if _runs(account, sys.executable):
        return str(script)
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (f"/usr/bin/{version}", f"/usr/local/bin/{version}"):
        if _runs(account, candidate):
            break
    else:
        pytest.fail(f"the account '{account.pw_name}' cannot run {sys.executable} (the venv's interpreter) and there is "
                    f"no {version} it can run; install atelier where every staff account can execute it")
    bridge = workdir / "python"
    subprocess.run([candidate, "-m", "venv", "--without-pip", str(bridge)], check=True, capture_output=True)
    site_packages = Path(subprocess.run([str(bridge / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        check=True, capture_output=True, text=True).stdout.strip())
    (site_packages / "atelier-project.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
    return f"{bridge / 'bin' / 'python'} {script}"


def _runs(account: pwd.struct_passwd, interpreter: str) -> bool:
    try:
        return subprocess.run([interpreter, "-c", "pass"], capture_output=True, cwd="/", **as_account(account)).returncode == 0  # type: ignore[call-overload]
    except OSError:
        return False


def keygen(path: Path, comment: str) -> str:
    """A new ed25519 key pair without passphrase; returns the public key line."""
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)], check=True)
    return Path(f"{path}.pub").read_text().strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class SshServer:
    """`sshd -D -e -f CONFIG` on 127.0.0.1:port, allowing only `account`, keys only, no forwarding."""

    def __init__(self, folder: Path, account: str, authorized_keys: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.host_key = folder / "host_ed25519"
        keygen(self.host_key, "atelier-test-host")
        self.log = folder / "sshd.log"
        self.config = folder / "sshd_config"
        self.config.write_text("\n".join([
            f"ListenAddress 127.0.0.1:{self.port}",
            f"HostKey {self.host_key}",
            f"PidFile {folder / 'sshd.pid'}",
            f"AuthorizedKeysFile {authorized_keys}",
            f"AllowUsers {account}",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitRootLogin no",
            "StrictModes no",
            "UsePAM no",
            "PrintMotd no",
            "PrintLastLog no",
            "PermitUserEnvironment no",
            "AllowTcpForwarding no",
            "AllowAgentForwarding no",
            "AllowStreamLocalForwarding no",
            "X11Forwarding no",
            "PermitTunnel no",
            "GatewayPorts no",
            "",
        ]))
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 10.0) -> None:
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)  # sshd's privilege-separation folder
        checked = subprocess.run([require_sshd(), "-t", "-f", str(self.config)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise AssertionError(f"sshd refused its configuration: {checked.stderr}")
        with self.log.open("wb") as log:
            self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(self.config)], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"sshd exited with {self.process.returncode}:\n{self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"sshd did not listen on port {self.port} within {timeout} s:\n{self.log.read_text()}")

    def ssh(self, key: Path, account: str, *remote: str, tty: bool = False) -> list[str]:
        """The client command line: this server only, this key only, no host-key prompt."""
        return ["ssh", *(["-tt"] if tty else ["-T"]), "-F", "/dev/null", "-i", str(key), "-p", str(self.port),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", f"{account}@127.0.0.1", *remote]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
