from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lvzhi.supervision import services
from lvzhi.supervision.models import ProgressReport
from lvzhi.supervision.states import TaskStatus

from .conftest import D, at, deliberated_item, fresh, task_for

pytestmark = pytest.mark.django_db


def _many(sv: Any, n: int) -> Any:
    item = deliberated_item(sv)
    for i in range(n):
        with at(sv, D(2026, 7, 1)):
            services.task_add(
                item=item,
                problem=f"问题{i}",
                unit=sv.w.education if i % 2 else sv.w.health,
                deadline=D(2026, 9, 1 + i),
                acting_user=sv.w.staff,
            )
    return item


@pytest.mark.parametrize(
    "name",
    ["supervision:index", "supervision:tasks", "supervision:dashboard", "supervision_public:public_list"],
)
def test_list_pages_query_counts_do_not_grow(
    client: Any, sv: Any, name: str, django_assert_max_num_queries: Any
) -> None:
    item = _many(sv, 3)
    services.item_publish(item=item, acting_user=sv.w.staff)
    client.force_login(sv.w.staff)
    counts = []
    for extra in (0, 20):
        if extra:
            _many(sv, extra)
        with django_assert_max_num_queries(25) as ctx:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[1] <= counts[0] + 1  # a second item row at most, never per task


def test_detail_pages_query_counts(client: Any, sv: Any, django_assert_max_num_queries: Any) -> None:
    item = _many(sv, 10)
    task = item.tasks.first()
    client.force_login(sv.w.staff)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("supervision:item", args=[item.pk])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("supervision:task", args=[task.pk])).status_code == 200


def test_unit_sees_only_its_own_tasks(client: Any, sv: Any) -> None:
    mine = task_for(sv)
    theirs = task_for(sv, unit=sv.w.health)
    client.force_login(sv.w.officer)
    assert client.get(reverse("supervision:index")).status_code == 302
    page = client.get(reverse("supervision:tasks")).content.decode()
    assert reverse("supervision:task", args=[mine.pk]) in page
    assert reverse("supervision:task", args=[theirs.pk]) not in page
    assert client.get(reverse("supervision:task", args=[theirs.pk])).status_code == 404  # 11.3: not 403
    r = client.post(
        reverse("supervision:task_action", args=[theirs.pk, "progress"]), {"note": "x", "percent": 5}
    )
    assert r.status_code == 404 and fresh(theirs).progress == 0
    assert client.get(reverse("supervision:item", args=[mine.item_id])).status_code == 404
    assert client.get(reverse("supervision:dashboard")).status_code == 403


def test_unit_reports_progress_with_evidence_and_asks_extension(client: Any, sv: Any) -> None:
    task = task_for(sv)
    client.force_login(sv.w.officer)
    r = client.post(
        reverse("supervision:task_action", args=[task.pk, "progress"]),
        {"note": "完成排查", "percent": 50, "files": [SimpleUploadedFile("照片.png", b"\x89PNG")]},
        follow=True,
    )
    assert "Progress reported." in r.content.decode() or "进展" in r.content.decode()
    assert fresh(task).progress == 50 and ProgressReport.objects.count() == 1
    assert "照片.png" in client.get(reverse("supervision:task", args=[task.pk])).content.decode()
    r = client.post(
        reverse("supervision:task_action", args=[task.pk, "extension"]),
        {"until": "2027-01-31", "reason": "资金未到位"},
    )
    assert r.status_code == 302 and task.extensions.count() == 1


def test_bad_evidence_shows_message_and_changes_nothing(client: Any, sv: Any) -> None:
    task = task_for(sv)
    client.force_login(sv.w.officer)
    with __import__("django").utils.translation.override("en"):
        r = client.post(
            reverse("supervision:task_action", args=[task.pk, "progress"]),
            {"note": "x", "percent": 10, "files": [SimpleUploadedFile("a.exe", b"MZ")]},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert (
        r.status_code == 200 and ProgressReport.objects.count() == 0 and fresh(task).status == TaskStatus.OPEN
    )


def test_close_without_verification_refused_in_page(client: Any, sv: Any) -> None:
    task = task_for(sv)
    client.force_login(sv.w.staff)
    r = client.post(reverse("supervision:task_action", args=[task.pk, "close"]), follow=True)
    assert r.status_code == 200 and fresh(task).status == TaskStatus.OPEN
    assert len(list(r.context["messages"])) == 1


def test_letter_and_export(client: Any, sv: Any) -> None:
    task = task_for(sv)
    client.force_login(sv.w.staff)
    r = client.get(reverse("supervision:task_letter", args=[task.pk]))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    r = client.get(reverse("supervision:dashboard_export"))
    assert r.status_code == 200 and r.content[:2] == b"PK"
    from io import BytesIO

    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(r.content))
    assert len(wb.sheetnames) == 4 and wb.worksheets[0].max_row == 2


def test_public_page_shows_results_not_internal_notes(client: Any, sv: Any) -> None:
    from lvzhi.supervision.models import SupervisionItem

    item = deliberated_item(sv)
    services.opinion_issue(
        item=item, text="建议加强校园周边管理", adopted_on=D(2026, 7, 1), acting_user=sv.w.staff
    )
    SupervisionItem.objects.filter(pk=item.pk).update(internal_note="内部备注：勿公开")
    task = task_for(sv, item)
    services.task_verify  # noqa: B018 - referenced for clarity; verification covered elsewhere
    url = reverse("supervision_public:public_detail", args=[item.pk])
    assert client.get(url).status_code == 404
    services.item_publish(item=item, acting_user=sv.w.staff)
    page = client.get(url).content.decode()
    assert "建议加强校园周边管理" in page and "内部备注" not in page and task.problem in page


def test_vote_page_member_votes_once(client: Any, sv: Any) -> None:
    item = deliberated_item(sv)
    vote = services.vote_open(
        item=item, subject="满意度测评", opened_on=D(2026, 7, 1), acting_user=sv.w.staff
    )
    client.force_login(sv.member_users[0])
    assert "ballot" in client.get(reverse("supervision:vote", args=[vote.pk])).content.decode()
    client.post(reverse("supervision:vote_action", args=[vote.pk, "cast"]), {"choice": "satisfied"})
    r = client.post(
        reverse("supervision:vote_action", args=[vote.pk, "cast"]), {"choice": "satisfied"}, follow=True
    )
    assert vote.participants.count() == 1
    assert [m.level_tag for m in r.context["messages"]][-1] == "error"
    client.force_login(sv.w.officer)
    assert client.get(reverse("supervision:vote", args=[vote.pk])).status_code == 404
    client.post(reverse("supervision:vote_action", args=[vote.pk, "cast"]), {"choice": "satisfied"})
    assert vote.ballots.count() == 1


def test_office_walks_an_item_through_pages(client: Any, sv: Any) -> None:
    client.force_login(sv.w.staff)
    r = client.post(
        reverse("supervision:item_new"),
        {
            "plan": sv.plan.pk,
            "form": "work_report",
            "title": "专项报告",
            "body": sv.w.government.pk,
            "meeting_date": "2026-06-26",
        },
    )
    assert r.status_code == 302
    item = sv.plan.items.get()
    services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)
    for action, data in [
        ("start", {}),
        ("deliberate", {"text": "审议", "date": "2026-06-26"}),
        ("opinion", {"text": "意见", "date": "2026-07-01"}),
        (
            "task",
            {"problem": "问题", "problem_type": "funds", "unit": sv.w.education.pk, "deadline": "2026-12-31"},
        ),
    ]:
        assert (
            client.post(reverse("supervision:item_action", args=[item.pk, action]), data).status_code == 302
        )
    assert fresh(item).status == "opinion_sent" and item.tasks.count() == 1
    assert client.get(reverse("supervision:item", args=[item.pk])).status_code == 200


def test_letter_is_a_gongwen_and_the_dashboard_writes_user_text_as_text(client: Any, sv: Any) -> None:
    from io import BytesIO

    from django.conf import settings
    from django.utils import timezone
    from docx import Document
    from openpyxl import load_workbook

    from lvzhi.office.testing import EVIL_FORMULA, assert_gongwen_page, assert_text_cell
    from lvzhi.office.text import chinese_date

    item = deliberated_item(sv, title=EVIL_FORMULA)
    task = task_for(sv, item)
    client.force_login(sv.w.staff)
    url = reverse("supervision:task_letter", args=[task.pk])
    dates = {}
    for language in ("zh-hans", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        r = client.get(url)
        assert_gongwen_page(r.content)
        paragraphs = [p.text for p in Document(BytesIO(r.content)).paragraphs]
        assert f"{sv.w.education.name}：" in paragraphs and task.problem in paragraphs
        dates[language] = paragraphs[-1]
    today = timezone.localdate()
    assert dates == {"zh-hans": chinese_date(today), "en": today.isoformat()}
    r = client.get(reverse("supervision:dashboard_export"))
    cell = assert_text_cell(r.content)  # the item's title on the "By item" sheet
    book = load_workbook(BytesIO(r.content))
    assert cell.parent.title == book.sheetnames[1]
    ws = book.worksheets[0]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G2" and ws["B2"].data_type == "n"


def test_hidden_objects_answer_404_and_readers_get_403_for_office_steps(client: Any, sv: Any) -> None:
    """Issue 11.3: whoever may not see a task, an item or a vote gets 404 (not 403) on every
    page, action, download and API operation; a reader who sees it but may not act gets 403."""
    task = task_for(sv, unit=sv.w.health)
    vote = services.vote_open(item=task.item, subject="测评", opened_on=D(2026, 7, 1), acting_user=sv.w.staff)
    client.force_login(sv.w.officer)  # education, not health
    for url in [
        reverse("supervision:task", args=[task.pk]),
        reverse("supervision:task_letter", args=[task.pk]),
        reverse("supervision:item", args=[task.item_id]),
        reverse("supervision:vote", args=[vote.pk]),
        f"/api/supervision/tasks/{task.pk}",
        f"/api/supervision/items/{task.item_id}",
        f"/api/supervision/votes/{vote.pk}",
    ]:
        assert client.get(url).status_code == 404, url
    for url in [
        reverse("supervision:item_action", args=[task.item_id, "start"]),
        reverse("supervision:vote_action", args=[vote.pk, "close"]),
        reverse("supervision:task_action", args=[task.pk, "close"]),
    ]:
        assert client.post(url).status_code == 404, url
    assert fresh(vote).status == "open"
    client.force_login(sv.w.sc_member)
    assert client.get(reverse("supervision:vote", args=[vote.pk])).status_code == 200
    assert client.post(reverse("supervision:vote_action", args=[vote.pk, "close"])).status_code == 403
    r = client.post(
        reverse("supervision:task_action", args=[task.pk, "progress"]), {"note": "x", "percent": 5}
    )
    assert r.status_code == 403 and fresh(task).progress == 0
