"""`atelier doctor [--json]`: whether this installation enforces the workshop's roles.

Roles hold only where people cannot write the database themselves. A SQLite file that accounts
other than its owner may write (the shared-file set-up) lets any of them change anything in it,
roles and the audit trail included: atelier's permission checks are then advisory. Exit 0 when
nothing is at risk, 1 when something is (a well-formed question answered "no")."""

from __future__ import annotations

import sys

import click

from atelier_tui.cli.common import EXIT_NO, engine_of
from atelier_tui.cli.output import echo, echo_json
from atelier_tui.cli.values import ValueCommand
from atelier_tui.i18n import _


@click.command(cls=ValueCommand)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def doctor(ctx: click.Context, as_json: bool) -> None:
    """Check that the database is reached only as the enforced set-up intends.

    Example: atelier doctor --json"""
    from atelier_tui.store.file_access import owner_of, sqlite_path, writable_beyond_owner

    engine = engine_of(ctx, existing=True)
    database = sqlite_path(engine.url.render_as_string(hide_password=False))
    exposed = writable_beyond_owner(database) if database is not None else []
    if as_json:
        echo_json({
            "database": engine.url.render_as_string(hide_password=True),
            "backend": engine.url.get_backend_name(),
            "roles_enforced": not exposed if database is not None else None,
            "writable_beyond_owner": [{"path": str(entry.path), "owner": entry.owner, "group": entry.group,
                                       "everyone": entry.everyone} for entry in exposed],
        })
        sys.exit(EXIT_NO if exposed else 0)
    echo(_("database: {url}").format(url=engine.url.render_as_string(hide_password=True)))
    if database is None:
        echo(_("PostgreSQL: roles hold when people reach atelier only through the gateway or `atelier serve ssh`, "
               "and any database role of their own may only read (docs/postgresql.md)"))
        return
    for entry in exposed:
        if entry.everyone:
            who = _("every account on this machine")
        else:
            who = _("the group '{group}'").format(group=entry.group)
        echo(_("! {path} (owner {owner}) can be written by {who}").format(path=entry.path, owner=entry.owner, who=who))
    if exposed:
        echo(_("roles are advisory here: whoever can write the database can change anything in it, their own role "
               "and the audit trail included. Enforced set-up: the database and its folder owned by the gateway "
               "account, mode 600 and 700, reached only through the gateway or `atelier serve ssh` (docs/security.md)"))
        sys.exit(EXIT_NO)
    echo(_("roles are enforced: only {owner} can write the database").format(owner=owner_of(database)))
