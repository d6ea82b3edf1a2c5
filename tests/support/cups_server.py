"""A private CUPS scheduler for printing tests: its own configuration, spool and port in a
temporary folder, one raw queue that keeps every job's document (PreserveJobFiles) so that a test
reads what arrived. Started and always stopped by the test's fixture; CUPS_SERVER points `lp` at it.

Why not ippeveprinter behind it: the CUPS 2.4 ippeveprinter stops at start ("Unable to initialize
DNS-SD") unless an Avahi daemon answers on the system bus, and starting one writes /run/avahi-daemon.
The scheduler is the real part that `lp -d` talks to; its spool holds the job as it arrived."""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.missing_part import missing
from tests.support.polling import wait_until

START_SECONDS = 60  # a loaded CI machine
_TOOLS = ("cupsd", "lpadmin", "lp")


@dataclass
class CupsServer:
    address: str  # host:port, for CUPS_SERVER
    spool: Path
    queue: str

    def documents(self) -> list[Path]:
        """The documents of the jobs received, oldest first (d<job>-<document>)."""
        return sorted(self.spool.glob("d*-*"), key=lambda path: path.name)


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if found is None:
        missing(f"{name} is not installed (Debian: cups, cups-client; .ci/run installs them)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _accepting(port: int, process: subprocess.Popen[bytes], log: Path) -> bool:
    if process.poll() is not None:
        raise AssertionError(f"cupsd stopped at start: {log.read_text(errors='replace')[-2000:] if log.exists() else ''}")
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@contextmanager
def cups_server(folder: Path, queue: str = "labels") -> Iterator[CupsServer]:
    cupsd, lpadmin = _tool("cupsd"), _tool("lpadmin")
    _tool("lp")
    port = _free_port()
    etc, spool, state, cache, logs = (folder / name for name in ("etc", "spool", "state", "cache", "log"))
    for made in (etc / "ppd", spool / "tmp", state, cache, logs):
        made.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)  # the scheduler hands jobs to filters as its unprivileged user
    (etc / "cupsd.conf").write_text(f"""Listen 127.0.0.1:{port}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
PreserveJobFiles Yes
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
    Allow all
  </Limit>
</Policy>
""")
    (etc / "cups-files.conf").write_text(f"""ServerRoot {etc}
RequestRoot {spool}
TempDir {spool / "tmp"}
StateDir {state}
CacheDir {cache}
AccessLog {logs / "access_log"}
ErrorLog {logs / "error_log"}
PageLog {logs / "page_log"}
""")
    process = subprocess.Popen([cupsd, "-f", "-c", str(etc / "cupsd.conf"), "-s", str(etc / "cups-files.conf")],
                               stdout=subprocess.DEVNULL, stderr=(logs / "cupsd.out").open("wb"), start_new_session=True)
    try:
        wait_until(lambda: _accepting(port, process, logs / "error_log"), START_SECONDS,
                   f"cupsd did not listen on port {port} within {START_SECONDS} s")
        address = f"127.0.0.1:{port}"
        # A raw queue: the document reaches the spool as sent; its output goes nowhere.
        made = subprocess.run([lpadmin, "-h", address, "-p", queue, "-E", "-v", "file:///dev/null"],
                              capture_output=True, text=True, timeout=START_SECONDS, check=False)
        assert made.returncode == 0, made.stderr
        yield CupsServer(address, spool, queue)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
