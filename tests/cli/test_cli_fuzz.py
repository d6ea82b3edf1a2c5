"""Every command of the command line, given hostile arguments (numbers too large for the database,
negative counts, control characters, expressions where a quantity goes, paths that cannot be written,
very long text), answers as a script expects: exit 0, 1 or 2, never "unexpected error" (3) nor a
traceback, and a command refused with exit 2 has written nothing (every write is audited, so the
audit trail's length tells).

The commands run in this process, through the same entry point as the console script, on a copy of
the demo workshop where the test runner is an admin. Commands that serve or open the workstation
are left out: they wait for people."""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import select

from atelier_tui.cli import cli, main
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, Bench, ChecklistTemplate, MaintenancePlan, RepairOrder, Staff, Tool

NOT_FUZZED = {("demo",), ("serve", "ssh"), ("serve", "web"), ("restore",)}

# No value names a file outside the test's own folder: the commands write where they are told (an
# early version of this test, run as root, overwrote /etc/passwd through "../../etc/passwd").
HOSTILE_TEXT = ["", " ", "\x1b]0;owned\x07", "a\x00b", "x" * 5000, "../sibling.toml", "-3 s/d", "yesterday", "2026-02-30",
                "9999-12-31", "mysql://root@localhost/atelier", "postgresql://nobody@127.0.0.1:1/none"]
HOSTILE_NUMBERS = ["0", "-1", "2.5", "9223372036854775808", "99999999999", "1e308", "nan", "inf", "-9223372036854775809"]
HOSTILE_QUANTITIES = ["1e15 piece", "2.5 piece", "38 mm * 10**10**10", "2**2**30 mm", "mm", "s/d", "nan mm", "inf bar",
                      "-3 s/d", "0.5 ml", "12 mm", "3 bar", "1e308 mm", "280 deg", "+4 s/d"]
HOSTILE_PATHS = ["/proc/version", "/nonexistent/folder/file.toml", "/", ".", "-", "out.toml", "out.csv", "out.db", "../sibling.db"]


@dataclass(frozen=True)
class Workshop:
    """What the demo holds, so that most invocations reach past "no such order" to the values."""

    path: Path
    folder: Path  # where the commands run: two levels inside the test's folder, so "../x" stays in it
    tags: list[str]
    orders: list[str]
    benches: list[str]
    logins: list[str]
    plans: list[str]
    checklists: list[str]


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        where = (*path, name)
        if where in NOT_FUZZED:
            continue
        if isinstance(command, click.Group):
            found.extend(_commands(command, where))
        else:
            found.append((where, command))
    return found


COMMANDS = _commands(cli)


def _values(parameter: click.Parameter, workshop: Workshop) -> list[str]:
    """Plausible values for the parameter by its name and type, then hostile ones of every kind."""
    name = parameter.name or ""
    if isinstance(parameter.type, click.Choice):
        plausible = [str(choice) for choice in parameter.type.choices]
    elif isinstance(parameter.type, (click.types.IntParamType, click.IntRange)):
        plausible = ["1", "3", "30"]
    elif isinstance(parameter.type, (click.Path, click.File)):
        plausible = HOSTILE_PATHS
    elif name in ("tag", "tool_tag"):
        plausible = workshop.tags
    elif name in ("reference", "order_ref"):
        plausible = workshop.orders
    elif name in ("bench", "bench_code"):
        plausible = workshop.benches
    elif name in ("login", "technician", "actor"):
        plausible = workshop.logins
    elif name == "plan_key":
        plausible = workshop.plans
    elif name == "template":
        plausible = workshop.checklists
    elif name in ("as_found", "as_left"):
        plausible = [f"rate_reference={quantity}" for quantity in HOSTILE_QUANTITIES]
    else:
        plausible = HOSTILE_QUANTITIES
    return plausible + HOSTILE_NUMBERS + HOSTILE_TEXT + HOSTILE_QUANTITIES


def invocation(draw: st.DrawFn, workshop: Workshop) -> list[str]:
    where, command = draw(st.sampled_from(COMMANDS))
    words = list(where)
    for parameter in command.params:
        values = st.sampled_from(_values(parameter, workshop))
        if isinstance(parameter, click.Argument):
            count = parameter.nargs if parameter.nargs > 0 else draw(st.integers(1, 2))
            words.extend(draw(values) for _ in range(count))
        elif isinstance(parameter, click.Option) and parameter.name != "help" and (parameter.required or draw(st.booleans())):
            words.append(parameter.opts[0])
            if not parameter.is_flag:
                words.extend(draw(values) for _ in range(max(parameter.nargs, 1)))
    return words


def _run(database: Path, words: list[str]) -> tuple[int, str]:
    """`atelier --db DATABASE WORDS` through the console script's entry point: (exit code, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    arguments = sys.argv
    stdin = sys.stdin
    sys.argv = ["atelier", "--db", str(database), *words]
    sys.stdin = io.StringIO("")
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else (0 if ended.code is None else 2)
    finally:
        sys.argv = arguments
        sys.stdin = stdin
    return code, err.getvalue()


def _events(database: Path) -> int:
    engine = make_engine(f"sqlite:///{database}")
    try:
        with read_session(engine) as session:
            return session.exec(select(func.count()).select_from(AuditEvent)).one()
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Workshop:
    base = tmp_path_factory.mktemp("fuzz")
    path = base / "workshop.db"
    shutil.copyfile(demo_template, path)
    folder = base / "runs" / "here"
    folder.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{path}")
    with read_session(engine) as session:
        def first(column, count: int = 6) -> list[str]:  # type: ignore[no-untyped-def]
            return [str(value) for value in session.exec(select(column).order_by(column).limit(count)).all()]

        found = Workshop(path, folder, first(Tool.asset_tag), first(RepairOrder.reference, 12), first(Bench.code), first(Staff.login),
                         first(MaintenancePlan.key), first(ChecklistTemplate.key))
    engine.dispose()
    return found


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_no_argument_makes_a_command_fail_unexpectedly_or_write_half_way(workshop: Workshop, data: st.DataObject,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(workshop.folder)  # relative paths given as files land in the test's own folders
    words = data.draw(st.composite(invocation)(workshop))
    before = _events(workshop.path)
    code, stderr = _run(workshop.path, words)
    assert code in (0, 1, 2), f"atelier {' '.join(map(repr, words))} -> exit {code}: {stderr}"
    assert "Traceback" not in stderr
    if code == 2:
        assert _events(workshop.path) == before, f"atelier {' '.join(map(repr, words))} was refused but wrote: {stderr}"
        assert stderr.strip(), f"atelier {' '.join(map(repr, words))} was refused without a word"
