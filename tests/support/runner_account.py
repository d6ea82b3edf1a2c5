"""The OS account running the tests, as a member of the workshop it tests."""

from __future__ import annotations


def register_test_runner(engine, role: str = "admin") -> None:  # type: ignore[no-untyped-def]
    """The OS account running the tests acts as itself (atelier_tui/services/staff/identity.py): it is
    registered as staff of the workshop's first site, an admin unless said otherwise. Written
    directly, so that the audit trail a test reads holds only its own events."""
    from sqlmodel import select

    from atelier_tui.services.staff.identity import os_account
    from atelier_tui.store.engine import write_session
    from atelier_tui.store.models import Site, Staff

    with write_session(engine) as session:
        site_id = session.exec(select(Site.id).order_by(Site.id)).first()
        session.add(Staff(site_id=site_id, login=os_account(), display_name="Test runner", role=role, level=3))
