"""The 意见汇总: the .docx report and the .xlsx workbook, directly and through the pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from openpyxl import load_workbook

from lvzhi.consultation import analysis, services
from lvzhi.consultation.documents import consultation_report_docx, consultation_report_xlsx, report_data
from lvzhi.consultation.models import Comment
from lvzhi.consultation.states import Moderation

pytestmark = pytest.mark.django_db

CAMPAIGN = "我们坚决反对第四条的登记期限规定，三十日内办理登记对老年养犬人太难了，建议改为九十日。"


def submit(cw: Any, text: str, article: str = "4", **kw: Any) -> Comment:
    return services.comment_submit(consultation=cw.consultation, text=text, article=article, **kw)


@pytest.fixture
def filled(cw: Any) -> Any:
    """25 campaign comments on article 4, 3 on article 6, 2 on the whole draft, one set aside,
    one decided on its own, analysed, and a theme decided."""
    for i in range(25):
        submit(cw, CAMPAIGN + ("！" if i % 2 else ""), "4", name="欧阳娜娜", contact="13812345678")
    for i in range(3):
        submit(cw, f"第六条束犬链的要求应当明确长度，不超过一点五米。（{i}）", "6")
    whole = [submit(cw, "=SUM(1,2)整体赞成本条例。", ""), submit(cw, "建议增加宣传教育的规定。", "")]
    aside = submit(cw, "与草案无关的内容。", "2")
    services.comment_moderate(
        comment=aside, moderation=Moderation.REMOVED, reason="off_topic", acting_user=cw.lw.clerk
    )
    services.comment_decide(
        comment=whole[1], decision="adopted", reason="已在第三条增加宣传教育的内容。", acting_user=cw.lw.clerk
    )
    analysis.analysis_refresh(cw.consultation)
    services.theme_decide(
        consultation=cw.consultation,
        theme_id=1,
        decision="partly",
        reason="登记期限改为二十日以内。",
        summary="延长登记期限",
        acting_user=cw.lw.clerk,
    )
    return cw


def _docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_report_data_follows_the_draft_order(filled: Any) -> None:
    data = report_data(filled.consultation)
    keys = [row["key"] for row in data["articles"]]
    assert keys == ["2", "4", "6", ""]  # draft order, the whole draft last
    by_key = {row["key"]: row for row in data["articles"]}
    assert by_key["4"]["count"] == 25 and by_key["6"]["count"] == 3 and by_key[""]["count"] == 2
    assert by_key["4"]["opinions"][0]["comments"] == 25 and CAMPAIGN in by_key["4"]["opinions"][0]["text"]
    assert by_key[""]["singles"][0]["reason"] == "已在第三条增加宣传教育的内容。"
    assert data["themes"] and data["themes"][0]["decision"] is not None


def test_docx_report(filled: Any) -> None:
    text = _docx_text(consultation_report_docx(filled.consultation))
    assert filled.consultation.title in text and filled.bill.title in text
    assert (
        "第四条" in text and "第六条" in text and "第一条" not in text
    )  # articles without comments are left out
    assert (
        CAMPAIGN in text and "登记期限改为二十日以内。" in text and "已在第三条增加宣传教育的内容。" in text
    )
    assert "欧阳娜娜" not in text and "13812345678" not in text


def test_docx_report_in_english_names_counts(filled: Any) -> None:
    from django.utils import translation

    with translation.override("en"):
        text = _docx_text(consultation_report_docx(filled.consultation))
    assert "第四条: 25 comments" in text and "第六条: 3 comments" in text
    assert "Received: 31; accepted: 30" in text


def test_xlsx_report(filled: Any) -> None:
    wb = load_workbook(io.BytesIO(consultation_report_xlsx(filled.consultation)))
    assert wb.sheetnames == ["汇总", "意见", "专题", "集中意见"]
    summary = {row[0]: row for row in wb["汇总"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert summary["4"][1] == "第四条" and summary["4"][2] == 25
    assert summary["6"][2] == 3 and summary["—"][2] == 2
    assert "登记期限改为二十日以内" in (summary["4"][6] or "")
    comments = list(wb["意见"].iter_rows(min_row=2, values_only=True))
    assert len(comments) == 30  # the accepted ones; the comment set aside is not in the report
    receipts = {r[0] for r in comments}
    assert receipts == set(
        Comment.objects.filter(consultation=filled.consultation, moderation="published").values_list(
            "receipt", flat=True
        )
    )
    flat = "\n".join(str(v) for r in comments for v in r if v is not None)
    assert "欧阳娜娜" not in flat and "13812345678" not in flat and "欧***" in flat
    cell = next(row[5] for row in wb["意见"].iter_rows(min_row=2) if str(row[5].value).startswith("=SUM"))
    assert cell.data_type == "s"  # kept as text, never turned into a formula
    themes = list(wb["专题"].iter_rows(min_row=2, values_only=True))
    assert themes and themes[0][2] >= 25
    campaigns = list(wb["集中意见"].iter_rows(min_row=2, values_only=True))
    assert campaigns[0][0] == "#1" and campaigns[0][1] == 25 and campaigns[0][3].startswith("我们坚决反对")


def test_reports_of_an_empty_consultation(cw: Any) -> None:
    text = _docx_text(consultation_report_docx(cw.consultation))
    assert cw.consultation.title in text
    wb = load_workbook(io.BytesIO(consultation_report_xlsx(cw.consultation)))
    assert wb.sheetnames == ["汇总", "意见", "专题", "集中意见"]
    assert list(wb["意见"].iter_rows(min_row=2, values_only=True)) == []


def test_report_downloads(client: Any, filled: Any) -> None:
    client.force_login(filled.lw.w.leader)  # a reader, not the office
    pk = filled.consultation.pk
    response = client.get(reverse("consultation:report_docx", args=[pk]))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.docx"')
    assert "第四条" in _docx_text(response.content)
    response = client.get(reverse("consultation:report_xlsx", args=[pk]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["汇总"]["B2"].value == "第二条"
    client.force_login(filled.lw.w.deputy_user)  # not a reader: 404, never 403 (issue 11.3)
    assert client.get(reverse("consultation:report_docx", args=[pk])).status_code == 404


def test_reports_are_a_gongwen_and_write_user_text_as_text(client: Any, cw: Any) -> None:
    from django.conf import settings

    from lvzhi.office.testing import EVIL_FORMULA, assert_gongwen_page, assert_text_cell

    comment = submit(cw, EVIL_FORMULA, "6")
    if comment.moderation != Moderation.PUBLISHED:  # a link: held for a moderator, who accepts it
        services.comment_moderate(comment=comment, moderation=Moderation.PUBLISHED, acting_user=cw.lw.clerk)
    submit(cw, "建议明确登记期限的起算日。", "4")
    services.comment_decide(comment=comment, decision="adopted", reason=EVIL_FORMULA, acting_user=cw.lw.clerk)
    client.force_login(cw.lw.clerk)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    pk = cw.consultation.pk
    data = client.get(reverse("consultation:report_xlsx", args=[pk])).content
    assert_text_cell(data)  # wherever the text is, it is a text cell
    ws = load_workbook(io.BytesIO(data))["意见"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == comment.receipt)
    assert row[5].value == EVIL_FORMULA and row[5].data_type == "s" and row[5].quotePrefix  # the comment
    assert row[7].value == EVIL_FORMULA and row[7].data_type == "s"  # the decision's reason
    assert row[4].is_date  # submitted: a date cell
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:I3"
    document = client.get(reverse("consultation:report_docx", args=[pk])).content
    assert_gongwen_page(document)
    headings = [(p.style.name, p.text) for p in Document(io.BytesIO(document)).paragraphs]
    with translation.override("zh-hans"):
        chapters = [_("Comments by article"), _("Organised campaigns"), _("Themes")]
    assert [t for name, t in headings if name == "Heading 1"] == [
        f"{n}、{t}" for n, t in zip("一二三", chapters, strict=True)
    ]
    assert [t for name, t in headings if name == "Heading 2"][0].startswith("（一）")


def test_sms_list_keeps_a_plus_sign_number_as_text(client: Any, cw: Any) -> None:
    from lvzhi.office.testing import assert_text_cell

    submit(cw, "建议明确登记期限的起算日。", "4", contact="+86 138 1234 5678")
    services.consultation_close(consultation=cw.consultation, reason="测试提前结束", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    services.feedback_publish(consultation=cw.consultation, summary="情况通报。", acting_user=cw.lw.clerk)
    client.force_login(cw.lw.clerk)
    response = client.get(reverse("consultation:sms_list", args=[cw.consultation.pk]))
    cell = assert_text_cell(response.content, "+86 138 1234 5678")
    assert cell.column == 1 and cell.quotePrefix  # Excel keeps it text when the cell is edited


@pytest.mark.parametrize(
    ("configured", "expected"),
    [
        ("", "https://rd.jianglan.example"),
        ("https://lvzhi.jianglan.gov.example/", "https://lvzhi.jianglan.gov.example"),
    ],
)
def test_sms_list_links_use_the_site_address(
    client: Any, cw: Any, settings: Any, configured: str, expected: str
) -> None:
    """The links pointed to a fixed host (the development address) whatever the site's address:
    the configured LVZHI_PUBLIC_BASE_URL, else the address the request came to."""
    from openpyxl import load_workbook

    settings.PUBLIC_BASE_URL = configured
    settings.ALLOWED_HOSTS = ["rd.jianglan.example", "testserver"]
    submit(cw, "建议明确登记期限的起算日。", "4", contact="13812345678")
    services.consultation_close(consultation=cw.consultation, reason="测试提前结束", acting_user=cw.lw.clerk)
    cw.consultation.refresh_from_db()
    services.feedback_publish(consultation=cw.consultation, summary="情况通报。", acting_user=cw.lw.clerk)
    client.force_login(cw.lw.clerk)
    response = client.get(
        reverse("consultation:sms_list", args=[cw.consultation.pk]),
        HTTP_HOST="rd.jianglan.example",
        secure=True,
    )
    ws = load_workbook(io.BytesIO(response.content)).active
    [message] = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
    link = expected + reverse("consultation:public_feedback", args=[cw.consultation.pk])
    assert link in message and "127.0.0.1" not in message
