"""The audit log: every service write leaves a hash-chained row; tampering is found."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from lvzhi.core import db_triggers
from lvzhi.core.audit import AuditEntry, audit_record, audit_record_many, audit_verify
from lvzhi.core.models import AuditLog
from lvzhi.core.services import calendar_override_set
from lvzhi.deputies.services import deputy_change_status

pytestmark = pytest.mark.django_db


def _fill(n: int = 5) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.write", object_type="x", object_id=str(i), changes={"i": i})


def test_service_write_records_actor_action_object_and_change(world):
    import datetime as dt

    deputy_change_status(
        deputy=world.deputy,
        status="suspended",
        reason="涉嫌犯罪被羁押",
        date=dt.date(2026, 3, 1),
        acting_user=world.staff,
    )
    row = AuditLog.objects.filter(action="deputy.status").get()
    assert row.actor_id == world.staff.pk and row.actor_label == "staff"
    assert row.object_type == "deputies.deputy" and row.object_id == str(world.deputy.pk)
    assert row.changes["status"] == ["active", "suspended"]
    assert audit_verify().ok


def test_chain_verifies_and_counts_rows(db):
    _fill(5)
    audit_record_many(
        actor=None, entries=[AuditEntry("bulk", object_type="y", object_id=str(i)) for i in range(7)]
    )
    result = audit_verify()
    assert result.ok and result.checked == 12
    seqs = list(AuditLog.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, 13))


def test_model_and_queryset_refuse_changes(db):
    _fill(2)
    row = AuditLog.objects.order_by("seq").first()
    row.action = "forged"
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        AuditLog.objects.all().update(action="forged")
    with pytest.raises(TypeError):
        AuditLog.objects.all().delete()


def test_database_trigger_refuses_raw_update(db):
    _fill(2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditlog SET action = 'forged' WHERE seq = 1")
    assert audit_verify().ok


def _tamper(sql: str, params: list) -> None:
    db_triggers.remove(connection)
    try:
        with connection.cursor() as cur:
            cur.execute(sql, params)
    finally:
        db_triggers.install(connection)


def test_verify_finds_the_first_tampered_row(db):
    _fill(6)
    _tamper("UPDATE core_auditlog SET changes = %s WHERE seq = %s", ['{"i": 999}', 4])
    result = audit_verify()
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.checked == 3
    assert "altered" in result.problem


def test_verify_finds_a_deleted_row(db):
    _fill(6)
    _tamper("DELETE FROM core_auditlog WHERE seq = %s", [3])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 3
    assert "missing" in result.problem


def test_verify_finds_a_truncated_tail(db):
    _fill(6)
    _tamper("DELETE FROM core_auditlog WHERE seq >= %s", [5])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 5


def test_verify_finds_a_recomputed_forgery_that_breaks_the_link(db):
    """Re-hashing a forged row is not enough: the next row still names the old hash."""
    from lvzhi.core.audit import compute_hash

    _fill(4)
    row = AuditLog.objects.get(seq=2)
    forged_hash = compute_hash(
        seq=2,
        created_at=row.created_at,
        actor_id=None,
        actor_label=row.actor_label,
        action="forged",
        object_type=row.object_type,
        object_id=row.object_id,
        object_repr=row.object_repr,
        changes=row.changes,
        prev_hash=row.prev_hash,
    )
    _tamper("UPDATE core_auditlog SET action = %s, hash = %s WHERE seq = %s", ["forged", forged_hash, 2])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 3
    assert "link" in result.problem


def test_cli_and_command_report_tampering(db, capsys):
    from django.core.management import CommandError, call_command

    _fill(3)
    call_command("audit_verify")
    assert "3 rows verified" in capsys.readouterr().out
    _tamper("UPDATE core_auditlog SET action = %s WHERE seq = %s", ["forged", 2])
    with pytest.raises(CommandError, match="row 2"):
        call_command("audit_verify")
    from lvzhi.cli import main

    assert main(["audit", "verify"]) == 1
    assert "BROKEN at row 2" in capsys.readouterr().err


def test_rolled_back_write_leaves_no_audit_row(world):
    import datetime as dt

    before = AuditLog.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_override_set(
            date=dt.date(2027, 2, 6), is_working_day=True, note="调休", acting_user=world.admin
        )
        raise RuntimeError("boom")
    assert AuditLog.objects.count() == before
    assert audit_verify().ok
