"""The audit trail is a hash chain: intact after real service calls, and `verify_chain` names the
first event edited, removed or reordered, on real SQLite files."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from atelier_tui.domain.audit_chain import GENESIS, Break, ChainHead, canonical, event_hash, first_break, hash_of
from atelier_tui.services.audit import trail as audit
from atelier_tui.services.audit.trail import check_chain, verify_chain
from atelier_tui.services.context import Actor, ServiceError
from atelier_tui.services.tools import actions as tools
from atelier_tui.store import migrate
from atelier_tui.store.engine import read_session, write_session
from atelier_tui.store.models import AuditEvent
from atelier_tui.wording import break_description, break_reason
from tests.support.fixed_time import FIXED_NOW

pytestmark = pytest.mark.backends  # every engine fixture: once on SQLite, once on PostgreSQL

CLAIRE = Actor(login="cmartin", role="technician")


# --- the pure chain ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    before: Any
    after: Any
    reason: str
    prev_hash: str = ""
    hash: str = ""


def sealed_chain(count: int) -> list[Event]:
    events: list[Event] = []
    previous = GENESIS
    for number in range(1, count + 1):
        draft = Event(id=number, at=FIXED_NOW + timedelta(minutes=number), actor="cmartin", action="check_out",
                      entity="tool", entity_key=f"AT-{number:04d}", before={"status": "in_service"},
                      after={"status": "checked_out", "bench": "B-MECA"}, reason="", prev_hash=previous)
        event = replace(draft, hash=hash_of(draft))
        events.append(event)
        previous = event.hash
    return events


def test_a_sealed_chain_is_intact() -> None:
    assert first_break(sealed_chain(5)) is None
    assert first_break([]) is None


def test_the_canonical_form_sorts_keys_at_every_depth_and_reads_time_in_utc() -> None:
    fields: dict[str, Any] = dict(id=7, actor="lead", action="update", entity="tool", entity_key="AT-0001",
                                  before={"b": 1, "a": {"z": 1, "y": [2, 1]}}, after=None, reason="é", prev_hash=GENESIS)
    paris = timezone(timedelta(hours=1))
    text_form = canonical(at=datetime(2026, 11, 27, 10, 30, tzinfo=paris), **fields).decode("utf-8")
    assert text_form == ('{"action":"update","actor":"lead","after":null,"at":"2026-11-27T09:30:00.000000+00:00",'
                         '"before":{"a":{"y":[2,1],"z":1},"b":1},"entity":"tool","entity_key":"AT-0001","id":7,'
                         '"prev_hash":"' + GENESIS + '","reason":"é"}')
    same_moment = [event_hash(at=moment, **fields) for moment in (
        datetime(2026, 11, 27, 10, 30, tzinfo=paris), datetime(2026, 11, 27, 9, 30, tzinfo=UTC), datetime(2026, 11, 27, 9, 30))]
    assert len(set(same_moment)) == 1 and len(same_moment[0]) == 64
    # what the JSON column gives back hashes like what was written (tuples are lists once stored)
    assert event_hash(at=FIXED_NOW, **{**fields, "after": {"orders": ("OR-1",)}}) == event_hash(
        at=FIXED_NOW, **{**fields, "after": {"orders": ["OR-1"]}})


def test_an_edited_event_is_named() -> None:
    events = sealed_chain(5)
    events[2] = replace(events[2], after={"status": "in_service"})
    found = first_break(events)
    assert found == Break(event_id=3, action="check_out", entity="tool", entity_key="AT-0003", kind="edited")
    assert break_reason(found) == "edited: its content no longer matches its hash"
    assert break_description(found) == "event 3 (check_out tool AT-0003): edited: its content no longer matches its hash"


def test_an_event_with_its_hash_recomputed_breaks_the_link_of_the_next() -> None:
    events = sealed_chain(5)
    forged = replace(events[1], reason="forged")
    events[1] = replace(forged, hash=hash_of(forged))
    found = first_break(events)
    assert found is not None and (found.event_id, found.kind, found.other_id) == (3, "removed", 2)


def test_a_removed_event_is_reported_at_the_gap() -> None:
    events = sealed_chain(5)
    del events[2]
    found = first_break(events)
    assert found is not None and (found.event_id, found.kind, found.other_id) == (4, "removed", 2)
    assert break_reason(found) == "removed: it does not follow event 2, so events between them were removed"
    first_gone = first_break(sealed_chain(5)[1:])
    assert first_gone is not None and (first_gone.event_id, first_gone.kind, first_gone.other_id) == (2, "removed", None)


def test_reordered_events_are_reported() -> None:
    events = sealed_chain(5)
    events[1], events[3] = replace(events[3], id=2), replace(events[1], id=4)  # their ids swapped
    found = first_break(events)
    assert found is not None and (found.event_id, found.entity_key, found.kind, found.other_id) == (2, "AT-0004", "reordered", 3)
    moved = sealed_chain(5)
    moved.append(moved.pop(0))
    found = first_break(moved)
    assert found is not None and (found.event_id, found.kind, found.other_id) == (2, "reordered", 1)
    assert break_reason(found) == "reordered: it follows event 1, which now comes after it"


# --- sealing as services write, verifying the stored trail ------------------------------------


def events_of(engine) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    with read_session(engine) as session:
        return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())


def sql(engine, statement: str, **params: Any) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        connection.execute(text(statement), params)


def test_a_demo_workshop_verifies_intact(demo_engine) -> None:  # type: ignore[no-untyped-def]
    engine = demo_engine
    checked = check_chain(engine)
    assert checked.intact and checked.events == len(events_of(engine)) > 100
    assert verify_chain(engine) is None


def test_service_calls_extend_the_chain_of_a_catalogued_workshop(small_workshop) -> None:  # type: ignore[no-untyped-def]
    before = events_of(small_workshop)
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW + timedelta(hours=1), "AT-0001")
    tools.put_out_of_service(small_workshop, CLAIRE, FIXED_NOW + timedelta(hours=2), "AT-0003", "seal leaking")
    events = events_of(small_workshop)
    assert len(events) == len(before) + 3
    assert events[0].prev_hash == GENESIS
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    assert all(event.hash == hash_of(event) for event in events)
    assert events[-1].reason == "seal leaking"
    assert verify_chain(small_workshop) is None


def test_several_events_in_one_transaction_and_a_rolled_back_one_keep_the_chain(small_workshop) -> None:  # type: ignore[no-untyped-def]
    with write_session(small_workshop) as session:
        first = audit.record(session, CLAIRE, FIXED_NOW, "note", "tool", "AT-0001", None, {"n": 1})
        second = audit.record(session, CLAIRE, FIXED_NOW, "note", "tool", "AT-0001", {"n": 1}, {"n": 2}, "why")
        assert second.prev_hash == first.hash and second.id == first.id + 1
    with pytest.raises(ServiceError):
        with write_session(small_workshop) as session:
            audit.record(session, CLAIRE, FIXED_NOW, "note", "tool", "AT-0001", None, {"n": 3})
            raise ServiceError("changed my mind")
    with pytest.raises(ServiceError):
        tools.put_out_of_service(small_workshop, CLAIRE, FIXED_NOW, "AT-0003", "  ")
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    events = events_of(small_workshop)
    assert events[-1].prev_hash == events[-2].hash == second.hash
    assert verify_chain(small_workshop) is None


def test_writers_in_parallel_threads_keep_one_chain(small_workshop) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for number in range(8):
                with write_session(small_workshop) as session:
                    audit.record(session, Actor(login=f"w{worker}"), FIXED_NOW, "note", "tool", "AT-0001", None,
                                 {"worker": worker, "n": number})
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked = check_chain(small_workshop)
    assert checked.intact and len([e for e in events_of(small_workshop) if e.action == "note"]) == 32


def test_an_event_edited_with_raw_sql_is_reported_with_its_id(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    target = next(e for e in events_of(small_workshop) if e.action == "check_out")
    edit = {"sqlite": "json_set(after, '$.status', 'in_service')",
            "postgresql": "jsonb_set(after::jsonb, '{status}', '\"in_service\"')::json"}[small_workshop.dialect.name]
    sql(small_workshop, f"UPDATE audit_event SET after = {edit} WHERE id = :id", id=target.id)
    found = verify_chain(small_workshop)
    assert found is not None
    assert (found.event_id, found.action, found.entity, found.entity_key, found.kind) == (
        target.id, "check_out", target.entity, "AT-0001", "edited")


def test_an_edited_time_or_actor_is_reported(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    target = events_of(small_workshop)[-1]
    sql(small_workshop, "UPDATE audit_event SET actor = 'lead' WHERE id = :id", id=target.id)
    found = verify_chain(small_workshop)
    assert found is not None and (found.event_id, found.kind) == (target.id, "edited")
    sql(small_workshop, "UPDATE audit_event SET actor = 'cmartin' WHERE id = :id", id=target.id)
    assert verify_chain(small_workshop) is None
    sql(small_workshop, "UPDATE audit_event SET at = '2026-11-27 09:31:00.000000' WHERE id = :id", id=target.id)
    found = verify_chain(small_workshop)
    assert found is not None and (found.event_id, found.kind) == (target.id, "edited")


def test_a_deleted_event_is_reported(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    *_, before_gone, gone, after_gone = events_of(small_workshop)
    assert gone.action == "check_out"
    sql(small_workshop, "DELETE FROM audit_event WHERE id = :id", id=gone.id)
    found = verify_chain(small_workshop)
    assert found is not None
    assert (found.event_id, found.action, found.kind, found.other_id) == (after_gone.id, "check_in", "removed", before_gone.id)


def test_swapped_event_ids_are_reported_as_reordered_even_across_chunks(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    events = events_of(small_workshop)
    low, high = events[10].id, events[-1].id
    sql(small_workshop, "UPDATE audit_event SET id = -1 WHERE id = :id", id=low)
    sql(small_workshop, "UPDATE audit_event SET id = :low WHERE id = :high", low=low, high=high)
    sql(small_workshop, "UPDATE audit_event SET id = :high WHERE id = -1", low=low, high=high)
    for chunk in (3, 2000):
        checked = check_chain(small_workshop, chunk=chunk)
        found = checked.first_break
        assert found is not None and checked.events == len(events)
        assert (found.event_id, found.action, found.kind) == (low, "check_in", "reordered")
        assert found.other_id == high - 1


def test_chunked_reading_sees_every_event(small_workshop) -> None:  # type: ignore[no-untyped-def]
    events = events_of(small_workshop)
    count = len(events)
    head = ChainHead(count, events[-1].hash, events[-1].id)
    for chunk in (1, 7, count, count + 1):
        assert check_chain(small_workshop, chunk=chunk) == audit.ChainCheck(count, None, head)


# --- the migration -----------------------------------------------------------------------------


def test_upgrade_from_0005_chains_the_existing_events(empty_engine) -> None:  # type: ignore[no-untyped-def]
    migrate.upgrade(empty_engine, "0005_maintenance_reviews")
    assert "hash" not in {c["name"] for c in inspect(empty_engine).get_columns("audit_event")}
    rows = [
        {"at": "2026-11-27 09:30:00.000000", "actor": "system", "action": "create", "entity": "tool_type",
         "entity_key": "timegrapher", "before": None, "after": json.dumps({"key": "timegrapher", "name": "Timegrapher"}),
         "reason": ""},
        {"at": "2026-11-27 10:00:00.250000", "actor": "cmartin", "action": "out_of_service", "entity": "tool",
         "entity_key": "AT-0003", "before": json.dumps({"status": "in_service"}),
         "after": json.dumps({"status": "out_of_service", "note": "étanchéité"}), "reason": "seal leaking"},
    ] * 3
    with empty_engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_event (at, actor, action, entity, entity_key, before, after, reason) "
                                "VALUES (:at, :actor, :action, :entity, :entity_key, :before, :after, :reason)"), rows)
    migrate.upgrade(empty_engine)
    events = events_of(empty_engine)
    assert len(events) == 6 and events[0].prev_hash == GENESIS and all(len(e.hash) == 64 for e in events)
    assert check_chain(empty_engine) == audit.ChainCheck(6, None, ChainHead(6, events[-1].hash, events[-1].id))
    with write_session(empty_engine) as session:
        audit.record(session, CLAIRE, FIXED_NOW, "return_to_service", "tool", "AT-0003", None, None, "seal replaced")
    newest = events_of(empty_engine)[-1]
    assert check_chain(empty_engine) == audit.ChainCheck(7, None, ChainHead(7, newest.hash, newest.id))
    migrate.downgrade(empty_engine, "0005_maintenance_reviews")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("audit_event")}
    assert "hash" not in columns and "prev_hash" not in columns
    with read_session(empty_engine) as session:
        assert session.execute(text("SELECT count(*) FROM audit_event")).scalar_one() == 7


def test_upgrade_of_an_empty_trail_gives_an_empty_intact_chain(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    assert check_chain(migrated_engine) == audit.ChainCheck(0, None, ChainHead(0, GENESIS))


# --- anchors: a head kept outside the database --------------------------------------------------


def test_a_head_tracker_gives_the_head_and_holds_an_anchor_of_the_same_chain() -> None:
    from atelier_tui.domain.audit_chain import Anchor, HeadTracker

    events = sealed_chain(5)
    tracker = HeadTracker(Anchor(hash=events[2].hash, events=3))
    assert list(tracker.follow(events)) == events
    assert tracker.head == ChainHead(5, events[-1].hash, 5) and tracker.head.text == f"5:{events[-1].hash}"
    verdict = tracker.verdict()
    assert verdict is not None and verdict.holds and (verdict.position, verdict.since) == (3, 2)
    empty = HeadTracker(Anchor(hash=GENESIS, events=0))
    list(empty.follow([]))
    assert empty.head == ChainHead(0, GENESIS) and empty.verdict().holds  # type: ignore[union-attr]


def test_an_anchor_tells_a_cut_tail_from_a_rewritten_chain() -> None:
    from atelier_tui.domain.audit_chain import Anchor, HeadTracker

    events = sealed_chain(5)
    anchor = Anchor(hash=events[-1].hash, events=5)
    for chain in (events[:3], []):  # the last events deleted, or all of them: what is left is a sound chain
        assert first_break(chain) is None
        tracker = HeadTracker(anchor)
        first_break(tracker.follow(chain))
        verdict = tracker.verdict()
        assert verdict is not None and (verdict.kind, verdict.head.events) == ("cut", len(chain))
    rewritten = sealed_chain(5)
    previous = GENESIS
    for index, event in enumerate(rewritten):  # one event changed, every hash after it recomputed
        draft = replace(event, actor="forger" if index == 1 else event.actor, prev_hash=previous)
        rewritten[index] = replace(draft, hash=hash_of(draft))
        previous = rewritten[index].hash
    assert first_break(rewritten) is None
    tracker = HeadTracker(anchor)
    first_break(tracker.follow(rewritten))
    verdict = tracker.verdict()
    assert verdict is not None and verdict.kind == "rewritten" and verdict.found_hash == rewritten[-1].hash
    by_hash = HeadTracker(Anchor(hash=events[1].hash))  # a hash alone: found anywhere, or missing
    first_break(by_hash.follow(events))
    assert by_hash.verdict().position == 2  # type: ignore[union-attr]
    missing = HeadTracker(Anchor(hash=events[1].hash))
    first_break(missing.follow(rewritten))
    assert missing.verdict().kind == "missing"  # type: ignore[union-attr]


def test_an_anchor_reads_back_from_its_file_and_from_its_short_form() -> None:
    from atelier_tui.domain.audit_chain import Anchor, AnchorError, anchor_document, parse_head, read_anchor

    head = ChainHead(57, "a" * 64, 61)
    document = anchor_document(head, FIXED_NOW, "sqlite:////srv/atelier/workshop.db")
    assert document == {"format": "atelier-audit-anchor", "version": 1, "events": 57, "event_id": 61, "hash": "a" * 64,
                        "anchored_at": "2026-11-27T09:30:00.000000+00:00", "database": "sqlite:////srv/atelier/workshop.db"}
    assert read_anchor(json.dumps(document)) == Anchor("a" * 64, 57, "2026-11-27T09:30:00.000000+00:00",
                                                       "sqlite:////srv/atelier/workshop.db")
    assert parse_head(head.text) == Anchor("a" * 64, 57) == read_anchor(f"  {head.text}\n")
    assert parse_head("A" * 64) == Anchor("a" * 64)
    for given, code in [("{", "not_json"), ('{"format": "other"}', "not_an_anchor"),
                        (json.dumps({**document, "version": 2}), "newer_version"),
                        (json.dumps({k: v for k, v in document.items() if k != "hash"}), "missing"),
                        (json.dumps({**document, "hash": "xyz"}), "bad_hash"),
                        (json.dumps({**document, "events": -1}), "bad_count"),
                        (json.dumps({**document, "events": "57"}), "bad_count"),
                        (json.dumps({**document, "events": 0}), "empty_mismatch"),
                        (f"0:{'a' * 64}", "empty_mismatch"), (f"x:{'a' * 64}", "bad_head"), ("57:abc", "bad_hash")]:
        with pytest.raises(AnchorError) as refused:
            read_anchor(given)
        assert refused.value.code == code, given


def anchored(engine):  # type: ignore[no-untyped-def]
    """The anchor a lead would keep of the chain as it stands."""
    from atelier_tui.domain.audit_chain import Anchor

    checked = check_chain(engine)
    assert checked.intact and checked.head is not None
    return Anchor(hash=checked.head.hash, events=checked.head.events)


def test_a_chain_grown_since_its_anchor_holds_it(small_workshop) -> None:  # type: ignore[no-untyped-def]
    anchor = anchored(small_workshop)
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    checked = check_chain(small_workshop, anchor=anchor)
    assert checked.intact and checked.anchor is not None and checked.anchor.holds
    assert checked.head is not None and checked.head.events == anchor.events + 2 and checked.anchor.since == 2
    assert checked.head.hash == events_of(small_workshop)[-1].hash


def test_deleting_the_last_events_passes_plain_verify_but_not_the_anchor(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW, "AT-0001")
    anchor = anchored(small_workshop)
    *_, kept, first_gone, _second_gone = events_of(small_workshop)
    sql(small_workshop, "DELETE FROM audit_event WHERE id >= :id", id=first_gone.id)
    plain = check_chain(small_workshop)
    assert plain.intact and plain.head is not None and plain.head.hash == kept.hash  # the cut does not show alone
    checked = check_chain(small_workshop, anchor=anchor)
    assert checked.anchor is not None and checked.anchor.kind == "cut"
    assert (checked.anchor.head.events, anchor.events) == (plain.events, plain.events + 2)


def test_deleting_every_event_passes_plain_verify_but_not_the_anchor(small_workshop) -> None:  # type: ignore[no-untyped-def]
    anchor = anchored(small_workshop)
    sql(small_workshop, "DELETE FROM audit_event")
    plain = check_chain(small_workshop)
    assert plain.intact and plain.events == 0
    checked = check_chain(small_workshop, anchor=anchor)
    assert checked.anchor is not None and checked.anchor.kind == "cut" and checked.anchor.head.events == 0


def rewrite_every_hash(engine) -> None:  # type: ignore[no-untyped-def]
    """What someone who can write the database can do: recompute the whole chain with the public function."""
    previous = GENESIS
    with write_session(engine) as session:
        for event in session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars():
            event.prev_hash = previous
            event.hash = hash_of(event)
            previous = event.hash


def test_a_chain_rewritten_with_the_public_function_passes_plain_verify_but_not_the_anchor(small_workshop) -> None:  # type: ignore[no-untyped-def]
    tools.put_out_of_service(small_workshop, CLAIRE, FIXED_NOW, "AT-0003", "seal leaking")
    anchor = anchored(small_workshop)
    target = events_of(small_workshop)[-1]
    sql(small_workshop, "UPDATE audit_event SET actor = 'someone_else', reason = 'dropped' WHERE id = :id", id=target.id)
    assert verify_chain(small_workshop) is not None  # an edit alone shows
    rewrite_every_hash(small_workshop)
    plain = check_chain(small_workshop)
    assert plain.intact and plain.events == anchor.events  # rewritten whole, it does not
    checked = check_chain(small_workshop, anchor=anchor)
    assert checked.anchor is not None and checked.anchor.kind == "rewritten"
    assert checked.anchor.found_hash == plain.head.hash != anchor.hash  # type: ignore[union-attr]
