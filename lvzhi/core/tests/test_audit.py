"""The audit log: every service write leaves a hash-chained row; tampering is found."""

from __future__ import annotations

import json

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


def _plain_rewrite_from(seq: int, **change) -> None:
    """What the probe did: change row ``seq`` with the triggers off, recompute the plain SHA-256
    chain from it to the end (new hashes), and rewrite the head to match."""
    from lvzhi.core.audit import compute_hash

    rows = list(AuditLog.objects.filter(seq__gte=seq).order_by("seq"))
    prev_hash = AuditLog.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    statements = []
    for row in rows:
        for name, value in (change if row.seq == seq else {}).items():
            setattr(row, name, value)
        row.hash = compute_hash(
            seq=row.seq,
            created_at=row.created_at,
            actor_id=row.actor_id,
            actor_label=row.actor_label,
            action=row.action,
            object_type=row.object_type,
            object_id=row.object_id,
            object_repr=row.object_repr,
            changes=row.changes,
            prev_hash=prev_hash,
        )
        statements.append(
            (
                "UPDATE core_auditlog SET action = %s, changes = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                [row.action, json.dumps(row.changes), prev_hash, row.hash, row.seq],
            )
        )
        prev_hash = row.hash
    statements.append(
        ("UPDATE core_audithead SET seq = %s, hash = %s WHERE id = 1", [rows[-1].seq, prev_hash])
    )
    db_triggers.remove(connection)
    try:
        with connection.cursor() as cur:
            for sql, params in statements:
                cur.execute(sql, params)
    finally:
        db_triggers.install(connection)


def test_verify_finds_a_forged_row_rehashed_without_the_key(db):
    """Re-hashing a forged row with plain SHA-256 does not give it a valid (keyed) hash."""
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
    assert not result.ok and result.first_bad_seq == 2
    assert "altered" in result.problem


def test_a_rewritten_row_with_the_plain_chain_recomputed_is_found(db):
    """The probe of issue 11: change a row, recompute every later hash and the head; without
    the audit key the recomputed hashes are not the chain's HMACs."""
    _fill(6)
    _plain_rewrite_from(3, changes={"i": 999})
    assert AuditLog.objects.get(seq=3).changes == {"i": 999}
    result = audit_verify()
    assert not result.ok
    assert (result.first_bad_seq, result.checked) == (3, 2)
    assert "altered" in result.problem


def _truncate_and_rewrite_head(keep: int) -> None:
    last = AuditLog.objects.get(seq=keep)
    _tamper("DELETE FROM core_auditlog WHERE seq > %s", [keep])
    _tamper("UPDATE core_audithead SET seq = %s, hash = %s WHERE id = 1", [keep, last.hash])


def test_a_truncated_tail_with_a_rewritten_head_is_found(db):
    _fill(6)
    _truncate_and_rewrite_head(4)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 5
    assert "head" in result.problem and "MAC" in result.problem


def test_the_next_append_after_a_rewritten_head_keeps_the_evidence(db):
    """A write after the tampering does not make the head valid again silently: the append
    records the mismatch in the chain, and verification keeps reporting it."""
    _fill(6)
    _truncate_and_rewrite_head(4)
    audit_record(actor=None, action="test.later", object_type="x", object_id="later")
    actions = list(AuditLog.objects.filter(seq__gt=4).order_by("seq").values_list("action", flat=True))
    assert actions == ["audit.head_mismatch", "test.later"]
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 5
    assert "removed" in result.problem


def test_a_deleted_head_is_found_and_recorded_at_the_next_append(db):
    _fill(3)
    _tamper("DELETE FROM core_audithead", [])
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 4 and "missing" in result.problem
    audit_record(actor=None, action="test.later", object_type="x", object_id="later")
    assert AuditLog.objects.get(seq=4).action == "audit.head_mismatch"
    assert audit_verify().first_bad_seq == 4


def test_the_head_carries_a_mac_over_its_row(db):
    from lvzhi.core.audit import current_key, head_mac
    from lvzhi.core.models import AuditHead

    _fill(2)
    head = AuditHead.objects.get()
    key = current_key()
    assert (head.seq, head.key_id) == (2, key.id)
    assert head.hash == AuditLog.objects.get(seq=2).hash
    assert head.mac == head_mac(key=key.secret, seq=2, hash=head.hash, key_id=key.id)


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


# --- a log that began as a plain SHA-256 chain (databases from before migration 0004) ------------


def _legacy_log(n: int) -> list[AuditLog]:
    """``n`` rows hashed the way the log was before it was keyed, and an unkeyed head."""
    import datetime as dt

    from django.utils import timezone

    from lvzhi.core.audit import GENESIS_HASH, compute_hash
    from lvzhi.core.models import AuditHead

    prev, rows = GENESIS_HASH, []
    start = timezone.now() - dt.timedelta(days=400)
    for seq in range(1, n + 1):
        row = AuditLog(
            seq=seq,
            created_at=start + dt.timedelta(hours=seq),
            actor_label="system",
            action="legacy.write",
            object_type="x",
            object_id=str(seq),
            changes={"n": seq},
            prev_hash=prev,
        )
        row.hash = prev = compute_hash(
            seq=seq,
            created_at=row.created_at,
            actor_id=None,
            actor_label="system",
            action="legacy.write",
            object_type="x",
            object_id=str(seq),
            object_repr="",
            changes={"n": seq},
            prev_hash=row.prev_hash,
        )
        rows.append(row)
    AuditLog.objects.bulk_create(rows)
    AuditHead.objects.create(pk=1, seq=n, hash=prev)
    return rows


def _upgrade() -> int | None:
    """Run the data step of migration core.0004_audit_hmac on the current tables."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("lvzhi.core.migrations.0004_audit_hmac")
    before = AuditLog.objects.count()
    migration.key_the_chain(apps, None)
    return AuditLog.objects.count() - before


def test_the_upgrade_keeps_plain_rows_and_keys_the_chain_from_a_recorded_row(db):
    from lvzhi.core.audit import current_key

    legacy = _legacy_log(5)
    assert _upgrade() == 1
    assert _upgrade() == 0  # once only
    marker = AuditLog.objects.get(seq=6)
    assert marker.action == "audit.chain_keyed" and marker.prev_hash == legacy[-1].hash
    assert marker.changes["legacy_rows"] == "5" and marker.changes["legacy_chain_intact"] is True
    assert marker.changes["key"] == current_key().id
    assert list(AuditLog.objects.filter(seq__lte=5).order_by("seq").values_list("hash", flat=True)) == [
        r.hash for r in legacy
    ]
    _fill(3)
    result = audit_verify()
    assert result.ok and result.checked == 9


def test_after_the_upgrade_a_plain_recompute_of_old_or_new_rows_is_found(db):
    _legacy_log(5)
    _upgrade()
    _fill(3)
    _plain_rewrite_from(8, changes={"i": 999})  # a keyed row
    assert audit_verify().first_bad_seq == 8
    # a plain row: it verifies as plain SHA-256 again, but the first keyed row, recomputed to
    # link to it, is not the HMAC of its content
    _plain_rewrite_from(2, changes={"n": 999})
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 6 and "altered" in result.problem


def test_the_upgrade_records_a_plain_chain_that_was_already_broken(db):
    _legacy_log(4)
    _tamper("UPDATE core_auditlog SET changes = %s WHERE seq = %s", ['{"n": 999}', 2])
    _upgrade()
    assert AuditLog.objects.get(seq=5).changes["legacy_chain_intact"] is False
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 2
