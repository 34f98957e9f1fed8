"""Publication becomes an explicit office step after the reply (``suggestion_publish``).

Before, every non-confidential suggestion appeared on the portal from its assignment on, while
still being handled. What the portal showed until now counts as published only where the new
publication check would have allowed it (replied or closed, not confidential, not merged); every
other suggestion is left (or made) unpublished.
"""

from django.db import migrations
from django.db.models import Q

REPLIED = ("answered", "rehandling", "closed")


def settle_publication(apps, schema_editor):
    Suggestion = apps.get_model("suggestions", "Suggestion")
    may_stay = Q(status__in=REPLIED, confidential=False, merged_into__isnull=True)
    # not yet replied, confidential or merged: never on the portal
    Suggestion.objects.exclude(may_stay).exclude(published_at__isnull=True).update(
        published_at=None, published_by=None
    )
    # replied and not confidential: was on the portal, stays there (published when it was answered)
    for row in Suggestion.objects.filter(may_stay, published_at__isnull=True).only("pk", "answered_at", "closed_at"):
        when = row.answered_at or row.closed_at
        if when is not None:
            Suggestion.objects.filter(pk=row.pk).update(published_at=when)


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0002_publication")]

    operations = [migrations.RunPython(settle_publication, migrations.RunPython.noop)]
