"""assessment cycles: pending revisions, frozen submissions, division requests, e-mail outbox;
an enterprise's year basis and a stakeholder profile's carried-from year (issue 13)

Existing enterprises keep the fiscal year basis (the default every year was opened with); existing
profiles were not carried forward (NULL).

Revision ID: 0003_assessment_cycles
Revises: 0002_document_register
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0003_assessment_cycles'
down_revision: str | None = '0002_rules_read_the_faq'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('outboxmessage',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
    sa.Column('immediate', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outboxmessage_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outboxmessage_username'), ['username'], unique=False)

    op.create_table('recordrevision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('record_table', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('review_comment', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('recordrevision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recordrevision_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordrevision_record_id'), ['record_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordrevision_record_table'), ['record_table'], unique=False)
        batch_op.create_index(batch_op.f('ix_recordrevision_status'), ['status'], unique=False)

    op.create_table('submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('manifest_sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('enterprise_id', 'year', 'number')
    )
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submission_year'), ['year'], unique=False)

    op.create_table('divisionrequest',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('org_unit_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('request_status', sa.String(length=32), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['enterprise.id'], ),
    sa.ForeignKeyConstraint(['org_unit_id'], ['orgunit.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('divisionrequest', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_divisionrequest_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_divisionrequest_org_unit_id'), ['org_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_divisionrequest_request_status'), ['request_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_divisionrequest_year'), ['year'], unique=False)

    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.add_column(sa.Column('year_basis', sa.String(length=32), nullable=False, server_default='fiscal'))

    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_year', sa.Integer(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_column('carried_from_year')

    with op.batch_alter_table('enterprise', schema=None) as batch_op:
        batch_op.drop_column('year_basis')

    with op.batch_alter_table('divisionrequest', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_divisionrequest_year'))
        batch_op.drop_index(batch_op.f('ix_divisionrequest_request_status'))
        batch_op.drop_index(batch_op.f('ix_divisionrequest_org_unit_id'))
        batch_op.drop_index(batch_op.f('ix_divisionrequest_enterprise_id'))

    op.drop_table('divisionrequest')
    with op.batch_alter_table('submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_year'))
        batch_op.drop_index(batch_op.f('ix_submission_enterprise_id'))

    op.drop_table('submission')
    with op.batch_alter_table('recordrevision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recordrevision_status'))
        batch_op.drop_index(batch_op.f('ix_recordrevision_record_table'))
        batch_op.drop_index(batch_op.f('ix_recordrevision_record_id'))
        batch_op.drop_index(batch_op.f('ix_recordrevision_enterprise_id'))

    op.drop_table('recordrevision')
    with op.batch_alter_table('outboxmessage', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outboxmessage_username'))
        batch_op.drop_index(batch_op.f('ix_outboxmessage_sent_at'))
        batch_op.drop_index(batch_op.f('ix_outboxmessage_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_outboxmessage_created_at'))

    op.drop_table('outboxmessage')
