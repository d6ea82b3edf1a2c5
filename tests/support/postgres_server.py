"""A real PostgreSQL server for the tests that need one.

`ATELIER_TEST_POSTGRES_URL` names a server to use (its user must be allowed to create databases).
Otherwise a throw-away cluster is made with the machine's own `initdb` and `pg_ctl` in a temporary
folder, on a free loopback port, and stopped at the end. PostgreSQL refuses to run as root, so as
root the cluster belongs to the `postgres` account. In CI (CI=true) no server is a failure."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

URL_VARIABLE = "ATELIER_TEST_POSTGRES_URL"


class NoPostgres(Exception):
    pass


def _binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def running_server() -> Iterator[str]:
    """The admin URL of a server: the one named by the environment, or a new one, removed afterwards."""
    named = os.environ.get(URL_VARIABLE)
    if named:
        yield named
        return
    initdb, pg_ctl = _binary("initdb"), _binary("pg_ctl")
    if not initdb or not pg_ctl:
        raise NoPostgres("PostgreSQL is not installed (no initdb): install it (`apt-get install postgresql`) "
                         f"or set {URL_VARIABLE}")
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    folder = Path(tempfile.mkdtemp(prefix="atelier-postgres-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        os.chmod(folder, 0o700)
    data = folder / "data"
    made = subprocess.run(_as_server_owner([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                                            "--locale=C.UTF-8", "--no-sync"]), capture_output=True, text=True)
    if made.returncode != 0:
        raise NoPostgres(f"initdb failed: {made.stderr.strip()}")
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " \
              "-c full_page_writes=off -c max_connections=200"
    started = subprocess.run(_as_server_owner([pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "server.log"),
                                               "-w", "start"]), capture_output=True, text=True)
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        raise NoPostgres(f"PostgreSQL did not start: {started.stderr.strip()} {log[-2000:]}")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_owner([pg_ctl, "-D", str(data), "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


def create_database(admin_url: str, name: str, template: str | None = None) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        connection.execute(f'CREATE DATABASE "{name}"{suffix}')
    return database_url(admin_url, name)


def drop_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
