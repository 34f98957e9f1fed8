"""SQL triggers that protect records at the database level.

* ``core_auditlog`` is append-only: no UPDATE, no DELETE.
* ``consultation_comment`` keeps every accepted comment: no DELETE (moderation updates it).

:func:`install` and :func:`remove` act on the tables that exist, so each app's migration
can call them once its table is there.
"""

from __future__ import annotations

from typing import Any

#: table → (operations refused, message)
PROTECTED: dict[str, tuple[tuple[str, ...], str]] = {
    "core_auditlog": (("UPDATE", "DELETE"), "audit log is append-only"),
    "consultation_comment": (("DELETE",), "comments are never deleted"),
}


def _sqlite_install(table: str, ops: tuple[str, ...], message: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END;"
        for op in ops
    ]


def _sqlite_remove(table: str, ops: tuple[str, ...]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op.lower()};" for op in ops]


def _pg_install(table: str, ops: tuple[str, ...], message: str) -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {table}_protect() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{message}'; END; $$ LANGUAGE plpgsql;""",
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
        f"CREATE TRIGGER {table}_no_change BEFORE {' OR '.join(ops)} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_protect();",
    ]


def _pg_remove(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_no_change ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_protect();",
    ]


def _tables(connection: Any) -> list[str]:
    existing = set(connection.introspection.table_names())
    return [t for t in PROTECTED if t in existing]


def _run(connection: Any, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def install(connection: Any) -> None:
    for table in _tables(connection):
        ops, message = PROTECTED[table]
        if connection.vendor == "postgresql":
            _run(connection, _pg_install(table, ops, message))
        elif connection.vendor == "sqlite":
            _run(connection, _sqlite_install(table, ops, message))


def remove(connection: Any) -> None:
    for table in _tables(connection):
        ops, _message = PROTECTED[table]
        if connection.vendor == "postgresql":
            _run(connection, _pg_remove(table))
        elif connection.vendor == "sqlite":
            _run(connection, _sqlite_remove(table, ops))
