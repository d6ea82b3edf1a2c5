"""The SSH server's host key: generated once, on first start, and kept in the data folder, so that
clients that trusted it once keep trusting it (a new key at each start would make every client warn
of a man in the middle, and train people to ignore that warning)."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any


class HostKeyError(Exception):
    """A host key that cannot be used, as one line naming the file."""


def load_or_create_host_key(path: Path) -> Any:
    """The private host key at `path`, created (ed25519, readable by its owner only) when missing."""
    from atelier_tui.quiet_asyncssh import asyncssh

    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = asyncssh.generate_private_key("ssh-ed25519", comment="atelier serve ssh")
        # O_EXCL: two servers starting at once must not both write a key, one over the other.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create_host_key(path)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key.export_private_key())
        path.with_name(path.name + ".pub").write_bytes(key.export_public_key())
        return key
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise HostKeyError(f"host key {path}: readable by other accounts; `chmod 600 {path}`, or delete it to make a new one")
    try:
        return asyncssh.read_private_key(path)
    except (OSError, ValueError, asyncssh.KeyImportError) as error:
        raise HostKeyError(f"host key {path}: {error}; delete it to make a new one (clients will be warned)") from None
