"""What every screen needs to call services: the database, who is acting, whether changes are
allowed. The engine is created lazily, inside the first worker, so that SQLAlchemy and pint load
while the first screen is already on the terminal."""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True)
class StandingChange:
    """What became of the person at the keyboard since the workstation identified them."""

    login: str
    was: str  # the role they had
    role: str | None  # the role they have now; None: no longer active staff

    @property
    def removed(self) -> bool:
        return self.role is None

    @property
    def narrowed(self) -> bool:
        """Some action the former role allowed is no longer allowed."""
        from atelier_tui.services.permissions import PERMISSIONS, allowed

        return any(allowed(self.was, action) and not allowed(self.role or "", action) for action in PERMISSIONS)


@dataclass
class AppContext:
    database_url: str
    login: str  # the OS account until `identify` has matched it to the staff member acting
    readonly: bool = False
    role: str = ""  # no role, so allowed nothing, until identified
    display_name: str = ""
    staff_id: int | None = None
    acting_for: str | None = None  # `--as`: honoured for a gateway account only
    trusted_login: bool = False  # the login was given in-process (embedding, tests), not by the OS
    problem: str = ""  # why the account was not matched to a staff member
    refused: bool = False  # an `--as` that may not be honoured: the app closes
    clock: Any = field(default=None, repr=False)  # () -> aware datetime; tests pin it
    _database: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _identity_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _identified: bool = field(default=False, repr=False)
    _identity: Any = field(default=None, repr=False)

    def database(self) -> Any:
        """The database as the lean read path reads it (store/database.py): SQLAlchemy loads with
        the first read that is not a read statement, or the first write, not before."""
        with self._lock:
            if self._database is None:
                from atelier_tui.store.database import Database

                self._database = Database(self.database_url)
            return self._database

    def engine(self) -> Any:
        database = self.database()
        with self._lock:
            return database.engine  # the ORM loads with the first write, not here

    def prepare_queries(self) -> None:
        """Load the query layer (SQLAlchemy's engine) ahead of the read that will need it."""
        self.engine()

    def identify(self) -> Any:
        """The staff member at the keyboard (an Identity), resolved once; None when the account is
        not staff (read-only, `problem` says how to register) or its `--as` is refused (`refused`)."""
        with self._identity_lock:
            if not self._identified:
                self._identity = self._resolve()
                self._identified = True
                if self._identity is None:
                    self.readonly = True
                else:
                    self.login, self.role = self._identity.login, self._identity.role
                    self.display_name, self.staff_id = self._identity.display_name, self._identity.staff_id
            return self._identity

    def recheck_standing(self) -> StandingChange | None:
        """In a worker: whether the person identified at start is still active staff with the role
        they had (one indexed query); None when nothing changed, or there is no staff member to
        re-check. A change is taken on at once: the keys offered and the actor the services get
        follow the new role; a person taken off is allowed nothing more."""
        from atelier_tui.services.staff.identity import GATEWAY, who_is

        if self._identity is None or self.staff_id is None:
            return None
        now = who_is(self.database(), self.login)
        with self._identity_lock:
            if self._identity is None:  # another worker has just found them taken off
                return None
            was = self.role
            if now is None or now.staff_id != self.staff_id or now.role == GATEWAY:
                self._identity, self.role, self.readonly = None, "", True
                return StandingChange(self.login, was, None)
            if now.role == was:
                return None
            self._identity = dataclasses.replace(self._identity, role=now.role)
            self.role = now.role
            return StandingChange(self.login, was, now.role)

    def _resolve(self) -> Any:
        from atelier_tui.services.context import ServiceError
        from atelier_tui.services.staff.identity import NotRegistered, resolve_identity, who_is
        from atelier_tui.store.schema import schema_state

        if not schema_state(self.database()).up_to_date:  # no staff table to match against: the screens say to run init
            return None
        if self.trusted_login:
            return who_is(self.database(), self.login)
        try:
            return resolve_identity(self.database(), self.login, self.acting_for)
        except NotRegistered as unknown:
            self.problem = str(unknown)
        except ServiceError as refusal:
            self.problem, self.refused = str(refusal), True
        return None

    def actor(self) -> Any:
        from atelier_tui.services.context import Actor

        self.identify()
        return Actor(login=self.login, role=self.role, staff_id=self.staff_id)

    def may(self, action: str) -> bool:
        """Whether to offer an action of the permission table (services/permissions.py): never in
        read-only mode, nor before the person is identified. The service checks again."""
        from atelier_tui.services.permissions import allowed

        return not self.readonly and allowed(self.role, action)

    def now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone().date()

    def close(self) -> None:
        with self._lock:
            if self._database is not None and self._database.engine_made:
                self._database.engine.dispose()
            self._database = None
