"""Services of public consultation: windows, intake, letters, moderation, decisions, feedback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import InvalidTransition, NotFoundError, PermissionDeniedError, ValidationFailed
from lvzhi.core.models import AuditLog, Notification

from .. import services
from ..analysis import analysis_refresh
from ..models import MAX_COMMENT_CHARS, Comment, CommentContact, Consultation, FeedbackNotice
from ..selectors import consultation_totals, heatmap, public_feedback
from ..states import Channel, ConsultationStatus, Decision, Moderation, NoticeStatus
from .conftest import ConsultWorld, open_consultation

pytestmark = pytest.mark.usefixtures("english")


def _submit(cw: ConsultWorld, text: str = "建议第三条明确犬只登记的办理时限。", **kw: Any) -> Comment:
    return services.comment_submit(consultation=cw.consultation, text=text, **kw)


# --- windows ---------------------------------------------------------------------------------------


def test_open_sets_the_bill_window_and_tells_the_invited(cw: ConsultWorld) -> None:
    c = cw.consultation
    assert c.status == ConsultationStatus.OPEN
    cw.bill.refresh_from_db()
    assert (cw.bill.consultation_start, cw.bill.consultation_end) == (c.start, c.end)
    assert list(c.contact_points.all()) == [cw.contact_point] and list(c.districts.all()) == [cw.district]
    deputy = cw.lw.w.deputy_user
    assert Notification.objects.filter(recipient=deputy, category="consultation").exists()
    assert AuditLog.objects.filter(action="consultation.open", object_id=str(c.pk)).exists()


def test_open_refuses_a_window_shorter_than_the_profile(lw: Any, settings: Any, tmp_path: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationFailed) as err:
        open_consultation(lw, end=today + dt.timedelta(days=10))
    assert err.value.code == "consultation_too_short" and "20 days" in str(err.value.message)
    assert not Consultation.objects.exists()


def test_open_checks_its_fields(lw: Any) -> None:
    with pytest.raises(ValidationFailed) as err:
        open_consultation(lw, title=" ", explanation="")
    assert set(err.value.detail) == {"title", "explanation"}
    assert not Consultation.objects.exists()


def test_only_one_window_at_a_time_and_only_the_office(cw: ConsultWorld) -> None:
    today = timezone.localdate()
    with pytest.raises(InvalidTransition):
        services.consultation_open(
            bill=cw.bill,
            version=cw.version,
            title="又一次",
            explanation="说明",
            start=today,
            end=today + dt.timedelta(days=30),
            acting_user=cw.lw.clerk,
        )
    with pytest.raises(PermissionDeniedError):
        services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.w.leader, reason="x")


def test_scheduled_opens_and_closes_by_the_worker(lw: Any, settings: Any, tmp_path: Any) -> None:
    today = timezone.localdate()
    cw = open_consultation(lw, start=today + dt.timedelta(days=2), end=today + dt.timedelta(days=30))
    assert cw.consultation.status == ConsultationStatus.SCHEDULED
    with pytest.raises(InvalidTransition) as err:
        _submit(cw)
    assert err.value.code == "consultation_closed" and "opens on" in str(err.value.message)
    assert services.consultations_sync(acting_user=SYSTEM, today=today + dt.timedelta(days=2)) == {
        "opened": 1,
        "closed": 0,
    }
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.OPEN
    assert services.consultations_sync(acting_user=SYSTEM, today=today + dt.timedelta(days=31)) == {
        "opened": 0,
        "closed": 1,
    }
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.CLOSED and cw.consultation.closed_at is not None


def test_closing_early_needs_a_reason_and_extending_a_later_day(cw: ConsultWorld) -> None:
    with pytest.raises(ValidationFailed):
        services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk)
    with pytest.raises(ValidationFailed):
        services.consultation_extend(
            consultation=cw.consultation, end=cw.consultation.end, acting_user=cw.lw.clerk
        )
    later = cw.consultation.end + dt.timedelta(days=10)
    services.consultation_extend(consultation=cw.consultation, end=later, acting_user=cw.lw.clerk)
    cw.bill.refresh_from_db()
    assert cw.bill.consultation_end == later
    services.consultation_close(
        consultation=cw.consultation, acting_user=cw.lw.clerk, reason="主任会议决定提前结束"
    )
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.CLOSED


# --- intake ----------------------------------------------------------------------------------------


def test_submit_on_article_paragraph_and_whole_draft(cw: ConsultWorld) -> None:
    a = _submit(cw, article="第三条", paragraph=1)
    b = _submit(cw, text="草案总体可行，建议尽快出台。")
    c = _submit(cw, article=5)
    assert (a.article, a.paragraph, b.article, c.article) == ("3", 1, "", "5")
    assert len({a.receipt, b.receipt, c.receipt}) == 3
    assert a.receipt.startswith(f"{cw.consultation.pk:03d}-") and len(a.receipt) == 12
    assert a.moderation == Moderation.PUBLISHED and a.channel == Channel.PORTAL


def test_contacts_are_stored_apart_and_masked(cw: ConsultWorld) -> None:
    c = _submit(cw, name="王小明", contact="wangxm@example.cn")
    assert (c.name_masked, c.contact_masked, c.has_contact) == ("王**", "w***@example.cn", True)
    full = CommentContact.objects.get(comment=c)
    assert (full.name, full.contact, full.kind) == ("王小明", "wangxm@example.cn", "email")
    phone = _submit(cw, contact="138-1234-5678")
    assert phone.contact_masked == "138****5678"
    anonymous = _submit(cw)
    assert not CommentContact.objects.filter(comment=anonymous).exists() and not anonymous.has_contact


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "   \n "}, "text"),
        ({"text": "意" * (MAX_COMMENT_CHARS + 1)}, "text"),
        ({"article": "第九十九条"}, "article"),
        ({"article": "不是条款"}, "article"),
        ({"article": "3", "paragraph": 9}, "paragraph"),
        ({"paragraph": 1}, "paragraph"),
        ({"name": "名" * 41}, "name"),
        ({"contact": "not@an-address"}, "contact"),
    ],
)
def test_bad_comments_are_refused_and_nothing_is_stored(
    cw: ConsultWorld, kwargs: dict[str, Any], field: str
) -> None:
    data = {"text": "建议第三条明确时限。", **kwargs}
    with pytest.raises(ValidationFailed) as err:
        services.comment_submit(consultation=cw.consultation, **data)
    assert field in err.value.detail and err.value.detail[field][0]
    assert Comment.objects.count() == 0 and CommentContact.objects.count() == 0


def test_closed_consultation_refuses_with_its_date(cw: ConsultWorld) -> None:
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        end=timezone.localdate() - dt.timedelta(days=1), start=timezone.localdate() - dt.timedelta(days=31)
    )
    cw.consultation.refresh_from_db()
    with pytest.raises(InvalidTransition) as err:
        _submit(cw)  # the worker has not closed it yet: the calendar alone refuses
    assert err.value.code == "consultation_closed" and "closed on" in str(err.value.message)
    assert Comment.objects.count() == 0


def test_flagged_comments_are_kept_for_moderation(cw: ConsultWorld) -> None:
    ad = _submit(cw, text="低价出售电动车，加微信 abc12345 了解详情")
    abuse = _submit(cw, text="写这条的人都是脑残")
    assert (ad.moderation, ad.moderation_reason) == (Moderation.PENDING, "advertising")
    assert (abuse.moderation, abuse.moderation_reason) == (Moderation.PENDING, "abuse")
    totals = consultation_totals(cw.consultation)
    assert (totals["received"], totals["pending"], totals["accepted"]) == (2, 2, 0)
    services.comment_moderate(
        comment=abuse, moderation=Moderation.REMOVED, reason="abuse", acting_user=cw.lw.clerk
    )
    services.comment_moderate(comment=ad, moderation=Moderation.PUBLISHED, acting_user=cw.lw.clerk)
    totals = consultation_totals(cw.consultation)
    assert (totals["received"], totals["pending"], totals["removed"], totals["accepted"]) == (2, 0, 1, 1)
    with pytest.raises(ValidationFailed):
        services.comment_moderate(
            comment=ad, moderation=Moderation.REMOVED, reason="", acting_user=cw.lw.clerk
        )


def test_comments_cannot_be_deleted_even_in_sql(cw: ConsultWorld) -> None:
    c = _submit(cw)
    with pytest.raises(IntegrityError if connection.vendor == "sqlite" else Exception), transaction.atomic():
        Comment.objects.filter(pk=c.pk)._raw_delete(connection.alias)  # type: ignore[attr-defined]
    assert Comment.objects.filter(pk=c.pk).exists()


def test_letters_are_entered_by_the_office_even_after_closing(cw: ConsultWorld) -> None:
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="提前结束")
    cw.consultation.refresh_from_db()
    day = timezone.localdate() - dt.timedelta(days=2)
    letter = services.comment_enter_letter(
        consultation=cw.consultation,
        text="来信：建议第七条增加文明养犬宣传。",
        article="7",
        received_on=day,
        name="李四",
        contact="0571-88886666",
        acting_user=cw.lw.clerk,
    )
    assert letter.channel == Channel.LETTER and timezone.localdate(letter.submitted_at) == day
    with pytest.raises(ValidationFailed):
        services.comment_enter_letter(
            consultation=cw.consultation,
            text="x",
            received_on=timezone.localdate() + dt.timedelta(days=1),
            acting_user=cw.lw.clerk,
        )
    with pytest.raises(PermissionDeniedError):
        services.comment_enter_letter(consultation=cw.consultation, text="x", acting_user=cw.lw.w.leader)


# --- decisions and feedback ----------------------------------------------------------------------------


def test_decisions_need_a_reason_and_feedback_tells_commenters(
    cw: ConsultWorld,
    mailoutbox: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailed = _submit(cw, article="3", contact="zhao@example.cn")
    phoned = _submit(cw, article="3", text="建议第三条登记可以网上办理。", contact="13912345678")
    quiet = _submit(cw, article="4", text="第四条的规定很好。")
    with pytest.raises(ValidationFailed) as err:
        services.comment_decide(
            comment=mailed, decision=Decision.ADOPTED, reason=" ", acting_user=cw.lw.clerk
        )
    assert "reason" in err.value.detail
    services.comment_decide(
        comment=mailed,
        decision=Decision.ADOPTED,
        reason="已在第三条第二款增加办理时限。",
        acting_user=cw.lw.clerk,
    )
    services.comment_decide(
        comment=phoned, decision=Decision.PARTLY, reason="网上办理由实施办法规定。", acting_user=cw.lw.clerk
    )
    with pytest.raises(InvalidTransition):  # still open
        services.feedback_publish(consultation=cw.consultation, summary="……", acting_user=cw.lw.clerk)
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="按期")
    with pytest.raises(ValidationFailed):
        services.feedback_publish(consultation=cw.consultation, summary="", acting_user=cw.lw.clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(
            consultation=cw.consultation,
            summary="共收到意见3条，采纳1条，部分采纳1条。",
            acting_user=cw.lw.clerk,
        )
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.PUBLISHED
    notices = {n.comment_id: n for n in FeedbackNotice.objects.all()}
    assert set(notices) == {mailed.pk, phoned.pk}
    assert (
        notices[mailed.pk].status == NoticeStatus.SENT and notices[phoned.pk].status == NoticeStatus.FOR_SMS
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhao@example.cn"]
    assert mailed.receipt in mail.outbox[0].body and "已在第三条第二款增加办理时限" in mail.outbox[0].body
    feedback = public_feedback(cw.consultation)
    by_key = {row["key"]: row for row in feedback["articles"]}
    assert [c.pk for c in by_key["3"]["comments"]] == [mailed.pk, phoned.pk] and "4" not in by_key
    assert quiet.decision == ""
    # publishing again (an update) does not notify twice
    with django_capture_on_commit_callbacks(execute=True):
        services.feedback_publish(consultation=cw.consultation, summary="更新", acting_user=cw.lw.clerk)
    assert len(mail.outbox) == 1 and FeedbackNotice.objects.count() == 2


def test_theme_decision_applies_to_the_theme_but_not_over_own_decisions(cw: ConsultWorld) -> None:
    texts = [
        "建议降低养犬登记费用，减轻群众负担",
        "登记费用太高了，建议降低收费标准",
        "建议取消养犬登记收费",
        "夜间遛狗必须牵绳，防止伤人",
        "遛狗应当牵引绳，建议加大处罚",
        "建议规定遛狗时间和牵绳要求",
    ] * 5
    comments = [_submit(cw, text=f"{t}（{i}）", article="3" if i % 2 else "") for i, t in enumerate(texts)]
    own = comments[0]
    services.comment_decide(
        comment=own,
        decision=Decision.NOT_ADOPTED,
        reason="收费标准由价格主管部门确定。",
        acting_user=cw.lw.clerk,
    )
    analysis_refresh(cw.consultation)
    with pytest.raises(NotFoundError):
        services.theme_decide(
            consultation=cw.consultation,
            theme_id=999,
            decision=Decision.ADOPTED,
            reason="x",
            acting_user=cw.lw.clerk,
        )
    from ..analysis import theme_members, theme_of

    theme_id = next(t["id"] for t in cw.consultation.analysis.summary["themes"])
    members = set(theme_members(cw.consultation, theme_id))
    assert members and theme_of(cw.consultation, theme_id) is not None
    td = services.theme_decide(
        consultation=cw.consultation,
        theme_id=theme_id,
        decision=Decision.ADOPTED,
        reason="已吸收。",
        summary="要求……",
        acting_user=cw.lw.clerk,
    )
    decided = set(Comment.objects.filter(decision_theme=td).values_list("pk", flat=True))
    assert decided == members - {own.pk} and td.comment_count == len(decided)
    own.refresh_from_db()
    assert own.decision == Decision.NOT_ADOPTED and own.decision_theme is None


# --- analysis, totals, heat map ----------------------------------------------------------------------


def test_analysis_is_incremental_and_rebuilt_after_moderation(cw: ConsultWorld) -> None:
    campaign = "我们强烈要求删除第五条关于限制每户养犬数量的规定，这侵犯了群众的合法权益"
    for i in range(25):
        _submit(cw, text=campaign + "！" * (i % 4) + ("请采纳" if i % 5 == 0 else ""), article="5")
    first = analysis_refresh(cw.consultation)
    s = first.summary["summary"]
    assert (s["comments"], s["campaigns"]) == (25, 1) and first.upto == Comment.objects.latest("pk").pk
    for i in range(5):
        _submit(cw, text=campaign + "。" * i, article="5")
    _submit(cw, text="第二条的适用范围应当包括农村地区。", article="2")
    second = analysis_refresh(cw.consultation)
    assert second.summary["summary"]["comments"] == 31
    assert second.summary["campaigns"][0]["size"] == 30
    # a comment set aside after it was analysed forces a full rebuild without it
    gone = Comment.objects.filter(article="2").get()
    services.comment_moderate(
        comment=gone, moderation=Moderation.REMOVED, reason="off_topic", acting_user=cw.lw.clerk
    )
    third = analysis_refresh(cw.consultation)
    assert third.summary["summary"]["comments"] == 30


def test_totals_are_exact_with_snapshot_and_newer_rows(cw: ConsultWorld) -> None:
    for art in ["1", "3", "3", ""]:
        # a whole-draft comment that names no article (one naming 第三条 counts for it)
        _submit(cw, article=art, **({} if art else {"text": "草案总体可行，建议尽快出台。"}))
    analysis_refresh(cw.consultation)  # snapshot taken here
    cw.consultation.refresh_from_db()
    assert cw.consultation.tally["total"] == 4
    _submit(cw, article="3")
    services.comment_enter_letter(
        consultation=cw.consultation, text="来信", article="8", acting_user=cw.lw.clerk
    )
    totals = consultation_totals(cw.consultation)
    assert totals["received"] == 6 and totals["articles"] == {"1": 1, "3": 3, "": 1, "8": 1}
    assert totals["whole_draft"] == 1 and totals["channels"] == {"portal": 5, "letter": 1}
    cells = heatmap(cw.consultation, totals)
    assert [c.article.key for c in cells] == [str(i) for i in range(1, 9)]
    assert {c.article.key: (c.count, c.level) for c in cells}["3"] == (3, 5)
    assert {c.article.key: c.level for c in cells}["2"] == 0


def test_a_receipt_collision_retries_with_a_new_number(cw: ConsultWorld, monkeypatch: Any) -> None:
    first = _submit(cw, contact="a@example.cn")
    numbers = iter([first.receipt, "001-NEWNUMBR"])
    monkeypatch.setattr(services, "_receipt", lambda _pk: next(numbers))
    second = _submit(cw, contact="b@example.cn")
    assert second.receipt == "001-NEWNUMBR" and Comment.objects.count() == 2
    assert CommentContact.objects.get(comment=second).contact == "b@example.cn"


def test_the_stored_row_is_the_comment_built(cw: ConsultWorld) -> None:
    """The intake writes its INSERT itself (no ORM compile per call): read back, every column
    equals what the model held, conversions (time zone, nulls) included."""
    built = _submit(cw, article="3", paragraph=1, name="赵六", contact="13600001111")
    stored = Comment.objects.get(pk=built.pk)
    for field in Comment._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(built, field.attname), field.name
    assert stored.submitted_at.tzinfo is not None and stored.paragraph == 1 and stored.user_id is None


def test_article_keys_of_a_draft_and_of_user_input() -> None:
    # One key format (lvzhi.textkit.articles) from the parsed draft and from what users send.
    text = "江澜市测试条例\n第一条 甲。\n第二条 乙。\n第二条之一 丙。\n第三条 丁。\n"
    arts = services._articles_of_text(text)
    assert [a.key for a in arts] == ["1", "2", "2-1", "3"]
    assert arts[2].label == "第二条之一"
    for raw in ("2-1", "第二条之一", "第2条之1", "art-2-1", "２-１"):
        assert services.article_key(raw) == "2-1"
    assert services.article_key(12) == "12" and services.article_key("第十二条") == "12"
    assert services.article_key("") == "" and services.article_key(None) == ""
    assert services.article_key("not an article") == "?"


@pytest.mark.parametrize(
    ("text", "article", "paragraph"),
    [
        ("第四条的期限太短，建议改为六十日。", "4", None),
        ("建议修改第四条第一款，登记期限延长。", "4", 1),
        ("四条的登记期限太短了。", "", None),  # one numeral: a count, not an article
        ("六条规定的犬链长度应当明确。", "", None),
        ("依照《动物防疫法》第四条，应当先免疫。", "", None),  # another law's article
        ("第九十九条不存在于草案。", "", None),
        ("建议尽快出台。", "", None),
    ],
)
def test_a_whole_draft_comment_naming_an_article_counts_for_that_article(
    cw: ConsultWorld, text: str, article: str, paragraph: int | None
) -> None:
    """Comments that quote an article (第十九条) were counted as on the whole draft."""
    c = _submit(cw, text=text)
    assert (c.article, c.paragraph) == (article, paragraph)


def test_a_bare_article_number_of_the_draft_is_that_article(lw: Any, settings: Any, tmp_path: Any) -> None:
    from lvzhi.consultation.analytics.attribution import find_reference
    from lvzhi.textkit.articles import ArticleKey

    known = frozenset(ArticleKey(n) for n in range(1, 61))
    assert find_reference("十九条规定的车速太低", known) == (ArticleKey(19), None)
    assert find_reference("建议第十九条第二款删去", known) == (ArticleKey(19), 2)
    assert find_reference("我有十九条意见", known) is None
    assert find_reference("道路交通安全法第十九条", known) is None
