"""shared pass: the `sharedpart` table, computed parts of an evidence pass stored for every process on
the same database (issue 18 §1, issue 17 concurrent users)

Keyed on the SHA-256 of (code fingerprint, enterprise, year, data version id and time, day, part name);
the value is serialised and signed with an HMAC under the deployment's secret
(`evidence.services.shared_parts`). A cache: no existing data moves (the table is new and starts empty),
and a downgrade loses nothing but computed work.

Revision ID: 0005_shared_pass
Revises: 0004_job_queue
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0005_shared_pass'
down_revision: str | None = '0004_job_queue'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sharedpart',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('for_enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('version_at', sa.DateTime(), nullable=True),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('value', sa.LargeBinary(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('signature', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash'),
    )
    with op.batch_alter_table('sharedpart', schema=None) as batch_op:
        batch_op.create_index('ix_sharedpart_for_enterprise_id_version_id', ['for_enterprise_id', 'version_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sharedpart', schema=None) as batch_op:
        batch_op.drop_index('ix_sharedpart_for_enterprise_id_version_id')
    op.drop_table('sharedpart')
