"""Imported once by the SSH server's fork server (workstation_launcher.py), never by a workstation
itself: everything a session loads before and just after its first screen, so that each forked
session finds it already in memory. Nothing here opens a database or a terminal: those belong to
each session."""

import gc
import importlib
import pkgutil

import sqlalchemy.dialects.sqlite  # noqa: F401
import sqlmodel  # noqa: F401
import textual.app
import textual.command
import textual.drivers.linux_driver  # noqa: F401

import atelier_tui.launch
import atelier_tui.services
import atelier_tui.store
import atelier_tui.tui.app
import atelier_tui.tui.screens
from atelier_tui.domain.units import registry

for package in (atelier_tui.tui.screens, atelier_tui.services, atelier_tui.store):
    for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(module.name)
registry()  # pint's unit registry, the slowest single thing a session builds
# Kept out of the collector's reach: a collection in a child would touch (and so copy) every page
# these objects live on, undoing the sharing.
gc.freeze()
