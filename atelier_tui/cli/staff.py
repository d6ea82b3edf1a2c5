"""`atelier whoami` and `atelier staff ...`: who atelier thinks you are, who may use it, and their SSH keys.

    atelier whoami [--json]
    atelier staff list [--all] [--json]
    atelier staff add LOGIN --name "Full name" --role technician|lead|admin|gateway [--level 1-3] [--site CODE]
    atelier staff remove LOGIN --reason TEXT
    atelier staff add-key LOGIN KEYFILE          (KEYFILE: a .pub file, or - for standard input)
    atelier staff keys [LOGIN] [--json]
    atelier staff remove-key FINGERPRINT --reason TEXT
"""

from __future__ import annotations

import sys
from dataclasses import asdict

import click

from atelier_tui.cli.common import acting_person, identity_of, now, ready, refuse, refusing
from atelier_tui.cli.output import echo, echo_json, echo_table
from atelier_tui.cli.values import ValueCommand, ValueGroup
from atelier_tui.i18n import _
from atelier_tui.services.permissions import ROLES


@click.command(cls=ValueCommand)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def whoami(ctx: click.Context, as_json: bool) -> None:
    """Print who atelier thinks you are, and your role.

    Example: atelier whoami --json"""
    engine = ready(ctx)
    identity = identity_of(engine)
    if as_json:
        echo_json({"login": identity.login, "name": identity.display_name, "role": identity.role,
                         "account": identity.account, "bootstrap": identity.bootstrap}, indent=None)
        return
    line = _("{name} ({login}), {role}").format(name=identity.display_name, login=identity.login, role=_(identity.role))
    if identity.account != identity.login:
        line += " " + _("through the gateway account '{account}'").format(account=identity.account)
    echo(line)
    if identity.bootstrap:
        echo(_("No staff is registered yet: this account administers the workshop until its people are registered "
               "(`atelier staff add` or `atelier import`)."))


@click.group(cls=ValueGroup)
def staff() -> None:
    """The workshop's people: who may use atelier, with which role, and their SSH keys."""


@staff.command("list")
@click.option("--all", "every", is_flag=True, help="Also those taken off the staff.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def staff_list(ctx: click.Context, every: bool, as_json: bool) -> None:
    """Every registered person: login, name, role, level.

    Example: atelier staff list --all"""
    from atelier_tui.services.staff.people import list_staff_entries

    engine = ready(ctx)
    entries = list_staff_entries(engine, include_inactive=every)
    if as_json:
        echo_json([asdict(entry) for entry in entries])
        return
    echo_table([_("login"), _("name"), _("role"), _("level"), ""],
               [[entry.login, entry.display_name, _(entry.role), str(entry.level), "" if entry.active else _("(taken off)")]
                for entry in entries])


@staff.command("add")
@click.argument("login")
@click.option("--name", "display_name", required=True, help="Full name as shown on screens and sheets.")
@click.option("--role", type=click.Choice(ROLES), required=True)
@click.option("--level", type=click.IntRange(1, 3), default=1, show_default=True, help="Technical level, 1 to 3.")
@click.option("--site", "site_code", default=None, help="Site code, when the workshop has several.")
@click.pass_context
def staff_add(ctx: click.Context, login: str, display_name: str, role: str, level: int, site_code: str | None) -> None:
    """Register LOGIN (the person's OS login, or the staff name of an SSH key) with a role. Admins only.

    Example: atelier staff add slefevre --name "Sophie Lefèvre" --role technician --level 2"""
    from atelier_tui.services.staff.people import add_staff

    engine = ready(ctx)
    with refusing({"login": "LOGIN", "name": "--name", "role": "--role", "level": "--level", "site": "--site"}):
        entry = add_staff(engine, acting_person(), now(), login, display_name, role, level, site_code)
    echo(_("registered {login} ({name}) as {role}").format(login=entry.login, name=entry.display_name, role=_(entry.role)))


@staff.command("remove")
@click.argument("login")
@click.option("--reason", required=True, help="Why (kept in the audit trail).")
@click.pass_context
def staff_remove(ctx: click.Context, login: str, reason: str) -> None:
    """Take LOGIN off the staff: their history stays, they can no longer act, their SSH keys are removed. Admins only.

    Example: atelier staff remove slefevre --reason "left the workshop\""""
    from atelier_tui.services.staff.people import remove_staff

    engine = ready(ctx)
    with refusing({"login": "LOGIN", "reason": "--reason"}):
        remove_staff(engine, acting_person(), now(), login, reason)
    echo(_("{login} taken off the staff").format(login=login))


def _key_words(key) -> str:  # type: ignore[no-untyped-def]
    """"ssh-ed25519 SHA256:... (comment)", as people recognise a key."""
    return f"{key.algorithm} {key.fingerprint}" + (f" ({key.comment})" if key.comment else "")


@staff.command("add-key")
@click.argument("login")
@click.argument("keyfile")
@click.pass_context
def staff_add_key(ctx: click.Context, login: str, keyfile: str) -> None:
    """Register the SSH public keys of KEYFILE (an id_ed25519.pub, or several lines as in
    authorized_keys; - reads standard input) for LOGIN, all or none. Admins only.

    Example: atelier staff add-key slefevre id_ed25519.pub"""
    from atelier_tui.services.context import ServiceError
    from atelier_tui.services.staff.keys import add_staff_keys, read_key_file

    engine = ready(ctx)
    names = {"login": "LOGIN", "key": "KEYFILE"}
    try:
        if keyfile == "-":
            text, source = sys.stdin.read(), _("standard input")
        else:
            text, source = read_key_file(keyfile), keyfile
        added = add_staff_keys(engine, acting_person(), now(), login, text, source)
    except UnicodeDecodeError:
        refuse(ServiceError(_("key: standard input is not text: give the .pub file"), field="key"), names)
    except ServiceError as error:
        refuse(error, names)
    for key in added:
        echo(_("added {key} for {login}").format(key=_key_words(key), login=key.login))


@staff.command("keys")
@click.argument("login", required=False)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def staff_keys(ctx: click.Context, login: str | None, as_json: bool) -> None:
    """The registered SSH keys (of LOGIN only, when given): login, algorithm, fingerprint, comment, added.

    Example: atelier staff keys slefevre --json"""
    from atelier_tui.services.staff.keys import list_staff_keys

    engine = ready(ctx)
    with refusing({"login": "LOGIN"}):
        keys = list_staff_keys(engine, login)
    if as_json:
        echo_json([{**asdict(key), "added_at": key.added_at.isoformat()} for key in keys])
        return
    if not keys:
        echo(_("no keys"))
    for key in keys:
        echo(f"{key.login:<16} {key.algorithm:<20} {key.fingerprint:<51} {key.comment or '—':<24} "
             f"{key.added_at.astimezone().date().isoformat()}")


@staff.command("remove-key")
@click.argument("fingerprint")
@click.option("--reason", required=True, help="Why (kept in the audit trail).")
@click.pass_context
def staff_remove_key(ctx: click.Context, fingerprint: str, reason: str) -> None:
    """Remove the SSH key with this FINGERPRINT (SHA256:..., as `atelier staff keys` shows it). Admins only.

    Example: atelier staff remove-key SHA256:hptWuC3jf4RgCDQ5ECLkjhOi1WucKLJGp3RFHNoBtzI --reason "laptop lost\""""
    from atelier_tui.services.staff.keys import remove_staff_key

    engine = ready(ctx)
    with refusing({"fingerprint": "FINGERPRINT", "reason": "--reason"}):
        key = remove_staff_key(engine, acting_person(), now(), fingerprint, reason)
    echo(_("removed {key} of {login}").format(key=_key_words(key), login=key.login))
