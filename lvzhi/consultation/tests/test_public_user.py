"""The signed-in public user on the consultation pages: the form offers their name and contact,
a long paste is never cut silently, and 我的意见 lists their comments with what became of them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lvzhi.consultation.models import MAX_COMMENT_CHARS, Comment, Consultation
from lvzhi.consultation.states import ConsultationStatus, Moderation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    settings.COMMENT_RATE_LIMITS = "1000/60"
    cache.clear()
    yield
    cache.clear()


def _signed_in(cw, settings) -> Client:
    user = cw.lw.w.public
    user.display_name = "张市民"
    user.email = "zhang@example.org"
    user.save(update_fields=["display_name", "email"])
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


def _post(client, cw, **data):
    body = {
        "text": "建议将登记期限缩短为二十日。",
        "article": "4",
        "paragraph": "",
        "name": "",
        "contact": "",
    }
    body.update(data)
    return client.post(reverse("consultation:public_comment", args=[cw.consultation.pk]), body)


def test_the_form_offers_a_signed_in_users_name_and_contact(cw, settings, client):
    html = _signed_in(cw, settings).get(reverse("consultation:public_detail", args=[cw.consultation.pk]))
    text = html.content.decode()
    assert 'name="name" maxlength="40" autocomplete="name" value="张市民"' in text
    assert 'autocomplete="email" value="zhang@example.org"' in text
    anonymous = client.get(reverse("consultation:public_detail", args=[cw.consultation.pk])).content.decode()
    assert "张市民" not in anonymous and "zhang@example.org" not in anonymous


def test_a_long_paste_is_refused_whole_with_the_limit_named_never_cut(cw, settings):
    client = _signed_in(cw, settings)
    page = client.get(reverse("consultation:public_detail", args=[cw.consultation.pk])).content.decode()
    assert f'maxlength="{MAX_COMMENT_CHARS}"' not in page  # the browser would cut a paste silently
    long_text = "长" * 20_000
    response = _post(client, cw, text=long_text)
    html = response.content.decode()
    assert Comment.objects.count() == 0
    assert f"the limit is {MAX_COMMENT_CHARS}" in html
    assert long_text in html  # what was pasted comes back whole, to be shortened
    assert "counter over" in html and "too long: a comment may have at most 5000 characters" in html


def test_my_comments_lists_the_users_comments_with_status_and_feedback(cw, settings):
    client = _signed_in(cw, settings)
    _post(client, cw, text="第四条的登记期限过长，建议缩短。")
    _post(client, cw, text="建议增加关于导盲犬的规定。", article="")
    mine = list(Comment.objects.filter(user=cw.lw.w.public).order_by("pk"))
    assert len(mine) == 2
    Comment.objects.filter(pk=mine[0].pk).update(decision="adopted", decision_reason="已在修改稿中采纳。")
    other = Client()
    _post(other, cw, text="另一位公众的意见。")  # someone else's: never listed
    url = reverse("consultation:public_mine")
    html = client.get(url).content.decode()
    for c in mine:
        assert f'data-receipt="{c.receipt}"' in html
    assert "另一位公众的意见" not in html
    assert "Not published yet." in html and "已在修改稿中采纳" not in html  # decisions wait for the feedback
    Consultation.objects.filter(pk=cw.consultation.pk).update(
        status=ConsultationStatus.PUBLISHED, feedback_published_at=timezone.now()
    )
    html = client.get(url).content.decode()
    assert 'data-decision="adopted"' in html and "已在修改稿中采纳。" in html
    assert f'data-moderation="{Moderation.PUBLISHED}"' in html
    assert Client().get(url).status_code == 302  # sign in first


def test_the_portal_links_my_comments_not_a_workspace_that_loops(cw, settings):
    client = _signed_in(cw, settings)
    html = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("consultation:public_mine")}"' in html
    assert f'href="{reverse("home")}"' not in html  # the workspace would send them back here
    staff = Client()
    staff.force_login(cw.lw.w.staff)
    assert f'href="{reverse("home")}"' in staff.get(reverse("portal:home")).content.decode()
