"""The assignment sheet (交办单) and the reply letter (答复函) as 公文: A4 with the GB/T 9704-2012
margins, the content as before."""

from __future__ import annotations

import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from lvzhi.office.testing import assert_gongwen_page, docx_text
from lvzhi.office.text import chinese_date

from .test_workflow import assigned, reply

pytestmark = pytest.mark.django_db


def test_assignment_sheet_is_a_gongwen(client, sw):
    s = assigned(sw, mode="joint")
    client.force_login(sw.w.staff)
    response = client.get(reverse("suggestions:sheet", args=[s.pk]))
    assert response.status_code == 200
    assert_gongwen_page(response.content)
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text == "代表建议、批评和意见交办单"
    text = docx_text(response.content)
    assert f"编号：{s.number}" in text and s.title in text and sw.w.education.name in text
    assert "答复期限" in text and "协办意见期限" in text
    assert document.paragraphs[-1].text == chinese_date(timezone.localdate())  # 成文日期


def test_reply_letter_is_a_gongwen_with_the_unit_in_the_letterhead(sw):
    s = assigned(sw)
    r = reply(sw, s)
    data = r.letter.open().read()
    assert_gongwen_page(data)
    document = docx.Document(r.letter.open())
    head = document.paragraphs[0]
    assert head.text == sw.w.education.name and str(head.runs[0].font.color.rgb) == "FF0000"
    texts = [p.text for p in document.paragraphs]
    assert "签发人：局长 赵明" in texts and "关于代表建议的答复" in texts and "王建国代表：" in texts
    assert texts[-3:] == [
        sw.w.education.name,
        chinese_date(timezone.localtime(r.replied_at).date()),
        f"答复方式：{r.get_mode_display()}    抄送：市人大常委会代表工作委员会",
    ]
    assert "一、关于审批流程，我局已会同有关部门简化为一个环节。二、关于补贴。" in texts


def test_assignment_sheet_names_the_lead_once_and_only_confirmed_cosigners(client, sw):
    """The lead deputy's own Signer row (confirmed at submission) is not a co-signer."""
    s = assigned(sw)
    lead = sw.w.deputy.person.name
    assert s.signers.filter(is_lead=True, deputy=sw.w.deputy).exists()
    client.force_login(sw.w.staff)
    response = client.get(reverse("suggestions:sheet", args=[s.pk]))
    document = docx.Document(io.BytesIO(response.content))
    cells = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cells["领衔代表"] == lead
    cosigners = cells["联名代表"].split("、")
    assert lead not in cosigners
    assert cosigners == [d.person.name for d in sw.cosigners[:2]]
