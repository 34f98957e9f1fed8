"""The full journey of a suggestion in the browser: a deputy submits with a co-signer who
confirms, staff assign using the recommendation, the unit replies and downloads its .docx,
the deputy rates 不满意, the unit re-handles, the deputy rates 满意, the public page shows it."""

from __future__ import annotations

from typing import Any

import pytest

from lvzhi.suggestions.states import SuggestionStatus as S

from .conftest import shot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "lvzhi2026"


@pytest.fixture
def city(live_server: Any) -> Any:
    from lvzhi.core.services import rules_profiles_install_builtin
    from lvzhi.demo.seed import seed_city

    rules_profiles_install_builtin()
    return seed_city(scale="demo", seed=1)


def zh(status: Any) -> str:
    """The status label as the Chinese interface shows it."""
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(status.label)


def logout(page: Any) -> None:
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def test_suggestion_journey(page, live_server, city, tmp_path):
    from lvzhi.core.models import Role, User
    from lvzhi.deputies.models import Deputy

    base = live_server.url
    lead_user = User.objects.get(username="deputy")
    lead = Deputy.objects.get(person=lead_user.person)
    cosigner = (
        Deputy.objects.filter(term=lead.term, status="active", person__user__is_active=True)
        .exclude(pk=lead.pk)
        .select_related("person__user")
        .first()
    )
    assert cosigner is not None

    # 1. the deputy drafts with a co-signer
    login(page, base, "deputy", PASSWORD)
    page.goto(f"{base}/suggestions/new/")
    page.fill("#id_title", "关于在老旧小区加装电梯并给予财政补贴的建议")
    page.select_option("#id_topic", "housing")
    page.fill(
        "#id_body",
        "本市老旧小区多为六层以下住宅，没有电梯，老年居民上下楼困难。\n"
        "建议：一是简化加装电梯审批流程；二是设立市级财政补贴；三是鼓励社会资本参与运营维护。",
    )
    page.fill("#id_cosigners", cosigner.code)
    page.click("#suggestion-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/suggestions/" in page.url and page.locator("#status").inner_text() == zh(S.DRAFT)
    suggestion_url = page.url
    shot(page, "journey-1-draft")
    logout(page)

    # 2. the co-signer confirms
    login(page, base, cosigner.person.user.username, PASSWORD)
    page.goto(suggestion_url)
    page.click("#cosign button[value='1']")
    page.wait_for_load_state("networkidle")
    logout(page)

    # 3. the lead submits
    login(page, base, "deputy", PASSWORD)
    page.goto(suggestion_url)
    page.click("#lead-actions form[action$='/submit/'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.SUBMITTED)
    logout(page)

    # 4. staff register and assign using the recommendation
    login(page, base, "staff", PASSWORD)
    page.goto(suggestion_url)
    page.click("#office form[action$='/register/'] button")
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.REGISTERED)
    assert page.locator("#recommended li").count() == 3
    shot(page, "journey-4-recommendation")
    recommended_unit = page.locator("#id_lead_unit").input_value()
    assert recommended_unit  # the top recommendation is preselected
    page.click("#assign-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.ASSIGNED)
    logout(page)

    # 5. the unit replies and downloads its letter
    officer = User.objects.filter(
        roles__role=Role.UNIT_OFFICER, roles__organ_id=int(recommended_unit)
    ).first()
    login(page, base, officer.username, PASSWORD)
    page.goto(suggestion_url)
    form = page.locator("form.reply-form")
    form.locator("select[name=category]").select_option("A")
    form.locator("textarea[name=content]").fill(
        "一、关于审批流程：已将加装电梯审批压缩为一个窗口办理。\n二、关于补贴：市级财政按每台15万元给予补贴。"
    )
    form.locator("input[name=signer]").fill("局长 周明")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.ANSWERED)
    with page.expect_download() as info:
        page.locator("a[href$='letter.docx']").first.click()
    letter = tmp_path / "reply.docx"
    info.value.save_as(letter)
    from docx import Document

    assert "关于在老旧小区加装电梯" in "\n".join(p.text for p in Document(str(letter)).paragraphs)
    shot(page, "journey-5-replied")
    logout(page)

    # 6. the deputy is not satisfied
    login(page, base, "deputy", PASSWORD)
    page.goto(suggestion_url)
    rate = page.locator("form.rate-form")
    rate.locator("input[value='unsatisfied']").check()
    rate.locator("textarea[name=comment]").fill("补贴标准偏低，未说明资金来源。")
    rate.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.REHANDLING)
    logout(page)

    # 7. the unit handles it again
    login(page, base, officer.username, PASSWORD)
    page.goto(suggestion_url)
    form = page.locator("form.reply-form")
    form.locator("select[name=category]").select_option("A")
    form.locator("textarea[name=content]").fill(
        "经重新研究：一、补贴提高至每台20万元；二、资金由市区两级财政按6:4分担，已列入明年预算。"
    )
    form.locator("input[name=signer]").fill("局长 周明")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.ANSWERED)
    logout(page)

    # 8. the deputy is satisfied; the item closes
    login(page, base, "deputy", PASSWORD)
    page.goto(suggestion_url)
    rate = page.locator("form.rate-form")
    rate.locator("input[value='satisfied']").check()
    rate.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text() == zh(S.CLOSED)
    shot(page, "journey-8-closed")
    logout(page)

    # 9. the office publishes the answered item on the portal (a step of its own, after the reply)
    pk = suggestion_url.rstrip("/").split("/")[-1]
    page.goto(f"{base}/public/suggestions/{pk}/")
    assert "每台20万元" not in page.content()  # not on the portal before the office publishes it
    login(page, base, "staff", PASSWORD)
    page.goto(suggestion_url)
    page.click("form[action$='/publish/'] button")
    page.wait_for_load_state("networkidle")
    logout(page)

    # 10. the public page shows it
    page.goto(f"{base}/public/suggestions/{pk}/")
    assert "关于在老旧小区加装电梯" in page.content() and "每台20万元" in page.content()
    shot(page, "journey-9-public")
