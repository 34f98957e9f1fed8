"""The append-only, hash-chained audit log: recording, verification, anchors and keys.

Each row's ``hash`` is an HMAC-SHA256, with the **audit key**, over the canonical JSON of its
content and the previous row's hash. The key is kept outside the database
(``LVZHI_AUDIT_KEY``, or ``var/audit_key`` generated once with mode 0600), so someone who can
write to the database but does not hold the key cannot recompute the chain after changing a
row. ``AuditHead`` names the newest row and carries its own HMAC, so a truncated tail with a
rewritten head is detected too. Anchors (:func:`audit_anchor_write`) are signed checkpoints
kept outside the database by the administrators: they detect even a full rewrite by someone
who holds the key.

Schemes: databases that held a plain SHA-256 chain before the key was introduced keep those
rows unchanged; the migration ``core.0004_audit_hmac`` appended one ``audit.chain_keyed`` row,
the first keyed row, and every row from it on is keyed. Rows before it are verified as plain
SHA-256 and protected by the link into the keyed row. A change of key is a recorded
``audit.key_rotate`` row, keyed with the new key (:func:`audit_key_rotate`); older keys stay
available for verification in ``LVZHI_AUDIT_RETIRED_KEYS`` or ``var/audit_key.retired-<id>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .actors import Actor, is_system
from .errors import DomainError
from .models import AuditHead, AuditLog

GENESIS_HASH = "0" * 64
_PG_LOCK_KEY = 0x6C767A68  # "lvzh": serialises appends across processes on PostgreSQL

KEY_ENV = "LVZHI_AUDIT_KEY"
RETIRED_KEYS_ENV = "LVZHI_AUDIT_RETIRED_KEYS"
KEY_FILE = "audit_key"
RETIRED_KEY_PREFIX = "audit_key.retired-"
MIN_KEY_LENGTH = 32
ANCHOR_FORMAT = "lvzhi-audit-anchor/1"

#: the first keyed row of a log that began as a plain SHA-256 chain (migration 0004)
ACTION_KEYED = "audit.chain_keyed"
#: a change of audit key; keyed with the new key
ACTION_ROTATE = "audit.key_rotate"
#: written when an append found the head not matching the log (a tail may have been removed)
ACTION_HEAD_MISMATCH = "audit.head_mismatch"


class AuditLogError(DomainError):
    """The audit log cannot do what was asked (broken head, key not rotatable …)."""

    code = "audit_log"
    status = 409


# --- the key ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditKey:
    id: str  # a fingerprint that names the key without revealing it
    secret: bytes = field(repr=False)
    source: str  # where it came from: the variable's name or the file's path


def key_id(secret: bytes) -> str:
    return hmac.new(secret, b"lvzhi audit key id", hashlib.sha256).hexdigest()[:16]


def _make_key(text: str, source: str) -> AuditKey:
    text = text.strip()
    if len(text) < MIN_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"The audit key from {source} is too short: use at least {MIN_KEY_LENGTH} random characters."
        )
    secret = text.encode("utf-8")
    return AuditKey(key_id(secret), secret, source)


def key_file_path() -> Path:
    return Path(settings.VAR_DIR) / KEY_FILE


def _write_secret_file(path: Path, text: str, *, replace: bool) -> None:
    """Write ``text`` to ``path`` with mode 0600: atomically, and (unless ``replace``) only if
    the file does not exist yet, so two processes starting at once agree on one key."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass  # another process was first: its key is the key
    finally:
        Path(tmp).unlink(missing_ok=True)


_cache: dict[tuple[Any, ...], AuditKey] = {}


def current_key() -> AuditKey:
    """The key new rows are keyed with: ``LVZHI_AUDIT_KEY``, else ``var/audit_key`` (created
    with a random key the first time it is needed)."""
    configured = os.environ.get(KEY_ENV, "")
    if configured.strip():
        cache_key: tuple[Any, ...] = ("env", configured)
        if cache_key not in _cache:
            _cache.clear()
            _cache[cache_key] = _make_key(configured, KEY_ENV)
        return _cache[cache_key]
    path = key_file_path()
    if not path.exists():
        _write_secret_file(path, secrets.token_urlsafe(48), replace=False)
    stat = path.stat()
    cache_key = ("file", str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)
    if cache_key not in _cache:
        _cache.clear()
        _cache[cache_key] = _make_key(path.read_text(encoding="utf-8"), str(path))
    return _cache[cache_key]


def retired_keys() -> list[AuditKey]:
    """Keys the log was keyed with before: ``LVZHI_AUDIT_RETIRED_KEYS`` (comma-separated) and
    the files ``var/audit_key.retired-*`` that :func:`audit_key_rotate` leaves."""
    keys = [
        _make_key(text, RETIRED_KEYS_ENV)
        for text in os.environ.get(RETIRED_KEYS_ENV, "").split(",")
        if text.strip()
    ]
    for path in sorted(Path(settings.VAR_DIR).glob(RETIRED_KEY_PREFIX + "*")):
        keys.append(_make_key(path.read_text(encoding="utf-8"), str(path)))
    return keys


def keyring() -> dict[str, AuditKey]:
    """Every key available for verification, by id; the current key wins a tie."""
    ring = {k.id: k for k in retired_keys()}
    current = current_key()
    ring[current.id] = current
    return ring


# --- hashing ----------------------------------------------------------------------------------


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


def _canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _row_payload(
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
) -> bytes:
    return _canonical(
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
        ]
    )


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
    key: bytes | None = None,
) -> str:
    """A row's hash: HMAC-SHA256 with ``key``, or plain SHA-256 (rows before the chain was keyed)."""
    payload = _row_payload(
        seq=seq,
        created_at=created_at,
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=changes,
        prev_hash=prev_hash,
    )
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def head_mac(*, key: bytes, seq: int, hash: str, key_id: str) -> str:
    return hmac.new(key, _canonical(["head", seq, hash, key_id]), hashlib.sha256).hexdigest()


def anchor_mac(*, key: bytes, seq: int, hash: str, time: str, key_id: str) -> str:
    return hmac.new(
        key, _canonical(["anchor", ANCHOR_FORMAT, seq, hash, time, key_id]), hashlib.sha256
    ).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of ``fields`` (attnames for foreign keys) as JSON-able data."""
    out: dict[str, Any] = {}
    for name in fields:
        field_ = instance._meta.get_field(name)
        attname = getattr(field_, "attname", name)
        out[name] = _jsonable(getattr(instance, attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def _actor(actor: Actor | None) -> tuple[int | None, str]:
    if actor is None or is_system(actor) or not actor.is_authenticated:
        return None, "system"
    return actor.pk, actor.username[:150]


# --- appending --------------------------------------------------------------------------------

_HeadRow = tuple[int, str, str, str]  # seq, hash, key_id, mac


def _head_problem(head: _HeadRow | None, last_seq: int, last_hash: str, key: AuditKey) -> str:
    """What is wrong with the head given the log's last row; "" when it is right. ``key`` is
    the key the head should be keyed with."""
    if head is None:
        return "" if last_seq == 0 else f"the head of the log is missing (the last row is {last_seq})"
    seq, hash_, head_key, mac = head
    if not hmac.compare_digest(mac, head_mac(key=key.secret, seq=seq, hash=hash_, key_id=head_key)):
        return f"the head of the log (row {seq}) does not carry a valid MAC: it was rewritten"
    if seq != last_seq or hash_ != last_hash:
        return f"the head of the log names row {seq}, but the last row is {last_seq}"
    return ""


def _lock() -> None:
    """Serialise appends (PostgreSQL; SQLite's IMMEDIATE transactions already do)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_LOCK_KEY])


class _Appender:
    """Appends rows after the log's last row. Construct inside ``transaction.atomic``: it takes
    the log's lock, checks the head (recording an ``audit.head_mismatch`` row if the head does
    not match the log) and keys the rows with ``key``; :meth:`finish` writes the new head."""

    def __init__(
        self, *, key: AuditKey | None = None, head_key: AuditKey | None = None, locked: bool = False
    ) -> None:
        if not locked:
            _lock()
        self.key = key or current_key()
        head_key = head_key or self.key
        last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
        self.seq, self.hash = last if last else (0, GENESIS_HASH)
        head = AuditHead.objects.filter(pk=1).values_list("seq", "hash", "key_id", "mac").first()
        self.head_exists = head is not None
        if head is not None and head[2] and head[2] != head_key.id:
            raise ImproperlyConfigured(
                f"The audit log is keyed with audit key {head[2]}, but this process has key "
                f"{head_key.id} (from {head_key.source}). Configure the key the log was written with "
                "(LVZHI_AUDIT_KEY), or change keys with `lvzhi audit rotate-key`."
            )
        self._hmac = hmac.new(self.key.secret, digestmod=hashlib.sha256)
        self.pending: list[AuditLog] = []
        problem = _head_problem(head, self.seq, self.hash, head_key)
        if problem:
            self.add(
                actor_id=None,
                actor_label="system",
                action=ACTION_HEAD_MISMATCH,
                object_type="core.audithead",
                object_id="1",
                object_repr="",
                changes={
                    "problem": problem,
                    "head": [head[0], head[1]] if head else None,
                    "last": [self.seq, self.hash],
                },
            )

    def add(
        self,
        *,
        actor_id: int | None,
        actor_label: str,
        action: str,
        object_type: str,
        object_id: str,
        object_repr: str,
        changes: Any,
    ) -> AuditLog:
        self.seq += 1
        created_at = timezone.now()
        row = AuditLog(
            seq=self.seq,
            created_at=created_at,
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            changes=changes,
            prev_hash=self.hash,
        )
        mac = self._hmac.copy()
        mac.update(
            _row_payload(
                seq=self.seq,
                created_at=created_at,
                actor_id=actor_id,
                actor_label=actor_label,
                action=action,
                object_type=object_type,
                object_id=object_id,
                object_repr=row.object_repr,
                changes=changes,
                prev_hash=self.hash,
            )
        )
        row.hash = self.hash = mac.hexdigest()
        self.pending.append(row)
        return row

    def flush(self) -> None:
        if len(self.pending) == 1:
            self.pending[0].save(force_insert=True)
        elif self.pending:
            AuditLog.objects.bulk_create(self.pending)
        self.pending = []

    def finish(self) -> None:
        self.flush()
        if self.seq == 0:
            return
        values = {
            "seq": self.seq,
            "hash": self.hash,
            "key_id": self.key.id,
            "mac": head_mac(key=self.key.secret, seq=self.seq, hash=self.hash, key_id=self.key.id),
        }
        if self.head_exists:
            AuditHead.objects.filter(pk=1).update(**values)
        else:
            AuditHead.objects.create(pk=1, **values)
            self.head_exists = True


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
        appender = _Appender()
        row = appender.add(
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr,
            changes=clean_changes,
        )
        appender.finish()
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
        appender = _Appender()
        for entry in entries:
            otype, oid, orepr = entry.object_type, entry.object_id, entry.object_repr
            if entry.obj is not None:
                otype = otype or entry.obj._meta.label_lower
                oid = oid or str(entry.obj.pk)
                orepr = orepr or str(entry.obj)
            appender.add(
                actor_id=actor_id,
                actor_label=actor_label,
                action=entry.action,
                object_type=otype,
                object_id=oid,
                object_repr=orepr,
                changes=_jsonable(dict(entry.changes or {})),
            )
            count += 1
            if len(appender.pending) >= batch_size:
                appender.flush()
        if count or appender.pending:
            appender.finish()
    return count


# --- verification -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A signed checkpoint: row ``seq`` of the log had hash ``hash`` at ``time``."""

    seq: int
    hash: str
    time: str
    key_id: str
    mac: str
    source: str = ""

    def as_json(self) -> str:
        return json.dumps(
            {
                "format": ANCHOR_FORMAT,
                "seq": self.seq,
                "hash": self.hash,
                "time": self.time,
                "key": self.key_id,
                "mac": self.mac,
            },
            indent=2,
        )


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    anchors: int = 0  # anchors checked

    def summary(self) -> str:
        """One line for the command line: the format scripts and the docs rely on."""
        if self.ok:
            text = f"audit log intact: {self.checked} rows verified"
            if self.anchors:
                text += f", {self.anchors} anchor{'s' if self.anchors != 1 else ''} matched"
            return text
        return (
            f"audit log BROKEN at row {self.first_bad_seq}: {self.problem} "
            f"({self.checked} rows verified before it)"
        )


_VERIFY_FIELDS = (
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


def _stored_payload(row: tuple[Any, ...]) -> bytes:
    """The hashed payload of a row read with ``values_list(*_VERIFY_FIELDS)``."""
    seq, created_at, actor_id, actor_label, action, otype, oid, orepr, changes, row_prev, _hash = row
    return _row_payload(
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


def _keyed_from(log_model: Any) -> int:
    """The first keyed row: the ``audit.chain_keyed`` row of an upgraded log, else row 1."""
    seq = log_model.objects.filter(action=ACTION_KEYED).order_by("seq").values_list("seq", flat=True).first()
    return int(seq) if seq is not None else 1


def _changes_get(changes: Any, name: str) -> str:
    return str(changes.get(name, "")) if isinstance(changes, dict) else ""


def _chain_verify(ring: Mapping[str, AuditKey], configured: AuditKey) -> VerifyResult:
    """Walk the chain and check the head against its last row; ``configured`` is the key the
    newest rows must be keyed with."""
    keyed_from = _keyed_from(AuditLog)
    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash", "key_id", "mac").first()
    first_rotation = (
        AuditLog.objects.filter(action=ACTION_ROTATE, seq__gte=keyed_from)
        .order_by("seq")
        .values_list("changes", flat=True)
        .first()
    )
    if first_rotation is not None:
        segment_key = _changes_get(first_rotation, "previous_key")
    elif head is not None and head[2]:
        segment_key = head[2]
    else:
        segment_key = configured.id
    used = {segment_key}
    bases = {kid: hmac.new(k.secret, digestmod=hashlib.sha256) for kid, k in ring.items()}

    def bad(seq: int, checked: int, problem: str) -> VerifyResult:
        return VerifyResult(False, checked, seq, problem)

    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    rows = AuditLog.objects.order_by("seq").values_list(*_VERIFY_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        seq, _created, _actor, _label, action, _type, _id, _repr, changes, row_prev, row_hash = row
        if seq != expected_seq:
            return bad(expected_seq, checked, f"row {expected_seq} is missing (next row is {seq})")
        if row_prev != prev_hash:
            return bad(seq, checked, f"row {seq} does not link to row {seq - 1}")
        payload = _stored_payload(row)
        if seq < keyed_from:
            recomputed = hashlib.sha256(payload).hexdigest()
        else:
            if action == ACTION_ROTATE:
                new_key = _changes_get(changes, "key")
                if _changes_get(changes, "previous_key") != segment_key:
                    return bad(
                        seq, checked, f"row {seq} changes keys but does not follow on from key {segment_key}"
                    )
                if new_key in used:
                    return bad(seq, checked, f"row {seq} switches back to audit key {new_key}, used before")
                segment_key = new_key
                used.add(new_key)
            if segment_key not in bases:
                return bad(
                    seq,
                    checked,
                    f"row {seq} is keyed with audit key {segment_key}, which is not configured "
                    f"(give it in {KEY_ENV} or {RETIRED_KEYS_ENV})",
                )
            mac = bases[segment_key].copy()
            mac.update(payload)
            recomputed = mac.hexdigest()
        if not hmac.compare_digest(recomputed, row_hash):
            return bad(seq, checked, f"row {seq} was altered (its hash does not match its content)")
        if seq == keyed_from and seq > 1 and _changes_get(changes, "legacy_rows") != str(seq - 1):
            return bad(seq, checked, f"row {seq} does not record where the keyed chain starts")
        if action == ACTION_HEAD_MISMATCH and seq >= keyed_from:
            return bad(
                seq,
                checked,
                f"row {seq} records that the head of the log did not match it when it was written "
                f"({_changes_get(changes, 'problem')}): rows may have been removed before it",
            )
        prev_hash = row_hash
        expected_seq += 1
        checked += 1
    if head is None:
        if checked:
            return bad(
                checked + 1,
                checked,
                f"the head of the log is missing: rows after {checked} may have been removed",
            )
        return VerifyResult(True, 0)
    head_seq, head_hash, head_key, head_mac_value = head
    if head_seq > checked:
        return bad(checked + 1, checked, f"rows {checked + 1}–{head_seq} are missing from the end of the log")
    if head_seq < checked:
        return bad(
            head_seq + 1,
            head_seq,
            f"the head of the log names row {head_seq}, but the log goes on to row {checked}",
        )
    if checked and head_hash != prev_hash:
        return bad(checked, checked - 1, f"row {checked} does not match the recorded head of the log")
    if checked and head_key != segment_key:
        return bad(
            checked + 1,
            checked,
            f"the head of the log is keyed with audit key {head_key}, the newest rows with {segment_key}",
        )
    if checked and not hmac.compare_digest(
        head_mac_value, head_mac(key=ring[segment_key].secret, seq=head_seq, hash=head_hash, key_id=head_key)
    ):
        return bad(
            checked + 1,
            checked,
            f"the head of the log (row {head_seq}) does not carry a valid MAC: it was rewritten, "
            "and rows after it may have been removed",
        )
    if checked and segment_key != configured.id:
        return bad(
            checked + 1,
            checked,
            f"the newest rows are keyed with audit key {segment_key}, not with the configured key "
            f"{configured.id}: configure the right {KEY_ENV}, or record the change with `lvzhi audit rotate-key`",
        )
    return VerifyResult(True, checked)


def audit_verify(*, anchors: Sequence[Anchor] = ()) -> VerifyResult:
    """Walk the chain in order; report the first tampered, missing or re-linked row, and any
    ``anchors`` whose row no longer has the anchored hash (the earliest problem wins)."""
    ring = keyring()
    result = _chain_verify(ring, current_key())
    problems: list[VerifyResult] = [] if result.ok else [result]
    wanted = {a.seq for a in anchors if a.seq > 0}
    hashes = dict(AuditLog.objects.filter(seq__in=wanted).values_list("seq", "hash")) if wanted else {}
    for anchor in sorted(anchors, key=lambda a: a.seq):
        name = f" ({anchor.source})" if anchor.source else ""
        if anchor.seq == 0:
            continue
        if anchor.seq not in hashes:
            problems.append(
                VerifyResult(
                    False,
                    min(anchor.seq - 1, result.checked),
                    anchor.seq,
                    f"row {anchor.seq}, anchored at {anchor.time}, is missing{name}",
                )
            )
        elif not hmac.compare_digest(hashes[anchor.seq], anchor.hash):
            problems.append(
                VerifyResult(
                    False,
                    min(anchor.seq - 1, result.checked),
                    anchor.seq,
                    f"row {anchor.seq} does not have the hash anchored at {anchor.time}: "
                    f"the log was rewritten up to it{name}",
                )
            )
    if problems:
        first = min(problems, key=lambda r: r.first_bad_seq or 0)
        return VerifyResult(False, first.checked, first.first_bad_seq, first.problem, len(anchors))
    return VerifyResult(True, result.checked, anchors=len(anchors))


# --- anchors ----------------------------------------------------------------------------------


class AnchorInvalid(ValueError):
    """An anchor file that cannot be used: unreadable, malformed, or not signed by a known key."""


def anchor_read(path: str | Path) -> Anchor:
    """Read and check one anchor file (its MAC, with the key it names)."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorInvalid(f"{source}: cannot be read as JSON ({exc})") from exc
    try:
        if data.get("format") != ANCHOR_FORMAT:
            raise AnchorInvalid(f"{source}: not an lvzhi audit anchor (format {data.get('format')!r})")
        anchor = Anchor(
            seq=int(data["seq"]),
            hash=str(data["hash"]),
            time=str(data["time"]),
            key_id=str(data["key"]),
            mac=str(data["mac"]),
            source=source,
        )
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, AnchorInvalid):
            raise
        raise AnchorInvalid(f"{source}: missing or malformed field ({exc})") from exc
    key = keyring().get(anchor.key_id)
    if key is None:
        raise AnchorInvalid(f"{source}: signed with audit key {anchor.key_id}, which is not configured")
    expected = anchor_mac(
        key=key.secret, seq=anchor.seq, hash=anchor.hash, time=anchor.time, key_id=anchor.key_id
    )
    if not hmac.compare_digest(expected, anchor.mac):
        raise AnchorInvalid(f"{source}: its MAC does not match its content (damaged or forged)")
    return anchor


def anchor_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; a directory stands for the ``*.json`` files in it."""
    out: list[Path] = []
    for p in map(Path, paths):
        out.extend(sorted(p.glob("*.json")) if p.is_dir() else [p])
    return out


def anchor_dir() -> Path:
    return Path(settings.VAR_DIR) / "audit-anchors"


def audit_anchor_make() -> Anchor:
    """A signed checkpoint of the log's newest row. Refused if the head does not match the log."""
    key = current_key()
    with transaction.atomic():
        _lock()  # the head and the last row as one append left them
        last = AuditLog.objects.order_by("-seq").values_list("seq", "hash").first()
        seq, hash_ = last if last else (0, GENESIS_HASH)
        head = AuditHead.objects.filter(pk=1).values_list("seq", "hash", "key_id", "mac").first()
    if head is not None and head[2] != key.id:
        raise AuditLogError(
            _("The audit log is keyed with another key than the configured one; run `lvzhi audit verify`."),
            code="audit_key_mismatch",
        )
    problem = _head_problem(head, seq, hash_, key)
    if problem:
        raise AuditLogError(
            _("The audit log's head does not match the log (%(problem)s); run `lvzhi audit verify`.")
            % {"problem": problem},
            code="audit_head_mismatch",
        )
    time = timezone.localtime().isoformat(timespec="seconds")
    mac = anchor_mac(key=key.secret, seq=seq, hash=hash_, time=time, key_id=key.id)
    return Anchor(seq=seq, hash=hash_, time=time, key_id=key.id, mac=mac)


def audit_anchor_write(*, out: str | Path | None = None) -> tuple[Anchor, Path]:
    """Write an anchor of the newest row to ``out`` (default ``var/audit-anchors/<date>.json``;
    a later anchor of the same day replaces the earlier one)."""
    anchor = audit_anchor_make()
    path = Path(out) if out is not None else anchor_dir() / f"{timezone.localdate().isoformat()}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(anchor.as_json() + "\n")
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return Anchor(anchor.seq, anchor.hash, anchor.time, anchor.key_id, anchor.mac, str(path)), path


# --- key rotation and the upgrade of a plain chain --------------------------------------------


def audit_key_rotate(*, acting_user: Actor) -> AuditLog:
    """Change the audit key, recorded as an ``audit.key_rotate`` row keyed with the new key.

    * Key in ``var/audit_key``: a new random key is generated; the old one is kept as
      ``var/audit_key.retired-<id>`` for verification.
    * Key in ``LVZHI_AUDIT_KEY``: put the new key there and the old one in
      ``LVZHI_AUDIT_RETIRED_KEYS`` first (on every machine), then call this.

    Refused if the log does not verify (a rotation would otherwise seal a tampered log).
    """
    configured = current_key()
    ring = keyring()
    path = key_file_path()
    restore: str | None = None  # the old key file's text, while the new one is not committed
    try:
        with transaction.atomic():
            _lock()
            head_key = AuditHead.objects.filter(pk=1).values_list("key_id", flat=True).first()
            old_id = head_key or configured.id
            if old_id not in ring:
                raise AuditLogError(
                    _(
                        "The log is keyed with audit key %(key)s, which is not configured: keep it in "
                        "LVZHI_AUDIT_RETIRED_KEYS before changing keys."
                    )
                    % {"key": old_id},
                    code="audit_key_missing",
                )
            result = _chain_verify(ring, ring[old_id])
            if not result.ok:
                raise AuditLogError(
                    _("The audit log does not verify (%(problem)s); keys are not changed.")
                    % {"problem": result.problem},
                    code="audit_broken",
                )
            new_file_key = ""
            if configured.id != old_id:
                new = configured
            elif configured.source == KEY_ENV:
                raise AuditLogError(
                    _(
                        "LVZHI_AUDIT_KEY is set: put the new key in LVZHI_AUDIT_KEY and the current one "
                        "in LVZHI_AUDIT_RETIRED_KEYS (on every machine), then run this again."
                    ),
                    code="audit_key_unchanged",
                )
            else:
                new_file_key = secrets.token_urlsafe(48)
                new = _make_key(new_file_key, str(path))
            actor_id, actor_label = _actor(acting_user)
            appender = _Appender(key=new, head_key=ring[old_id], locked=True)
            row = appender.add(
                actor_id=actor_id,
                actor_label=actor_label,
                action=ACTION_ROTATE,
                object_type="",
                object_id="",
                object_repr="",
                changes={"previous_key": old_id, "key": new.id},
            )
            appender.finish()
            if new_file_key:
                old_text = path.read_text(encoding="utf-8").strip()
                _write_secret_file(path.with_name(RETIRED_KEY_PREFIX + old_id), old_text, replace=True)
                restore = old_text
                _write_secret_file(path, new_file_key, replace=True)
    except BaseException:
        if restore is not None:  # the row was not committed: the old key stays the key
            _write_secret_file(path, restore, replace=True)
        raise
    return row


def legacy_chain_upgrade(*, log_model: Any, head_model: Any) -> int | None:
    """Migration ``core.0004_audit_hmac``: key a log that holds a plain SHA-256 chain.

    The old rows stay as they were; one ``audit.chain_keyed`` row is appended, keyed with the
    current key and linked to the last plain row, and the head is keyed. Returns the new row's
    seq, or None when there was nothing to do (empty log, or already keyed)."""
    head = head_model.objects.filter(pk=1).first()
    if head is not None and head.key_id:
        return None
    last = log_model.objects.order_by("-seq").values_list("seq", "hash").first()
    if last is None:
        return None
    intact = True
    prev, expected = GENESIS_HASH, 1
    for row in log_model.objects.order_by("seq").values_list(*_VERIFY_FIELDS).iterator(chunk_size=5000):
        seq, row_prev, row_hash = row[0], row[-2], row[-1]
        plain = hashlib.sha256(_stored_payload(row)).hexdigest()
        if seq != expected or row_prev != prev or plain != row_hash:
            intact = False
            break
        prev, expected = row_hash, expected + 1
    key = current_key()
    seq, prev_hash = last[0] + 1, last[1]
    created_at = timezone.now()
    changes = {
        "scheme": "hmac-sha256",
        "key": key.id,
        "legacy_rows": str(last[0]),
        "legacy_chain_intact": intact,
    }
    row_hash = compute_hash(
        seq=seq,
        created_at=created_at,
        actor_id=None,
        actor_label="system",
        action=ACTION_KEYED,
        object_type="",
        object_id="",
        object_repr="",
        changes=changes,
        prev_hash=prev_hash,
        key=key.secret,
    )
    log_model.objects.create(
        seq=seq,
        created_at=created_at,
        actor_id=None,
        actor_label="system",
        action=ACTION_KEYED,
        object_type="",
        object_id="",
        object_repr="",
        changes=changes,
        prev_hash=prev_hash,
        hash=row_hash,
    )
    values = {
        "seq": seq,
        "hash": row_hash,
        "key_id": key.id,
        "mac": head_mac(key=key.secret, seq=seq, hash=row_hash, key_id=key.id),
    }
    head_model.objects.update_or_create(pk=1, defaults=values)
    return seq
