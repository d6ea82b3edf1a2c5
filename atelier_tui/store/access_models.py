"""Who may connect: the SSH public keys of staff members, registered by an admin. The built-in SSH
server (`atelier serve ssh`) finds the person behind a connection by the key's fingerprint.

Keys are credentials: they are not part of the workshop file (services/transfer/_export.py
writes only the tables it names), but backups and `atelier db copy` carry them like any table."""

from datetime import datetime

from sqlmodel import Field, SQLModel

import atelier_tui.store.base  # noqa: F401  (naming convention before any table)


class StaffKey(SQLModel, table=True):
    __tablename__ = "staff_key"
    id: int | None = Field(default=None, primary_key=True)
    staff_id: int = Field(foreign_key="staff.id", index=True)
    # "SHA256:..." as `ssh-keygen -lf` prints it: the SSH server looks a connection up by it, once
    # per authentication attempt, so it is a unique index.
    fingerprint: str = Field(unique=True, index=True)
    algorithm: str  # ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256, ...
    public_key: str  # canonical OpenSSH form: "algorithm base64", without the comment
    comment: str = ""
    added_at: datetime
    added_by_id: int | None = Field(default=None, foreign_key="staff.id")  # None: the system or a bootstrap admin
