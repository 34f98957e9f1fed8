"""The database refuses DELETE on comments (see lvzhi.core.db_triggers)."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lvzhi.core import db_triggers

    db_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0001_initial"), ("core", "0002_audit_append_only")]
    # reversing needs nothing: dropping the table drops its trigger
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
