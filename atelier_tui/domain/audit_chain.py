"""The audit trail as a hash chain: each event carries the hash of the event before it (in id
order) and its own hash, computed over a canonical serialisation of its content and that previous
hash. Editing, removing or reordering an event breaks the chain at the first event touched.

Pure: no database. The service (atelier_tui/services/audit.py) seals events as it writes them and
feeds the stored events here, in id order, to verify them.

What a chain cannot show (it is not signed): the last events removed together, or a whole chain
rewritten and re-hashed by someone who can write to the database."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

from atelier_tui.i18n import _

# The previous hash of the first event of a workshop.
GENESIS = "0" * 64

BreakKind = Literal["edited", "removed", "reordered"]


class ChainedEvent(Protocol):
    """What the chain reads of an event (an AuditEvent row, or a plain record of one)."""

    id: int | None
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    before: Any
    after: Any
    reason: str
    prev_hash: str
    hash: str


def at_text(at: datetime) -> str:
    """`at` in ISO 8601, UTC, to the microsecond; a naive time is taken as UTC (SQLite keeps UTC)."""
    moment = at.replace(tzinfo=UTC) if at.utcoffset() is None else at.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def _stored_json(value: Any) -> Any:
    """`before`/`after` as they read back from the JSON column (tuples become lists, keys text)."""
    return None if value is None else json.loads(json.dumps(value))


def canonical(
    *,
    id: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_key: str,
    before: Any,
    after: Any,
    reason: str,
    prev_hash: str,
) -> bytes:
    """One JSON object, keys sorted at every depth, no spaces, UTF-8: the bytes that are hashed."""
    document = {
        "id": int(id),
        "at": at_text(at),
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_key": entity_key,
        "before": _stored_json(before),
        "after": _stored_json(after),
        "reason": reason or "",
        "prev_hash": prev_hash,
    }
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(**fields: Any) -> str:
    """The hex SHA-256 of `canonical(**fields)`."""
    return hashlib.sha256(canonical(**fields)).hexdigest()


def hash_of(event: ChainedEvent) -> str:
    """The hash an event's stored content should carry."""
    assert event.id is not None
    return event_hash(id=event.id, at=event.at, actor=event.actor, action=event.action, entity=event.entity,
                      entity_key=event.entity_key, before=event.before, after=event.after, reason=event.reason,
                      prev_hash=event.prev_hash)


@dataclass(frozen=True)
class Break:
    """The first event where the chain does not hold, and why."""

    event_id: int
    action: str
    entity: str
    entity_key: str
    kind: BreakKind
    # removed: the id of the event before it in id order (None when it is the first one);
    # reordered: the id of the later event its previous-hash names.
    other_id: int | None = None

    @property
    def reason(self) -> str:
        if self.kind == "edited":
            return _("edited: its content no longer matches its hash")
        if self.kind == "reordered":
            return _("reordered: it follows event {other}, which now comes after it").format(other=self.other_id)
        if self.other_id is None:
            return _("removed: it is first but does not start the chain, so events before it were removed")
        return _("removed: it does not follow event {other}, so events between them were removed").format(
            other=self.other_id)

    def describe(self) -> str:
        return _("event {id} ({action} {entity} {key}): {reason}").format(
            id=self.event_id, action=self.action, entity=self.entity, key=self.entity_key, reason=self.reason)


def first_break(events: Iterable[ChainedEvent]) -> Break | None:
    """Walk the events in id order (as given) and report the first one that breaks the chain.

    Its previous-hash is checked first: when it is not the stored hash of the event just before,
    the event is *reordered* if that hash belongs to an event further on, otherwise events before
    it were *removed*. Then its own hash is recomputed: a mismatch means it was *edited*.
    The events are read once; after a broken link the rest are read only to tell the two apart."""
    iterator: Iterator[ChainedEvent] = iter(events)
    previous: ChainedEvent | None = None
    for event in iterator:
        assert event.id is not None
        expected = previous.hash if previous is not None else GENESIS
        if event.prev_hash != expected:
            later = next((e for e in iterator if e.hash == event.prev_hash and event.prev_hash), None)
            if later is not None:
                return _break(event, "reordered", later.id)
            return _break(event, "removed", previous.id if previous is not None else None)
        if not event.hash or hash_of(event) != event.hash:
            return _break(event, "edited")
        previous = event
    return None


def _break(event: ChainedEvent, kind: BreakKind, other_id: int | None = None) -> Break:
    assert event.id is not None
    return Break(event_id=event.id, action=event.action, entity=event.entity, entity_key=event.entity_key, kind=kind,
                 other_id=other_id)
