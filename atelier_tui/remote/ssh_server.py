"""`atelier serve ssh`: an SSH server for workshops with no one to administer OpenSSH accounts.

A connection authenticates with a public key registered to a staff member (`atelier staff
add-key`), under that member's login as user name; nothing else is offered (no password, no
keyboard-interactive). Its session gets its own `atelier` process on a pseudo-terminal, acting for
the key's owner through `--as` (so the server runs under a gateway account, as the OpenSSH gateway
recipe does), forked from a warm process that has already imported the app
(workstation_launcher.py). Commands, subsystems (sftp) and every kind of forwarding are refused. Several Textual
apps cannot share one event loop, hence one process per session (engineering notes)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from typing import Any

from atelier_tui.i18n import _
from atelier_tui.quiet_asyncssh import asyncssh
from atelier_tui.remote.pty_process import TERMINAL_RESET, PtyProcess
from atelier_tui.remote.workstation_launcher import launch

log = logging.getLogger("atelier.serve.ssh")

# What a client may set in its session's environment: its language and colours, never what
# chooses the database or the identity.
CLIENT_VARIABLES = ("LANG", "LC_ALL", "LC_MESSAGES", "LC_CTYPE", "ATELIER_LANG", "COLORTERM", "NO_COLOR")
# The server's own environment, minus what belongs to its own session or would point the
# workstation elsewhere. COLUMNS and LINES would pin the workstation's size: it must follow the
# client's window.
_NOT_INHERITED_PREFIXES = ("SSH_", "ATELIER_DATABASE_URL", "COLUMNS", "LINES")
LOGIN_TIMEOUT_SECONDS = 30
# Keys one connection may offer before it is cut off, as OpenSSH's MaxAuthTries: enough for a
# person whose agent holds a few keys, not for trying a stolen collection.
MAX_KEY_ATTEMPTS = 6
# How often the open sessions' keys are checked against the staff: a person taken off the staff (or
# a key removed) loses their session within this time. One indexed query per open key.
STAFF_CHECK_SECONDS = 5.0
KEEPALIVE_SECONDS = 30  # a client that vanished (cable pulled) frees its session within ~90 s
STOP_GRACE_SECONDS = 6.0


class WorkstationServer:
    """What every connection shares: the database, the limits, the open sessions."""

    def __init__(self, database_url: str, idle_timeout: float, max_sessions: int, max_per_person: int) -> None:
        from atelier_tui.store.engine import make_engine

        self.database_url = database_url
        self.engine = make_engine(database_url)
        self.idle_timeout = idle_timeout
        self.max_sessions = max_sessions
        self.max_per_person = max_per_person
        self.sessions: set[WorkstationSession] = set()
        self._all_ended = asyncio.Event()
        self._all_ended.set()

    def sessions_of(self, login: str) -> int:
        return sum(1 for session in self.sessions if session.login == login)

    def admit(self, session: WorkstationSession) -> bool:
        if len(self.sessions) >= self.max_sessions or self.sessions_of(session.login) >= self.max_per_person:
            return False
        self.sessions.add(session)
        self._all_ended.clear()
        return True

    def release(self, session: WorkstationSession) -> None:
        self.sessions.discard(session)
        if not self.sessions:
            self._all_ended.set()

    async def owner_of(self, fingerprint: str) -> str | None:
        from atelier_tui.services.staff.keys import key_owner

        return await asyncio.to_thread(key_owner, self.engine, fingerprint)

    def _sessions_no_longer_allowed(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """(login, key fingerprint) of open sessions -> why that person may no longer be served."""
        from atelier_tui.services.staff.identity import who_is
        from atelier_tui.services.staff.keys import key_owner

        refused = {}
        for login, fingerprint in keys:
            if key_owner(self.engine, fingerprint) != login:
                refused[(login, fingerprint)] = (
                    _("{login} is no longer active staff").format(login=login) if who_is(self.engine, login) is None
                    else _("this key is no longer registered to {login}").format(login=login))
        return refused

    async def watch_staff(self) -> None:
        """Close the sessions of people taken off the staff, or of keys removed, since they connected:
        the server is a long-lived process, and a workstation acts for whoever it started for."""
        while True:
            await asyncio.sleep(STAFF_CHECK_SECONDS)
            open_keys = {(session.login, session.fingerprint) for session in self.sessions}
            if not open_keys:
                continue
            try:
                refused = await asyncio.to_thread(self._sessions_no_longer_allowed, open_keys)
            except Exception as error:  # noqa: BLE001  (the database away for a moment: check again next time)
                log.warning("could not check the open sessions against the staff: %s", error)
                continue
            for session in list(self.sessions):
                why = refused.get((session.login, session.fingerprint))
                if why:
                    log.info("closing %s's session: %s", session.login, why)
                    session.close_because(why)

    def workstation_arguments(self, login: str) -> list[str]:
        return ["--as", login]

    def workstation_environment(self, terminal_type: str, client: dict[str, str], connection: str) -> dict[str, str]:
        environment = {name: value for name, value in os.environ.items() if not name.startswith(_NOT_INHERITED_PREFIXES)}
        environment.update({name: client[name] for name in CLIENT_VARIABLES if name in client})
        # The database goes through the environment, not the command line, where `ps` would show
        # a PostgreSQL password to every account of the machine.
        environment["ATELIER_DATABASE_URL"] = self.database_url
        environment["TERM"] = terminal_type or "xterm-256color"
        environment["SSH_CONNECTION"] = connection  # the workstation's slow-link mode (slow_link.py)
        return environment

    def end_all(self) -> None:
        """At shutdown the clients are still there: each workstation ends as `q` would."""
        for session in list(self.sessions):
            session.hang_up(signal.SIGTERM)

    async def wait_all_ended(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self._all_ended.wait(), timeout)
        except TimeoutError:
            log.warning("%d session(s) still open at shutdown", len(self.sessions))


class KeyAuthenticator(asyncssh.SSHServer):
    """One per connection: public keys only, checked against the staff's registered keys."""

    def __init__(self, server: WorkstationServer) -> None:
        self._server = server
        self._peer = "?"
        self._refused: set[tuple[str, str]] = set()
        self._connection: asyncssh.SSHServerConnection | None = None
        self.owner: str | None = None
        self.fingerprint = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._connection = conn
        host, port = (conn.get_extra_info("peername") or ("?", 0))[:2]
        self._peer = f"{host}:{port}"

    def connection_lost(self, exc: Exception | None) -> None:
        if self.owner:
            log.info("%s disconnected (%s)", self.owner, self._peer)

    def begin_auth(self, username: str) -> bool:
        return True  # every user must authenticate

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    async def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        fingerprint = key.get_fingerprint("sha256")
        if len(self._refused) >= MAX_KEY_ATTEMPTS:
            return False  # the connection is being cut off (below)
        owner = await self._server.owner_of(fingerprint)
        if owner == username:
            if self.owner != owner:
                log.info("%s connected from %s with key %s", owner, self._peer, fingerprint)
            self.owner, self.fingerprint = owner, fingerprint
            return True
        if (username, fingerprint) not in self._refused:  # a client offers a key twice (query, then signature)
            self._refused.add((username, fingerprint))
            why = "no staff member has this key" if owner is None else f"the key is {owner}'s"
            log.warning("refused %s for user '%s' from %s: %s", fingerprint, username, self._peer, why)
            if len(self._refused) >= MAX_KEY_ATTEMPTS and self._connection is not None:
                log.warning("disconnected %s: %d keys refused", self._peer, MAX_KEY_ATTEMPTS)
                self._connection.disconnect(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                                            f"Too many authentication failures ({MAX_KEY_ATTEMPTS} keys refused)")
        return False

    def session_requested(self) -> WorkstationSession:
        assert self.owner is not None  # asyncssh opens sessions only after authentication
        return WorkstationSession(self._server, self.owner, self.fingerprint)

    # Forwarding of every kind is refused: the server gives a workstation, not a network path.
    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        log.warning("refused a forwarding to %s:%s for %s", dest_host, dest_port, self.owner)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log.warning("refused a remote forwarding on %s:%s for %s", listen_host, listen_port, self.owner)
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


class WorkstationSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """One SSH session channel: a workstation on a pty for a shell request with a terminal; a
    one-line refusal for anything else."""

    def __init__(self, server: WorkstationServer, login: str, fingerprint: str) -> None:
        self._server = server
        self.login = login
        self.fingerprint = fingerprint  # of the key it authenticated with, checked while it is open
        self._closed_because = ""
        self._channel: Any = None
        self._terminal: tuple[str, int, int] | None = None
        self._command: str | None = None
        self._process: PtyProcess | None = None
        self._last_input = time.monotonic()
        self._shown = False
        self._idle_closed = False
        self._open = True
        self._ended = False

    def connection_made(self, chan: Any) -> None:
        self._channel = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self._terminal = (term_type, term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self._command = command  # accepted only to say why it is refused (session_started)
        return True

    def subsystem_requested(self, subsystem: str) -> bool:
        log.warning("refused subsystem '%s' for %s", subsystem, self.login)
        return False

    def session_started(self) -> None:
        if self._command is not None:
            log.warning("refused command %r for %s", self._command, self.login)
            self._refuse(_("atelier: this server opens the workstation only; commands are refused"), 1)
        elif self._terminal is None:
            self._refuse(_("atelier needs a terminal: connect with `ssh -t`"), 2)
        elif not self._server.admit(self):
            mine = self._server.sessions_of(self.login)
            if mine >= self._server.max_per_person:
                log.warning("refused a session for %s: %d of theirs open", self.login, mine)
                self._refuse(_("atelier: {login} already has {count} sessions open on this server; close one first")
                             .format(login=self.login, count=mine), 1)
            else:
                log.warning("refused a session for %s: %d sessions open", self.login, self._server.max_sessions)
                self._refuse(_("atelier: this server already has {count} sessions open; try again in a moment").format(
                    count=self._server.max_sessions), 1)
        else:
            self._start_workstation()

    def _start_workstation(self) -> None:
        assert self._terminal is not None
        terminal_type, columns, rows = self._terminal
        local = self._channel.get_extra_info("sockname") or ("", 0)
        peer = self._channel.get_extra_info("peername") or ("", 0)
        connection = f"{peer[0]} {peer[1]} {local[0]} {local[1]}"
        environment = self._server.workstation_environment(terminal_type, dict(self._channel.get_environment()), connection)
        self._process = PtyProcess(self._write, self._workstation_ended)
        try:
            self._process.start(launch, self._server.workstation_arguments(self.login), environment, columns, rows)
        except OSError as error:
            log.error("could not start a workstation for %s: %s", self.login, error)
            self._server.release(self)
            self._refuse(_("atelier: the workstation could not start; the server's log says why"), 1)
            return
        self._watch_idleness()

    def _watch_idleness(self) -> None:
        if self._ended:
            return
        idle_for = time.monotonic() - self._last_input
        if idle_for >= self._server.idle_timeout:
            self._idle_closed = True
            log.info("closing %s's session: no key pressed for %.0f s", self.login, idle_for)
            self.hang_up(signal.SIGTERM)
            return
        asyncio.get_running_loop().call_later(self._server.idle_timeout - idle_for, self._watch_idleness)

    def close_because(self, why: str) -> None:
        """End the workstation as `q` would, and tell the person why once the terminal is theirs again."""
        self._closed_because = why
        self.hang_up(signal.SIGTERM)

    def _write(self, data: bytes) -> None:
        if not self._shown:
            # Idleness counts from the first screen: the time the workstation takes to start (long on
            # a busy server) is not time the person left it without a key.
            self._shown = True
            self._last_input = time.monotonic()
        if self._open:
            self._channel.write(data)

    def _workstation_ended(self, returncode: int) -> None:
        self._ended = True
        self._server.release(self)
        if not self._open:
            return
        if returncode < 0:  # ended by a signal, the workstation could not restore the terminal
            self._channel.write(TERMINAL_RESET)
        if self._idle_closed:
            minutes = self._server.idle_timeout / 60
            self._channel.write_stderr(("\r\n" + _("atelier: session closed after {minutes:g} min without a key pressed")
                                        .format(minutes=round(minutes, 1)) + "\r\n").encode())
        elif self._closed_because:
            self._channel.write_stderr(("\r\n" + _("atelier: session closed: {why}").format(why=self._closed_because)
                                        + "\r\n").encode())
        self._channel.exit(returncode if returncode >= 0 else 1)

    def _refuse(self, message: str, status: int) -> None:
        self._channel.write_stderr((message + "\r\n").encode())
        self._channel.exit(status)

    def hang_up(self, sig: int = signal.SIGHUP) -> None:
        if self._process is not None:
            self._process.hang_up(sig)

    def data_received(self, data: bytes, datatype: Any) -> None:
        self._last_input = time.monotonic()
        if self._process is not None:
            self._process.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if self._process is not None:
            self._process.resize(width, height, pixwidth, pixheight)

    def pause_writing(self) -> None:
        if self._process is not None:
            self._process.pause_output()

    def resume_writing(self) -> None:
        if self._process is not None:
            self._process.resume_output()

    def eof_received(self) -> bool:
        self.hang_up()
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        self._open = False
        if self._process is None:
            return
        self.hang_up()
