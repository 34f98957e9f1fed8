"""Motion pages through the client: the whole journey, refusals as messages (never a 500),
scoping, the public list, the co-signer search and a constant query count on the list."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lvzhi.core.actors import SYSTEM
from lvzhi.core.models import Attachment, AuditLog
from lvzhi.deputies.models import DutyRecord
from lvzhi.motions import services
from lvzhi.motions.models import Motion
from lvzhi.motions.states import MotionStatus

from .factories import force_status, make_motion

pytestmark = pytest.mark.django_db
S = MotionStatus


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_deputy_creates_cosigners_confirm_staff_decides_committee_reports(client, mw):
    w = mw.w
    client.force_login(w.deputy_user)
    assert client.get(reverse("motions:create")).status_code == 200
    codes = " ".join(d.code for d in mw.deputies[:9])
    response = client.post(
        reverse("motions:create"),
        {
            "session": mw.session.pk,
            "title": "关于制定养老服务条例的议案",
            "reason": "老龄化加快。",
            "proposal": "制定本市养老服务条例。",
            "is_legislative": "on",
            "draft_outline": "立法要旨……",
            "cosigners": codes,
            "draft_file": SimpleUploadedFile("草案.docx", b"PK draft"),
        },
    )
    motion = Motion.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("motions:detail", args=[motion.pk])
    assert motion.lead_id == w.deputy.pk and motion.signers.count() == 10

    # the first four co-signers confirm through the page, the rest through the service
    for deputy in mw.deputies[:4]:
        client.force_login(mw.users[deputy.pk])
        page = client.get(reverse("motions:detail", args=[motion.pk]))
        assert (
            page.status_code == 200 and reverse("motions:confirm", args=[motion.pk]) in page.content.decode()
        )
        assert client.post(reverse("motions:confirm", args=[motion.pk])).status_code == 302
    for deputy in mw.deputies[4:9]:
        services.motion_confirm_signature(motion=motion, deputy=deputy, acting_user=SYSTEM)

    client.force_login(w.deputy_user)
    response = client.post(reverse("motions:submit", args=[motion.pk]), follow=True)
    motion.refresh_from_db()
    assert motion.status == S.SUBMITTED, _messages(response)
    assert DutyRecord.objects.filter(source_id=str(motion.pk), source_type="motions.motion").count() == 10

    client.force_login(w.staff)
    assert client.get(reverse("motions:decide", args=[motion.pk])).status_code == 200
    response = client.post(
        reverse("motions:decide", args=[motion.pk]),
        {"decision": "not_list", "committee": mw.committee.pk, "note": "会后审议"},
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == S.NOT_LISTED and motion.report_due is not None

    client.force_login(mw.committee_user)
    response = client.post(reverse("motions:report", args=[motion.pk]), {"report": "建议列入年度立法计划。"})
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.status == S.REPORTED

    client.force_login(w.deputy_user)
    page = client.get(reverse("motions:detail", args=[motion.pk])).content.decode()
    assert 'id="timeline"' in page and "草案.docx" in page
    attachment_url = reverse("motions:attachment", args=[motion.pk, Attachment.objects.get().pk])
    assert client.get(attachment_url).status_code == 200


def test_too_few_signers_gives_a_message_and_changes_nothing(client, mw):
    motion = make_motion(mw, confirmed=3)
    client.force_login(mw.w.deputy_user)
    audit = AuditLog.objects.count()
    response = client.post(reverse("motions:submit", args=[motion.pk]), follow=True)
    assert response.status_code == 200
    assert "10" in _messages(response) and "4" in _messages(response)
    assert Motion.objects.get(pk=motion.pk).status == S.DRAFT and AuditLog.objects.count() == audit


def test_after_the_cutoff_the_page_offers_conversion(client, mw):
    import datetime as dt

    from django.utils import timezone

    motion = make_motion(mw, confirmed=9)
    type(mw.session).objects.filter(pk=mw.session.pk).update(
        motion_cutoff=timezone.now() - dt.timedelta(minutes=5)
    )
    client.force_login(mw.w.deputy_user)
    page = client.get(reverse("motions:detail", args=[motion.pk])).content.decode()
    assert 'id="cutoff-warning"' in page and reverse("motions:convert", args=[motion.pk]) in page
    response = client.post(reverse("motions:submit", args=[motion.pk]), follow=True)
    assert response.status_code == 200 and Motion.objects.get(pk=motion.pk).status == S.DRAFT
    assert _messages(response)


def test_refused_steps_on_the_wrong_state_show_a_message(client, mw):
    draft = make_motion(mw, confirmed=1, pending=1)
    # a draft is its authors' alone (the office cannot open it): the office's steps are refused on a
    # motion it sees in a state where they are not allowed
    motion = force_status(make_motion(mw, confirmed=1, quick=True), S.REPORTED, committee=mw.committee)
    client.force_login(mw.w.staff)
    before = Motion.objects.filter(pk=motion.pk).values().get()
    get = client.get(reverse("motions:decide", args=[motion.pk]), follow=True)  # already decided
    assert get.status_code == 200 and _messages(get)
    post = client.post(reverse("motions:decide", args=[motion.pk]), {"decision": "list", "note": ""})
    assert post.status_code == 200 and "errorlist" in post.content.decode()
    for name in ("vote", "report"):
        response = client.post(
            reverse(f"motions:{name}", args=[motion.pk]), {"outcome": "passed", "report": "x"}, follow=True
        )
        assert response.status_code == 200
    assert Motion.objects.filter(pk=motion.pk).values().get() == before

    cosigner_user = mw.users[mw.deputies[0].pk]
    client.force_login(cosigner_user)
    response = client.post(reverse("motions:confirm", args=[draft.pk]), follow=True)  # already signed
    assert response.status_code == 200 and _messages(response)


def test_withdrawal_pages(client, mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=10), acting_user=SYSTEM)
    client.force_login(mw.w.deputy_user)
    assert client.get(reverse("motions:withdraw", args=[motion.pk])).status_code == 403  # needs consent
    response = client.post(reverse("motions:request_withdrawal", args=[motion.pk]), {"reason": "情况变化"})
    assert response.status_code == 302
    cosigner = mw.deputies[0]
    client.force_login(mw.users[cosigner.pk])
    response = client.post(reverse("motions:withdraw_signature", args=[motion.pk]), {"reason": "不再附议"})
    assert response.status_code == 302
    assert Motion.objects.get(pk=motion.pk).status == S.SUBMITTED  # 10 remain
    client.force_login(mw.w.staff)
    response = client.post(
        reverse("motions:withdraw_signature", args=[motion.pk]) + f"?deputy={mw.deputies[1].pk}",
        {"reason": "", "deputy": mw.deputies[1].pk},
    )
    assert response.status_code == 302
    assert Motion.objects.get(pk=motion.pk).status == S.ENDED


def test_scoping_and_login(client, mw):
    motion = make_motion(mw, confirmed=1)
    url = reverse("motions:detail", args=[motion.pk])
    assert client.get(reverse("motions:list")).status_code == 302  # to the login page
    client.force_login(mw.w.public)
    assert client.get(url).status_code == 404  # issue 11.3: a motion one may not see is not found
    assert client.get(reverse("motions:list")).status_code == 403
    client.force_login(mw.other_deputy_user)
    assert client.get(url).status_code == 404
    assert motion.title not in client.get(reverse("motions:list")).content.decode()
    client.force_login(mw.w.staff)
    assert client.get(reverse("motions:detail", args=[999999])).status_code == 404
    assert client.get(reverse("motions:confirm", args=[motion.pk])).status_code == 405


def test_public_list_shows_listed_motions_only(client, mw):
    listed = force_status(make_motion(mw, confirmed=2, quick=True, title="列入议程的议案"), S.LISTED)
    make_motion(mw, confirmed=2, quick=True, title="仍在起草的议案")
    body = client.get(reverse("motions:public_list")).content.decode()
    assert listed.title in body and "仍在起草的议案" not in body
    assert client.get(reverse("motions:public_list"), {"q": "不存在", "page": "x"}).status_code == 200


def test_signer_search_offers_eligible_deputies(client, mw):
    client.force_login(mw.w.deputy_user)
    body = client.get(
        reverse("motions:signer_search"), {"q": "D01", "session": mw.session.pk}
    ).content.decode()
    assert mw.deputies[0].code in body and mw.deputies[10].code in body
    body = client.get(
        reverse("motions:signer_search"), {"q": "D01", "session": mw.meeting.pk}
    ).content.decode()
    assert mw.deputies[0].code in body and mw.deputies[10].code not in body  # SC members only
    assert client.get(reverse("motions:signer_search"), {"q": "x", "session": "abc"}).status_code == 200


def test_create_form_reports_unknown_cosigners_and_rule_errors(client, mw):
    client.force_login(mw.w.deputy_user)
    data = {"session": mw.meeting.pk, "title": "议案", "reason": "理由", "proposal": "方案"}
    response = client.post(reverse("motions:create"), {**data, "cosigners": "D9999"})
    assert response.status_code == 200 and "D9999" in response.content.decode()
    response = client.post(
        reverse("motions:create"), {**data, "cosigners": mw.deputies[10].code}
    )  # not on the SC
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not Motion.objects.exists()
    client.force_login(mw.w.sc_member)  # no deputy mandate, not staff
    assert client.get(reverse("motions:create")).status_code == 403


def test_edit_page_changes_the_draft(client, mw):
    motion = make_motion(mw, confirmed=2)
    client.force_login(mw.w.deputy_user)
    assert client.get(reverse("motions:edit", args=[motion.pk])).status_code == 200
    response = client.post(
        reverse("motions:edit", args=[motion.pk]),
        {
            "session": mw.session.pk,
            "title": "修改后的案由",
            "reason": motion.reason,
            "proposal": motion.proposal,
            "cosigners": f"{mw.deputies[0].code} {mw.deputies[5].code}",
        },
    )
    assert response.status_code == 302
    motion.refresh_from_db()
    assert motion.title == "修改后的案由"
    assert set(motion.signers.filter(is_lead=False).values_list("deputy_id", flat=True)) == {
        mw.deputies[0].pk,
        mw.deputies[5].pk,
    }


def test_list_filters_htmx_and_junk(client, mw):
    mine = make_motion(mw, confirmed=1, quick=True, title="交通议案")
    force_status(make_motion(mw, confirmed=1, quick=True, title="教育议案"), S.SUBMITTED)
    client.force_login(mw.w.deputy_user)  # the lead of both (the office does not see the draft)
    url = reverse("motions:list")
    body = client.get(url, {"q": "交通"}).content.decode()
    assert mine.title in body and "教育议案" not in body
    body = client.get(url, {"status": "submitted"}).content.decode()
    assert "教育议案" in body and mine.title not in body
    assert (
        client.get(
            url,
            {
                "status": "nonsense",
                "session": "x",
                "delegation": "99999999999999",
                "page": "999",
                "body": "standing_committee",
            },
        ).status_code
        == 200
    )
    partial = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<table>" in partial and "<html" not in partial


def test_list_query_count_does_not_grow_with_rows(client, mw):
    client.force_login(mw.w.deputy_user)  # the lead sees their drafts
    url = reverse("motions:list")
    make_motion(mw, confirmed=2, quick=True)
    client.get(url)  # warm caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(12):
        motion = make_motion(mw, confirmed=3, quick=True, title=f"议案{i}")
        if i % 3 == 0:
            force_status(motion, S.NOT_LISTED, committee=mw.committee)
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) == len(small.captured_queries)


def test_a_draft_is_hidden_from_everyone_but_its_authors(client, mw):
    """Issue 11.2: the office, leaders and members used to open (and list) every draft."""
    motion = make_motion(mw, confirmed=1, pending=1, title="尚在起草的议案")
    url = reverse("motions:detail", args=[motion.pk])
    for user in (mw.w.staff, mw.w.admin, mw.w.leader, mw.w.sc_member, mw.other_deputy_user):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
        assert client.get(reverse("motions:edit", args=[motion.pk])).status_code == 404, user
        assert client.post(reverse("motions:submit", args=[motion.pk])).status_code == 404, user
        assert "尚在起草的议案" not in client.get(reverse("motions:list")).content.decode(), user
    for user in (mw.w.deputy_user, mw.users[mw.deputies[0].pk], mw.users[mw.deputies[1].pk]):
        client.force_login(user)  # the lead, a co-signer who confirmed, one who was asked
        assert client.get(url).status_code == 200
        assert "尚在起草的议案" in client.get(reverse("motions:list")).content.decode()
