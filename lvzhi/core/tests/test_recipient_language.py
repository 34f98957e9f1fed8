"""To-dos and notifications are read in the recipient's language, not the sender's."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation

from lvzhi.core.actors import SYSTEM
from lvzhi.core.i18n import later, text_for_storage
from lvzhi.core.models import Notification, Role, Todo
from lvzhi.core.services import notification_send_email, notify, todo_create

pytestmark = pytest.mark.django_db

CONFIRM = later("Confirm co-signing %(s)s") % {"s": "《x》"}


def _speaks(user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def test_an_english_sender_notifies_a_chinese_recipient_in_chinese(world):
    zh = _speaks(world.staff, "zh-hans")
    with translation.override("en"):
        [n] = notify(
            recipients=[zh],
            title=CONFIRM,
            body=later("Read the text, then confirm or decline your signature."),
        )
    n = Notification.objects.get(pk=n.pk)
    assert n.title == "请确认联名提出《x》"
    assert "Confirm" not in n.body
    with translation.override("zh-hans"):
        assert n.shown_title == "请确认联名提出《x》"
    # the same stored message reads in English to whoever reads English
    with translation.override("en"):
        assert n.shown_title == "Confirm co-signing 《x》"


def test_a_chinese_sender_notifies_an_english_recipient_in_english(world, mailoutbox):
    en = _speaks(world.deputy_user, "en")
    with translation.override("zh-hans"):
        [n] = notify(recipients=[en], title=CONFIRM, email=False)
    n = Notification.objects.get(pk=n.pk)
    assert n.title == "Confirm co-signing 《x》"
    with translation.override("zh-hans"):  # the worker's language does not matter for the e-mail
        assert notification_send_email(notification=n)
    assert mail.outbox[-1].subject == "Confirm co-signing 《x》"


def test_one_notification_to_two_languages(world):
    zh = _speaks(world.staff, "zh-hans")
    en = _speaks(world.deputy_user, "en")
    with translation.override("en"):
        rows = notify(recipients=[zh, en], title=CONFIRM, email=False)
    titles = {n.recipient_id: n.title for n in Notification.objects.filter(pk__in=[r.pk for r in rows])}
    assert titles == {zh.pk: "请确认联名提出《x》", en.pk: "Confirm co-signing 《x》"}


def test_todos_are_stored_for_the_assignee_and_shown_to_each_reader(world):
    zh = _speaks(world.staff, "zh-hans")
    en = _speaks(world.deputy_user, "en")
    with translation.override("en"):
        mine = todo_create(title=CONFIRM, assignee=zh, kind="general", acting_user=SYSTEM)
    with translation.override("zh-hans"):
        theirs = todo_create(title=CONFIRM, assignee=en, kind="general", acting_user=SYSTEM)
        office = todo_create(title=CONFIRM, role=Role.STAFF, kind="general", acting_user=SYSTEM)
    assert Todo.objects.get(pk=mine.pk).title == "请确认联名提出《x》"
    assert Todo.objects.get(pk=theirs.pk).title == "Confirm co-signing 《x》"
    office = Todo.objects.get(pk=office.pk)
    assert office.title == "请确认联名提出《x》"  # an office's to-do is stored in the site's language
    with translation.override("en"):
        assert office.shown_title == "Confirm co-signing 《x》"


def test_plain_text_stays_as_written(world):
    with translation.override("en"):
        [n] = notify(recipients=[world.staff], title="会议改期", email=False)
    n = Notification.objects.get(pk=n.pk)
    assert (n.title, n.i18n) == ("会议改期", {})
    with translation.override("en"):
        assert n.shown_title == "会议改期"


def test_translated_parameters_follow_the_reader():
    message = later("Escalation (%(l)s): %(u)s — %(p)s") % {"l": Role.STAFF.label, "u": "教育局", "p": "p"}
    with translation.override("en"):
        text, stored = text_for_storage(message)
        english_label = str(Role.STAFF.label)
    assert text == f"Escalation ({english_label}): 教育局 — p"
    with translation.override("zh-hans"):
        chinese_label = str(Role.STAFF.label)
        assert chinese_label != english_label
        assert str(type(message).from_json(stored or {})) == f"督办升级（{chinese_label}）：教育局——p"


def test_the_inbox_and_the_api_show_the_readers_language(client, world):
    zh = _speaks(world.staff, "zh-hans")
    with translation.override("zh-hans"):
        notify(recipients=[zh], title=CONFIRM, email=False)
        todo_create(title=CONFIRM, assignee=zh, kind="general", acting_user=SYSTEM)
    client.force_login(zh)
    client.cookies["django_language"] = "en"
    page = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm co-signing 《x》" in page
    assert "请确认联名提出" not in page


def test_switching_the_language_keeps_it_as_the_persons_preference(client, world):
    client.force_login(world.staff)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.preferred_language == "en"
    with translation.override("zh-hans"):
        [n] = notify(recipients=[world.staff], title=CONFIRM, email=False)
    assert Notification.objects.get(pk=n.pk).title == "Confirm co-signing 《x》"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    world.staff.refresh_from_db()
    assert world.staff.preferred_language == "en"


def test_switching_the_language_signed_out_still_works(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
