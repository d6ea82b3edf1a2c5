"""One rule for a real part a test needs (a PostgreSQL server, sshd, CUPS, pdftoppm) that the machine
lacks: in CI (CI=true) the test fails, since .ci/run installs every part; on a developer's machine
it is skipped with the message, which says what to install."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def missing(message: str) -> NoReturn:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
