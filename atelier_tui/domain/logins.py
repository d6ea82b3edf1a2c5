"""What a staff login may be. A login is matched to an OS account (the process's user) and an SSH
user name, lands in file names and command lines, and is what the audit names: so it is a portable
POSIX account name (lower-case letters, digits, `_`, `.`, `-`; a letter or `_` first; at most 32
characters, as useradd accepts by default), and no two logins of a workshop may differ only in case
or in how Unicode writes the same letters (`TMOREAU` beside `tmoreau`), which a reader of the audit
could not tell apart."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

LOGIN_PATTERN = re.compile(r"[a-z_][a-z0-9_.-]{0,31}")
MAX_LOGIN_LENGTH = 32


def login_fault(login: str) -> str | None:
    """None for a valid login, else a code: "empty", "too_long", "pattern"."""
    if not login:
        return "empty"
    if len(login) > MAX_LOGIN_LENGTH:
        return "too_long"
    if LOGIN_PATTERN.fullmatch(login) is None:
        return "pattern"
    return None


def folded(login: str) -> str:
    """The form two logins a person would read as the same share."""
    return unicodedata.normalize("NFKC", login).casefold()


def confusable_with(login: str, others: Iterable[str]) -> str | None:
    """Another login (not `login` itself) that reads the same as `login`, if any."""
    mine = folded(login)
    for other in others:
        if other != login and folded(other) == mine:
            return other
    return None
