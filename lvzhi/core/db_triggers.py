"""SQL triggers that protect records at the database level (SQLite and PostgreSQL).

* ``core_auditlog`` is append-only: no UPDATE, no DELETE, no TRUNCATE.
* ``core_audithead`` (the keyed head of the audit chain) is updated with every append but
  never deleted or truncated.
* ``consultation_comment`` keeps every accepted comment as evidence: no DELETE, no TRUNCATE,
  and an UPDATE may not change what the citizen sent or when (text, receipt, article and
  paragraph, channel, time, masked name and contact, source); moderation and decisions —
  the other columns — change as usual. ``user_id`` may only be cleared (its foreign key is
  ``ON DELETE SET NULL``).

SQLite has no TRUNCATE statement: ``DELETE FROM t`` without a condition is refused by the
DELETE trigger. On PostgreSQL a ``BEFORE TRUNCATE ... FOR EACH STATEMENT`` trigger refuses it,
and every trigger is ``ENABLE ALWAYS``, so ``SET session_replication_role = replica`` does not
switch it off. A superuser or the table owner can still drop or disable triggers: what they
change is detected by the keyed hash chain and the anchors (``lvzhi audit verify``), not
prevented.

:func:`install` and :func:`remove` act on the tables that exist, so each app's migration
can call them once its table is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Protection:
    #: row operations refused outright ("UPDATE", "DELETE"); TRUNCATE is refused too (PostgreSQL)
    refuse: tuple[str, ...]
    message: str
    #: columns an UPDATE may not change
    frozen: tuple[str, ...] = ()
    #: columns an UPDATE may only set to NULL (foreign keys with ON DELETE SET NULL)
    only_cleared: tuple[str, ...] = ()
    frozen_message: str = ""


#: what a citizen's comment records about its sending: never changed after the intake
COMMENT_FROZEN = (
    "consultation_id",
    "receipt",
    "article",
    "paragraph",
    "text",
    "channel",
    "submitted_at",
    "name_masked",
    "contact_masked",
    "has_contact",
    "client",
    "batch_id",
    "batch_row",
    "source_station_id",
    "source_organ_id",
)

PROTECTED: dict[str, Protection] = {
    "core_auditlog": Protection(("UPDATE", "DELETE"), "audit log is append-only"),
    "core_audithead": Protection(("DELETE",), "the head of the audit log is never deleted"),
    "consultation_comment": Protection(
        ("DELETE",),
        "comments are never deleted",
        frozen=COMMENT_FROZEN,
        only_cleared=("user_id",),
        frozen_message="a comment records what the citizen sent and when: that cannot be changed",
    ),
}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _changed(p: Protection, distinct: str) -> str:
    """SQL condition: the UPDATE changes a frozen column (``distinct``: the NULL-safe operator)."""
    parts = [f"NEW.{c} {distinct} OLD.{c}" for c in p.frozen]
    parts += [f"(NEW.{c} {distinct} OLD.{c} AND NEW.{c} IS NOT NULL)" for c in p.only_cleared]
    return " OR ".join(parts)


def _sqlite_names(table: str, p: Protection) -> list[str]:
    names = [f"{table}_no_{op.lower()}" for op in p.refuse]
    if p.frozen:
        names.append(f"{table}_frozen")
    return names


def _sqlite_install(table: str, p: Protection) -> list[str]:
    sql = [f"DROP TRIGGER IF EXISTS {name};" for name in _sqlite_names(table, p)]
    sql += [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, {_literal(p.message)}); END;"
        for op in p.refuse
    ]
    if p.frozen:
        sql.append(
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN {_changed(p, 'IS NOT')} "
            f"BEGIN SELECT RAISE(ABORT, {_literal(p.frozen_message)}); END;"
        )
    return sql


def _sqlite_remove(table: str, p: Protection) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name};" for name in _sqlite_names(table, p)]


def _pg_install(table: str, p: Protection) -> list[str]:
    sql = [
        f"""CREATE OR REPLACE FUNCTION {table}_protect() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION {_literal(p.message)}; END; $$ LANGUAGE plpgsql;""",
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
        f"CREATE TRIGGER {table}_no_change BEFORE {' OR '.join(p.refuse)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_protect();",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_protect();",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_change;",
        f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_no_truncate;",
    ]
    if p.frozen:
        sql += [
            f"""CREATE OR REPLACE FUNCTION {table}_frozen() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION {_literal(p.frozen_message)}; END; $$ LANGUAGE plpgsql;""",
            f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};",
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN ({_changed(p, 'IS DISTINCT FROM')}) EXECUTE FUNCTION {table}_frozen();",
            f"ALTER TABLE {table} ENABLE ALWAYS TRIGGER {table}_frozen;",
        ]
    return sql


def _pg_remove(table: str, p: Protection) -> list[str]:
    sql = [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_protect();",
    ]
    if p.frozen:
        sql += [
            f"DROP TRIGGER IF EXISTS {table}_frozen ON {table};",
            f"DROP FUNCTION IF EXISTS {table}_frozen();",
        ]
    return sql


def _tables(connection: Any) -> list[str]:
    existing = set(connection.introspection.table_names())
    return [t for t in PROTECTED if t in existing]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    tables = _tables(connection)
    if connection.vendor == "postgresql":
        # ALTER TABLE (ENABLE ALWAYS) is refused while the transaction has deferred foreign-key
        # checks pending on the table (after a delete with the triggers lifted, as the demo
        # reset does): run those checks now, then defer again — what Django's own
        # check_constraints() does.
        deferred = connection.in_atomic_block
        statements = ["SET CONSTRAINTS ALL IMMEDIATE"] if deferred and tables else []
        for table in tables:
            statements += _pg_install(table, PROTECTED[table])
        if deferred and tables:
            statements.append("SET CONSTRAINTS ALL DEFERRED")
        _run(connection, statements)
    elif connection.vendor == "sqlite":
        for table in tables:
            _run(connection, _sqlite_install(table, PROTECTED[table]))


def remove(connection: Any) -> None:
    for table in _tables(connection):
        if connection.vendor == "postgresql":
            _run(connection, _pg_remove(table, PROTECTED[table]))
        elif connection.vendor == "sqlite":
            _run(connection, _sqlite_remove(table, PROTECTED[table]))
