"""Two OS accounts on one machine, in the shared-file set-up (every account can write the SQLite
file): a workshop administered by the test runner, and a second account that is not staff, or only
a technician. Nothing that account runs through atelier makes it act beyond its role: the demo
admits no gateway in a workshop it did not make, and neither `init` nor `catalog import` runs for
anyone but an admin."""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select

from atelier_tui.services.staff.identity import os_account
from atelier_tui.store.engine import make_engine, read_session
from atelier_tui.store.models import AuditEvent, MaintenancePlan, Staff
from tests.e2e.sshd import as_account, atelier_command, ensure_account

pytestmark = pytest.mark.slow

OTHER = "atelier-other"
ME = os_account()
# The timegrapher's calibration every hundred years: a technician's way to turn a NO-GO into a GO.
PLAN_OF_A_CENTURY = """
[[maintenance_plan]]
key = "timegrapher_calibration"
tool_type = "timegrapher"
kind = "calibration"
name_en = "Calibration once a century"
name_fr = "Étalonnage séculaire"
every_days = 36500
every_uses = 0
anchor = "completion"
grace_days = 14
steps = [{ en = "Nothing", fr = "Rien" }]

[[maintenance_plan.test_points]]
key = "rate_reference"
name_en = "Rate against quartz reference"
name_fr = "Marche contre référence quartz"
nominal = "0 s/d"
tolerance = "0.5 s/d"
"""


class SharedWorkshop:
    """A real workshop (not the demo's) in a folder every account may write, as a shared-file set-up has it."""

    def __init__(self, folder: Path, catalogued: Path) -> None:
        self.folder = folder
        self.database = folder / "workshop.db"
        shutil.copyfile(catalogued, self.database)
        admin = Path(sys.executable).parent / "atelier"
        for login, name in ((ME, "Test runner"), ("nroux", "Nadia Roux")):
            added = subprocess.run([str(admin), "--db", str(self.database), "staff", "add", login, "--name", name, "--role", "admin"],
                                   capture_output=True, text=True, env={**os.environ, "ATELIER_LANG": "en"})
            assert added.returncode == 0, added.stderr
        os.chmod(self.database, 0o666)

    def staff(self) -> dict[str, str]:
        engine = make_engine(f"sqlite:///{self.database}")
        try:
            with read_session(engine) as session:
                return {login: role for login, role in session.execute(select(Staff.login, Staff.role))}
        finally:
            engine.dispose()

    def audit_actions(self) -> list[tuple[str, str]]:
        engine = make_engine(f"sqlite:///{self.database}")
        try:
            with read_session(engine) as session:
                return [(actor, action) for actor, action in session.execute(select(AuditEvent.actor, AuditEvent.action))]
        finally:
            engine.dispose()


@pytest.fixture
def workshop(catalogued_db: Path) -> Iterator[SharedWorkshop]:
    ensure_account(OTHER)
    folder = Path(tempfile.mkdtemp(prefix="atelier-shared-"))
    try:
        os.chmod(folder, 0o777)  # the database and its -wal/-shm files, writable by every account
        yield SharedWorkshop(folder, catalogued_db)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_as_other(workshop: SharedWorkshop, *args: str, terminal: bool = False) -> subprocess.CompletedProcess[str]:
    """`atelier ARGS` run by the other OS account, with its own home; on a pseudo-terminal if asked
    (the demo refuses without one), standard error captured either way."""
    account = ensure_account(OTHER)
    home = workshop.folder / "home"
    home.mkdir(exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    command = [*atelier_command(account, workshop.folder).split(), *args]
    environment = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                   "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
                   "XDG_CACHE_HOME": str(home / "cache"), "ATELIER_LANG": "en", "TERM": "xterm-256color"}
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=home, timeout=300,
                              stdin=subprocess.DEVNULL, **as_account(account))  # type: ignore[call-overload]
    controller, attached = pty.openpty()
    os.chown(os.ttyname(attached), account.pw_uid, account.pw_gid)
    try:
        finished = subprocess.run(command, stdin=attached, stdout=attached, stderr=subprocess.PIPE, text=True, env=environment,
                                  cwd=home, timeout=300, **as_account(account))  # type: ignore[call-overload]
    finally:
        os.close(attached)
        os.close(controller)
    return subprocess.CompletedProcess(command, finished.returncode, "", finished.stderr)


def test_the_demo_admits_no_gateway_in_a_workshop_it_did_not_make(workshop: SharedWorkshop) -> None:
    before = workshop.staff()
    opened = run_as_other(workshop, "--db", str(workshop.database), "demo", "--as", "nroux", terminal=True)
    assert opened.returncode == 2, opened.stderr
    assert opened.stderr.strip().splitlines() == [
        "this database holds a workshop the demo did not make (site MAIN): the demo only opens its own workshop "
        "(`atelier demo` without --db)"]
    without_terminal = run_as_other(workshop, "--db", str(workshop.database), "demo", "--as", "nroux")
    assert without_terminal.returncode == 2
    # With no gateway row, acting for the real admin is refused: the escalation ends here.
    escalated = run_as_other(workshop, "--db", str(workshop.database), "--as", "nroux", "staff", "add", "intruder",
                             "--name", "Intruder", "--role", "admin")
    assert escalated.returncode == 2
    assert f"the OS account '{OTHER}' is not registered as staff of this workshop" in escalated.stderr
    assert workshop.staff() == before
    assert all(actor != "nroux" for actor, _action in workshop.audit_actions())


def test_the_demo_workshop_url_in_the_environment_is_not_where_the_demo_opens(workshop: SharedWorkshop) -> None:
    """`ATELIER_DATABASE_URL` names the real workshop; `atelier demo` opens (and makes) its own."""
    account = ensure_account(OTHER)
    before = workshop.staff()
    home = workshop.folder / "home"
    command = [*atelier_command(account, workshop.folder).split(), "demo"]
    environment = {"PATH": os.environ["PATH"], "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                   "XDG_STATE_HOME": str(home / "state"), "ATELIER_LANG": "en",
                   "ATELIER_DATABASE_URL": f"sqlite:///{workshop.database}"}
    home.mkdir(exist_ok=True)
    os.chown(home, account.pw_uid, account.pw_gid)
    refused = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=home, timeout=300,
                             stdin=subprocess.DEVNULL, **as_account(account))  # type: ignore[call-overload]
    assert refused.returncode == 2  # no terminal here; nothing was written before saying so
    assert workshop.staff() == before


@pytest.mark.parametrize("role", [None, "technician"])
def test_init_and_catalog_import_are_for_admins_only(workshop: SharedWorkshop, role: str | None) -> None:
    if role is not None:
        admin = Path(sys.executable).parent / "atelier"
        added = subprocess.run([str(admin), "--db", str(workshop.database), "staff", "add", OTHER, "--name", "Other",
                                "--role", role], capture_output=True, text=True, env={**os.environ, "ATELIER_LANG": "en"})
        assert added.returncode == 0, added.stderr
    plans = workshop.folder / "plans.toml"
    plans.write_text(PLAN_OF_A_CENTURY)
    plans.chmod(0o644)
    events_before = len(workshop.audit_actions())
    for args in (["init"], ["init", "--demo"], ["catalog", "import", str(plans)]):
        refused = run_as_other(workshop, "--db", str(workshop.database), *args)
        assert refused.returncode == 2, (args, refused.stdout, refused.stderr)
        line = refused.stderr.strip()
        assert len(line.splitlines()) == 1, refused.stderr
        if role is None:
            assert f"the OS account '{OTHER}' is not registered as staff" in line
        else:
            assert f"{OTHER} (technician) may not import catalogs: this needs admin" in line
    assert len(workshop.audit_actions()) == events_before
    engine = make_engine(f"sqlite:///{workshop.database}")
    with read_session(engine) as session:
        intervals = session.execute(select(MaintenancePlan.every_days).where(MaintenancePlan.key == "timegrapher_calibration")).all()
    engine.dispose()
    assert intervals == [(365,)]
