"""Legislation pages through the client: the journey, refusals as messages (never a 500),
scoping, the public portal with the 对照表 (HTML and .docx), constant query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lvzhi.legislation import services
from lvzhi.legislation.models import Bill, Reading, RegulationVersion, Vote
from lvzhi.legislation.states import BillStatus
from lvzhi.office.testing import assert_gongwen_page

from .factories import (
    DOG_DRAFT,
    DOG_REVISED,
    attend,
    force_status,
    make_bill,
    read,
    ready_for_vote,
    review,
    vote_whole,
)

pytestmark = pytest.mark.django_db
S = BillStatus
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _english(client, settings):
    """Assertions read English messages, whatever translations the catalogue gains."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def _step(bill: Bill, step: str) -> str:
    return reverse("legislation:bill_step", args=[bill.pk, step])


def test_the_office_takes_a_bill_through_the_pages(client, lw):
    client.force_login(lw.clerk)
    assert client.get(reverse("legislation:bill_list")).status_code == 200
    assert client.get(reverse("legislation:bill_create")).status_code == 200
    response = client.post(
        reverse("legislation:bill_create"),
        {
            "title": "江澜市养犬管理条例（草案）",
            "kind": "enact",
            "proposer_kind": "government",
            "proposer_organ": lw.w.government.pk,
            "drafting_unit": lw.w.health.pk,
            "explanation": "说明……",
            "text": DOG_DRAFT,
        },
    )
    bill = Bill.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "legislation:bill_detail", args=[bill.pk]
    )
    page = client.get(reverse("legislation:bill_detail", args=[bill.pk]))
    assert page.status_code == 200 and "submit-bill" in page.content.decode()
    client.post(reverse("legislation:bill_submit", args=[bill.pk]))
    bill.refresh_from_db()
    assert bill.status == S.SUBMITTED

    assert client.get(_step(bill, "schedule")).status_code == 200
    assert client.post(_step(bill, "schedule"), {"session": lw.meetings[0].pk}).status_code == 302
    reading = Reading.objects.get(bill=bill)
    assert (
        client.post(
            reverse("legislation:reading_hold", args=[reading.pk]), {"held_on": "", "note": ""}
        ).status_code
        == 302
    )
    response = client.post(
        reverse("legislation:reading_document", args=[reading.pk]),
        {
            "kind": "review_opinion",
            "title": "法制委员会审议意见",
            "body": "建议……",
            "author": lw.law_committee.pk,
        },
    )
    assert response.status_code == 302

    # a consultation shorter than the minimum: the form says why, nothing changes
    start = timezone.localdate()
    response = client.post(
        _step(bill, "consultation"), {"start": start, "end": start + dt.timedelta(days=10)}
    )
    assert response.status_code == 200 and "at least" in response.content.decode()
    bill.refresh_from_db()
    assert bill.consultation_start is None
    client.post(_step(bill, "consultation"), {"start": start, "end": start + dt.timedelta(days=30)})
    bill.refresh_from_db()
    assert bill.consultation_end == start + dt.timedelta(days=30)

    response = client.post(
        reverse("legislation:version_create", args=[bill.pk]), {"text": DOG_REVISED, "label": ""}
    )
    assert response.status_code == 302 and bill.versions.count() == 2
    compare = client.get(reverse("legislation:bill_compare", args=[bill.pk]) + "?a=1&b=2")
    assert compare.status_code == 200 and "<ins>" in compare.content.decode()
    docx = client.get(reverse("legislation:bill_compare_docx", args=[bill.pk]) + "?a=1&b=2")
    assert docx["Content-Type"] == DOCX and docx.content[:2] == b"PK"
    text = client.get(reverse("legislation:version_text", args=[bill.pk, 2]))
    assert "第六条" in text.content.decode() and "第二章" in text.content.decode()

    # the review needs the list of opinions not adopted, or the statement that all were adopted
    response = client.post(
        _step(bill, "review"), {"report": "审议结果报告", "op-TOTAL_FORMS": "3", "op-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200 and not hasattr(bill, "review_cached")
    response = client.post(
        _step(bill, "review"),
        {
            "report": "审议结果报告",
            "op-TOTAL_FORMS": "3",
            "op-INITIAL_FORMS": "0",
            "op-0-committee": lw.law_committee.pk,
            "op-0-opinion": "删去第八条",
            "op-0-reason": "予以保留",
        },
    )
    assert response.status_code == 302
    client.post(_step(bill, "schedule"), {"session": lw.meetings[1].pk})
    client.post(reverse("legislation:reading_hold", args=[Reading.objects.get(bill=bill, number=2).pk]), {})

    meeting = lw.meetings[2]
    page = client.get(reverse("legislation:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200 and "save-attendance" in page.content.decode()
    client.post(
        reverse("legislation:meeting_attendance", args=[meeting.pk]),
        {"present": [m.pk for m in lw.members[:12]]},
    )
    response = client.post(_step(bill, "vote"), {"session": meeting.pk, "kind": "whole", "clause": ""})
    assert response.status_code == 302, (response.context["form"].errors, _messages(response))
    vote = Vote.objects.get(bill=bill)

    member = lw.members[0]
    client.force_login(lw.member_users[member.pk])
    page = client.get(reverse("legislation:vote_detail", args=[vote.pk]))
    assert page.status_code == 200 and "my-vote" in page.content.decode()
    client.post(reverse("legislation:vote_cast", args=[vote.pk]), {"choice": "yes"})
    client.force_login(lw.clerk)
    data = {f"m{m.pk}": "yes" for m in lw.members[1:9]}
    data[f"m{lw.members[9].pk}"] = "no"
    client.post(reverse("legislation:vote_record", args=[vote.pk]), data)
    response = client.post(reverse("legislation:vote_close", args=[vote.pk]), follow=True)
    vote.refresh_from_db()
    bill.refresh_from_db()
    assert (vote.yes, vote.no, vote.not_voting) == (9, 1, 2) and bill.status == S.PASSED, _messages(response)

    # promulgating before the approval: refused on the form, nothing changes
    today = bill.passed_on
    promulgation = {
        "announcement_number": "第1号",
        "enacting_body": "江澜市人民代表大会常务委员会",
        "title": "江澜市养犬管理条例",
        "promulgated_on": today,
        "commencement_on": today,
    }
    response = client.post(_step(bill, "promulgate"), promulgation)
    assert response.status_code == 200 and "approval" in response.content.decode()
    assert not RegulationVersion.objects.exists()
    client.post(_step(bill, "approval-submit"), {"submitted_on": today})
    client.post(
        _step(bill, "approve"), {"approved_on": today, "approving_body": "某省人民代表大会常务委员会"}
    )
    response = client.post(_step(bill, "promulgate"), promulgation)
    assert response.status_code == 302, response.context["form"].errors
    client.post(_step(bill, "file"), {"filed_on": today, "filed_with": "某省人民代表大会常务委员会"})
    bill.refresh_from_db()
    assert bill.status == S.FILED
    page = client.get(reverse("legislation:bill_detail", args=[bill.pk]))
    assert "第1号" in page.content.decode() and "timeline" in page.content.decode()

    client.logout()
    version = RegulationVersion.objects.get()
    public = client.get(reverse("regulations_public:detail", args=[version.regulation_id]))
    body = public.content.decode()
    assert public.status_code == 200 and "江澜市养犬管理条例" in body and "第九条" in body and "第1号" in body
    assert "某省人民代表大会常务委员会" in body


def test_refused_steps_are_messages_not_errors(client, lw):
    client.force_login(lw.clerk)
    bill = make_bill(lw)
    for step in ("schedule", "consultation", "review", "vote", "promulgate", "file", "approve", "resume"):
        response = client.get(_step(bill, step), follow=True)
        assert response.status_code == 200
        assert "not allowed" in _messages(response), step
    assert client.get(_step(bill, "no-such-step")).status_code == 404
    # a vote without quorum
    ready = ready_for_vote(lw, present=3)
    response = client.post(_step(ready, "vote"), {"session": lw.meetings[2].pk, "kind": "whole"})
    assert response.status_code == 200 and "quorum" in response.content.decode()
    assert not Vote.objects.exists()
    # a fourth reading
    response = client.post(_step(ready, "readings"), {"readings": 4, "note": "三审以上"})
    assert response.status_code == 200 and "between 1 and 3" in response.content.decode()
    # submitting an incomplete package
    empty = make_bill(lw, text="", explanation="")
    response = client.post(reverse("legislation:bill_submit", args=[empty.pk]), follow=True)
    assert "incomplete" in _messages(response)
    # closing a closed vote
    vote = vote_whole(lw, ready_for_vote(lw, present=10), yes=8)
    response = client.post(reverse("legislation:vote_close", args=[vote.pk]), follow=True)
    assert response.status_code == 200 and _messages(response)


def test_who_may_see_and_do_what(client, lw):
    bill = make_bill(lw)
    detail = reverse("legislation:bill_detail", args=[bill.pk])
    assert client.get(detail).status_code == 302  # to the login page
    client.force_login(lw.w.deputy_user)
    assert client.get(detail).status_code == 404  # a draft is not for deputies yet
    assert client.get(reverse("legislation:bill_create")).status_code == 403
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    assert client.get(detail).status_code == 200
    assert client.post(_step(bill, "schedule"), {"session": lw.meetings[0].pk}).status_code == 403
    client.force_login(lw.w.staff)  # staff of another working body reads, does not manage
    assert client.get(detail).status_code == 200
    assert client.get(_step(bill, "schedule")).status_code == 403
    client.force_login(lw.w.outsider_officer)  # an officer of the drafting unit (the health commission)
    page = client.get(detail)
    assert (
        page.status_code == 200
        and reverse("legislation:version_create", args=[bill.pk]) in page.content.decode()
    )
    assert client.get(reverse("legislation:version_create", args=[bill.pk])).status_code == 200
    client.force_login(lw.w.officer)  # an officer of another unit
    assert client.get(detail).status_code == 404
    client.force_login(lw.w.public)
    assert client.get(reverse("legislation:bill_list")).status_code == 403


def test_member_votes_only_for_themselves(client, lw):
    bill = ready_for_vote(lw, present=10)
    vote = services.vote_open(bill=bill, session=lw.meetings[2], acting_user=lw.clerk)
    member = lw.members[1]
    client.force_login(lw.member_users[member.pk])
    assert client.post(reverse("legislation:vote_record", args=[vote.pk]), {}).status_code == 403
    assert client.post(reverse("legislation:vote_close", args=[vote.pk])).status_code == 403
    client.post(reverse("legislation:vote_cast", args=[vote.pk]), {"choice": "no"})
    assert vote.ballots.get().membership == member
    client.force_login(lw.w.deputy_user)
    assert client.post(reverse("legislation:vote_cast", args=[vote.pk]), {"choice": "yes"}).status_code == 403


def test_plans_and_proposals_pages(client, lw):
    client.force_login(lw.clerk)
    response = client.post(
        reverse("legislation:plan_list"), {"kind": "annual", "title": "2026年度立法计划", "year": 2026}
    )
    assert response.status_code == 302
    plan_url = response["Location"]
    response = client.post(
        reverse("legislation:proposal_create"),
        {
            "title": "江澜市养犬管理条例",
            "kind": "enact",
            "source": "department",
            "proposer_organ": lw.w.health.pk,
            "summary": "犬只管理问题突出。",
        },
    )
    assert response.status_code == 302
    proposal_url = response["Location"]
    pk = int(proposal_url.rstrip("/").split("/")[-1])
    page = client.get(proposal_url)
    assert "step-assess" in page.content.decode() and "step-accept" not in page.content.decode()
    client.post(
        reverse("legislation:proposal_step", args=[pk, "assess"]),
        {"assess-feasibility": "feasible", "assess-priority": "high", "assess-note": "可行"},
    )
    plan_id = int(plan_url.rstrip("/").split("/")[-1])
    client.post(
        reverse("legislation:proposal_step", args=[pk, "accept"]),
        {"accept-plan": plan_id, "accept-category": "formal", "accept-drafting_unit": lw.w.health.pk},
    )
    page = client.get(plan_url)
    assert "江澜市养犬管理条例" in page.content.decode()
    page = client.get(reverse("legislation:bill_create") + f"?project={pk}")
    assert "江澜市养犬管理条例（草案）" in page.content.decode()
    response = client.post(
        reverse("legislation:proposal_step", args=[pk, "reject"]), {"reject-reason": "x"}, follow=True
    )
    assert "not allowed" in _messages(response)
    client.post(plan_url, {"adopted_on": timezone.localdate()})
    assert "adopted" in client.get(reverse("legislation:plan_list")).content.decode()


def _promulgated(lw, *, number: int = 1, text: str = DOG_DRAFT, regulation=None):
    bill = make_bill(
        lw,
        text=text,
        **({"kind": "amend", "regulation": regulation, "title": "修订草案"} if regulation else {}),
    )
    force_status(bill, S.APPROVED)
    day = timezone.localdate() - dt.timedelta(days=100 - number)
    Bill.objects.filter(pk=bill.pk).update(passed_on=day - dt.timedelta(days=60), approved_on=day)
    return services.bill_promulgate(
        bill=bill,
        announcement_number=f"第{number}号",
        promulgated_on=day,
        commencement_on=day,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=lw.clerk,
    )


def test_public_portal_shows_history_text_and_the_comparison(client, lw):
    first = _promulgated(lw)
    second = _promulgated(lw, number=2, text=DOG_REVISED, regulation=first.regulation)
    make_bill(lw, title="江澜市未公布条例（草案）")  # a draft never shows
    listing = client.get(reverse("regulations_public:list"))
    body = listing.content.decode()
    assert listing.status_code == 200 and "江澜市养犬管理条例" in body and "未公布" not in body
    detail = client.get(reverse("regulations_public:detail", args=[first.regulation_id]))
    assert detail.context["shown"] == second and "compare-form" in detail.content.decode()
    old = client.get(reverse("regulations_public:version", args=[first.regulation_id, 1]))
    assert old.context["shown"] == first and "第八条" in old.content.decode()
    compare = client.get(reverse("regulations_public:compare", args=[first.regulation_id]) + "?from=1&to=2")
    html = compare.content.decode()
    assert (
        compare.status_code == 200 and "<ins>" in html and "<del>" in html and 'class="op-inserted"' in html
    )
    standalone = client.get(
        reverse("regulations_public:compare", args=[first.regulation_id]) + "?from=1&to=2&format=standalone"
    )
    assert standalone.content.decode().startswith("<!DOCTYPE html>")
    docx = client.get(reverse("regulations_public:compare_docx", args=[first.regulation_id]) + "?from=1&to=2")
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX and docx.content[:2] == b"PK"
    assert_gongwen_page(docx.content, landscape=True)
    assert client.get(reverse("regulations_public:version", args=[first.regulation_id, 9])).status_code == 404
    assert client.get(reverse("regulations_public:detail", args=[999])).status_code == 404
    only = _promulgated(lw, number=3)
    assert client.get(reverse("regulations_public:compare", args=[only.regulation_id])).status_code == 404


def test_list_pages_use_a_constant_number_of_queries(client, lw):
    client.force_login(lw.clerk)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    make_bill(lw)
    first = _promulgated(lw)
    bills_small = count(reverse("legislation:bill_list"))
    public_small = count(reverse("regulations_public:list"))
    meetings_small = count(reverse("legislation:meeting_list"))
    for i in range(6):
        make_bill(lw, title=f"江澜市条例{i}（草案）")
        _promulgated(lw, number=10 + i)
    _promulgated(lw, number=30, text=DOG_REVISED, regulation=first.regulation)
    assert count(reverse("legislation:bill_list")) == bills_small
    assert count(reverse("regulations_public:list")) == public_small
    assert count(reverse("legislation:meeting_list")) == meetings_small


def test_bill_detail_query_count_does_not_grow_with_readings(client, lw):
    client.force_login(lw.clerk)
    bill = make_bill(lw)
    services.bill_submit(bill=bill, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[0])
    url = reverse("legislation:bill_detail", args=[bill.pk])
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    services.bill_set_readings(bill=bill, readings=3, note="三审", acting_user=lw.clerk)
    services.bill_add_version(bill=bill, text=DOG_REVISED, acting_user=lw.clerk)
    read(lw, bill, lw.meetings[1])
    review(lw, bill)
    read(lw, bill, lw.meetings[2])
    attend(lw, lw.meetings[3], 12)
    vote_whole(lw, bill, yes=10, meeting=lw.meetings[3])
    with CaptureQueriesContext(connection) as big:
        client.get(url)
    assert len(big) <= len(small) + 6, [q["sql"] for q in big.captured_queries]


# --- limits on uploaded and pasted texts ---------------------------------------------------------


def _upload(client, bill, data: bytes, name: str = "text.docx"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("legislation:version_create", args=[bill.pk]),
        {"label": "", "text": "", "note": "", "text_file": SimpleUploadedFile(name, data)},
    )


def test_an_uploaded_docx_bomb_is_refused_and_nothing_saved(client, lw):
    from lvzhi.office.tests.bombs import docx_bomb

    bill = make_bill(lw)
    client.force_login(lw.clerk)
    response = _upload(client, bill, docx_bomb(1024))  # 1 GB of XML in 4 MB
    assert response.status_code == 200
    assert "more than the limit of 200 times" in response.content.decode()
    assert bill.versions.count() == 1


def test_uploaded_and_pasted_texts_over_the_length_or_article_limits_are_refused(client, lw, settings):
    from lvzhi.office.tests.bombs import docx_with_body, paragraph

    bill = make_bill(lw)
    client.force_login(lw.clerk)
    settings.LAWTEXT_MAX_CHARS = 50_000
    long_docx = docx_with_body(paragraph("第一条 本条例自公布之日起施行。"), 5_000)  # 85,000 characters
    response = _upload(client, bill, long_docx)
    assert "longer than the limit of 50000 characters" in response.content.decode()
    pasted = "江澜市养犬管理条例\n" + "第一条 本条例自公布之日起施行。\n" * 5_000
    response = client.post(
        reverse("legislation:version_create", args=[bill.pk]), {"label": "", "text": pasted, "note": ""}
    )
    assert response.status_code == 200
    assert f"{len(pasted.strip())} characters long, more than the limit of 50000" in response.content.decode()

    settings.LAWTEXT_MAX_CHARS = 2_000_000
    settings.LAWTEXT_MAX_ARTICLES = 3
    response = _upload(client, bill, DOG_DRAFT.encode(), name="draft.txt")
    assert "articles, more than the limit of 3" in response.content.decode()
    response = client.post(
        reverse("legislation:version_create", args=[bill.pk]), {"label": "", "text": DOG_DRAFT, "note": ""}
    )
    assert "articles, more than the limit of 3" in response.content.decode()
    assert bill.versions.count() == 1

    settings.LAWTEXT_MAX_ARTICLES = 5_000
    # (a new text: the same text as the last version is refused since issue 13.3)
    assert _upload(client, bill, DOG_REVISED.encode(), name="draft.txt").status_code == 302
    assert bill.versions.count() == 2


def test_an_uploaded_text_file_over_20_mb_is_not_read(client, lw):
    bill = make_bill(lw)
    client.force_login(lw.clerk)
    response = _upload(client, bill, b"x" * (20 * 1024 * 1024 + 1), name="huge.txt")
    assert response.status_code == 200 and "larger than 20 MB" in response.content.decode()
    assert bill.versions.count() == 1


def test_saving_an_identical_version_shows_the_refusal(client, lw):
    bill = make_bill(lw)
    client.force_login(lw.clerk)
    response = client.post(reverse("legislation:version_create", args=[bill.pk]), {"text": DOG_DRAFT})
    assert response.status_code == 200
    assert "identical to version 1" in response.content.decode()
    assert bill.versions.count() == 1


# --- issue 13.3: the 对照表's header and title row, downloads, the amendment decision -----------


def test_the_bill_comparison_names_its_versions_and_shows_a_title_change(client, lw):
    from .factories import amended_regulation

    _regulation, _version, bill = amended_regulation(lw)
    client.force_login(lw.clerk)
    url = reverse("legislation:bill_compare", args=[bill.pk])
    html = client.get(url).content.decode()
    assert "Comparison table" in html and "对照表" not in html.split("<h1>")[1].split("</h1>")[0]
    assert 'id="compare-title"' in html and "Title amended" in html
    assert html.index('id="compare-title"') < html.index('class="op-')
    assert "Before: 2019 version (Enacted, promulgated 2019-05-01)" in html and "After: 草案" in html
    assert "Added: 1" in html and ">Added<" in html  # the summary and the notes in English
    docx = client.get(reverse("legislation:bill_compare_docx", args=[bill.pk]))
    import io

    import docx as python_docx

    document = python_docx.Document(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert any(p.startswith("修改前：2019") and "修改后：草案" in p for p in paragraphs), paragraphs
    first_row = [c.text for c in document.tables[0].rows[1].cells]
    assert first_row == ["江澜市养犬管理条例", "江澜市犬只管理条例", "标题修改"]


def test_the_amendment_decision_draft_page_and_docx(client, lw):
    from .factories import amended_regulation

    _regulation, _version, bill = amended_regulation(lw)
    client.force_login(lw.clerk)
    page = client.get(reverse("legislation:bill_decision", args=[bill.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "关于修改《江澜市养犬管理条例》的决定（草案）" in html
    assert "江澜市人民代表大会常务委员会决定对《江澜市养犬管理条例》作如下修改：" in html
    assert "一、将名称修改为“江澜市犬只管理条例”。" in html and "在第五条后增加一条，作为第六条" in html
    detail = client.get(reverse("legislation:bill_detail", args=[bill.pk])).content.decode()
    assert 'id="decision-link"' in detail
    response = client.get(reverse("legislation:bill_decision_docx", args=[bill.pk]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    assert_gongwen_page(response.content)
    # a new regulation has no decision; neither does a missing text
    enactment = make_bill(lw)
    assert client.get(reverse("legislation:bill_decision", args=[enactment.pk])).status_code == 404
    assert client.get(reverse("legislation:bill_decision", args=[bill.pk]) + "?b=7").status_code == 404
    # whoever may not see the bill gets 404
    client.force_login(lw.w.officer)  # an officer of another unit
    assert client.get(reverse("legislation:bill_decision", args=[bill.pk])).status_code == 404


def test_a_bill_text_downloads_as_xml_docx_and_txt(client, lw):
    bill = make_bill(lw)
    client.force_login(lw.clerk)
    xml = client.get(reverse("legislation:version_xml", args=[bill.pk, 1]))
    assert xml.status_code == 200 and xml["Content-Type"].startswith("application/akn+xml")
    assert b"akomaNtoso" in xml.content and b'eId="art_8"' in xml.content
    assert 'filename="bill-' in xml["Content-Disposition"]
    docx = client.get(reverse("legislation:version_docx", args=[bill.pk, 1]))
    assert docx.status_code == 200 and docx["Content-Type"] == DOCX
    assert_gongwen_page(docx.content)
    txt = client.get(reverse("legislation:version_txt", args=[bill.pk, 1]))
    assert (
        txt.content.decode("utf-8").startswith("江澜市养犬管理条例（草案）")
        and "第八条" in txt.content.decode()
    )
    assert client.get(reverse("legislation:version_txt", args=[bill.pk, 5])).status_code == 404
    assert (
        'href="' + reverse("legislation:version_docx", args=[bill.pk, 1])
        in client.get(reverse("legislation:bill_detail", args=[bill.pk])).content.decode()
    )
    client.logout()
    assert client.get(reverse("legislation:version_txt", args=[bill.pk, 1])).status_code == 302
    client.force_login(lw.w.officer)  # an officer of another unit
    assert client.get(reverse("legislation:version_txt", args=[bill.pk, 1])).status_code == 404


def test_the_public_downloads_promulgated_versions_and_published_drafts_only(client, lw):
    from lvzhi.consultation.models import Consultation

    first = _promulgated(lw)
    regulation = first.regulation
    for fmt in ("xml", "docx", "txt"):
        response = client.get(reverse(f"regulations_public:version_{fmt}", args=[regulation.pk, 1]))
        assert response.status_code == 200, fmt
    page = client.get(reverse("regulations_public:detail", args=[regulation.pk])).content.decode()
    assert reverse("regulations_public:version_docx", args=[regulation.pk, 1]) in page
    # a version promulgated later is not public yet
    later = _promulgated(lw, number=2, text=DOG_REVISED, regulation=regulation)
    ahead = timezone.localdate() + dt.timedelta(days=3)
    RegulationVersion.objects.filter(pk=later.pk).update(promulgated_on=ahead, commencement_on=ahead)
    assert client.get(reverse("regulations_public:version_txt", args=[regulation.pk, 2])).status_code == 404
    assert (
        client.get(reverse("regulations_public:version_txt", args=[regulation.pk + 99, 1])).status_code == 404
    )
    # a draft: public once its consultation is, never before
    bill = make_bill(lw, title="江澜市河道管理条例（草案）")
    version = bill.versions.get()
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        bill=bill,
        version=version,
        title="征求意见",
        explanation="说明",
        start=today + dt.timedelta(days=2),
        end=today + dt.timedelta(days=40),
    )
    url = reverse("regulations_public:draft_txt", args=[consultation.pk])
    assert client.get(url).status_code == 404
    Consultation.objects.filter(pk=consultation.pk).update(start=today)
    response = client.get(url)
    assert response.status_code == 200 and response.content.decode().startswith("江澜市养犬管理条例（草案）")
    assert client.get(reverse("regulations_public:draft_xml", args=[consultation.pk])).status_code == 200
    assert (
        client.get(reverse("regulations_public:draft_docx", args=[consultation.pk + 50])).status_code == 404
    )


def _plan_with_projects(lw, year: int, *, adopt: bool) -> tuple:
    plan = services.plan_create(
        kind="annual", title=f"江澜市人大常委会{year}年度立法计划", year=year, acting_user=lw.clerk
    )
    titles = []
    for k, category in enumerate(("formal", "research")):
        proposal = services.proposal_create(
            title=f"江澜市{year}项目{k}条例",
            source="public",
            summary="必要性……",
            proposer_name="某人",
            acting_user=lw.clerk,
        )
        services.proposal_assess(
            proposal=proposal, feasibility="feasible", priority="high", acting_user=lw.clerk
        )
        services.proposal_accept(
            proposal=proposal, plan=plan, category=category, drafting_unit=lw.w.health, acting_user=lw.clerk
        )
        titles.append(proposal.title)
    if adopt:
        services.plan_adopt(plan=plan, adopted_on=timezone.localdate(), acting_user=lw.clerk)
    return plan, titles


def test_the_portal_shows_adopted_legislative_programmes_only(client, lw):
    url = reverse("regulations_public:plan")
    empty = client.get(url)
    assert empty.status_code == 200 and 'id="no-plan"' in empty.content.decode()
    assert 'id="plan-link"' in client.get(reverse("regulations_public:list")).content.decode()
    this_year = timezone.localdate().year
    _draft, draft_titles = _plan_with_projects(lw, this_year + 1, adopt=False)
    assert 'id="no-plan"' in client.get(url).content.decode()
    _plan, titles = _plan_with_projects(lw, this_year, adopt=True)
    html = client.get(url).content.decode()
    assert f"江澜市人大常委会{this_year}年度立法计划" in html and all(t in html for t in titles)
    assert html.index(titles[0]) < html.index(titles[1])  # formal projects, then research
    assert "某人" not in html and not any(t in html for t in draft_titles)
    assert client.get(url + f"?year={this_year + 1}").status_code == 404  # a draft plan is not public
    assert client.get(url + "?year=1999").status_code == 404
    assert client.get(url + f"?year={this_year}").status_code == 200
