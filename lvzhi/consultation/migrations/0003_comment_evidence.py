"""A comment is evidence: the database refuses changes to what the citizen sent and when
(text, receipt, article and paragraph, channel, time, masked name and contact, source), and
TRUNCATE on PostgreSQL; moderation and decisions still change (see lvzhi.core.db_triggers)."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from lvzhi.core import db_triggers

    db_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0002_comments_never_deleted"), ("core", "0004_audit_hmac")]
    # reversing needs nothing: dropping the table drops its triggers
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
