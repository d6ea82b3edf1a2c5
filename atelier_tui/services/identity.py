"""Who is at the keyboard: a login matched to a staff member."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import select

from atelier_tui.store.engine import read_session
from atelier_tui.store.models import Staff


@dataclass(frozen=True)
class Identity:
    login: str
    display_name: str
    role: str
    level: int
    staff_id: int


def who_is(engine: Engine, login: str) -> Identity | None:
    with read_session(engine) as session:
        row = session.exec(
            select(Staff.login, Staff.display_name, Staff.role, Staff.level, Staff.id).where(Staff.login == login, Staff.active)
        ).first()
    return Identity(*row) if row else None
