"""`atelier serve ssh|web`: the workstation served to other machines (docs/remote.md).

    atelier serve ssh [--listen 127.0.0.1:2222] [--idle-timeout 30] [--max-sessions 20] [--max-sessions-per-person 3]
    atelier [--as LOGIN] serve web [--listen 127.0.0.1:8000] [--public-url URL] [--max-tabs 8]

Both run until interrupted (ctrl+c or SIGTERM) and start one `atelier` process per session."""

from __future__ import annotations

import click

from atelier_tui.cli.common import engine_of, fail, ready, require_up_to_date
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _


def _listen(text: str):  # type: ignore[no-untyped-def]
    from atelier_tui.remote.listen import ListenError, parse_listen

    try:
        return parse_listen(text)
    except ListenError as error:
        fail(str(error))


@click.group(cls=ValueGroup)
def serve() -> None:
    """Serve the workstation to other machines: over SSH with per-person keys, or to a browser."""


@serve.command("ssh")
@click.option("--listen", "listen_text", default="127.0.0.1:2222", show_default=True, metavar="HOST:PORT")
@click.option("--idle-timeout", type=click.FloatRange(0.01, 24 * 60), default=30, show_default=True, metavar="MINUTES",
              help="Close a session after this long without a key pressed.")
@click.option("--max-sessions", type=click.IntRange(1, 500), default=20, show_default=True,
              help="Sessions open at once; one more is told to come back later.")
@click.option("--max-sessions-per-person", "max_per_person", type=click.IntRange(1, 500), default=3, show_default=True,
              help="Sessions one person may have open at once; one more is told to close one first.")
@click.pass_context
def serve_ssh_command(ctx: click.Context, listen_text: str, idle_timeout: float, max_sessions: int,
                      max_per_person: int) -> None:
    """An SSH server for the staff's registered keys (`atelier staff add-key`): each connection gets
    its own workstation, acting as the key's owner; no shell, no commands, no forwarding.

    Example: atelier serve ssh --listen 0.0.0.0:2222"""
    from atelier_tui.remote import ServeError
    from atelier_tui.remote.ssh_serving import serve_ssh
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.identity import os_account, require_gateway
    from atelier_tui.store.location import data_dir

    listen = _listen(listen_text)
    engine = engine_of(ctx, existing=True)
    if ctx.find_root().obj.get("acting_for"):
        fail(_("--as: the SSH server acts for each key's owner; start it without --as"))
    require_up_to_date(engine)  # not require_schema: a gateway alone is nobody, it only serves
    try:
        require_gateway(engine, os_account())
    except ServiceError as refused:
        fail(str(refused))
    try:
        serve_ssh(engine.url.render_as_string(hide_password=False), listen, idle_timeout * 60.0, max_sessions,
                  max_per_person, data_dir() / "ssh_host_ed25519_key")
    except ServeError as error:
        fail(str(error))


@serve.command("web")
@click.option("--listen", "listen_text", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT")
@click.option("--public-url", default=None, metavar="URL",
              help="The address browsers use, when behind a reverse proxy (https://atelier.example/).")
# Each tab is a workstation process (25 read-only tabs took 1.8 GiB).
@click.option("--max-tabs", type=click.IntRange(1, 200), default=8, show_default=True,
              help="Browser tabs open at once (each is a workstation process); one more is told to close one.")
@click.pass_context
def serve_web_command(ctx: click.Context, listen_text: str, public_url: str | None, max_tabs: int) -> None:
    """The workstation in a browser, one process per browser tab: read-only, unless started for a
    staff member (`atelier --as LOGIN serve web` from a gateway account). No authentication of its
    own: keep it on this machine, the workshop's network, or behind an authenticating proxy.

    Example: atelier serve web --listen 127.0.0.1:8000 --public-url https://atelier.example.org"""
    from atelier_tui.remote.web_origins import PublicUrlError, public_origin
    from atelier_tui.remote.web_server import serve_web

    listen = _listen(listen_text)
    if public_url is not None:
        try:
            public_origin(public_url)
        except PublicUrlError as error:
            fail(str(error))
    root = ctx.find_root()
    engine = ready(ctx)
    serve_web(engine.url.render_as_string(hide_password=False), listen, root.obj.get("acting_for"), public_url,
              max_tabs)
