"""The suggestions workflow's to-dos and notices reach each person in their language; the key
supervision note reads in the reader's language."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from lvzhi.core.models import Notification, Todo
from lvzhi.suggestions import services as sv

from .test_workflow import assigned, draft


def test_an_english_deputy_invites_chinese_cosigners_in_chinese(sw):
    sw.w.deputy_user.preferred_language = "en"
    sw.w.deputy_user.save(update_fields=["preferred_language"])
    english_co = sw.cosigner_users[1]
    english_co.preferred_language = "en"
    english_co.save(update_fields=["preferred_language"])
    # the lead works in English (the suggestions tests run under English)
    s = draft(sw)
    chinese_todo = Todo.objects.get(assignee=sw.cosigner_users[0], kind="suggestion.cosign")
    assert chinese_todo.title.startswith("请确认联名提出") and "Confirm" not in chinese_todo.title
    english_todo = Todo.objects.get(assignee=english_co, kind="suggestion.cosign")
    assert english_todo.title.startswith("Confirm co-signing")
    invite = Notification.objects.get(recipient=sw.cosigner_users[0])
    assert "邀请您联名提出" in invite.title
    with translation.override("en"):
        assert invite.shown_title.startswith(sw.w.deputy.person.name + " invites you to co-sign")
    assert s.pk


def test_the_key_supervision_date_reads_in_the_readers_language(sw, client):
    s = assigned(sw)
    sv.suggestion_select_key(
        suggestion=s, committee=sw.committee, decided_on=dt.date(2026, 3, 2), acting_user=sw.w.staff
    )
    s.refresh_from_db()
    assert s.key_decided_on == dt.date(2026, 3, 2) and s.key_note == ""
    client.force_login(sw.w.staff)
    client.cookies["django_language"] = "en"
    page = client.get(f"/suggestions/{s.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Selected by the council of chairpersons on 2026-03-02." in page
    assert "主任会议于" not in page
    # the change history reads as sentences, not as raw data
    assert "Assigned to handling units (" in page and "Selected for key supervision on 2026-03-02" in page
    assert "suggestion.assign" not in page and "&#x27;mode&#x27;" not in page
    client.cookies["django_language"] = "zh-hans"
    page = client.get(f"/suggestions/{s.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "主任会议于 2026-03-02 确定。" in page
