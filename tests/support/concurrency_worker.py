"""One worker process of the concurrency tests: a technician at one bench of the workshop built by
tests/support/concurrency_world.py, hammering the shared database through the real services.

    python -m tests.support.concurrency_worker CONFIG.json [CONFIG.json ...]

The launcher imports the application once, then forks one worker process per config, before any
database connection exists. Each worker connects, writes `ready-N` in the folder, waits for `go`
(so that every process starts together), works, and writes `result-N.json`: each success
(operation, key, version after, bench), the refusals counted by kind, anything else that went
wrong, and the latency of every call.

Modes:
- `race`: for `seconds` (and at least `min_iterations` rounds), take a random tool to its bench
  and bring it back the next round, consume one piece of a random lot, hold then release a piece
  for its order, and now and then, as the lead, bring back a tool someone has out or add a recount
  to a lot.
- `last_unit`: for each lot of `rounds` (one piece each), wait for every worker then all try to
  take that piece at once."""

from __future__ import annotations

import json
import os
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def _wait_for(done: Callable[[], bool], timeout: float, what: str, poll: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(poll)


def _preload() -> None:
    """Everything a worker needs, imported and built once: a cold interpreter costs about 1.5 s of
    CPU (SQLModel, pint's registry), which 8 or 20 of them on 2 cores would spend before the race."""
    from sqlalchemy.orm import configure_mappers

    import atelier_tui.services.stock.ledger
    import atelier_tui.services.stock.reservations
    import atelier_tui.services.tools.actions  # noqa: F401
    import tests.support.concurrency_world  # noqa: F401
    from atelier_tui.domain.units import registry

    registry()
    configure_mappers()


def launch(paths: list[str]) -> int:
    """Preload once, then fork one worker per config. No connection exists before the fork: each
    worker is a separate process opening its own connections (and, on SQLite, its own locks)."""
    _preload()
    children = []
    for path in paths:
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = work(path)
            except BaseException:  # noqa: BLE001 - reported through the exit code and the log
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        children.append(pid)
    failed = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        failed += os.waitstatus_to_exitcode(status) != 0
    return 1 if failed else 0


def work(path: str) -> int:
    config = json.loads(Path(path).read_text())
    folder, index = Path(config["folder"]), config["index"]

    from sqlalchemy import select, text

    from atelier_tui.domain.findings import LotPick
    from atelier_tui.domain.units import registry, to_micro
    from atelier_tui.services.context import Actor, ServiceError
    from atelier_tui.services.stock import ledger as stock
    from atelier_tui.services.stock.reservations import hold_lots
    from atelier_tui.services.tools import actions as tools
    from atelier_tui.store.engine import make_engine, read_session, write_session
    from atelier_tui.store.models import Tool
    from tests.support.concurrency_world import ADJUST_PIECES, REFUSALS

    engine = make_engine(config["url"])
    # Warm, as a terminal that has been open a while: connected, the unit registry built (a cold
    # one takes about a second of CPU), the mappers configured.
    registry()
    with read_session(engine) as session:
        session.execute(select(Tool).limit(1)).all()
        session.execute(text("SELECT 1"))
    technician, lead = Actor(**config["technician"]), Actor(**config["lead"])
    supply, bench = config["supply"], config["bench"]
    rng = random.Random(config["seed"])

    successes: list[list[Any]] = []
    refused: Counter[str] = Counter()
    messages: list[list[str]] = []
    errors: list[str] = []
    latencies: dict[str, list[float]] = {}

    def attempt(op: str, key: str, call: Callable[[], Any]) -> bool:
        started = time.perf_counter()
        try:
            done = call()
        except ServiceError as refusal:
            kind = next((k for k, words in REFUSALS[op].items() if words in str(refusal)), None)
            if kind is None:
                errors.append(f"{op} {key}: unexpected refusal: {refusal}")
            else:
                refused[f"{op}:{kind}"] += 1
            if config.get("keep_messages"):
                messages.append([op, key, str(refusal)])
            return False
        except Exception as error:  # noqa: BLE001 - every other failure is reported to the test
            errors.append(f"{op} {key}: {type(error).__name__}: {error}"[:1500])
            if len(errors) < 3:
                sys.stderr.write(traceback.format_exc())
            return False
        finally:
            latencies.setdefault(op, []).append((time.perf_counter() - started) * 1000)
        successes.append([op, key, getattr(done, "version", None), bench])
        return True

    def now() -> datetime:
        return datetime.now(UTC)

    def reserve(lot: str) -> None:
        with write_session(engine) as session:
            hold_lots(session, config["order_id"], [LotPick(lot, supply, to_micro(1), None, None, None)])

    def release() -> None:
        with write_session(engine) as session:
            hold_lots(session, config["order_id"], [])

    (folder / f"ready-{index}").write_text("")
    _wait_for(lambda: (folder / "go").exists(), 300, "the start", 0.005)
    started = time.time()
    iterations = 0

    if config["mode"] == "race":
        held: str | None = None
        in_hand: str | None = None
        end = time.monotonic() + config["seconds"]
        while time.monotonic() < end or iterations < config.get("min_iterations", 0):
            iterations += 1
            if in_hand is None:
                tag = rng.choice(config["tools"])
                if attempt("check_out", tag, lambda: tools.check_out(engine, technician, now(), tag, bench)):
                    in_hand = tag
            else:  # kept for a round of work; the lead may have brought it back meanwhile
                attempt("check_in", in_hand, lambda: tools.check_in(engine, technician, now(), in_hand))
                in_hand = None
            lot = rng.choice(config["lots"])
            attempt("consume", f"{supply}/{lot}", lambda: stock.consume(engine, technician, now(), supply, lot, "1 piece"))
            if config.get("reserve", True):
                if held is None:
                    lot = rng.choice(config["lots"])
                    if attempt("reserve", f"{supply}/{lot}", lambda: reserve(lot)):
                        held = lot
                elif attempt("release", f"{supply}/{held}", release):
                    held = None
            if rng.random() < config.get("stray_rate", 0.2):
                tag = rng.choice(config["tools"])
                attempt("stray_check_in", tag, lambda: tools.check_in(engine, lead, now(), tag))
            if rng.random() < config.get("adjust_rate", 0.15):
                lot = rng.choice(config["lots"])
                attempt("adjust", f"{supply}/{lot}", lambda: stock.adjust(engine, lead, now(), supply, lot,
                                                                         f"+{ADJUST_PIECES} piece", "recount"))
    elif config["mode"] == "last_unit":
        workers = config["workers"]
        for round_number, lot in enumerate(config["rounds"]):
            iterations += 1
            (folder / f"b{round_number}-{index}").write_text("")
            _wait_for(lambda: all((folder / f"b{round_number}-{i}").exists() for i in range(workers)), 120, "the others", 0.001)
            attempt("consume", f"{supply}/{lot}", lambda: stock.consume(engine, technician, now(), supply, lot, "1 piece"))
    else:
        raise SystemExit(f"unknown mode {config['mode']!r}")

    result = {"index": index, "iterations": iterations, "seconds": time.time() - started, "successes": successes,
              "refusals": dict(refused), "messages": messages, "errors": errors, "latencies": latencies}
    partial = folder / f"result-{index}.tmp"
    partial.write_text(json.dumps(result))
    partial.rename(folder / f"result-{index}.json")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(launch(sys.argv[1:]))
