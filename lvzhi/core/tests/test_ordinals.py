"""Ordinal phrases use Chinese numerals in Chinese (第三十一次会议, 第二款) and figures in English."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from lvzhi.core.i18n import Ordinal, later, ordinal, text_for_storage
from lvzhi.core.models import Session, SessionBody, Term


@pytest.mark.django_db
def test_session_titles():
    term = Term.objects.create(number=16, start_date=dt.date(2022, 1, 10))
    meeting = Session.objects.create(
        term=term,
        body=SessionBody.STANDING_COMMITTEE,
        number=31,
        start_date=dt.date(2026, 3, 2),
        end_date=dt.date(2026, 3, 3),
    )
    congress = Session.objects.create(
        term=term,
        body=SessionBody.CONGRESS,
        number=2,
        start_date=dt.date(2026, 1, 5),
        end_date=dt.date(2026, 1, 9),
    )
    with translation.override("zh-hans"):
        assert meeting.title == "第十六届人大常委会第三十一次会议"
        assert congress.title == "第十六届人民代表大会第二次会议"
        assert str(term) == "第十六届"
    with translation.override("en"):
        assert meeting.title == "Meeting 31 of the Term 16 Standing Committee"


def test_ordinal_renders_in_the_active_language():
    with translation.override("zh-hans"):
        assert str(Ordinal(2)) == "二" and str(Ordinal(10)) == "十" and str(Ordinal(31)) == "三十一"
    with translation.override("en"):
        assert str(Ordinal(31)) == "31"
    assert ordinal(None) == ""


def test_an_ordinal_in_a_stored_message_follows_the_reader():
    message = later("Reading %(n)s of “%(title)s” took place") % {"n": ordinal(2), "title": "养犬条例"}
    with translation.override("en"):
        text, stored = text_for_storage(message)
    assert text == "Reading 2 of “养犬条例” took place"
    assert stored == {"msgid": message.msgid, "params": {"n": {"$ordinal": 2}, "title": "养犬条例"}}
    with translation.override("zh-hans"):
        assert str(message) == "“养犬条例”第二次审议已举行"


def test_the_template_filter():
    template = Template(
        "{% load i18n lvzhi_text %}{% blocktranslate with n=r|ordinal %}Reading {{ n }}{% endblocktranslate %}"
    )
    with translation.override("zh-hans"):
        assert template.render(Context({"r": 2})) == "第二次审议"
    with translation.override("en"):
        assert template.render(Context({"r": 2})) == "Reading 2"
