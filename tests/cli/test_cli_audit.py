"""`atelier audit verify|anchor|list` as a lead or a script uses them: verify exits 0 on an intact
chain (printing its head) and 1 naming the first bad event, or the anchor the chain no longer
holds; bad input exits 2 with one line on stderr. The tampering is done to a real SQLite file."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select, text

from atelier_tui.cli import cli  # first: it registers `atelier audit` (cli_completion reads them)
from atelier_tui.services.context import Actor
from atelier_tui.services.tools import actions as tools
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent
from tests.support.fixed_time import FIXED_NOW
from tests.support.runner_account import register_test_runner

CLAIRE = Actor(login="cmartin", role="technician")


def atelier(db: Path, *args: str, language: str = "en") -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args], env={"ATELIER_LANG": language})


@pytest.fixture
def db(small_workshop, catalogued_db: Path) -> Path:  # type: ignore[no-untyped-def]
    register_test_runner(small_workshop)
    tools.check_out(small_workshop, CLAIRE, FIXED_NOW, "AT-0001", "B-MECA")
    tools.check_in(small_workshop, CLAIRE, FIXED_NOW + timedelta(hours=1), "AT-0001")
    tools.put_out_of_service(small_workshop, Actor(login="lead", role="lead"), FIXED_NOW + timedelta(hours=2), "AT-0003",
                             "seal leaking")
    return catalogued_db


def events(db: Path) -> list[AuditEvent]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with read_session(engine) as session:
            return list(session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars())
    finally:
        engine.dispose()


def sql(db: Path, statement: str, **params: object) -> None:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with engine.begin() as connection:
            connection.execute(text(statement), params)
    finally:
        engine.dispose()


def test_verify_reports_an_intact_chain_with_its_length_and_head(db: Path) -> None:
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 0, result.output
    *_, last = events(db)
    assert result.stdout == f"chain intact: {len(events(db))} events\nhead: {len(events(db))}:{last.hash}\n"
    as_json = atelier(db, "audit", "verify", "--json")
    assert as_json.exit_code == 0, as_json.output
    report = json.loads(as_json.stdout)
    assert (report["intact"], report["events"], report["break"], report["anchor"]) == (True, len(events(db)), None, None)
    assert report["head"] == {"events": len(events(db)), "event_id": last.id, "hash": last.hash,
                              "text": f"{len(events(db))}:{last.hash}"}
    assert report["database"] == f"sqlite:///{db}"


def test_verify_an_intact_demo_workshop(demo_db: Path) -> None:
    result = atelier(demo_db, "audit", "verify")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("chain intact: ")


def test_verify_names_an_edited_event_and_exits_1(db: Path) -> None:
    target = next(e for e in events(db) if e.action == "check_out")
    sql(db, "UPDATE audit_event SET after = json_set(after, '$.bench_id', NULL) WHERE id = :id", id=target.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout == (f"chain broken at event {target.id} (check_out tool AT-0001): "
                             "edited: its content no longer matches its hash\n")


def test_verify_names_the_event_after_a_removed_one(db: Path) -> None:
    *_, before, gone, after = events(db)
    sql(db, "DELETE FROM audit_event WHERE id = :id", id=gone.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout == (f"chain broken at event {after.id} (out_of_service tool AT-0003): removed: it does not "
                             f"follow event {before.id}, so events between them were removed\n")


def test_verify_names_reordered_events(db: Path) -> None:
    *_, second, third = events(db)
    sql(db, "UPDATE audit_event SET id = -1 WHERE id = :id", id=second.id)
    sql(db, "UPDATE audit_event SET id = :a WHERE id = :b", a=second.id, b=third.id)
    sql(db, "UPDATE audit_event SET id = :b WHERE id = -1", b=third.id)
    result = atelier(db, "audit", "verify")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"chain broken at event {second.id} (out_of_service tool AT-0003): reordered: "
                                    f"it follows event {third.id}, which now comes after it")


def test_list_shows_the_newest_events_first_filtered_in_words(db: Path) -> None:
    result = atelier(db, "audit", "list", "--entity", "tool", "--key", "AT-0001")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "time", "actor", "action", "what", "reason"]
    assert ["checked in" in lines[1], "checked out" in lines[2], len(lines)] == [True, True, 3]
    assert all(line.split()[4:] == [*action.split(), "tool", "AT-0001"] for line, action in zip(lines[1:], ("checked in", "checked out")))
    by_lead = atelier(db, "audit", "list", "--actor", "lead")
    assert by_lead.exit_code == 0 and len(by_lead.stdout.splitlines()) == 2
    assert by_lead.stdout.splitlines()[1].rstrip().endswith("out of service  tool AT-0003  seal leaking")
    # in French: the words of the interface, what a person typed as typed; never the trail's codes
    french = atelier(db, "audit", "list", language="fr")
    assert french.exit_code == 0, french.output
    assert french.stdout.splitlines()[0].split() == ["id", "temps", "auteur", "action", "quoi", "motif"]
    assert " ".join(french.stdout.splitlines()[1].split()).endswith("lead hors service outil AT-0003 seal leaking")
    assert "rentré" in french.stdout and "sorti" in french.stdout
    assert not any(code in french.stdout for code in ("check_in", "check_out", "out_of_service"))
    limited = atelier(db, "audit", "list", "--limit", "2")
    assert limited.exit_code == 0 and len(limited.stdout.splitlines()) == 3


def test_list_json_carries_before_after_and_the_hashes(db: Path) -> None:
    result = atelier(db, "audit", "list", "--key", "AT-0003", "--json")
    assert result.exit_code == 0, result.output
    [event] = json.loads(result.stdout)
    assert (event["actor"], event["action"], event["reason"]) == ("lead", "out_of_service", "seal leaking")
    assert event["before"]["status"] == "in_service" and event["after"]["status"] == "out_of_service"
    assert event["at"] == "2026-11-27T11:30:00+00:00" and len(event["hash"]) == len(event["prev_hash"]) == 64


def test_list_with_nothing_matching_says_so(db: Path) -> None:
    result = atelier(db, "audit", "list", "--actor", "nobody")
    assert result.exit_code == 0 and result.stdout == "no events\n"
    assert json.loads(atelier(db, "audit", "list", "--actor", "nobody", "--json").stdout) == []


def test_bad_limit_and_missing_database_exit_2_with_one_line(db: Path, tmp_path: Path) -> None:
    result = atelier(db, "audit", "list", "--limit", "0")
    assert result.exit_code == 2 and result.stderr == "--limit: must be 1 to 1000000, not 0\n"
    empty = atelier(tmp_path / "none.db", "audit", "verify")
    assert empty.exit_code == 2 and len(empty.stderr.splitlines()) == 1 and "atelier init" in empty.stderr


# --- anchors ----------------------------------------------------------------------------------


def anchor_file(db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "anchors" / "before.json"
    target.parent.mkdir()
    result = atelier(db, "audit", "anchor", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"anchor written to {target}: {len(events(db))}:")
    return target


def test_anchor_writes_the_head_for_the_lead_to_keep(db: Path, tmp_path: Path) -> None:
    *_, last = events(db)
    printed = atelier(db, "audit", "anchor")
    assert printed.exit_code == 0, printed.output
    document = json.loads(printed.stdout)
    assert {key: document[key] for key in ("format", "version", "events", "event_id", "hash", "database")} == {
        "format": "atelier-audit-anchor", "version": 1, "events": len(events(db)), "event_id": last.id,
        "hash": last.hash, "database": f"sqlite:///{db}"}
    assert document["anchored_at"].endswith("+00:00")
    target = anchor_file(db, tmp_path)
    assert json.loads(target.read_text())["hash"] == last.hash
    again = atelier(db, "audit", "anchor", "--output", str(target))
    assert again.exit_code == 2 and again.stderr == f"--output: {target} already exists (use --force to replace it)\n"
    assert atelier(db, "audit", "anchor", "--output", str(target), "--force").exit_code == 0
    nowhere = atelier(db, "audit", "anchor", "--output", str(tmp_path / "missing" / "a.json"))
    assert nowhere.exit_code == 2 and nowhere.stderr == f"--output: the folder {tmp_path / 'missing'} does not exist\n"
    assert not list(tmp_path.glob("anchors/.before.json*")), "no temporary file left behind"


def test_anchor_of_a_broken_chain_is_refused(db: Path, tmp_path: Path) -> None:
    target = next(e for e in events(db) if e.action == "check_out")
    sql(db, "UPDATE audit_event SET reason = 'changed' WHERE id = :id", id=target.id)
    result = atelier(db, "audit", "anchor", "--output", str(tmp_path / "a.json"))
    assert result.exit_code == 1 and result.stdout.endswith("; no anchor written\n")
    assert not (tmp_path / "a.json").exists()


def test_verify_with_the_anchor_of_a_grown_chain_exits_0(db: Path, tmp_path: Path) -> None:
    anchor = anchor_file(db, tmp_path)
    before = len(events(db))
    from atelier_tui.store.engine import make_engine as engine_of

    engine = engine_of(f"sqlite:///{db}")
    try:
        tools.check_out(engine, CLAIRE, FIXED_NOW + timedelta(hours=3), "AT-0001", "B-MECA")
    finally:
        engine.dispose()
    result = atelier(db, "audit", "verify", "--anchor", str(anchor))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"anchor held: event {before} of the chain has the anchor's hash; 1 events since"
    head = json.loads(anchor.read_text())
    short = atelier(db, "audit", "verify", "--anchor", f"{head['events']}:{head['hash']}")
    hash_only = atelier(db, "audit", "verify", "--anchor", head["hash"].upper())
    assert short.exit_code == hash_only.exit_code == 0 and short.stdout == hash_only.stdout == result.stdout


def test_deleting_the_last_events_is_caught_with_the_anchor(db: Path, tmp_path: Path) -> None:
    anchor = anchor_file(db, tmp_path)
    *_, first_gone, _second_gone = events(db)
    sql(db, "DELETE FROM audit_event WHERE id >= :id", id=first_gone.id)
    plain = atelier(db, "audit", "verify")
    assert plain.exit_code == 0, "a cut tail does not show without an anchor"
    result = atelier(db, "audit", "verify", "--anchor", str(anchor))
    assert result.exit_code == 1
    count = len(events(db))
    assert result.stdout == (f"anchor not held: the chain has {count} events, fewer than the anchor's {count + 2}: "
                             "events were deleted at its tail\n")
    report = json.loads(atelier(db, "audit", "verify", "--anchor", str(anchor), "--json").stdout)
    assert report["intact"] and report["anchor"]["kind"] == "cut" and not report["anchor"]["holds"]


def test_deleting_every_event_is_caught_with_the_anchor(db: Path, tmp_path: Path) -> None:
    anchor = anchor_file(db, tmp_path)
    anchored = json.loads(anchor.read_text())["events"]
    sql(db, "DELETE FROM audit_event")
    plain = atelier(db, "audit", "verify")
    assert plain.exit_code == 0 and plain.stdout.startswith("chain intact: 0 events\n")
    result = atelier(db, "audit", "verify", "--anchor", str(anchor))
    assert result.exit_code == 1
    assert result.stdout == f"anchor not held: the chain has 0 events, fewer than the anchor's {anchored}: events were deleted at its tail\n"


def test_a_chain_rewritten_with_the_public_function_is_caught_with_the_anchor(db: Path, tmp_path: Path) -> None:
    from atelier_tui.domain.audit_chain import GENESIS, hash_of

    anchor = anchor_file(db, tmp_path)
    anchored = json.loads(anchor.read_text())
    target = next(e for e in events(db) if e.action == "out_of_service")
    sql(db, "UPDATE audit_event SET actor = 'cmartin', reason = '' WHERE id = :id", id=target.id)  # the lead's act, blamed
    previous = GENESIS
    for event in events(db):  # every hash recomputed, as anyone can with the public function
        event.prev_hash = previous
        sql(db, "UPDATE audit_event SET prev_hash = :prev, hash = :hash WHERE id = :id", prev=previous,
            hash=hash_of(event), id=event.id)
        previous = hash_of(event)
    plain = atelier(db, "audit", "verify")
    assert plain.exit_code == 0, "a chain rewritten whole does not show without an anchor"
    result = atelier(db, "audit", "verify", "--anchor", str(anchor))
    assert result.exit_code == 1
    assert result.stdout == (f"anchor not held: event {anchored['events']} of the chain has the hash {previous}, not the "
                             f"anchor's {anchored['hash']}: the chain was rewritten\n")
    by_hash = atelier(db, "audit", "verify", "--anchor", anchored["hash"])
    assert by_hash.exit_code == 1 and by_hash.stdout == (
        f"anchor not held: no event of the chain has the hash {anchored['hash']}: the chain was cut before it, or rewritten\n")


def test_an_anchor_of_another_database_says_where_it_was_taken(db: Path, tmp_path: Path) -> None:
    anchor = anchor_file(db, tmp_path)
    document = json.loads(anchor.read_text())
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**document, "database": "sqlite:////srv/elsewhere.db", "events": document["events"] + 5}))
    result = atelier(db, "audit", "verify", "--anchor", str(other))
    assert result.exit_code == 1 and result.stdout.endswith(" (the anchor was taken on sqlite:////srv/elsewhere.db)\n")


def test_a_bad_anchor_argument_exits_2_with_one_line(db: Path, tmp_path: Path) -> None:
    anchor = anchor_file(db, tmp_path)
    document = json.loads(anchor.read_text())
    not_json = tmp_path / "notes.txt"
    not_json.write_text("{ half")
    wrong_hash = tmp_path / "wrong.json"
    wrong_hash.write_text(json.dumps({**document, "hash": "abc"}))
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    for given, expected in [
        (str(tmp_path / "nowhere.json"), f"--anchor: there is no file {tmp_path / 'nowhere.json'}"),
        ("57:abc", "--anchor: the head given: the hash 'abc' is not 64 hexadecimal digits"),
        ("x:" + "a" * 64, f"--anchor: the head given: 'x:{'a' * 64}' is not a head (COUNT:HASH, or HASH)"),
        (str(not_json), f"--anchor: {not_json} is not an anchor file: "),
        (str(wrong_hash), f"--anchor: {wrong_hash}: the hash 'abc' is not 64 hexadecimal digits"),
        (str(binary), f"--anchor: cannot read {binary}: "),
        (str(tmp_path), f"--anchor: {tmp_path} is a folder, not an anchor file"),
    ]:
        result = atelier(db, "audit", "verify", "--anchor", given)
        assert result.exit_code == 2, (given, result.output)
        assert result.stdout == "" and len(result.stderr.splitlines()) == 1 and result.stderr.startswith(expected), result.stderr
