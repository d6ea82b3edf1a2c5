"""The gate of the views that read the workshop as soon as they open (dashboard, planner, audit,
staff): on a database not initialised or not at the schema's newest revision they say to run
`atelier init`, rather than fail on a table that is not there.

A view's loader is wrapped with `behind_schema_gate` (checked in the worker, with the load), and
its status line is a `SchemaGate`, which says so when the load came back stopped."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from textual.widgets import Static

from atelier_tui.i18n import N_, _

NOT_UP_TO_DATE = N_("This database is not initialised or not up to date: run `atelier init`.")


class _Stopped:
    """What a gated loader returns in place of its data when the database is not up to date."""


STOPPED = _Stopped()


def behind_schema_gate(load: Callable[..., Any]) -> Callable[..., Any]:
    """`load(context, …)` run only on an up-to-date database; STOPPED otherwise."""

    @functools.wraps(load)
    def gated(context: Any, *args: Any, **kwargs: Any) -> Any:
        from atelier_tui.store.schema import schema_state

        if not schema_state(context.database()).up_to_date:
            return STOPPED
        return load(context, *args, **kwargs)

    return gated


class SchemaGate(Static):
    """A view's status line, which is also its schema gate."""

    def stops(self, loaded: Any) -> bool:
        """True, having said to run `atelier init`, when the gated load found the database not up to date."""
        if loaded is STOPPED:
            self.update(_(NOT_UP_TO_DATE))
            return True
        return False
