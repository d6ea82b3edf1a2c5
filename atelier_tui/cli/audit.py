"""`atelier audit ...`: the tamper-evident audit trail from the command line.

    atelier audit verify [--anchor FILE|HEAD] [--json]
    atelier audit anchor [--output FILE [--force]]
    atelier audit list [--entity E] [--key K] [--actor LOGIN] [--limit N] [--json]

`verify` exits 0 when the hash chain is intact (and prints its head, COUNT:HASH), 1 naming the
first event edited, removed or reordered; with `--anchor` (an anchor file, or a head as COUNT:HASH
or HASH) it also exits 1 when the chain no longer holds that head: cut at its tail or rewritten.
`anchor` writes the head of an intact chain for the lead to keep outside the database (format:
atelier_tui/domain/audit_chain.py, docs/backup.md). Bad input exits 2 with one line on stderr."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from atelier_tui.cli.common import EXIT_BAD_INPUT, EXIT_NO, acting_person, fail, now, ready
from atelier_tui.cli.output import echo, echo_json, safe_json, shown
from atelier_tui.cli.values import ValueGroup
from atelier_tui.i18n import _, ngettext
from atelier_tui.wording import break_description
from atelier_tui.wording.audit_words import action_text, actor_text, subject_text

DEFAULT_LIMIT = 50
MAX_LIMIT = 1_000_000  # past what a LIMIT can take in the database, a number is bad input
ANCHOR_FILE_LIMIT = 64 * 1024  # an anchor is a few hundred bytes


@click.group(cls=ValueGroup)
def audit() -> None:
    """The audit trail: every change, who made it and when, chained by hash."""


def _ready(ctx: click.Context):  # type: ignore[no-untyped-def]
    engine = ready(ctx)
    return engine


def _database(engine) -> str:  # type: ignore[no-untyped-def]
    """The database's URL without its password: where an anchor was taken."""
    return engine.url.set(password=None).render_as_string(hide_password=False)


def _anchor_problem(error, where: str) -> str:  # type: ignore[no-untyped-def]
    given = error.params.get("given")
    problems = {
        "not_json": lambda: _("{where} is not an anchor file: {error}").format(where=where, error=error.params.get("error")),
        "not_an_anchor": lambda: _("{where} is not an atelier anchor (its \"format\" is not \"atelier-audit-anchor\")").format(
            where=where),
        "newer_version": lambda: _("{where} is an anchor of version {version}, unknown to this version of atelier").format(
            where=where, version=error.params.get("version")),
        "missing": lambda: _("{where} has no \"{field}\"").format(where=where, field=error.params.get("field")),
        "bad_hash": lambda: _("{where}: the hash '{given}' is not 64 hexadecimal digits").format(where=where, given=given),
        "bad_count": lambda: _("{where}: the event count '{given}' is not a whole number of events").format(
            where=where, given=given),
        "empty_mismatch": lambda: _("{where}: {given} events does not go with that hash (an empty chain, 0 events, "
                                    "has the hash 000…0, and no other)").format(where=where, given=given),
        "bad_head": lambda: _("{where}: '{given}' is not a head (COUNT:HASH, or HASH)").format(where=where, given=given),
    }
    return _("--anchor: {problem}").format(problem=problems[error.code]())


def _read_anchor_argument(given: str):  # type: ignore[no-untyped-def]
    """The anchor `--anchor` names: a file (JSON, or a head as text), or a head typed in. Exit 2 with one line otherwise."""
    from atelier_tui.domain.audit_chain import AnchorError, parse_head, read_anchor

    path = Path(given).expanduser()
    if path.is_file():
        try:
            if path.stat().st_size > ANCHOR_FILE_LIMIT:
                fail(_("--anchor: {path} is too large for an anchor file ({limit} bytes at most)").format(
                    path=path, limit=ANCHOR_FILE_LIMIT))
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            fail(_("--anchor: cannot read {path}: {error}").format(path=path, error=getattr(error, "strerror", None) or error))
        try:
            return read_anchor(text)
        except AnchorError as error:
            fail(_anchor_problem(error, str(path)))
    if path.is_dir():
        fail(_("--anchor: {path} is a folder, not an anchor file").format(path=path))
    try:
        return parse_head(given)
    except AnchorError as error:
        if ":" not in given and ("/" in given or "." in given):
            fail(_("--anchor: there is no file {path}").format(path=path))
        fail(_anchor_problem(error, _("the head given")))


def _anchor_failure(verdict, database: str) -> str:  # type: ignore[no-untyped-def]
    """One line: why the chain no longer holds the anchor."""
    anchor, head = verdict.anchor, verdict.head
    if verdict.kind == "cut":
        line = _("anchor not held: the chain has {events} events, fewer than the anchor's {anchored}: events were deleted "
                 "at its tail").format(events=head.events, anchored=anchor.events)
    elif verdict.kind == "rewritten":
        line = _("anchor not held: event {position} of the chain has the hash {found}, not the anchor's {anchored}: the "
                 "chain was rewritten").format(position=anchor.events, found=verdict.found_hash, anchored=anchor.hash)
    else:
        line = _("anchor not held: no event of the chain has the hash {hash}: the chain was cut before it, or "
                 "rewritten").format(hash=anchor.hash)
    if anchor.database and anchor.database != database:
        line += " " + _("(the anchor was taken on {database})").format(database=anchor.database)
    return line


def _verify_json(checked, database: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    found, head, verdict = checked.first_break, checked.head, checked.anchor
    report: dict[str, Any] = {"intact": checked.intact, "events": checked.events, "database": database,
                              "head": None, "break": None, "anchor": None}
    if head is not None:
        report["head"] = {"events": head.events, "event_id": head.event_id, "hash": head.hash, "text": head.text}
    if found is not None:
        report["break"] = {"event_id": found.event_id, "action": found.action, "entity": found.entity,
                           "entity_key": found.entity_key, "kind": found.kind, "other_id": found.other_id,
                           "message": break_description(found)}
    if verdict is not None:
        report["anchor"] = {"holds": verdict.holds, "kind": verdict.kind, "events": verdict.anchor.events,
                            "hash": verdict.anchor.hash, "position": verdict.position, "found_hash": verdict.found_hash,
                            "since": verdict.since if verdict.holds else None,
                            "message": None if verdict.holds else _anchor_failure(verdict, database)}
    return report


@audit.command("verify")
@click.option("--anchor", "anchor_given", default=None, metavar="FILE|HEAD",
              help="An anchor file written by `audit anchor`, or a head as COUNT:HASH (or HASH): the chain must still hold it.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON (same exit codes).")
@click.pass_context
def audit_verify(ctx: click.Context, anchor_given: str | None, as_json: bool) -> None:
    """Recompute the hash chain; report the first event edited, removed or reordered, and the head.

    Example: atelier audit verify --anchor anchor-2026-11.json"""
    from atelier_tui.services.audit.trail import check_chain

    anchor = _read_anchor_argument(anchor_given) if anchor_given is not None else None
    engine = ready(ctx)
    checked = check_chain(engine, anchor=anchor)
    verdict = checked.anchor
    failed = not checked.intact or (verdict is not None and not verdict.holds)
    if as_json:
        echo_json(_verify_json(checked, _database(engine)))
    elif checked.first_break is not None:
        echo(_("chain broken at {event}").format(event=break_description(checked.first_break)))
    elif verdict is not None and not verdict.holds:
        echo(_anchor_failure(verdict, _database(engine)))
    else:
        echo(ngettext("chain intact: {count} event", "chain intact: {count} events", checked.events).format(count=checked.events))
        echo(_("head: {head}").format(head=checked.head.text))
        if verdict is not None:
            echo(_("anchor held: event {position} of the chain has the anchor's hash; {since} events since").format(
                position=verdict.position, since=verdict.since))
    if failed:
        sys.exit(EXIT_NO)


@audit.command("anchor")
@click.option("--output", default=None, metavar="FILE", help="Write the anchor to FILE (default: standard output).")
@click.option("--force", is_flag=True, help="Replace FILE if it already exists.")
@click.pass_context
def audit_anchor(ctx: click.Context, output: str | None, force: bool) -> None:
    """Write the head of the intact chain (count, hash, time, database) as JSON, to keep outside the database.

    Example: atelier audit anchor --output anchor-2026-11.json"""
    from atelier_tui.domain.audit_chain import anchor_document
    from atelier_tui.services.audit.trail import check_chain

    target = Path(output).expanduser().absolute() if output is not None else None
    if target is not None:
        if target.is_dir():
            fail(_("--output: {path} is a folder; give a file name").format(path=target))
        if target.exists() and not force:
            fail(_("--output: {path} already exists (use --force to replace it)").format(path=target))
        if not target.parent.is_dir():
            fail(_("--output: the folder {path} does not exist").format(path=target.parent))
    engine = ready(ctx)
    checked = check_chain(engine)
    if checked.first_break is not None:
        echo(_("chain broken at {event}; no anchor written").format(event=break_description(checked.first_break)))
        sys.exit(EXIT_NO)
    document = anchor_document(checked.head, now(), _database(engine))
    if target is None:
        echo_json(document)
        return
    _write_whole(target, safe_json(document) + "\n")
    echo(_("anchor written to {path}: {head}").format(path=target, head=checked.head.text))


def _write_whole(target: Path, text: str) -> None:
    """`text` in `target`, which appears complete or not at all."""
    temporary = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        with open(temporary, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        echo(_("--output: cannot write {path}: {error}").format(path=target, error=error.strerror or error), err=True)
        sys.exit(EXIT_BAD_INPUT)


def _event_json(event: Any) -> dict[str, Any]:
    return {"id": event.id, "at": event.at.isoformat(), "actor": event.actor, "action": event.action,
            "entity": event.entity, "entity_key": event.entity_key, "before": event.before, "after": event.after,
            "reason": event.reason, "prev_hash": event.prev_hash, "hash": event.hash}


@audit.command("list")
@click.option("--entity", default=None, help="Only events about this kind of thing (tool, order, lot, ...).")
@click.option("--key", default=None, help="Only events about this one (an asset tag, an order reference, ...).")
@click.option("--actor", default=None, metavar="LOGIN", help="Only the changes made by this person.")
@click.option("--limit", default=DEFAULT_LIMIT, show_default=True, help="How many events, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list with before and after.")
@click.pass_context
def audit_list(ctx: click.Context, entity: str | None, key: str | None, actor: str | None, limit: int,
               as_json: bool) -> None:
    """The newest events, newest first: id, time, who, action, what, reason, in words of the
    interface language (--json keeps the codes and keys the trail stores).

    Example: atelier audit list --entity tool --key AT-00046 --limit 20"""
    from atelier_tui.services.audit.trail import list_events

    if not 1 <= limit <= MAX_LIMIT:
        fail(_("--limit: must be 1 to {most}, not {given}").format(most=MAX_LIMIT, given=limit))
    listed = list_events(ready(ctx), acting_person(), entity=entity, key=key, by=actor, limit=limit)
    if as_json:
        echo_json([_event_json(row.event) for row in listed])
        return
    if not listed:
        echo(_("no events"))
        return
    table = [["id", _("time"), _("actor"), _("action"), _("what"), _("reason")]]
    table += [[str(row.event.id), f"{row.event.at.astimezone():%Y-%m-%d %H:%M:%S}",
               *map(shown, (actor_text(row.event.actor), action_text(row.event.action),
                            subject_text(row.event.entity, row.event.entity_key, row.name), row.reason))] for row in listed]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    for line in table:
        echo("  ".join(cell.ljust(width) for cell, width in zip(line, widths)).rstrip())
