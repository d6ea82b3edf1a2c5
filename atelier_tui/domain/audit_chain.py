"""The audit trail as a hash chain: each event carries the hash of the event before it (in id
order) and its own hash, computed over a canonical serialisation of its content and that previous
hash. Editing, removing or reordering an event breaks the chain at the first event touched.

Pure: no database. The service (atelier_tui/services/audit/trail.py) seals events as it writes them and
feeds the stored events here, in id order, to verify them.

What a chain cannot show by itself (it is not signed): the last events removed together, or a
whole chain rewritten and re-hashed by someone who can write to the database. Both show against
an anchor: a head of the chain (how many events, the hash of the last) kept outside the database
(`audit anchor`). A later chain must still hold that hash at that position, and grows from it.

The anchor file (JSON, one object; docs/backup.md "Anchoring the audit trail"):

    {"format": "atelier-audit-anchor", "version": 1, "events": 57, "event_id": 57,
     "hash": "<64 hex>", "anchored_at": "2026-11-27T09:30:00.000000+00:00",
     "database": "sqlite:////srv/atelier/workshop.db"}

A head may also be given as text: `COUNT:HASH` (as `audit verify` prints it) or `HASH` alone."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

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
    """The first event where the chain does not hold, and why (atelier_tui/wording says it in words)."""

    event_id: int
    action: str
    entity: str
    entity_key: str
    kind: BreakKind
    # removed: the id of the event before it in id order (None when it is the first one);
    # reordered: the id of the later event its previous-hash names.
    other_id: int | None = None


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


# --- the head of the chain, and anchors kept outside the database ------------------------------

ANCHOR_FORMAT = "atelier-audit-anchor"
ANCHOR_VERSION = 1
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ChainHead:
    """Where a chain ends: how many events it holds and the hash of the last one (GENESIS, and no
    event id, when it is empty)."""

    events: int
    hash: str = GENESIS
    event_id: int | None = None

    @property
    def text(self) -> str:
        """The short form `audit verify` prints and `--anchor` takes back: COUNT:HASH."""
        return f"{self.events}:{self.hash}"


@dataclass(frozen=True)
class Anchor:
    """A head kept outside the database. `events` is None when only the hash was given."""

    hash: str
    events: int | None = None
    anchored_at: str = ""
    database: str = ""


class AnchorError(ValueError):
    """An anchor that cannot be read: `code` says why (not_json, not_an_anchor, newer_version,
    missing, bad_hash, bad_count, empty_mismatch, bad_head), `params` what the message needs."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def anchor_document(head: ChainHead, anchored_at: datetime, database: str) -> dict[str, Any]:
    """The anchor file's object for `head`, taken at `anchored_at` on `database` (a URL without password)."""
    return {"format": ANCHOR_FORMAT, "version": ANCHOR_VERSION, "events": head.events, "event_id": head.event_id,
            "hash": head.hash, "anchored_at": at_text(anchored_at), "database": database}


def read_anchor(text: str) -> Anchor:
    """An anchor from the text of an anchor file (the JSON object) or a head as text."""
    stripped = text.strip()
    if not stripped.startswith("{"):
        return parse_head(stripped)
    try:
        document = json.loads(stripped)
    except ValueError as error:
        raise AnchorError("not_json", error=str(error)) from None
    if not isinstance(document, dict) or document.get("format") != ANCHOR_FORMAT:
        raise AnchorError("not_an_anchor")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > ANCHOR_VERSION:
        raise AnchorError("newer_version", version=version)
    for name in ("events", "hash"):
        if name not in document:
            raise AnchorError("missing", field=name)
    return Anchor(hash=_checked_hash(document["hash"]), events=_checked_count(document["events"], document["hash"]),
                  anchored_at=str(document.get("anchored_at") or ""), database=str(document.get("database") or ""))


def parse_head(text: str) -> Anchor:
    """`COUNT:HASH` or `HASH` (64 hexadecimal digits, either case)."""
    count, separator, digest = text.strip().rpartition(":")
    if not separator:
        return Anchor(hash=_checked_hash(digest))
    if not count.isdigit():
        raise AnchorError("bad_head", given=text)
    return Anchor(hash=_checked_hash(digest), events=_checked_count(int(count), digest))


def _checked_hash(value: Any) -> str:
    digest = value.strip().lower() if isinstance(value, str) else ""
    if not _HASH.fullmatch(digest):
        raise AnchorError("bad_hash", given=value)
    return digest


def _checked_count(value: Any, digest: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 2**63 - 1:
        raise AnchorError("bad_count", given=value)
    if (value == 0) != (str(digest).strip().lower() == GENESIS):  # the empty chain's head, and only its, is GENESIS
        raise AnchorError("empty_mismatch", given=value)
    return value


AnchorKind = Literal["holds", "cut", "rewritten", "missing"]


@dataclass(frozen=True)
class AnchorVerdict:
    """How a chain stands against an anchor.

    holds: the event at the anchor's position has the anchor's hash (`position`), the chain
           grows from it; cut: the chain has fewer events than the anchor (its tail was deleted);
    rewritten: the event at the anchor's position has another hash (`found_hash`);
    missing: (an anchor given as a hash alone) no event has that hash."""

    kind: AnchorKind
    anchor: Anchor
    head: ChainHead
    position: int | None = None
    found_hash: str | None = None

    @property
    def holds(self) -> bool:
        return self.kind == "holds"

    @property
    def since(self) -> int:
        """How many events were added after the anchor's (when it holds)."""
        return self.head.events - (self.position or 0)


@dataclass
class HeadTracker:
    """Follows the events as the verification reads them (in id order, once) and keeps the head,
    and what an anchor needs: the hash at its position, or the position of its hash."""

    anchor: Anchor | None = None
    _count: int = 0
    _last: ChainedEvent | None = None
    _hash_at_anchor: str | None = None
    _position_of_anchor: int | None = None

    def follow(self, events: Iterable[ChainedEvent]) -> Iterator[ChainedEvent]:
        for event in events:
            self._count += 1
            self._last = event
            if self.anchor is not None:
                if self._count == self.anchor.events:
                    self._hash_at_anchor = event.hash
                if self._position_of_anchor is None and event.hash == self.anchor.hash:
                    self._position_of_anchor = self._count
            yield event

    @property
    def head(self) -> ChainHead:
        if self._last is None:
            return ChainHead(0)
        return ChainHead(self._count, self._last.hash, self._last.id)

    def verdict(self) -> AnchorVerdict | None:
        """The chain followed so far (all of it) against the anchor; None without an anchor."""
        anchor, head = self.anchor, self.head
        if anchor is None:
            return None
        if anchor.events is None:
            if anchor.hash == GENESIS:
                return AnchorVerdict("holds", anchor, head, position=0)
            if self._position_of_anchor is None:
                return AnchorVerdict("missing", anchor, head)
            return AnchorVerdict("holds", anchor, head, position=self._position_of_anchor)
        if head.events < anchor.events:
            return AnchorVerdict("cut", anchor, head)
        if anchor.events > 0 and self._hash_at_anchor != anchor.hash:
            return AnchorVerdict("rewritten", anchor, head, found_hash=self._hash_at_anchor)
        return AnchorVerdict("holds", anchor, head, position=anchor.events)
