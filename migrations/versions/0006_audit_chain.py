"""audit events chained by hash: prev_hash and hash, filled for the existing events in id order

Revision ID: 0006_audit_chain
Revises: 0005_maintenance_reviews
Create Date: 2026-11-28 09:00:00
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision: str = '0006_audit_chain'
down_revision: Union[str, None] = '0005_maintenance_reviews'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

CHUNK = 2000


def upgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sqlmodel.sql.sqltypes.AutoString(length=64), server_default='', nullable=False))
        batch_op.add_column(sa.Column('hash', sqlmodel.sql.sqltypes.AutoString(length=64), server_default='', nullable=False))
    _seal_existing_events()


def _seal_existing_events() -> None:
    """Chain the events already written, in id order, so that an existing workshop verifies intact.
    The hash is the application's own (atelier_tui.domain.audit_chain), so that `atelier audit
    verify` recomputes exactly what is stored here."""
    from atelier_tui.domain.audit_chain import GENESIS, event_hash

    events = sa.table(
        'audit_event',
        sa.column('id', sa.Integer()),
        sa.column('at', sqlmodel.sql.sqltypes.UTCDateTime()),
        sa.column('actor', sa.String()),
        sa.column('action', sa.String()),
        sa.column('entity', sa.String()),
        sa.column('entity_key', sa.String()),
        sa.column('before', sa.JSON()),
        sa.column('after', sa.JSON()),
        sa.column('reason', sa.String()),
        sa.column('prev_hash', sa.String()),
        sa.column('hash', sa.String()),
    )
    connection = op.get_bind()
    previous, last_id = GENESIS, None
    while True:
        query = sa.select(events.c.id, events.c.at, events.c.actor, events.c.action, events.c.entity, events.c.entity_key,
                          events.c.before, events.c.after, events.c.reason).order_by(events.c.id).limit(CHUNK)
        if last_id is not None:
            query = query.where(events.c.id > last_id)
        rows = connection.execute(query).all()
        if not rows:
            return
        updates = []
        for row in rows:
            sealed = event_hash(id=row.id, at=row.at, actor=row.actor, action=row.action, entity=row.entity,
                                entity_key=row.entity_key, before=row.before, after=row.after, reason=row.reason or "",
                                prev_hash=previous)
            updates.append({'event_id': row.id, 'prev': previous, 'sealed': sealed})
            previous = sealed
        connection.execute(
            events.update().where(events.c.id == sa.bindparam('event_id'))
            .values(prev_hash=sa.bindparam('prev'), hash=sa.bindparam('sealed')),
            updates,
        )
        last_id = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
