"""Running `atelier serve ssh`: the host key, the listening socket, the staff watch and a clean
stop on SIGINT or SIGTERM around the connections and sessions of ssh_server.py."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from atelier_tui.quiet_asyncssh import asyncssh
from atelier_tui.remote import ServeError
from atelier_tui.remote.host_key import HostKeyError, load_or_create_host_key
from atelier_tui.remote.listen import ListenAddress
from atelier_tui.remote.ssh_server import (
    KEEPALIVE_SECONDS,
    LOGIN_TIMEOUT_SECONDS,
    STOP_GRACE_SECONDS,
    KeyAuthenticator,
    WorkstationServer,
    log,
)
from atelier_tui.remote.workstation_launcher import start_fork_server


def _configure_log() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


async def _serve(server: WorkstationServer, listen: ListenAddress, host_key: Any) -> None:
    try:
        acceptor = await asyncssh.create_server(
            lambda: KeyAuthenticator(server), listen.host, listen.port,
            server_host_keys=[host_key], server_version="atelier",
            public_key_auth=True, password_auth=False, kbdint_auth=False, host_based_auth=False, gss_auth=False,
            agent_forwarding=False, x11_forwarding=False, allow_scp=False, sftp_factory=None,
            line_editor=False, encoding=None, login_timeout=LOGIN_TIMEOUT_SECONDS, keepalive_interval=KEEPALIVE_SECONDS,
        )
    except OSError as error:
        raise ServeError(f"--listen {listen}: {error.strerror or error}") from None
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("listening on %s for the staff's registered keys (host key %s; at most %d sessions, %d per person, "
             "idle timeout %g min)", listen, host_key.get_fingerprint("sha256"), server.max_sessions,
             server.max_per_person, server.idle_timeout / 60)
    watching = asyncio.create_task(server.watch_staff())
    await stop.wait()
    watching.cancel()
    log.info("stopping: closing %d session(s)", len(server.sessions))
    acceptor.close()
    server.end_all()
    await server.wait_all_ended(STOP_GRACE_SECONDS)
    await acceptor.wait_closed()


def serve_ssh(database_url: str, listen: ListenAddress, idle_timeout: float, max_sessions: int, max_per_person: int,
              host_key_path: Path) -> None:
    """Serve until SIGINT or SIGTERM. ServeError when it cannot start."""
    try:
        host_key = load_or_create_host_key(host_key_path)
    except HostKeyError as error:
        raise ServeError(str(error)) from None
    _configure_log()
    server = WorkstationServer(database_url, idle_timeout, max_sessions, max_per_person)
    start_fork_server(server.workstation_environment("xterm-256color", {}, "127.0.0.1 0 127.0.0.1 0"))
    try:
        asyncio.run(_serve(server, listen, host_key))
    finally:
        server.engine.dispose()
