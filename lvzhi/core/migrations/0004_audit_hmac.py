"""Key the audit chain (HMAC-SHA256 with a key kept outside the database) and protect more.

* ``AuditHead`` gets ``key_id`` and ``mac`` (an HMAC over seq, hash and key id).
* A log that already holds rows (a plain SHA-256 chain) is not rewritten: one
  ``audit.chain_keyed`` row is appended, keyed and linked to the last plain row, and the
  head is keyed (``lvzhi.core.audit.legacy_chain_upgrade``). From that row on every row is
  keyed; the plain rows before it are verified as before and protected by the link.
* The triggers are reinstalled: TRUNCATE refused on PostgreSQL, triggers ``ENABLE ALWAYS``
  (they fire under ``session_replication_role = replica``), the head never deleted.

Not reversible: the keyed row cannot be removed from an append-only log.
"""

from django.db import migrations, models


def key_the_chain(apps, schema_editor):
    from lvzhi.core.audit import legacy_chain_upgrade

    legacy_chain_upgrade(log_model=apps.get_model("core", "AuditLog"), head_model=apps.get_model("core", "AuditHead"))


def install_triggers(apps, schema_editor):
    from lvzhi.core import db_triggers

    db_triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_session_motion_cutoff")]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="key_id",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="audithead",
            name="mac",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(key_the_chain),
        migrations.RunPython(install_triggers),
    ]
