"""The `--listen HOST:PORT` of the servers, read once and refused in one line naming the option."""

from __future__ import annotations

from dataclasses import dataclass


class ListenError(ValueError):
    pass


@dataclass(frozen=True)
class ListenAddress:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_listen(text: str) -> ListenAddress:
    """`127.0.0.1:2222`, `[::1]:2222` or `0.0.0.0:8000`: a host and a port are both required, so
    that listening beyond this machine is always written out."""
    host, colon, port_text = text.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host:
        raise ListenError(f"--listen: '{text}' is not HOST:PORT (for example 127.0.0.1:2222)")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ListenError(f"--listen: '{port_text}' is not a port (1 to 65535)")
    return ListenAddress(host, int(port_text))
