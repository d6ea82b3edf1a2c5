"""`atelier serve web`: the workstation in a browser, through textual-serve (docs/remote.md).

textual-serve answers the page and, for each browser tab's websocket, starts one process through
the shell and speaks to it over that process's stdin and stdout (textual's WebDriver, chosen by the
TEXTUAL_DRIVER it sets). That process is this module run as a program:

    python -m atelier_tui.remote.web_server --db URL --readonly      (or --as LOGIN)

because `atelier` itself refuses to start without a terminal, and a tab's workstation must also end
when its server is gone. textual-serve has no authentication: whoever reaches the address gets the
workstation, so it listens on this machine unless told otherwise, answers only the addresses it is
reached at and pages it served itself (web_origins.py), and opens at most `--max-tabs` tabs at once
(each is a whole `atelier` process, about 75 MiB)."""

from __future__ import annotations

import asyncio
import logging
import os
import shlex
import signal
import socket
import sys
from typing import Any

from atelier_tui.errors import EXIT_BAD_INPUT
from atelier_tui.i18n import _
from atelier_tui.remote.listen import ListenAddress

STOP_SECONDS = 5.0  # how long the open tabs get to close their workstation when the server stops
WEB_DRIVER = "textual.drivers.web_driver:WebDriver"  # what textual-serve gives each tab's process
TRY_AGAIN_LATER = 1013  # the websocket close code for a server that is full
log = logging.getLogger("atelier.serve.web")


def session_command(database_url: str, acting_for: str | None) -> str:
    """The shell command textual-serve runs for each tab."""
    from sqlalchemy.engine import make_url

    if make_url(database_url).password:
        # Any local account can read a command line (ps): a password goes through the environment,
        # which textual-serve copies into every tab's process.
        os.environ["ATELIER_DATABASE_URL"] = database_url
        database = []
    else:
        database = ["--db", database_url]
    who = ["--as", acting_for] if acting_for else ["--readonly"]
    # textual-serve runs the command through a shell: `exec` makes that shell the workstation, one
    # process per tab rather than two.
    return "exec " + shlex.join([sys.executable, "-m", __name__, *database, *who])


def serve_web(database_url: str, listen: ListenAddress, acting_for: str | None, public_url: str | None,
              max_tabs: int) -> None:
    """Serve until ctrl+c or SIGTERM; an address that cannot be listened on is one line, exit 2."""
    # Imported here, not above: every tab's process runs this module too, and needs no web server.
    from aiohttp import web
    from textual_serve.server import Server

    from atelier_tui.remote.web_origins import RequestCheck

    check = RequestCheck(listen.host, listen.port, public_url)

    def tabs_full_message() -> str:
        return _("atelier: {count} tabs are open, the most this server allows (--max-tabs); close one, then reload "
                 "this page").format(count=max_tabs)

    @web.middleware
    async def answer_known_hosts_only(request: web.Request, handler: Any) -> web.StreamResponse:
        if not check.host_allowed(request.host):
            log.warning("refused a request for Host '%s' (%s)", request.host, request.remote)
            raise web.HTTPMisdirectedRequest(text=_(
                "atelier: this server does not answer to '{host}'; open the address it was started for, or start "
                "it with --public-url").format(host=request.host))
        return await handler(request)  # type: ignore[no-any-return]

    class WebServer(Server):
        def __init__(self) -> None:
            # textual-serve appends "/ws" to the public URL: a trailing slash would make it "//ws".
            super().__init__(session_command(database_url, acting_for), host=listen.host, port=listen.port,
                             title="atelier", public_url=public_url.rstrip("/") if public_url else None)
            self.listening = False
            self.sessions: set[asyncio.Task[Any]] = set()

        def initialize_logging(self) -> None:
            # As every atelier command (errors.run_guarded): warnings and errors, no line per request.
            logging.basicConfig(level=logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            """textual-serve prints its banner here, before the address is bound: `announce` says it after."""

        def announce(self, *_ignored: object) -> None:
            self.listening = True
            # Listening on every interface, the machine's name is what a browser elsewhere would use.
            reachable = ListenAddress(socket.gethostname(), listen.port) if listen.host in ("0.0.0.0", "::") else listen
            url = public_url or f"http://{reachable}/"
            line = (_("atelier in a browser at {url} (listening on {address}), acting for {login}; ctrl+c stops")
                    if acting_for else
                    _("atelier in a browser at {url} (listening on {address}), read-only; ctrl+c stops"))
            print(line.format(url=url, address=listen, login=acting_for), flush=True)

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(answer_known_hosts_only)
            return app  # type: ignore[no-any-return]

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            if len(self.sessions) >= max_tabs:
                raise web.HTTPServiceUnavailable(text=tabs_full_message())
            if public_url is None:
                # textual-serve writes its listen address into the page as the websocket's address,
                # which a browser elsewhere cannot use (0.0.0.0), nor any browser for IPv6 (no
                # brackets): the address this browser used works. Nothing awaits in between.
                self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)  # type: ignore[no-any-return]

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            # A browser names the page that opens a websocket (Origin): a page of another site would
            # otherwise drive the workstation of whoever visits it. textual-serve checks nothing.
            # Scheme, host and port: a page on another port of this machine is another site.
            origin = request.headers.get("Origin")
            if not check.origin_allowed(origin, request.host):
                log.warning("refused a websocket opened by the page of %s (%s)", origin, request.remote)
                raise web.HTTPForbidden(text="cross-site websocket refused")
            if len(self.sessions) >= max_tabs:
                return await self.refuse_tab(request)
            task = asyncio.current_task()
            assert task is not None
            self.sessions.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(task)

        async def refuse_tab(self, request: web.Request) -> web.WebSocketResponse:
            """One tab too many: the page's terminal shows why, and the websocket closes saying it."""
            log.warning("refused a tab (%s): %d open", request.remote, max_tabs)
            websocket = web.WebSocketResponse()
            await websocket.prepare(request)
            message = tabs_full_message()
            await websocket.send_bytes(f"\r\n{message}\r\n".encode())
            await websocket.close(code=TRY_AGAIN_LATER, message=f"too many tabs ({max_tabs}, --max-tabs)".encode())
            return websocket

        async def on_shutdown(self, app: web.Application) -> None:
            # An open tab would keep aiohttp waiting for its handler; cancelled, textual-serve's handler
            # tells the tab's workstation to quit and waits for it to end. A tab still starting takes
            # a few seconds; past STOP_SECONDS (and aiohttp's own second) the server exits anyway, and
            # the tab ends when its pipe closes (SessionDriver below).
            for task in self.sessions:
                task.cancel()
            if self.sessions:
                await asyncio.wait(set(self.sessions), timeout=STOP_SECONDS)

        def serve(self, debug: bool = False) -> None:
            # textual-serve's own serve() prints nothing once bound (`print=`), which `announce` needs.
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, self.request_exit)
            try:
                web.run_app(self._make_app(), host=self.host, port=self.port, loop=loop, handle_signals=False,
                            access_log=None, print=self.announce, shutdown_timeout=1.0)
            except OSError as error:
                if self.listening:
                    raise
                # Binding the address: in use, not this machine's, not allowed, or a name that does not resolve.
                reason = os.strerror(error.errno) if error.errno and error.errno > 0 else (error.strerror or str(error))
                print(_("cannot listen on {address}: {reason}").format(address=listen, reason=reason), file=sys.stderr)
                sys.exit(EXIT_BAD_INPUT)

    WebServer().serve()


def run_session(arguments: list[str]) -> None:
    """One browser tab's workstation, on the pipes of the server that started it."""
    from atelier_tui.launch import workstation_options

    options = workstation_options(arguments)
    if options is None or os.environ.get("TEXTUAL_DRIVER") != WEB_DRIVER:
        print(_("this is a browser tab's workstation, started by `atelier serve web`; in a terminal, run `atelier`"),
              file=sys.stderr)
        sys.exit(EXIT_BAD_INPUT)
    # Out of the process group of the server's terminal: a ctrl+c there stops the server, which
    # quits each tab through its pipe, rather than killing tabs still starting (an error logged each).
    os.setpgrp()
    from textual.drivers.web_driver import WebDriver

    from atelier_tui.tui.workstation import run_workstation

    class SessionDriver(WebDriver):
        def run_input_thread(self) -> None:
            super().run_input_thread()
            if not self.exit_event.is_set():
                # The pipe closed without a "quit": the server was killed. textual's driver
                # would keep the workstation running for no one.
                self._app.call_from_thread(self._app.exit)

    sys.exit(run_workstation(options["db"], readonly=bool(options["readonly"]),  # type: ignore[arg-type]
                             acting_for=options["acting_for"], on_terminal=False, driver_class=SessionDriver))  # type: ignore[arg-type]


if __name__ == "__main__":
    run_session(sys.argv[1:])
