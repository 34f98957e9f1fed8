"""The append-only, hash-chained audit log: recording and verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .actors import Actor, is_system
from .models import AuditHead, AuditLog

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 0x6C767A68  # "lvzh": serialises appends across processes on PostgreSQL


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def compute_hash(
    *,
    seq: int,
    created_at: dt.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    object_repr: str,
    changes: Any,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [
            seq,
            created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            actor_id,
            actor_label,
            action,
            object_type,
            object_id,
            object_repr,
            changes,
            prev_hash,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` (attnames for foreign keys) as JSON-able data."""
    out: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _jsonable(getattr(instance, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _actor(actor: Actor | None) -> tuple[int | None, str]:
    if actor is None or is_system(actor) or not actor.is_authenticated:
        return None, "system"
    return actor.pk, actor.username[:150]


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    changes: Mapping[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditLog:
    """Append one row. Call inside the service's transaction so the row commits with the write."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    actor_id, actor_label = _actor(actor)
    clean_changes = _jsonable(dict(changes or {}))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
        created_at = timezone.now()
        row = AuditLog(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            changes=clean_changes,
            prev_hash=prev_hash,
        )
        row.hash = compute_hash(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=row.object_repr,
            changes=clean_changes,
            prev_hash=prev_hash,
        )
        row.save(force_insert=True)
        AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": row.hash})
    return row


@dataclass
class AuditEntry:
    action: str
    obj: models.Model | None = None
    changes: Mapping[str, Any] | None = None
    object_type: str = ""
    object_id: str = ""
    object_repr: str = ""


def audit_record_many(*, actor: Actor | None, entries: Iterable[AuditEntry], batch_size: int = 2000) -> int:
    """Append many rows in one locked pass (imports, seeding); same chain as :func:`audit_record`."""
    actor_id, actor_label = _actor(actor)
    count = 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])
        last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0], last[1]) if last else (0, GENESIS_HASH)
        buffer: list[AuditLog] = []
        for entry in entries:
            seq += 1
            otype, oid, orepr = entry.object_type, entry.object_id, entry.object_repr
            if entry.obj is not None:
                otype = otype or entry.obj._meta.label_lower
                oid = oid or str(entry.obj.pk)
                orepr = orepr or str(entry.obj)
            orepr = orepr[:200]
            changes = _jsonable(dict(entry.changes or {}))
            created_at = timezone.now()
            row = AuditLog(
                seq=seq,
                created_at=created_at,
                actor_id=actor_id,
                actor_label=actor_label,
                action=entry.action,
                object_type=otype,
                object_id=oid,
                object_repr=orepr,
                changes=changes,
                prev_hash=prev_hash,
            )
            row.hash = compute_hash(
                seq=seq,
                created_at=created_at,
                actor_id=actor_id,
                actor_label=actor_label,
                action=entry.action,
                object_type=otype,
                object_id=oid,
                object_repr=orepr,
                changes=changes,
                prev_hash=prev_hash,
            )
            prev_hash = row.hash
            buffer.append(row)
            count += 1
            if len(buffer) >= batch_size:
                AuditLog.objects.bulk_create(buffer)
                buffer = []
        if buffer:
            AuditLog.objects.bulk_create(buffer)
        if count:
            AuditHead.objects.update_or_create(pk=1, defaults={"seq": seq, "hash": prev_hash})
    return count


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""


def audit_verify() -> VerifyResult:
    """Walk the chain in order; report the first tampered, missing or re-linked row."""
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = AuditLog.objects.order_by("seq").values_list(
        "seq",
        "created_at",
        "actor_id",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "changes",
        "prev_hash",
        "hash",
    )
    for (
        seq,
        created_at,
        actor_id,
        actor_label,
        action,
        otype,
        oid,
        orepr,
        changes,
        row_prev,
        row_hash,
    ) in rows.iterator(chunk_size=5000):
        if seq != expected_seq:
            return VerifyResult(
                False, checked, expected_seq, f"row {expected_seq} is missing (next row is {seq})"
            )
        if row_prev != prev_hash:
            return VerifyResult(False, checked, seq, f"row {seq} does not link to row {seq - 1}")
        recomputed = compute_hash(
            seq=seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=otype,
            object_id=oid,
            object_repr=orepr,
            changes=changes,
            prev_hash=row_prev,
        )
        if recomputed != row_hash:
            return VerifyResult(
                False, checked, seq, f"row {seq} was altered (its hash does not match its content)"
            )
        prev_hash = row_hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.seq != checked:
        return VerifyResult(
            False, checked, checked + 1, f"rows {checked + 1}–{head.seq} are missing from the end of the log"
        )
    if head is not None and checked and head.hash != prev_hash:
        return VerifyResult(
            False, checked, checked, f"row {checked} does not match the recorded head of the log"
        )
    return VerifyResult(True, checked)
