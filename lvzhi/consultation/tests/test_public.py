"""Public consultation pages: the list, the draft with its comment forms (plain and htmx), every
refused comment (nothing stored), the rate limit, the receipt lookup and the feedback page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lvzhi.consultation import services
from lvzhi.consultation.models import MAX_COMMENT_CHARS, Comment, CommentContact, Consultation
from lvzhi.consultation.states import Channel, ConsultationStatus, Decision, Moderation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fresh(client, settings):
    """English pages, no rate-limit counters carried over, and a limit no test reaches by accident."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.COMMENT_RATE_LIMITS = "1000/60"
    cache.clear()
    yield
    cache.clear()


def _url(name: str, c: Consultation) -> str:
    return reverse(f"consultation:{name}", args=[c.pk])


def _comment(
    client, c, *, remote: str = "198.51.100.7", htmx: bool = False, headers: dict | None = None, **data
):
    body = {
        "text": "建议将登记期限缩短为二十日。",
        "article": "4",
        "paragraph": "",
        "name": "",
        "contact": "",
    }
    body.update(data)
    extra = {**(HTMX if htmx else {}), **(headers or {})}
    return client.post(_url("public_comment", c), body, REMOTE_ADDR=remote, **extra)


def _html(response) -> str:
    return response.content.decode()


# --- list and draft ------------------------------------------------------------------------------


def test_list_shows_public_consultations_only(client, cw):
    response = client.get(reverse("consultation:public_list"))
    assert response.status_code == 200
    html = _html(response)
    assert cw.consultation.title in html and "Open for comment" in html
    assert _url("public_detail", cw.consultation) in html
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        status=ConsultationStatus.SCHEDULED, start=timezone.localdate() + dt.timedelta(days=3)
    )
    html = _html(client.get(reverse("consultation:public_list")))
    assert cw.consultation.title not in html
    assert client.get(_url("public_detail", cw.consultation)).status_code == 404


def test_the_draft_is_shown_article_by_article_with_a_form_on_each(client, cw):
    response = client.get(_url("public_detail", cw.consultation))
    assert response.status_code == 200
    html = _html(response)
    assert cw.consultation.explanation in html
    for key in map(str, range(1, 9)):
        assert f'id="art-{key}"' in html
        assert f'id="box-{key}"' in html
    assert "第一章 总则" in html and "第二章 养犬登记" in html and "第四章 附则" in html
    assert html.index("第二章 养犬登记") < html.index('id="art-4"') < html.index("第三章")
    assert html.count('name="text"') == 9  # eight articles and the draft as a whole
    assert html.count("comment-submit") == 9
    assert 'id="draft-comment"' in html
    assert "seen only by the legislative affairs office" in html
    # no maxlength: a browser cuts a longer paste silently; the counter names the limit instead
    assert f'maxlength="{MAX_COMMENT_CHARS}"' not in html and f'data-max="{MAX_COMMENT_CHARS}"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'hx-post="' + _url("public_comment", cw.consultation) in html


def test_a_closed_consultation_shows_the_draft_read_only(client, cw):
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="提前结束")
    html = _html(client.get(_url("public_detail", cw.consultation)))
    assert 'id="art-1"' in html and 'name="text"' not in html and "comment-submit" not in html
    assert "comments are no longer taken" in html and cw.consultation.end.isoformat() in html
    assert 'id="feedback-link"' not in html


# --- a comment through the portal ----------------------------------------------------------------


def test_a_comment_from_the_plain_form_shows_its_receipt(client, cw):
    response = _comment(client, cw.consultation, article="4", name="王小明", contact="wang@example.org")
    assert response.status_code == 200
    comment = Comment.objects.get()
    html = _html(response)
    assert f'<strong id="receipt" class="receipt">{comment.receipt}</strong>' in html
    assert "Your comment is published" in html
    assert comment.article == "4" and comment.channel == Channel.PORTAL and comment.user is None
    assert comment.contact_masked == "w***@example.org" and comment.name_masked == "王**"
    assert CommentContact.objects.get(comment=comment).contact == "wang@example.org"
    assert comment.client  # the hashed client key is kept for abuse analysis
    assert html.count('id="receipt"') == 1


def test_a_comment_through_htmx_answers_with_the_box_only(client, cw):
    response = _comment(client, cw.consultation, htmx=True, article="6", text="建议明确犬链长度。")
    assert response.status_code == 200
    comment = Comment.objects.get()
    html = _html(response)
    assert html.lstrip().startswith('<div class="comment-box" id="box-6"')
    assert 'data-swap-errors="409 422 429"' in html  # these answers are swapped in too (app.js)
    assert comment.receipt in html and 'id="receipt"' in html
    assert "<html" not in html
    assert comment.article == "6"


def test_a_flagged_comment_is_kept_and_awaits_moderation(client, cw):
    response = _comment(client, cw.consultation, text="加微信 abcdef123 领取优惠")
    comment = Comment.objects.get()
    assert comment.moderation == Moderation.PENDING
    assert "awaiting moderation" in _html(response)


def test_a_comment_on_the_draft_as_a_whole(client, cw):
    response = _comment(client, cw.consultation, article="", text="总体赞成。")
    assert response.status_code == 200
    assert Comment.objects.get().article == ""
    assert 'id="receipt"' in _html(response)


def test_a_signed_in_deputy_comments_as_a_deputy(client, cw):
    client.force_login(cw.lw.w.deputy_user)
    _comment(client, cw.consultation)
    comment = Comment.objects.get()
    assert comment.user == cw.lw.w.deputy_user and comment.channel == Channel.DEPUTY


BAD_INPUTS = [
    ({"text": ""}, "text", "Write your comment."),
    ({"text": "   \n\t  "}, "text", "Write your comment."),
    ({"text": "长" * (MAX_COMMENT_CHARS + 1)}, "text", f"the limit is {MAX_COMMENT_CHARS}"),
    ({"article": "第九十九条"}, "article", "The draft has no article 第九十九条."),
    ({"article": "1", "paragraph": "2"}, "paragraph", "there is no paragraph 2"),
    ({"article": "1", "paragraph": "x"}, "paragraph", "there is no paragraph x"),
    ({"article": "", "paragraph": "1"}, "paragraph", "Choose the article the paragraph belongs to."),
    ({"contact": "wang@example"}, "contact", "This e-mail address is not valid."),
    ({"name": "名" * 41}, "name", "The name can be at most 40 characters."),
]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("data", "field", "message"),
    BAD_INPUTS,
    ids=[
        "empty",
        "whitespace",
        "too-long",
        "unknown-article",
        "bad-paragraph",
        "paragraph-not-a-number",
        "paragraph-without-article",
        "bad-email",
        "long-name",
    ],
)
def test_bad_input_is_refused_with_the_reason_and_the_text_kept(client, cw, htmx, data, field, message):
    typed = data.get("text", "我的意见：登记期限太短。")
    response = _comment(client, cw.consultation, htmx=htmx, **{"text": typed, **data})
    assert response.status_code == (422 if htmx else 200)
    html = _html(response)
    assert message in html
    assert 'class="errorlist"' in html
    assert Comment.objects.count() == 0 and CommentContact.objects.count() == 0
    assert 'id="receipt"' not in html
    if typed.strip() and len(typed) < 100:
        assert typed in html  # what the visitor wrote is kept in the form
    if data.get("contact"):
        assert f'value="{data["contact"]}"' in html


def test_a_closed_consultation_refuses_comments(client, cw):
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="提前结束")
    response = _comment(client, cw.consultation)
    assert response.status_code == 409
    html = _html(response)
    assert "comments are no longer taken" in html and "comment-submit" not in html
    response = _comment(client, cw.consultation, htmx=True)
    assert response.status_code == 409 and "comments are no longer taken" in _html(response)
    assert Comment.objects.count() == 0


def test_a_window_past_its_last_day_refuses_comments_before_the_worker_closes_it(client, cw):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        start=yesterday - dt.timedelta(days=30), end=yesterday
    )
    response = _comment(client, cw.consultation)
    assert response.status_code == 409 and yesterday.isoformat() in _html(response)
    assert Comment.objects.count() == 0
    assert "comment-submit" not in _html(client.get(_url("public_detail", cw.consultation)))


def test_a_scheduled_consultation_refuses_comments_without_showing_the_draft(client, cw):
    start = timezone.localdate() + dt.timedelta(days=3)
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        status=ConsultationStatus.SCHEDULED, start=start
    )
    response = _comment(client, cw.consultation)
    assert response.status_code == 409
    html = _html(response)
    assert f"This consultation opens on {start.isoformat()}." in html
    assert 'id="art-1"' not in html
    response = _comment(client, cw.consultation, htmx=True)
    assert response.status_code == 409 and "opens on" in _html(response) and "<html" not in _html(response)
    assert Comment.objects.count() == 0


def test_unknown_consultation_and_wrong_method(client, cw):
    missing = Consultation(pk=cw.consultation.pk + 1000)
    assert _comment(client, missing).status_code == 404
    assert client.get(_url("public_comment", cw.consultation)).status_code == 405
    assert client.get(_url("public_detail", missing)).status_code == 404
    assert Comment.objects.count() == 0


def test_the_portal_form_needs_its_csrf_token(cw):
    strict = Client(enforce_csrf_checks=True)
    response = _comment(strict, cw.consultation)
    assert response.status_code == 403 and Comment.objects.count() == 0
    strict.get(_url("public_detail", cw.consultation))
    token = strict.cookies["csrftoken"].value
    response = _comment(strict, cw.consultation, csrfmiddlewaretoken=token)
    assert response.status_code == 200 and Comment.objects.count() == 1


# --- rate limit ----------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_rate_limit_refuses_a_fourth_comment_from_one_client(client, cw, settings, htmx):
    settings.COMMENT_RATE_LIMITS = "3/60"
    for _ in range(3):
        assert _comment(client, cw.consultation, htmx=htmx).status_code == 200
    response = _comment(client, cw.consultation, htmx=htmx, text="第四条意见，请保留。")
    assert response.status_code == 429
    retry = int(response["Retry-After"])
    assert 1 <= retry <= 61
    html = _html(response)
    assert f"try again in {retry} seconds" in html and "第四条意见，请保留。" in html
    assert Comment.objects.count() == 3
    assert _comment(client, cw.consultation, htmx=htmx, remote="203.0.113.9").status_code == 200
    assert Comment.objects.count() == 4


def test_forwarded_for_is_honoured_only_from_a_trusted_proxy(client, cw, settings):
    settings.COMMENT_RATE_LIMITS = "1/60"
    # not a trusted proxy: X-Forwarded-For is ignored, both posts are the same client
    assert (
        _comment(
            client, cw.consultation, remote="192.0.2.1", headers={"HTTP_X_FORWARDED_FOR": "1.1.1.1"}
        ).status_code
        == 200
    )
    assert (
        _comment(
            client, cw.consultation, remote="192.0.2.1", headers={"HTTP_X_FORWARDED_FOR": "2.2.2.2"}
        ).status_code
        == 429
    )
    # behind a trusted proxy, the address the proxy appended names the client
    settings.TRUSTED_PROXIES = ("127.0.0.1",)
    assert (
        _comment(
            client, cw.consultation, remote="127.0.0.1", headers={"HTTP_X_FORWARDED_FOR": "evil, 3.3.3.3"}
        ).status_code
        == 200
    )
    assert (
        _comment(
            client, cw.consultation, remote="127.0.0.1", headers={"HTTP_X_FORWARDED_FOR": "evil, 4.4.4.4"}
        ).status_code
        == 200
    )
    assert (
        _comment(
            client, cw.consultation, remote="127.0.0.1", headers={"HTTP_X_FORWARDED_FOR": "4.4.4.4"}
        ).status_code
        == 429
    )
    assert Comment.objects.count() == 3


# --- receipt lookup ------------------------------------------------------------------------------


def test_receipt_lookup_shows_the_status_but_never_the_text_or_contact(client, cw):
    comment = services.comment_submit(
        consultation=cw.consultation, text="我的秘密意见", article="5", contact="13800001234", name="李四"
    )
    response = client.get(reverse("consultation:public_receipt"), {"receipt": comment.receipt.lower()})
    assert response.status_code == 200
    html = _html(response)
    assert comment.receipt in html and cw.consultation.title in html and "第五条" in html
    assert "Accepted" in html
    assert "我的秘密意见" not in html and "13800001234" not in html and "138****1234" not in html
    assert "李四" not in html and "李*" not in html


@pytest.mark.parametrize("receipt", ["001-ZZZZZZZZ", "nonsense", "<script>x</script>", "9" * 40])
def test_an_unknown_receipt_gives_a_clear_message(client, cw, receipt):
    response = client.get(reverse("consultation:public_receipt"), {"receipt": receipt})
    assert response.status_code == 200
    html = _html(response)
    assert "No comment has the receipt number" in html
    assert "<script>x" not in html


def test_the_receipt_page_without_a_number_shows_the_form(client, cw):
    response = client.get(reverse("consultation:public_receipt"))
    assert response.status_code == 200 and 'name="receipt"' in _html(response)
    assert "No comment has" not in _html(response)


# --- feedback ------------------------------------------------------------------------------------


def _publish_with_decisions(cw):
    c = cw.consultation
    adopted = services.comment_submit(
        consultation=c, text="登记期限三十日过长，建议二十日。", article="4", contact="a@example.org"
    )
    rejected = services.comment_submit(consultation=c, text="建议删除第七条。", article="7")
    services.comment_submit(consultation=c, text="总体赞成。")
    services.consultation_close(consultation=c, acting_user=cw.lw.clerk, reason="提前结束")
    services.comment_decide(
        comment=adopted, decision=Decision.ADOPTED, reason="已将期限改为二十日。", acting_user=cw.lw.clerk
    )
    services.comment_decide(
        comment=rejected,
        decision=Decision.NOT_ADOPTED,
        reason="该条系养犬人基本义务，予以保留。",
        acting_user=cw.lw.clerk,
    )
    services.feedback_publish(consultation=c, summary="共收到意见三条，采纳一条。", acting_user=cw.lw.clerk)
    return adopted, rejected


def test_feedback_is_404_until_published_then_shows_the_decisions(client, cw):
    url = _url("public_feedback", cw.consultation)
    assert client.get(url).status_code == 404
    services.consultation_close(consultation=cw.consultation, acting_user=cw.lw.clerk, reason="提前结束")
    assert client.get(url).status_code == 404
    Consultation.objects.filter(pk=cw.consultation.pk).update(status=ConsultationStatus.OPEN, closed_at=None)
    adopted, rejected = _publish_with_decisions(cw)
    response = client.get(url)
    assert response.status_code == 200
    html = _html(response)
    assert "共收到意见三条，采纳一条。" in html
    assert 'class="decision comment" data-decision="adopted"' in html
    assert 'class="decision comment" data-decision="not_adopted"' in html
    assert "已将期限改为二十日。" in html and "该条系养犬人基本义务，予以保留。" in html
    assert adopted.text in html and "第四条" in html and "第七条" in html
    assert 'id="total-received">3<' in html
    assert "a@example.org" not in html and "a***@example.org" not in html
    # the draft links to it, read-only; the receipt page shows the decision
    detail = _html(client.get(_url("public_detail", cw.consultation)))
    assert 'id="feedback-link"' in detail and "comment-submit" not in detail
    receipt = _html(client.get(reverse("consultation:public_receipt"), {"receipt": adopted.receipt}))
    assert 'data-decision="adopted"' in receipt and "已将期限改为二十日。" in receipt
    listing = _html(client.get(reverse("consultation:public_list")))
    assert url in listing


def test_the_receipt_page_hides_decisions_until_the_feedback_is_published(client, cw):
    comment = services.comment_submit(consultation=cw.consultation, text="意见", article="4")
    services.comment_decide(
        comment=comment, decision=Decision.PARTLY, reason="部分采纳。", acting_user=cw.lw.clerk
    )
    html = _html(client.get(reverse("consultation:public_receipt"), {"receipt": comment.receipt}))
    assert "部分采纳。" not in html and "data-decision" not in html


def test_every_page_renders_in_the_default_language(cw):
    chinese = Client()  # no language cookie: the site's default, Simplified Chinese
    adopted, _rejected = _publish_with_decisions(cw)
    c = cw.consultation
    for url in (
        reverse("consultation:public_list"),
        _url("public_detail", c),
        _url("public_feedback", c),
        reverse("consultation:public_receipt") + f"?receipt={adopted.receipt}",
        reverse("consultation:public_receipt") + "?receipt=000-AAAAAAAA",
    ):
        response = chinese.get(url)
        assert response.status_code == 200, url
        assert 'lang="zh-CN"' in _html(response)
