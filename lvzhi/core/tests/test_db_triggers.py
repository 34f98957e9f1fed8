"""Database triggers on the audit tables: what they refuse, and what only the chain detects.

The PostgreSQL tests run with ``LVZHI_DATABASE_URL=postgres://...`` (they are skipped on SQLite,
which has no TRUNCATE and no session_replication_role).
"""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, connection, transaction

from lvzhi.core import db_triggers
from lvzhi.core.audit import audit_record, audit_verify, compute_hash
from lvzhi.core.models import AuditHead, AuditLog

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL: set LVZHI_DATABASE_URL to run"
)


def _fill(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.write", object_type="x", object_id=str(i), changes={"i": i})


def _refused(sql: str) -> bool:
    try:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    except DatabaseError:
        return True
    return False


def test_the_head_of_the_log_cannot_be_deleted(db):
    _fill(2)
    assert _refused("DELETE FROM core_audithead")
    assert AuditHead.objects.filter(pk=1).exists()


def test_deleting_every_row_at_once_is_refused(db):
    """SQLite has no TRUNCATE; its fast whole-table DELETE is a DELETE, refused by the trigger."""
    _fill(2)
    assert _refused("DELETE FROM core_auditlog")
    assert AuditLog.objects.count() == 2


@postgres_only
@pytest.mark.parametrize("table", ["core_auditlog", "core_audithead", "consultation_comment"])
def test_truncate_is_refused_on_postgresql(db, table):
    _fill(2)
    assert _refused(f"TRUNCATE {table} CASCADE")
    assert AuditLog.objects.count() == 2


@postgres_only
def test_replica_mode_does_not_switch_the_triggers_off(db):
    """The probe set ``session_replication_role = replica``; the triggers are ENABLE ALWAYS."""
    _fill(2)
    with connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
    try:
        assert _refused("UPDATE core_auditlog SET action = 'forged' WHERE seq = 1")
        assert _refused("DELETE FROM core_auditlog WHERE seq = 2")
        assert _refused("TRUNCATE core_auditlog")
    finally:
        with connection.cursor() as cur:
            cur.execute("SET LOCAL session_replication_role = origin")
    assert AuditLog.objects.get(seq=1).action == "test.write"


@postgres_only
def test_what_a_superuser_does_with_the_triggers_disabled_is_detected(db):
    """A superuser can disable the triggers: the keyed chain still finds the rewritten row,
    even with every later hash and the head recomputed (plain SHA-256, no key)."""
    _fill(5)
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE core_auditlog DISABLE TRIGGER USER")
        cur.execute("SET LOCAL session_replication_role = replica")
        prev = AuditLog.objects.get(seq=2).hash
        for row in AuditLog.objects.filter(seq__gte=3).order_by("seq"):
            changes = {"i": 999} if row.seq == 3 else row.changes
            new = compute_hash(
                seq=row.seq,
                created_at=row.created_at,
                actor_id=row.actor_id,
                actor_label=row.actor_label,
                action=row.action,
                object_type=row.object_type,
                object_id=row.object_id,
                object_repr=row.object_repr,
                changes=changes,
                prev_hash=prev,
            )
            cur.execute(
                "UPDATE core_auditlog SET changes = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [json.dumps(changes), prev, new, row.seq],
            )
            prev = new
        cur.execute("UPDATE core_audithead SET hash = %s WHERE id = 1", [prev])
        cur.execute("SET LOCAL session_replication_role = origin")
    db_triggers.install(connection)  # (the test's transaction is rolled back anyway)
    assert AuditLog.objects.get(seq=3).changes == {"i": 999}
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 3 and "altered" in result.problem
