"""Database triggers that refuse UPDATE and DELETE on the audit log (SQLite and PostgreSQL).

TRUNCATE is left to the database owner (it is how test databases are reset); an operator
who can drop triggers can still alter rows, which is what ``lvzhi audit verify`` detects."""

from django.db import migrations


def forwards(apps, schema_editor):
    from lvzhi.core import db_triggers

    db_triggers.install(schema_editor.connection)


def backwards(apps, schema_editor):
    from lvzhi.core import db_triggers

    db_triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
