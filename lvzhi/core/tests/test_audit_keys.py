"""The audit key: where it comes from, what a wrong key does, and changing keys."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from lvzhi.core import db_triggers
from lvzhi.core.actors import SYSTEM
from lvzhi.core.audit import (
    KEY_ENV,
    RETIRED_KEYS_ENV,
    AuditLogError,
    audit_key_rotate,
    audit_record,
    audit_verify,
    compute_hash,
    current_key,
    key_id,
)
from lvzhi.core.models import AuditHead, AuditLog

pytestmark = pytest.mark.django_db

KEY_A = "a" * 20 + "-first-audit-key-for-tests"
KEY_B = "b" * 20 + "-second-audit-key-for-tests"


@pytest.fixture
def var(settings, tmp_path, monkeypatch):
    """An empty log and a var/ of its own, with no key configured."""
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(RETIRED_KEYS_ENV, raising=False)
    assert not AuditLog.objects.exists()
    return tmp_path


def _fill(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.write", object_type="x", object_id=str(i), changes={"i": i})


def test_without_configuration_a_key_is_generated_once_with_mode_0600(var):
    key = current_key()
    path = var / "audit_key"
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key.source == str(path) and len(key.secret) >= 32
    assert current_key() == key  # the same key again, not a new one
    assert key.id == key_id(path.read_text().strip().encode())


def test_the_configured_key_wins_and_must_be_long_enough(var, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY_A)
    assert current_key().secret == KEY_A.encode() and current_key().source == KEY_ENV
    assert not (var / "audit_key").exists()
    monkeypatch.setenv(KEY_ENV, "short")
    with pytest.raises(ImproperlyConfigured, match="too short"):
        current_key()


def test_rows_are_keyed_so_a_plain_hash_or_another_key_does_not_verify(var, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY_A)
    _fill(2)
    row = AuditLog.objects.get(seq=1)
    fields = dict(
        seq=1,
        created_at=row.created_at,
        actor_id=None,
        actor_label=row.actor_label,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        object_repr=row.object_repr,
        changes=row.changes,
        prev_hash=row.prev_hash,
    )
    assert row.hash == compute_hash(**fields, key=KEY_A.encode())
    assert row.hash != compute_hash(**fields)
    assert audit_verify().ok
    monkeypatch.setenv(KEY_ENV, KEY_B)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 1 and "not configured" in result.problem


def test_a_process_with_another_key_refuses_to_append(var, monkeypatch):
    """A machine started without the right key must not fork the chain."""
    monkeypatch.setenv(KEY_ENV, KEY_A)
    _fill(1)
    monkeypatch.setenv(KEY_ENV, KEY_B)
    with pytest.raises(ImproperlyConfigured, match="rotate-key"):
        _fill(1)
    assert AuditLog.objects.count() == 1


def test_rotating_a_generated_key_keeps_the_old_one_for_verification(var):
    _fill(3)
    old = current_key()
    row = audit_key_rotate(acting_user=SYSTEM)
    new = current_key()
    assert new.id != old.id
    assert (row.seq, row.action, row.changes) == (
        4,
        "audit.key_rotate",
        {"previous_key": old.id, "key": new.id},
    )
    retired = var / f"audit_key.retired-{old.id}"
    assert retired.read_text().strip().encode() == old.secret
    assert stat.S_IMODE(retired.stat().st_mode) == 0o600
    _fill(2)
    assert AuditHead.objects.get().key_id == new.id
    result = audit_verify()
    assert result.ok and result.checked == 6
    retired.unlink()  # an operator who loses the old key can no longer verify the old rows
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 1 and old.id in result.problem


def test_rotating_a_configured_key(var, monkeypatch):
    monkeypatch.setenv(KEY_ENV, KEY_A)
    _fill(2)
    with pytest.raises(AuditLogError) as refused:  # the operator has not put a new key in place
        audit_key_rotate(acting_user=SYSTEM)
    assert refused.value.code == "audit_key_unchanged"
    monkeypatch.setenv(KEY_ENV, KEY_B)
    with pytest.raises(AuditLogError) as refused:  # nor kept the old one
        audit_key_rotate(acting_user=SYSTEM)
    assert refused.value.code == "audit_key_missing"
    monkeypatch.setenv(RETIRED_KEYS_ENV, KEY_A)
    result = audit_verify()  # changed but not recorded yet: reported, and writes wait for it
    assert not result.ok and "rotate-key" in result.problem
    with pytest.raises(ImproperlyConfigured):
        _fill(1)
    row = audit_key_rotate(acting_user=SYSTEM)
    assert row.changes == {"previous_key": key_id(KEY_A.encode()), "key": key_id(KEY_B.encode())}
    _fill(1)
    assert audit_verify().ok


def test_a_leaked_old_key_cannot_rewrite_the_rows_before_the_rotation(var, monkeypatch):
    """The rotation row is keyed with the new key and links to the last old row, so whoever
    holds only the old key cannot recompute the old rows."""
    monkeypatch.setenv(KEY_ENV, KEY_A)
    _fill(3)
    monkeypatch.setenv(KEY_ENV, KEY_B)
    monkeypatch.setenv(RETIRED_KEYS_ENV, KEY_A)
    audit_key_rotate(acting_user=SYSTEM)
    _fill(1)
    prev = AuditLog.objects.get(seq=1).hash
    db_triggers.remove(connection)
    try:
        for row in AuditLog.objects.filter(seq__in=[2, 3]).order_by("seq"):
            forged = compute_hash(
                seq=row.seq,
                created_at=row.created_at,
                actor_id=None,
                actor_label=row.actor_label,
                action="forged",
                object_type=row.object_type,
                object_id=row.object_id,
                object_repr=row.object_repr,
                changes=row.changes,
                prev_hash=prev,
                key=KEY_A.encode(),
            )
            with connection.cursor() as cur:
                cur.execute(
                    "UPDATE core_auditlog SET action = 'forged', prev_hash = %s, hash = %s WHERE seq = %s",
                    [prev, forged, row.seq],
                )
            prev = forged
    finally:
        db_triggers.install(connection)
    result = audit_verify()
    assert not result.ok and result.first_bad_seq == 4 and "link" in result.problem


def test_a_rotation_refuses_to_seal_a_tampered_log(var):
    _fill(3)
    db_triggers.remove(connection)
    with connection.cursor() as cur:
        cur.execute("UPDATE core_auditlog SET action = 'forged' WHERE seq = 2")
    db_triggers.install(connection)
    key_before = current_key()
    with pytest.raises(AuditLogError) as refused:
        audit_key_rotate(acting_user=SYSTEM)
    assert refused.value.code == "audit_broken"
    assert current_key() == key_before and AuditLog.objects.count() == 3


def test_the_cli_rotates_the_key(var, capsys):
    from lvzhi.cli import main

    _fill(1)
    old = current_key().id
    assert main(["audit", "rotate-key"]) == 0
    assert f"{old} -> {current_key().id} from row 2" in capsys.readouterr().out
    assert main(["audit", "verify"]) == 0
