"""`--listen HOST:PORT` of `atelier serve ssh|web`: a host and a port, both written out."""

import pytest

from atelier_tui.remote.listen import ListenAddress, ListenError, parse_listen


@pytest.mark.parametrize(("text", "expected"), [
    ("127.0.0.1:2222", ListenAddress("127.0.0.1", 2222)),
    ("0.0.0.0:8000", ListenAddress("0.0.0.0", 8000)),
    ("[::1]:2222", ListenAddress("::1", 2222)),
    ("workshop-server:65535", ListenAddress("workshop-server", 65535)),
])
def test_an_address_and_a_port(text: str, expected: ListenAddress) -> None:
    assert parse_listen(text) == expected


def test_an_ipv6_address_is_shown_in_brackets() -> None:
    assert str(parse_listen("[::1]:2222")) == "[::1]:2222"


@pytest.mark.parametrize(("text", "message"), [
    ("2222", "--listen: '2222' is not HOST:PORT (for example 127.0.0.1:2222)"),
    (":2222", "--listen: ':2222' is not HOST:PORT (for example 127.0.0.1:2222)"),
    ("localhost:ssh", "--listen: 'ssh' is not a port (1 to 65535)"),
    ("localhost:0", "--listen: '0' is not a port (1 to 65535)"),
    ("localhost:70000", "--listen: '70000' is not a port (1 to 65535)"),
])
def test_anything_else_is_one_line_naming_the_option(text: str, message: str) -> None:
    with pytest.raises(ListenError) as refused:
        parse_listen(text)
    assert str(refused.value) == message
