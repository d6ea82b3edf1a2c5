"""Which Host and Origin `atelier serve web` answers, for each way it may be started: on this
machine only, on every interface, behind a proxy (--public-url). The server itself is tested end to
end in tests/e2e/test_serve_web.py."""

from __future__ import annotations

import socket

import pytest

from atelier_tui.remote.web_origins import PublicUrlError, RequestCheck, public_origin


def test_on_this_machine_only_its_loopback_names_with_the_port_are_answered() -> None:
    check = RequestCheck("127.0.0.1", 8000, None)
    for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST:8000", "[::1]:8000"):
        assert check.host_allowed(host), host
    for host in ("127.0.0.1:8001", "127.0.0.1", "rebound.example:8000", "192.168.1.20:8000", "", "127.0.0.1:x",
                 "user@127.0.0.1:8000"):
        assert not check.host_allowed(host), host


def test_on_every_interface_this_machines_names_and_any_address_are_answered_not_other_names() -> None:
    check = RequestCheck("0.0.0.0", 8000, None)
    for host in (f"{socket.gethostname()}:8000", "192.168.1.20:8000", "[fe80::1]:8000", "localhost:8000"):
        assert check.host_allowed(host), host
    for host in ("rebound.example:8000", "192.168.1.20:8001"):
        assert not check.host_allowed(host), host


def test_the_origin_must_be_the_page_served_scheme_host_and_port() -> None:
    check = RequestCheck("127.0.0.1", 8000, None)
    assert check.origin_allowed("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert check.origin_allowed(None, "127.0.0.1:8000")  # not a browser
    for origin in ("http://127.0.0.1:8001", "https://127.0.0.1:8000", "http://localhost:8000", "null", "http://127.0.0.1:x"):
        assert not check.origin_allowed(origin, "127.0.0.1:8000"), origin


def test_behind_a_proxy_the_public_address_is_the_one_origin() -> None:
    check = RequestCheck("127.0.0.1", 8000, "https://atelier.example/")
    assert check.host_allowed("atelier.example") and check.host_allowed("atelier.example:443")
    assert check.host_allowed("127.0.0.1:8000")  # a proxy that passes its upstream's address
    assert check.origin_allowed("https://atelier.example", "atelier.example")
    assert not check.origin_allowed("http://atelier.example", "atelier.example")
    assert not check.origin_allowed("https://atelier.example:8443", "atelier.example")
    with pytest.raises(PublicUrlError, match=r"--public-url: 'atelier\.example' is not an http:// or https:// address"):
        public_origin("atelier.example")
