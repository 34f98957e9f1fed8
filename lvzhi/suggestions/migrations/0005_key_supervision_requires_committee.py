"""A suggestion under key supervision (重点督办) always names its supervising committee.

The service always required one, but rows written around it (the demo generator did) could say
``is_key`` without ``key_committee``, and the annual report then showed "督办机构：—". Such rows
are given the working body for deputies' affairs (the office that runs the suggestions work,
``duty="deputies"``), falling back to the first special committee or working body; where no such
organ exists at all the item is taken off key supervision, with a note. Then the database refuses
the combination.
"""

from django.db import migrations, models
from django.db.models import Q


def name_missing_committees(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    Organ = apps.get_model("core", "Organ")
    missing = Suggestion.objects.filter(is_key=True, key_committee__isnull=True)
    if not missing.exists():
        return
    organ = (
        Organ.objects.filter(duty="deputies", type="working_body").order_by("pk").first()
        or Organ.objects.filter(type__in=("special_committee", "working_body")).order_by("pk").first()
    )
    if organ is not None:
        missing.update(key_committee=organ)
    else:
        missing.update(is_key=False)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0004_suggestion_key_decided_on"), ("core", "0005_organ_duty")]

    operations = [
        migrations.RunPython(name_missing_committees, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="suggestion",
            constraint=models.CheckConstraint(
                condition=Q(is_key=False) | Q(key_committee__isnull=False),
                name="suggestion_key_has_committee",
            ),
        ),
    ]
