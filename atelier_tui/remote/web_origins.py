"""Which browser requests `atelier serve web` answers (docs/remote.md, "Which addresses").

A tab is a person's whole workstation, and textual-serve checks nothing, so two checks:

- the Host a request names must be an address this server is reached at: a name of an attacker's,
  pointed at this machine's address (DNS rebinding), names itself there and is refused;
- a websocket's Origin, when a browser sends one, must be the very page this server serves: same
  scheme, host and port (another port of this machine is another site, maybe someone else's).

The addresses: `--public-url`'s; the `--listen` host with its port; when listening on this machine
only, `localhost`, `127.0.0.1` and `[::1]` with that port too; when listening on every interface,
this machine's names (short and fully qualified) and any IP address, with that port (a browser
cannot put an IP address in the Host of a page it did not load from it, so IPs cannot be rebound).
Any other name needs `--public-url`."""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("0.0.0.0", "::", "")


class PublicUrlError(ValueError):
    pass


@dataclass(frozen=True)
class Origin:
    scheme: str
    host: str
    port: int


def _ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _is_loopback(host: str) -> bool:
    address = _ip(host)
    return host.lower() == "localhost" or (address is not None and address.is_loopback)


def public_origin(url: str) -> Origin:
    """The origin of `--public-url`; PublicUrlError (one line naming the option) when it has none."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise PublicUrlError(f"--public-url: '{url}' is not an http:// or https:// address (for example "
                             "https://atelier.example/)")
    return Origin(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme])


def _host_and_port(host_header: str) -> tuple[str, int | None] | None:
    try:
        parts = urlsplit("//" + host_header)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname or parts.username is not None or parts.path or parts.query:
        return None
    return parts.hostname, port


class RequestCheck:
    """The Host names and the Origin this server answers, from its `--listen` and `--public-url`."""

    def __init__(self, listen_host: str, listen_port: int, public_url: str | None) -> None:
        self.public = public_origin(public_url) if public_url else None
        self.listen_port = listen_port
        listen_host = listen_host.lower()
        self.any_ip = listen_host in WILDCARDS
        if self.any_ip:
            names = {socket.gethostname().lower(), socket.getfqdn().lower(), *LOOPBACK_NAMES}
        else:
            names = {listen_host, *(LOOPBACK_NAMES if _is_loopback(listen_host) else ())}
        self.places = {(name, listen_port) for name in names}
        if self.public is not None:
            self.places.add((self.public.host, self.public.port))

    def host_allowed(self, host_header: str) -> bool:
        found = _host_and_port(host_header)
        if found is None:
            return False
        host, port = found
        # Without a port, the Host names the default port of the scheme the browser used: an
        # HTTPS proxy in front, or plain HTTP.
        ports = (port,) if port is not None else (80, 443)
        if any((host, candidate) in self.places for candidate in ports):
            return True
        return self.any_ip and _ip(host) is not None and self.listen_port in ports

    def origin_allowed(self, origin: str | None, host_header: str) -> bool:
        """A websocket's Origin against the page it should come from. None (no Origin) is not a
        browser: no page of another site stands behind it."""
        if origin is None:
            return True
        try:
            parts = urlsplit(origin)
            port = parts.port
        except ValueError:
            return False
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return False  # "null": a sandboxed frame, a file
        seen = Origin(parts.scheme, parts.hostname, port or DEFAULT_PORTS[parts.scheme])
        if self.public is not None:
            return seen == self.public
        served = _host_and_port(host_header)
        # The page this server serves itself is plain HTTP, at the Host the browser asked for.
        return served is not None and seen == Origin("http", served[0], served[1] or 80)
