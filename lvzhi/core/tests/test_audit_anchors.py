"""Anchors: signed checkpoints kept outside the database, checked by ``lvzhi audit verify``."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.utils import timezone

from lvzhi.core import db_triggers
from lvzhi.core.audit import (
    KEY_ENV,
    RETIRED_KEYS_ENV,
    AnchorInvalid,
    AuditLogError,
    anchor_read,
    audit_anchor_write,
    audit_record,
    audit_verify,
    compute_hash,
    current_key,
    head_mac,
)
from lvzhi.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def var(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(RETIRED_KEYS_ENV, raising=False)
    return tmp_path


def _fill(n: int) -> None:
    for i in range(n):
        audit_record(actor=None, action="test.write", object_type="x", object_id=str(i), changes={"i": i})


def _keyed_rewrite_from(seq: int) -> None:
    """Someone who holds the key rewrites row ``seq`` and recomputes the keyed chain and head."""
    key = current_key()
    prev = AuditLog.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    db_triggers.remove(connection)
    try:
        with connection.cursor() as cur:
            for row in AuditLog.objects.filter(seq__gte=seq).order_by("seq"):
                action = "forged" if row.seq == seq else row.action
                new = compute_hash(
                    seq=row.seq,
                    created_at=row.created_at,
                    actor_id=row.actor_id,
                    actor_label=row.actor_label,
                    action=action,
                    object_type=row.object_type,
                    object_id=row.object_id,
                    object_repr=row.object_repr,
                    changes=row.changes,
                    prev_hash=prev,
                    key=key.secret,
                )
                cur.execute(
                    "UPDATE core_auditlog SET action = %s, prev_hash = %s, hash = %s WHERE seq = %s",
                    [action, prev, new, row.seq],
                )
                prev, last = new, row.seq
            cur.execute(
                "UPDATE core_audithead SET seq = %s, hash = %s, mac = %s WHERE id = 1",
                [last, prev, head_mac(key=key.secret, seq=last, hash=prev, key_id=key.id)],
            )
    finally:
        db_triggers.install(connection)


def test_an_anchor_is_a_signed_json_checkpoint_of_the_newest_row(var):
    _fill(3)
    anchor, path = audit_anchor_write()
    assert path == var / "audit-anchors" / f"{timezone.localdate().isoformat()}.json"
    data = json.loads(path.read_text())
    last = AuditLog.objects.get(seq=3)
    assert (data["seq"], data["hash"], data["key"]) == (3, last.hash, current_key().id)
    assert data["format"] == "lvzhi-audit-anchor/1" and data["time"] and len(data["mac"]) == 64
    assert anchor_read(path) == anchor
    result = audit_verify(anchors=[anchor])
    assert result.ok and result.anchors == 1 and result.checked == 3


def test_a_full_rewrite_with_the_key_is_found_by_an_anchor(var):
    """The keyed chain cannot tell a rewrite by someone who holds the key; an anchor kept
    outside the database can."""
    _fill(5)
    anchor, _path = audit_anchor_write(out=var / "admin-copy.json")
    _fill(2)
    _keyed_rewrite_from(2)
    assert audit_verify().ok  # the chain alone is consistent again
    result = audit_verify(anchors=[anchor_read(var / "admin-copy.json")])
    assert not result.ok and result.first_bad_seq == 5
    assert "rewritten" in result.problem and "admin-copy.json" in result.problem


def test_an_anchor_finds_a_log_cut_back_before_it(var):
    _fill(4)
    anchor, _path = audit_anchor_write()
    db_triggers.remove(connection)
    try:
        with connection.cursor() as cur:
            cur.execute("DELETE FROM core_auditlog")
            cur.execute("DELETE FROM core_audithead")
    finally:
        db_triggers.install(connection)
    assert audit_verify().ok  # an empty log is consistent
    result = audit_verify(anchors=[anchor])
    assert not result.ok and result.first_bad_seq == 4 and "missing" in result.problem


def test_a_forged_or_damaged_anchor_file_is_refused(var):
    _fill(2)
    _anchor, path = audit_anchor_write()
    data = json.loads(path.read_text())
    data["hash"] = "f" * 64
    forged = var / "forged.json"
    forged.write_text(json.dumps(data))
    with pytest.raises(AnchorInvalid, match="MAC"):
        anchor_read(forged)
    (var / "junk.json").write_text("not json")
    with pytest.raises(AnchorInvalid, match="JSON"):
        anchor_read(var / "junk.json")
    (var / "other.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(AnchorInvalid, match="not an lvzhi audit anchor"):
        anchor_read(var / "other.json")


def test_no_anchor_of_a_log_whose_head_was_rewritten(var):
    _fill(4)
    last = AuditLog.objects.get(seq=3)
    db_triggers.remove(connection)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditlog WHERE seq = 4")
        cur.execute("UPDATE core_audithead SET seq = 3, hash = %s WHERE id = 1", [last.hash])
    db_triggers.install(connection)
    with pytest.raises(AuditLogError) as refused:
        audit_anchor_write()
    assert refused.value.code == "audit_head_mismatch"
    assert not (var / "audit-anchors").exists()


def test_cli_writes_anchors_and_verifies_against_them(var, capsys):
    from django.core.management import CommandError, call_command

    from lvzhi.cli import main

    _fill(3)
    out = var / "a.json"
    assert main(["audit", "anchor", "--out", str(out)]) == 0
    assert f"audit anchor written: {out} (row 3," in capsys.readouterr().out
    assert main(["audit", "anchor"]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--anchor", str(out), str(var / "audit-anchors")]) == 0
    assert capsys.readouterr().out.strip() == "audit log intact: 3 rows verified, 2 anchors matched"
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "audit log intact: 3 rows verified"

    (var / "bad.json").write_text("{}")
    assert main(["audit", "verify", "--anchor", str(var / "bad.json")]) == 2
    assert "audit anchor unusable" in capsys.readouterr().err
    with pytest.raises(CommandError) as failed:
        call_command("audit_verify", anchor=[str(var / "bad.json")])
    assert failed.value.returncode == 2

    _keyed_rewrite_from(1)
    assert main(["audit", "verify", "--anchor", str(out)]) == 1
    assert "audit log BROKEN at row 3:" in capsys.readouterr().err
    with pytest.raises(CommandError, match="BROKEN at row 3"):
        call_command("audit_verify", anchor=[str(out)])
    call_command("audit_anchor", out=str(var / "b.json"))
    assert anchor_read(var / "b.json").seq == 3
