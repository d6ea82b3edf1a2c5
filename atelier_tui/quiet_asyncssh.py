"""asyncssh, imported without the deprecation warnings its dependency prints on the user's terminal.

Newer `cryptography` releases warn (CryptographyDeprecationWarning, a UserWarning: shown by
default) each time asyncssh names an algorithm they deprecate, such as DSA: ten lines on stderr of
`atelier serve ssh` and `atelier staff add-key`, about nothing a user can act on. The filter is
narrow: that category, raised from asyncssh's own modules; any other warning still shows.
Import asyncssh as `from atelier_tui.quiet_asyncssh import asyncssh`."""

from __future__ import annotations

import warnings

from cryptography.utils import CryptographyDeprecationWarning

# Installed for the process, not only around the import: asyncssh also names these algorithms
# when it loads or generates keys.
warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning, module=r"asyncssh(\.|$)")

import asyncssh  # noqa: E402  (after the filter, on purpose)

__all__ = ["asyncssh"]
