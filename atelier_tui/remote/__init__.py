"""Serving the workstation to other machines: the built-in SSH server and the browser view. Each
remote session is its own `atelier` process; nothing here touches the database except through
services."""


class ServeError(Exception):
    """A server that cannot start (address in use, unusable host key), as one line for the user."""
