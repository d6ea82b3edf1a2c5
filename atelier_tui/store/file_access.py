"""Who besides its owner can write a SQLite database: the file, its -wal and -shm side files, and the
folder they live in (whoever can write the folder can replace the file). Facts only; what they mean
for the workshop's roles is the installation check's to say."""

from __future__ import annotations

import grp
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


@dataclass(frozen=True)
class WritableBeyondOwner:
    path: Path
    owner: str
    group: str | None  # the group that may write it, when the group bits allow
    everyone: bool  # the "other" write bit


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _name_of_user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def _name_of_group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def owner_of(path: Path) -> str:
    return _name_of_user(path.stat().st_uid)


def writable_beyond_owner(database: Path) -> list[WritableBeyondOwner]:
    """Each of the database, its side files and its folder that an account other than its owner may
    write through the permission bits, in that order."""
    found = []
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"), database.parent):
        try:
            status = path.stat()
        except OSError:
            continue
        group_writes = bool(status.st_mode & stat.S_IWGRP)
        everyone_writes = bool(status.st_mode & stat.S_IWOTH)
        if path.is_dir() and everyone_writes and status.st_mode & stat.S_ISVTX:
            everyone_writes = False  # a sticky folder (/tmp): others may add files, not replace this one
        if group_writes or everyone_writes:
            found.append(WritableBeyondOwner(path, _name_of_user(status.st_uid),
                                             _name_of_group(status.st_gid) if group_writes else None, everyone_writes))
    return found
