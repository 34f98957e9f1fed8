"""Staff pages of public consultation: every page renders for the office, others are refused,
each action succeeds and refuses bad input with a message, lists stay bounded in queries."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lvzhi.consultation import analysis, services
from lvzhi.consultation.models import Analysis, Comment, CommentImport, FeedbackNotice, ThemeDecision
from lvzhi.consultation.states import Channel, ConsultationStatus, Decision, Moderation, NoticeStatus
from lvzhi.core.models import AuditLog

pytestmark = pytest.mark.django_db

CAMPAIGN = "我们坚决反对第四条的登记期限规定，三十日内办理登记对老年养犬人太难了，建议改为九十日。"
VARIED = [
    "建议将登记期限延长到六十日，三十日太短。",
    "第六条束犬链的要求应当明确长度，不超过一点五米。",
    "支持本条例，希望加强执法。",
    "犬只粪便清理应当配备工具，建议增加处罚条款。",
]


@pytest.fixture(autouse=True)
def _pages_in_english(client: Any, settings: Any) -> None:
    """Messages are asserted on their English msgids (the Chinese catalogue is filled later)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def submit(cw: Any, text: str = "建议明确登记期限的起算日。", article: str = "4", **kw: Any) -> Comment:
    return services.comment_submit(consultation=cw.consultation, text=text, article=article, **kw)


def populate(cw: Any, campaign: int = 25, varied: int = 20) -> None:
    for i in range(campaign):
        submit(cw, CAMPAIGN + ("！" if i % 2 else ""), "4")
    for i in range(varied):
        submit(cw, f"{VARIED[i % 4]}（第{i}号意见）", str(i % 8 + 1) if i % 3 else "")


def analysed(cw: Any) -> Analysis:
    populate(cw)
    return analysis.analysis_refresh(cw.consultation)


def page(client: Any, name: str, *args: Any, query: str = "") -> str:
    response = client.get(reverse(name, args=args) + query)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def sheet(
    rows: list[list[Any]], headers: tuple[str, ...] = ("条款", "款", "意见", "提出人", "联系方式", "日期")
) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(headers))
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def upload(data: bytes, name: str = "意见.xlsx") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def close_now(cw: Any) -> None:
    services.consultation_close(consultation=cw.consultation, reason="测试提前结束", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()


# --- access --------------------------------------------------------------------------------------


def _get_pages(cw: Any, comment: Comment) -> list[tuple[str, tuple[Any, ...]]]:
    pk = cw.consultation.pk
    return [
        ("consultation:list", ()),
        ("consultation:create", ()),
        ("consultation:moderation_all", ()),
        ("consultation:detail", (pk,)),
        ("consultation:comments", (pk,)),
        ("consultation:campaigns", (pk,)),
        ("consultation:themes", (pk,)),
        ("consultation:moderation", (pk,)),
        ("consultation:letter", (pk,)),
        ("consultation:import", (pk,)),
        ("consultation:import_template", (pk,)),
        ("consultation:feedback", (pk,)),
        ("consultation:report_docx", (pk,)),
        ("consultation:report_xlsx", (pk,)),
        ("consultation:sms_list", (pk,)),
        ("consultation:comment", (comment.pk,)),
    ]


def test_every_page_renders_for_the_office(client: Any, cw: Any) -> None:
    analysed(cw)
    comment = submit(cw, name="张三", contact="zhangsan@example.org")
    client.force_login(cw.lw.clerk)
    for name, args in _get_pages(cw, comment):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, (name, response.status_code)


def test_every_page_renders_before_any_analysis(client: Any, cw: Any, english: Any) -> None:
    comment = submit(cw)
    client.force_login(cw.lw.clerk)
    for name, args in _get_pages(cw, comment):
        assert client.get(reverse(name, args=args)).status_code == 200, name
    html = page(client, "consultation:campaigns", cw.consultation.pk)
    assert "The comments have not been analysed yet." in html
    assert reverse("consultation:analyse", args=[cw.consultation.pk]) in html


@pytest.mark.parametrize("who", ["deputy_user", "public", "officer"])
def test_pages_are_refused_to_non_staff(client: Any, cw: Any, who: str) -> None:
    """403 for a page without an object; 404 (never 403, issue 11.3) for a consultation's or a
    comment's pages, so that they do not tell that it exists."""
    comment = submit(cw)
    client.force_login(getattr(cw.lw.w, who))
    for name, args in _get_pages(cw, comment):
        assert client.get(reverse(name, args=args)).status_code == (404 if args else 403), name
    pk = cw.consultation.pk
    for name, args in [
        ("consultation:analyse", (pk,)),
        ("consultation:close", (pk,)),
        ("consultation:extend", (pk,)),
        ("consultation:theme_decide", (pk, 1)),
        ("consultation:comment", (comment.pk,)),
    ]:
        assert client.post(reverse(name, args=args), {"action": "decide"}).status_code == 404, name


def test_anonymous_users_are_sent_to_log_in(client: Any, cw: Any) -> None:
    response = client.get(reverse("consultation:detail", args=[cw.consultation.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_viewer_reads_but_does_not_act(client: Any, cw: Any) -> None:
    analysed(cw)
    comment = submit(cw, name="张三", contact="13812345678")
    client.force_login(cw.lw.w.leader)
    pk = cw.consultation.pk
    for name in (
        "consultation:list",
        "consultation:detail",
        "consultation:comments",
        "consultation:campaigns",
        "consultation:themes",
        "consultation:moderation",
        "consultation:report_docx",
        "consultation:report_xlsx",
    ):
        assert (
            client.get(reverse(name, args=[pk] if name != "consultation:list" else [])).status_code == 200
        ), name
    html = page(client, "consultation:comment", comment.pk)
    assert 'value="reveal"' not in html and 'value="decide"' not in html
    assert "138****5678" in html and "13812345678" not in html
    for name in (
        "consultation:letter",
        "consultation:import",
        "consultation:feedback",
        "consultation:sms_list",
        "consultation:create",
    ):
        assert (
            client.get(reverse(name, args=[pk] if name != "consultation:create" else [])).status_code == 403
        )
    assert client.post(reverse("consultation:analyse", args=[pk])).status_code == 403
    assert (
        client.post(reverse("consultation:comment", args=[comment.pk]), {"action": "reveal"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("consultation:comment", args=[comment.pk]),
            {"action": "decide", "decision": "adopted", "reason": "x"},
        ).status_code
        == 403
    )
    comment.refresh_from_db()
    assert comment.decision == ""


# --- list and create -----------------------------------------------------------------------------


def test_list_shows_consultations_and_new_button_for_managers(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:list")
    assert cw.consultation.title in html and reverse("consultation:create") in html
    client.force_login(cw.lw.w.leader)
    html = page(client, "consultation:list")
    assert cw.consultation.title in html and reverse("consultation:create") not in html


def test_create_proposes_the_minimum_window_and_opens_a_consultation(
    client: Any, cw: Any, english: Any
) -> None:
    from lvzhi.legislation.services import consultation_minimum_end

    close_now(cw)
    client.force_login(cw.lw.clerk)
    today = timezone.localdate()
    html = page(client, "consultation:create")
    earliest = consultation_minimum_end(cw.bill, today)
    assert f'value="{earliest.isoformat()}"' in html and cw.contact_point.name in html
    response = client.post(
        reverse("consultation:create"),
        {
            "bill": cw.bill.pk,
            "version": "",
            "title": "第二次征求意见",
            "explanation": "修改稿说明。",
            "start": today.isoformat(),
            "end": earliest.isoformat(),
            "invite_deputies": "on",
            "contact_points": [cw.contact_point.pk],
            "districts": [cw.district.pk],
        },
    )
    created = cw.bill.consultations.exclude(pk=cw.consultation.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "consultation:detail", args=[created.pk]
    )
    assert created.version == cw.bill.versions.order_by("-number").first()
    assert created.status == ConsultationStatus.OPEN
    assert list(created.contact_points.all()) == [cw.contact_point]


def test_create_shows_the_services_refusals_on_the_form(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    today = timezone.localdate()
    data = {
        "bill": cw.bill.pk,
        "title": "再次征求意见",
        "explanation": "说明。",
        "start": today.isoformat(),
        "end": (today + dt.timedelta(days=60)).isoformat(),
    }
    html = client.post(reverse("consultation:create"), data).content.decode()
    assert "already has a consultation under way" in html
    close_now(cw)
    html = client.post(
        reverse("consultation:create"), {**data, "end": (today + dt.timedelta(days=3)).isoformat()}
    ).content.decode()
    assert "The consultation must last at least" in html
    html = client.post(reverse("consultation:create"), {**data, "explanation": " "}).content.decode()
    assert "errorlist" in html
    assert cw.bill.consultations.count() == 1


# --- the dashboard and its heat map -------------------------------------------------------------


def _heat(html: str) -> dict[str, int]:
    grid = html.split('id="heatmap"', 1)[1].split("</div>", 1)[0]
    return {k: int(n) for k, n in re.findall(r'data-article="([^"]+)" data-count="(\d+)"', grid)}


def test_heat_map_counts_the_comments_of_each_article(client: Any, cw: Any, english: Any) -> None:
    for _i in range(3):
        submit(cw, article="4")
    submit(cw, article="第六条")
    submit(cw, article="")
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:detail", cw.consultation.pk)
    heat = _heat(html)
    assert list(heat) == [str(i) for i in range(1, 9)]
    assert heat["4"] == 3 and heat["6"] == 1 and heat["1"] == 0
    assert 'class="heat l5"' in html and 'title="第四条: 3 comments"' in html
    assert reverse("consultation:comments", args=[cw.consultation.pk]) + "?article=4" in html
    assert "The comments have not been analysed yet." in html
    assert reverse("consultation:analyse", args=[cw.consultation.pk]) in html


def test_dashboard_shows_totals_campaigns_and_themes(client: Any, cw: Any, english: Any) -> None:
    analysed(cw)
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:detail", cw.consultation.pk)
    assert "?campaign=1" in html and "?theme=1" in html and CAMPAIGN[:20] in html
    assert reverse("consultation:report_docx", args=[cw.consultation.pk]) in html
    assert reverse("consultation:letter", args=[cw.consultation.pk]) in html


def test_analyse_refreshes_small_consultations_in_the_request(client: Any, cw: Any, english: Any) -> None:
    populate(cw, campaign=0, varied=8)
    client.force_login(cw.lw.clerk)
    response = client.post(reverse("consultation:analyse", args=[cw.consultation.pk]), follow=True)
    assert "Analysis refreshed: 8 comments" in response.content.decode()
    assert Analysis.objects.get(consultation=cw.consultation).comments == 8


def test_analyse_enqueues_large_consultations(client: Any, cw: Any, english: Any, monkeypatch: Any) -> None:
    from lvzhi.consultation import views

    monkeypatch.setattr(views, "ANALYSE_INLINE_LIMIT", 1)
    populate(cw, campaign=0, varied=4)
    client.force_login(cw.lw.clerk)
    response = client.post(reverse("consultation:analyse", args=[cw.consultation.pk]), follow=True)
    assert "The analysis runs in the background" in response.content.decode()
    assert Analysis.objects.filter(consultation=cw.consultation).exists()  # the test backend runs it at once


def test_close_early_needs_a_reason(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:close", args=[cw.consultation.pk])
    html = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "Give the reason for closing before the announced day." in html
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.OPEN
    html = client.post(url, {"reason": "草案需作重大修改"}, follow=True).content.decode()
    assert "The consultation is closed." in html
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.CLOSED


def test_extend_to_a_later_day_only(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:extend", args=[cw.consultation.pk])
    end = cw.consultation.end
    html = client.post(url, {"end": (end - dt.timedelta(days=1)).isoformat()}, follow=True).content.decode()
    assert "The new closing day must be later than" in html
    html = client.post(url, {"end": "not a date"}, follow=True).content.decode()
    assert "Enter a valid date" in html
    cw.consultation.refresh_from_db()
    assert cw.consultation.end == end
    later = end + dt.timedelta(days=10)
    html = client.post(url, {"end": later.isoformat()}, follow=True).content.decode()
    assert f"now closes after {later.isoformat()}" in html
    cw.consultation.refresh_from_db()
    assert cw.consultation.end == later


# --- the comment list and one comment ------------------------------------------------------------


def test_comment_list_filters(client: Any, cw: Any, english: Any) -> None:
    analysed(cw)
    held = submit(cw, "加微信 abc12345 领取优惠", "2")
    assert held.moderation == Moderation.PENDING
    client.force_login(cw.lw.clerk)
    pk = cw.consultation.pk

    def count(query: str) -> int:
        html = page(client, "consultation:comments", pk, query=query)
        return len(re.findall(r'<tr id="comment-\d+"', html))

    assert count("") == 46
    assert count("?article=4") == Comment.objects.filter(consultation=cw.consultation, article="4").count()
    assert count("?article=第四条") == count("?article=4")
    assert count("?article=whole") == Comment.objects.filter(consultation=cw.consultation, article="").count()
    assert count("?campaign=1") == 25
    assert count("?campaign=1&article=6") == 0
    assert count("?theme=1") == len(analysis.theme_members(cw.consultation, 1))
    assert count("?group=1") == len(analysis.group_members(cw.consultation, 1))
    assert count("?moderation=pending") == 1
    assert count("?decision=none&moderation=published") == 45
    assert count("?channel=letter") == 0
    assert count("?q=" + held.receipt.lower()) == 1
    assert count("?q=束犬链") == 5
    assert count("?campaign=99") == 0
    assert count("?article=99&decision=bogus&campaign=x") == 0


def test_comment_list_paginates_and_keeps_queries_bounded(
    client: Any, cw: Any, django_assert_max_num_queries: Any
) -> None:
    populate(cw, campaign=25, varied=5)
    analysis.analysis_refresh(cw.consultation)
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:comments", args=[cw.consultation.pk])
    client.get(url)  # the analysis labels are decoded once per process
    counts = []
    for extra in (0, 40):
        populate(cw, campaign=0, varied=extra)
        for query in ("", "?campaign=1", "?theme=1&decision=none"):
            with django_assert_max_num_queries(20) as ctx:
                assert client.get(url + query).status_code == 200
            counts.append(len(ctx.captured_queries))
    assert counts[3:] == counts[:3]  # 30 rows or a full page of 50: the same queries
    html = client.get(url + "?page=2").content.decode()
    assert len(re.findall(r'<tr id="comment-\d+"', html)) == 20


def test_lists_show_only_masked_contacts(client: Any, cw: Any) -> None:
    submit(cw, name="欧阳娜娜", contact="13812345678")
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:comments", cw.consultation.pk)
    assert "欧***" in html and "138****5678" in html
    assert "欧阳娜娜" not in html and "13812345678" not in html


def test_contact_reveal_is_audited(client: Any, cw: Any, english: Any) -> None:
    comment = submit(cw, name="欧阳娜娜", contact="nana@example.org")
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:comment", args=[comment.pk])
    html = page(client, "consultation:comment", comment.pk)
    assert "欧阳娜娜" not in html and "nana@example.org" not in html and "Show contact" in html
    assert not AuditLog.objects.filter(action="consultation.contact.view").exists()
    html = client.post(url, {"action": "reveal"}).content.decode()
    assert "欧阳娜娜" in html and "nana@example.org" in html
    row = AuditLog.objects.get(action="consultation.contact.view")
    assert row.actor_id == cw.lw.clerk.pk and row.object_id == str(comment.pk)


def test_comment_page_shows_the_article_and_the_analysis(client: Any, cw: Any) -> None:
    analysed(cw)
    comment = Comment.objects.filter(consultation=cw.consultation, text__startswith=CAMPAIGN[:10]).first()
    assert comment is not None
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:comment", comment.pk)
    assert "养犬人应当自取得犬只之日起三十日内办理登记" in html  # the text of article 4
    assert "?campaign=1" in html and "?theme=" in html


def test_decision_from_the_list_and_its_refusal(client: Any, cw: Any, english: Any) -> None:
    comment = submit(cw)
    client.force_login(cw.lw.clerk)
    back = reverse("consultation:comments", args=[cw.consultation.pk]) + "?article=4"
    url = reverse("consultation:comment", args=[comment.pk])
    response = client.post(
        url, {"action": "decide", "decision": "adopted", "reason": "", "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back
    assert "Give the reason; it is published with the decision." in response.content.decode()
    comment.refresh_from_db()
    assert comment.decision == ""
    response = client.post(
        url, {"action": "decide", "decision": "partly", "reason": "部分采纳。", "next": back}
    )
    assert response["Location"] == back
    comment.refresh_from_db()
    assert (comment.decision, comment.decision_reason) == (Decision.PARTLY, "部分采纳。")
    response = client.post(
        url, {"action": "decide", "decision": "adopted", "reason": "x", "next": "https://evil.example/"}
    )
    assert response["Location"] == url


def test_a_comment_is_set_aside_from_its_page(client: Any, cw: Any, english: Any) -> None:
    comment = submit(cw, "今天天气不错。")
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:comment", args=[comment.pk])
    html = client.post(
        url, {"action": "moderate", "moderation": "removed", "reason": ""}, follow=True
    ).content.decode()
    assert "Say why the comment is set aside." in html
    comment.refresh_from_db()
    assert comment.moderation == Moderation.PUBLISHED
    html = client.post(
        url,
        {"action": "moderate", "moderation": "removed", "reason": "off_topic", "note": "无关"},
        follow=True,
    ).content.decode()
    assert "set aside" in html
    comment.refresh_from_db()
    assert (comment.moderation, comment.moderation_reason) == (Moderation.REMOVED, "off_topic")
    assert client.post(url, {"action": "bogus"}).status_code == 404


# --- moderation ----------------------------------------------------------------------------------


def test_moderation_queue_publishes_and_sets_aside(client: Any, cw: Any, english: Any) -> None:
    ad = submit(cw, "优惠活动，访问 www.example.com")
    abuse = submit(cw, "这条规定简直脑残")
    assert ad.moderation == abuse.moderation == Moderation.PENDING
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:moderation", args=[cw.consultation.pk])
    html = page(client, "consultation:moderation", cw.consultation.pk)
    assert ad.receipt in html and abuse.receipt in html
    html_all = page(client, "consultation:moderation_all")
    assert ad.receipt in html_all and cw.consultation.title in html_all
    response = client.post(url, {"comment": abuse.pk, "moderation": "published"}, follow=True)
    assert f"{abuse.receipt} published." in response.content.decode()
    response = client.post(
        url, {"comment": ad.pk, "moderation": "removed", "reason": "advertising", "note": "广告"}, follow=True
    )
    assert f"{ad.receipt} set aside." in response.content.decode()
    ad.refresh_from_db()
    abuse.refresh_from_db()
    assert (ad.moderation, ad.moderation_note) == (Moderation.REMOVED, "广告")
    assert abuse.moderation == Moderation.PUBLISHED
    assert "Nothing waits for moderation." in response.content.decode()
    other = submit(cw, "加微信 xyz98765")
    response = client.post(url, {"comment": other.pk, "moderation": "removed", "reason": ""}, follow=True)
    assert "Say why the comment is set aside." in response.content.decode()
    other.refresh_from_db()
    assert other.moderation == Moderation.PENDING
    assert client.post(url, {"comment": 999999, "moderation": "published"}).status_code == 404


# --- campaigns and themes ------------------------------------------------------------------------


def test_campaign_page_draws_the_timeline(client: Any, cw: Any) -> None:
    analysed(cw)
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:campaigns", cw.consultation.pk)
    assert 'id="campaign-1"' in html and CAMPAIGN in html
    assert 'data-chart="timeline-1"' in html and 'id="timeline-1"' in html and "charts.js" in html
    assert reverse("consultation:comments", args=[cw.consultation.pk]) + "?campaign=1" in html


def test_theme_decision_applies_to_the_theme_members(client: Any, cw: Any, english: Any) -> None:
    analysed(cw)
    members = analysis.theme_members(cw.consultation, 1)
    assert members
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:themes", cw.consultation.pk)
    url = reverse("consultation:theme_decide", args=[cw.consultation.pk, 1])
    assert 'id="theme-1"' in html and url in html
    response = client.post(url, {"decision": "adopted", "reason": ""}, follow=True)
    assert "Give the reason; it is published with the decision." in response.content.decode()
    assert not ThemeDecision.objects.exists()
    response = client.post(
        url, {"decision": "not_adopted", "reason": "上位法已有规定。", "summary": "延长登记期限"}, follow=True
    )
    assert f"applied to {len(members)} comments" in response.content.decode()
    td = ThemeDecision.objects.get()
    assert td.comment_count == len(members)
    assert Comment.objects.filter(
        pk__in=members, decision=Decision.NOT_ADOPTED, decision_theme=td
    ).count() == len(members)
    html = page(client, "consultation:themes", cw.consultation.pk)
    assert "上位法已有规定。" in html
    response = client.post(
        reverse("consultation:theme_decide", args=[cw.consultation.pk, 99]),
        {"decision": "adopted", "reason": "x"},
        follow=True,
    )
    assert "The analysis has no theme 99" in response.content.decode()


def test_a_theme_keeps_its_decision_when_the_analysis_relabels_it(client: Any, cw: Any, english: Any) -> None:
    analysed(cw)
    members = analysis.theme_members(cw.consultation, 1)
    td = services.theme_decide(
        consultation=cw.consultation,
        theme_id=1,
        decision=Decision.PARTLY,
        reason="部分采纳：期限改为六十日。",
        acting_user=cw.lw.clerk,
    )
    themes = Analysis.objects.get(consultation=cw.consultation).summary["themes"]
    label = next(t["label"] for t in themes if t["id"] == 1)
    # a rebuilt analysis names the theme otherwise: the decision follows its comments
    ThemeDecision.objects.filter(pk=td.pk).update(label="（重新分析前的标签）")
    assert {k: v.pk for k, v in analysis.theme_decisions(cw.consultation, themes).items()} == {1: td.pk}
    client.force_login(cw.lw.clerk)
    html = page(client, "consultation:themes", cw.consultation.pk)
    block = html[html.index('id="theme-1"') :]
    assert "部分采纳：期限改为六十日。" in block[: block.index("</section>")]
    # its comments decided one by one since: no longer the theme's decision, unless the label matches
    Comment.objects.filter(pk__in=members).update(decision_theme=None)
    assert analysis.theme_decisions(cw.consultation, themes) == {}
    ThemeDecision.objects.filter(pk=td.pk).update(label=label)
    assert {k: v.pk for k, v in analysis.theme_decisions(cw.consultation, themes).items()} == {1: td.pk}


# --- letters and imports -------------------------------------------------------------------------


def test_letter_is_entered_and_its_receipt_shown(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:letter", args=[cw.consultation.pk])
    html = client.post(url, {"text": "来信：第九十九条不清楚。", "article": "99"}).content.decode()
    assert "errorlist" in html
    html = client.post(url, {"text": "来信意见", "article": "4", "paragraph": "5"}).content.decode()
    assert "there is no paragraph 5" in html
    assert not Comment.objects.exists()
    response = client.post(
        url,
        {
            "text": "来信：建议延长登记期限。",
            "article": "4",
            "paragraph": "1",
            "name": "李四",
            "contact": "13900001111",
            "received_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    comment = Comment.objects.get()
    assert comment.channel == Channel.LETTER and comment.article == "4" and comment.name_masked == "李*"
    html = response.content.decode()
    assert f"Receipt number: {comment.receipt}" in html and 'id="receipt"' in html


def test_import_stores_a_good_sheet(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    data = sheet(
        [
            ["第四条", 1, "登记期限太短。", "王五", "13700001234", "2026-01-05"],
            ["", None, "整体赞成。", "", "", ""],
        ]
    )
    response = client.post(
        reverse("consultation:import", args=[cw.consultation.pk]),
        {"file": upload(data), "channel": "contact_point", "source_station": cw.contact_point.pk},
    )
    assert response.status_code == 302
    batch = CommentImport.objects.get()
    assert batch.rows == 2 and batch.source_station == cw.contact_point
    assert Comment.objects.filter(batch=batch, channel=Channel.CONTACT_POINT).count() == 2


def test_import_with_a_bad_row_lists_it_and_stores_nothing(client: Any, cw: Any, english: Any) -> None:
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:import", args=[cw.consultation.pk])
    data = sheet(
        [
            ["第四条", None, "登记期限太短。", "", "", ""],
            ["第九十九条", None, "没有这一条。", "", "", ""],
            ["第五条", None, "", "", "", "明天"],
        ]
    )
    html = client.post(
        url, {"file": upload(data), "channel": "district", "source_organ": cw.district.pk}
    ).content.decode()
    assert "Nothing was imported" in html
    table = html.split('id="import-errors"', 1)[1]
    assert re.search(r"<td>3</td><td>条款</td><td>The draft has no article", table)
    assert re.search(r"<td>4</td><td>意见</td>", table) and re.search(r"<td>4</td><td>日期</td>", table)
    assert not Comment.objects.exists() and not CommentImport.objects.exists()
    html = client.post(
        url, {"file": upload(sheet([["4", "x"]], headers=("条款", "备注"))), "channel": "deputy"}
    ).content.decode()
    assert "Missing column." in html and "意见" in html
    html = client.post(url, {"file": upload(b"not a workbook"), "channel": "deputy"}).content.decode()
    assert "The file is not an .xlsx workbook." in html
    html = client.post(
        url, {"file": upload(sheet([["4", None, "意见"]])), "channel": "contact_point"}
    ).content.decode()
    assert "Choose the contact point the sheet comes from." in html
    assert not Comment.objects.exists()


def test_import_template_downloads(client: Any, cw: Any) -> None:
    client.force_login(cw.lw.clerk)
    response = client.get(reverse("consultation:import_template", args=[cw.consultation.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb["意见"][1]][:3] == ["条款", "款", "意见"]


# --- feedback ------------------------------------------------------------------------------------


def test_feedback_is_published_and_notices_counted(client: Any, cw: Any, english: Any) -> None:
    mailed = submit(cw, contact="a@example.org")
    phoned = submit(cw, contact="13812345678")
    services.comment_decide(comment=mailed, decision="adopted", reason="已采纳。", acting_user=cw.lw.clerk)
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:feedback", args=[cw.consultation.pk])
    html = client.post(url, {"summary": "共收到意见2条。"}).content.decode()
    assert "This step (publish the feedback) is not allowed" in html
    close_now(cw)
    html = client.post(url, {"summary": "  "}).content.decode()
    assert "Write the summary of how the comments were taken into account." in html
    response = client.post(url, {"summary": "共收到意见2条，采纳1条。"}, follow=True)
    html = response.content.decode()
    cw.consultation.refresh_from_db()
    assert cw.consultation.status == ConsultationStatus.PUBLISHED
    assert reverse("consultation:public_feedback", args=[cw.consultation.pk]) in html
    assert reverse("consultation:sms_list", args=[cw.consultation.pk]) in html
    assert "共收到意见2条，采纳1条。" in html
    assert re.search(r'data-status="(queued|sent)">1<', html) and re.search(r'data-status="for_sms">1<', html)
    assert FeedbackNotice.objects.get(comment=phoned).status == NoticeStatus.FOR_SMS


def test_sms_list_gives_full_numbers_and_is_audited(client: Any, cw: Any) -> None:
    phoned = submit(cw, contact="138 1234 5678")
    close_now(cw)
    services.feedback_publish(consultation=cw.consultation, summary="情况通报。", acting_user=cw.lw.clerk)
    client.force_login(cw.lw.clerk)
    response = client.get(reverse("consultation:sms_list", args=[cw.consultation.pk]))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "138 1234 5678" and rows[1][1] == phoned.receipt and phoned.receipt in rows[1][2]
    assert AuditLog.objects.filter(
        action="consultation.contact.view", object_id=str(cw.consultation.pk)
    ).exists()


def test_dashboard_queries_do_not_grow_with_comments(
    client: Any, cw: Any, django_assert_max_num_queries: Any
) -> None:
    analysed(cw)
    client.force_login(cw.lw.clerk)
    url = reverse("consultation:detail", args=[cw.consultation.pk])
    counts = []
    for extra in (0, 30):
        populate(cw, campaign=0, varied=extra)
        with django_assert_max_num_queries(20) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
