"""A citizen's comment is evidence: the database refuses any change to what was sent and when,
while moderation and decisions keep working (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from .. import services
from ..models import Comment
from ..states import Decision, Moderation
from .conftest import ConsultWorld

pytestmark = pytest.mark.usefixtures("english")


#: the columns that record what the citizen sent and when
SENT = (
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


def _comment(cw: ConsultWorld) -> Comment:
    return services.comment_submit(
        consultation=cw.consultation,
        text="建议第三条明确犬只登记的办理时限。",
        article="3",
        user=cw.lw.w.public,
    )


def _new_values(cw: ConsultWorld, c: Comment) -> dict[str, Any]:
    """A different value for every column that records the sending."""
    return {
        "consultation_id": c.consultation_id + 1000,
        "receipt": "FORGED-0001",
        "article": "4",
        "paragraph": 2,
        "text": "改过的意见",
        "channel": "letter",
        "submitted_at": "2020-01-01 08:00:00",
        "name_masked": "张*",
        "contact_masked": "138****0000",
        "has_contact": True,
        "client": "forged",
        "batch_id": 1000,
        "batch_row": 5,
        "source_station_id": cw.contact_point.pk,
        "source_organ_id": cw.lw.w.congress.pk,
    }


def _update(pk: int, column: str, value: Any) -> None:
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"UPDATE consultation_comment SET {column} = %s WHERE id = %s", [value, pk])


def test_the_trigger_covers_every_column_recording_the_sending(cw: ConsultWorld) -> None:
    from lvzhi.core.db_triggers import COMMENT_FROZEN

    c = _comment(cw)
    assert set(_new_values(cw, c)) == set(SENT) == set(COMMENT_FROZEN)
    assert set(SENT) <= {f.column for f in Comment._meta.concrete_fields}


@pytest.mark.parametrize("column", SENT)
def test_sql_cannot_change_what_the_citizen_sent(cw: ConsultWorld, column: str) -> None:
    c = _comment(cw)
    before = Comment.objects.filter(pk=c.pk).values_list(column, flat=True).get()
    with pytest.raises(DatabaseError, match="cannot be changed"):
        _update(c.pk, column, _new_values(cw, c)[column])
    assert Comment.objects.filter(pk=c.pk).values_list(column, flat=True).get() == before


def test_the_orm_cannot_change_the_text_either(cw: ConsultWorld) -> None:
    c = _comment(cw)
    with pytest.raises(DatabaseError), transaction.atomic():
        Comment.objects.filter(pk=c.pk).update(text="改过的意见")
    c.text = "改过的意见"
    with pytest.raises(DatabaseError), transaction.atomic():
        c.save()
    c.refresh_from_db()
    assert c.text == "建议第三条明确犬只登记的办理时限。"


def test_the_sender_account_may_only_be_unlinked(cw: ConsultWorld) -> None:
    """``user`` is ON DELETE SET NULL: clearing it is allowed, pointing it elsewhere is not."""
    c = _comment(cw)
    with pytest.raises(DatabaseError, match="cannot be changed"):
        _update(c.pk, "user_id", cw.lw.w.staff.pk)
    _update(c.pk, "user_id", None)
    c.refresh_from_db()
    assert c.user_id is None


def test_moderation_and_decisions_still_change(cw: ConsultWorld) -> None:
    c = _comment(cw)
    c.save()  # a full save that changes nothing recorded is allowed
    services.comment_moderate(
        comment=c, moderation=Moderation.REMOVED, reason="off_topic", acting_user=cw.lw.clerk
    )
    services.comment_moderate(comment=c, moderation=Moderation.PUBLISHED, acting_user=cw.lw.clerk)
    services.comment_decide(
        comment=c, decision=Decision.ADOPTED, reason="已在第三条采纳。", acting_user=cw.lw.clerk
    )
    c.refresh_from_db()
    assert (c.moderation, c.decision, c.decided_by) == (Moderation.PUBLISHED, Decision.ADOPTED, cw.lw.clerk)


def test_protection_returns_in_the_same_transaction_after_a_lifted_delete(cw: ConsultWorld) -> None:
    """The demo reset lifts the triggers to delete comments and puts them back in the same
    transaction; on PostgreSQL that must work with the delete's foreign-key checks pending."""
    from lvzhi.core import db_triggers

    gone, kept = _comment(cw), _comment(cw)
    with transaction.atomic():
        db_triggers.remove(connection)
        Comment.objects.filter(pk=gone.pk)._raw_delete(connection.alias)  # type: ignore[attr-defined]
        db_triggers.install(connection)
        with pytest.raises(DatabaseError, match="cannot be changed"):
            _update(kept.pk, "text", "改过的意见")
    assert not Comment.objects.filter(pk=gone.pk).exists()
