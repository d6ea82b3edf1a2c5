"""Writing the audit trail, in the caller's transaction so that a change and its record land
together or not at all; each event is sealed into the hash chain (atelier_tui/domain/audit_chain.py)
as it is written, and `check_chain` walks the whole trail to find the first broken link, the head
of the chain, and whether it still holds a head anchored earlier (`audit anchor`).

Sealing: the event is flushed first so that its id is known, and the id is part of what is hashed
(with the previous event's hash), so that an event moved to another id shows. The previous hash is
read with the write lock held: on SQLite `write_session` begins IMMEDIATE, which serializes writers;
on PostgreSQL a transaction-scoped advisory lock does the same until commit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, overload

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from atelier_tui.domain.audit_chain import (
    GENESIS,
    Anchor,
    AnchorVerdict,
    Break,
    ChainHead,
    HeadTracker,
    first_break,
    hash_of,
)
from atelier_tui.i18n import _
from atelier_tui.services.audit.entity_names import entity_names
from atelier_tui.services.audit.reasons import shown_reasons
from atelier_tui.services.context import Actor
from atelier_tui.services.permissions import confirm_actor, require
from atelier_tui.store.audit_models import AuditEvent
from atelier_tui.store.engine import read_session

# The key of the PostgreSQL advisory lock that serializes the writers of the audit chain.
CHAIN_LOCK_KEY = 0x61756469  # "audi"
VERIFY_CHUNK = 2000


@overload
def snapshot(row: SQLModel) -> dict[str, Any]: ...
@overload
def snapshot(row: None) -> None: ...
def snapshot(row: SQLModel | None) -> dict[str, Any] | None:
    """A row's columns as JSON-safe values, for `before` and `after`."""
    if row is None:
        return None
    return {name: _plain(value) for name, value in row.model_dump().items()}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def record(
    session: Session,
    actor: Actor,
    now: datetime,
    action: str,
    entity: str,
    entity_key: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    confirm_actor(session, actor)  # the person resolved at start may have left, or changed role, since
    event = AuditEvent(
        at=now,
        actor=actor.login,
        action=action,
        entity=entity,
        entity_key=str(entity_key),
        before=before,
        after=after,
        reason=reason,
        prev_hash=_last_hash(session),
    )
    session.add(event)
    session.flush()  # the id is part of the hash
    event.hash = hash_of(event)
    return event


def _last_hash(session: Session) -> str:
    """The hash of the newest event, with the chain locked until this transaction ends."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    session.flush()  # an event sealed earlier in this transaction must be visible, even under no_autoflush
    last = session.execute(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).scalar_one_or_none()
    return last if last is not None else GENESIS


@dataclass(frozen=True)
class ChainCheck:
    events: int  # how many events were read (all of them when the chain is intact)
    first_break: Break | None
    head: ChainHead | None = None  # where the chain ends, when it is intact
    anchor: AnchorVerdict | None = None  # how it stands against the anchor given, when it is intact

    @property
    def intact(self) -> bool:
        return self.first_break is None


def check_chain(engine: Engine, chunk: int = VERIFY_CHUNK, anchor: Anchor | None = None) -> ChainCheck:
    """Walk every event in id order, `chunk` rows at a time, in one read transaction (one snapshot):
    the first broken link, or else the head of the chain and how it stands against `anchor`."""
    with read_session(engine) as session:
        tracker = HeadTracker(anchor)

        def events() -> Iterator[AuditEvent]:
            last_id = None
            while True:
                query = select(AuditEvent).order_by(AuditEvent.id).limit(chunk)
                if last_id is not None:
                    query = query.where(AuditEvent.id > last_id)
                rows = session.execute(query).scalars().all()
                if not rows:
                    return
                yield from rows
                last_id = rows[-1].id
                session.expunge_all()  # keep memory flat over 100,000+ events

        found = first_break(tracker.follow(events()))
        if found is None:
            return ChainCheck(tracker.head.events, None, tracker.head, tracker.verdict())
        total = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        return ChainCheck(total, found)


def chain_head(engine: Engine) -> ChainHead:
    """The head of the stored chain as it stands (not verified): its count and its last event."""
    with read_session(engine) as session:
        count = session.execute(select(func.count()).select_from(AuditEvent)).scalar_one()
        last = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return ChainHead(count, last.hash, last.id) if last is not None else ChainHead(0)


def verify_chain(engine: Engine) -> Break | None:
    """The first event edited, removed or reordered; None when the chain is intact."""
    return check_chain(engine).first_break


@dataclass(frozen=True)
class ListedEvent:
    """An event as stored (for --json), with what a reader is shown of it."""

    event: AuditEvent
    name: str  # a catalog entry's name in the interface language (entity_names); "" for the others
    reason: str  # as typed; the workstation's own reasons in the interface language (reasons.shown_reasons)


def list_events(engine: Engine, actor: Actor, entity: str | None = None, key: str | None = None, by: str | None = None,
                limit: int = 50) -> list[ListedEvent]:
    """The newest `limit` events matching every filter given (`by`: the login who acted), newest first."""
    require(actor, "audit.read")
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if entity:
        query = query.where(AuditEvent.entity == entity)
    if key:
        query = query.where(AuditEvent.entity_key == key)
    if by:
        query = query.where(AuditEvent.actor == by)
    with read_session(engine) as session:
        events = list(session.execute(query).scalars())
        names = entity_names(session, ((event.entity, event.entity_key) for event in events))
        reasons = shown_reasons(session, events)
    return [ListedEvent(event, names.get((event.entity, event.entity_key), ""), reasons.get(event.id, event.reason))
            for event in events]


# Reading the trail page by page (the audit view) ----------------------------------------------

AUDIT_SORTS = ("at",)  # newest or oldest first; ties and the true order are the id (the chain's order)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any  # None when the field was absent (a creation) or empty
    after: Any


@dataclass(frozen=True)
class AuditRow:
    """One event as read back: `at` in UTC (aware), `before`/`after` as written."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    reason: str  # as typed; the workstation's own reasons in the interface language (reasons.shown_reasons)
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    hash: str
    changes: list[FieldChange]  # what differs, references to benches, places, people and tools by their key
    name: str = ""  # a catalog entry's name in the interface language (entity_names); "" for the others


# A snapshot's references shown by what people know them by: field -> (the name shown, table, key column).
_REFERENCES = {
    "bench_id": ("bench", "bench", "code"),
    "home_bench_id": ("home_bench", "bench", "code"),
    "location_id": ("location", "location", "code"),
    "home_location_id": ("home_location", "location", "code"),
    "from_location_id": ("from_location", "location", "code"),
    "to_location_id": ("to_location", "location", "code"),
    "tool_id": ("tool", "tool", "asset_tag"),
    "technician_id": ("technician", "staff", "login"),
    "performed_by_id": ("performed_by", "staff", "login"),
    "decided_by_id": ("decided_by", "staff", "login"),
    "concession_by_id": ("concession_by", "staff", "login"),
    "run_by_id": ("run_by", "staff", "login"),
    "by_id": ("by", "staff", "login"),
    "staff_id": ("staff", "staff", "login"),
    "added_by_id": ("added_by", "staff", "login"),
}


def _what_filter(session: Session, what: str) -> Any:
    """Events about `what` or made by `what`: the entity key equal to it (an asset tag, an order
    reference, a bench code, a login for staff), a lot whose key is "supply_key/lot_number" by its
    lot number or its supply key, or the login who acted. Case is ignored; no partial match."""
    from sqlalchemy import and_, or_

    from atelier_tui.services.common.paging import escape_like, like

    escaped = escape_like(what)
    return or_(
        like(session, AuditEvent.entity_key, escaped),
        and_(AuditEvent.entity == "lot", or_(
            like(session, AuditEvent.entity_key, f"%/{escaped}"),
            like(session, AuditEvent.entity_key, f"{escaped}/%"),
        )),
        like(session, AuditEvent.actor, escaped),
    )


def audit_page(engine: Engine, actor: Actor, what: str = "", entity: str | None = None, by: str | None = None,
               sort: str = "at", descending: bool = True, offset: int = 0, limit: int = 200) -> Any:
    """A page of the audit trail (a paging.Page of AuditRow), newest first unless `descending` is
    False, with the number of events matching. `what` is a tag, an order reference, a lot number
    (or "supply_key/lot_number"), a bench code or a login, see `_what_filter`; `entity` and `by`
    (the login who acted) narrow further, exactly."""
    from atelier_tui.services.common.paging import Page, check_window, utc
    from atelier_tui.services.context import ServiceError

    require(actor, "audit.read")
    if sort not in AUDIT_SORTS:
        raise ServiceError(_("sort: '{given}' is not one of {choices}").format(given=sort, choices=", ".join(AUDIT_SORTS)), field="sort")
    check_window(offset, limit)
    with read_session(engine) as session:
        filters = []
        if what.strip():
            filters.append(_what_filter(session, what))
        if entity:
            filters.append(AuditEvent.entity == entity)
        if by:
            filters.append(AuditEvent.actor == by)
        total = session.execute(select(func.count()).select_from(AuditEvent).where(*filters)).scalar_one()
        order = AuditEvent.id.desc() if descending else AuditEvent.id.asc()
        events = list(session.execute(select(AuditEvent).where(*filters).order_by(order).offset(offset).limit(limit)).scalars())
        keys = _reference_keys(session, events)
        names = entity_names(session, ((event.entity, event.entity_key) for event in events))
        reasons = shown_reasons(session, events)
        rows = [AuditRow(event.id, utc(event.at), event.actor, event.action, event.entity, event.entity_key,
                         reasons.get(event.id, event.reason), event.before, event.after, event.hash, _named_changes(event, keys),
                         names.get((event.entity, event.entity_key), "")) for event in events]
    return Page(rows, total, offset, limit)


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[FieldChange]:
    """The fields whose value differs between `before` and `after`, in the order written (a
    creation lists every field of `after`, a removal every field of `before`)."""
    before, after = before or {}, after or {}
    names = list(before) + [name for name in after if name not in before]
    return [FieldChange(name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)]


def _reference_keys(session: Session, events: list[AuditEvent]) -> dict[tuple[str, Any], str]:
    """(table, id) -> key for every reference the events' snapshots hold: one query per table."""
    from sqlalchemy import column, table

    wanted: dict[str, set[int]] = {}
    for event in events:
        for snap in (event.before or {}, event.after or {}):
            for name, value in snap.items():
                if name in _REFERENCES and isinstance(value, int):
                    wanted.setdefault(_REFERENCES[name][1], set()).add(value)
    keys: dict[tuple[str, Any], str] = {}
    for table_name, ids in wanted.items():
        key_column = next(ref[2] for ref in _REFERENCES.values() if ref[1] == table_name)
        target = table(table_name, column("id"), column(key_column))
        for row_id, key in session.execute(select(target.c.id, target.c[key_column]).where(target.c.id.in_(ids))):
            keys[(table_name, row_id)] = key
    return keys


def _named_changes(event: AuditEvent, keys: dict[tuple[str, Any], str]) -> list[FieldChange]:
    named = []
    for change in changed_fields(event.before, event.after):
        reference = _REFERENCES.get(change.field)
        if reference is None:
            named.append(change)
            continue
        shown, table_name, _key = reference
        named.append(FieldChange(shown, *(keys.get((table_name, value), value) if value is not None else None
                                         for value in (change.before, change.after))))
    return named
