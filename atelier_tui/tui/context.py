"""What every screen needs to call services: the database, who is acting, whether changes are
allowed. The engine is created lazily, inside the first worker, so that SQLAlchemy and pint load
while the first screen is already on the terminal."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any


@dataclass
class AppContext:
    database_url: str
    login: str
    readonly: bool = False
    role: str = "technician"
    display_name: str = ""
    staff_id: int | None = None
    clock: Any = field(default=None, repr=False)  # () -> aware datetime; tests pin it
    _engine: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                from atelier_tui.store.engine import make_engine

                self._engine = make_engine(self.database_url)
            return self._engine

    def actor(self) -> Any:
        from atelier_tui.services.context import Actor

        return Actor(login=self.login, role=self.role, staff_id=self.staff_id)

    def now(self) -> datetime:
        return self.clock() if self.clock is not None else datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone().date()

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None
