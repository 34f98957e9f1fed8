"""Public consultation in the browser: a citizen comments on an article of the draft, staff
see it in the heat map, mark it adopted, close the window and publish the feedback, and the
public 采纳情况 page shows the decision with its reason."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import shot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation(live_server: Any, world: Any, settings: Any, tmp_path: Any) -> Any:
    from lvzhi.consultation.tests.conftest import open_consultation
    from lvzhi.legislation.tests.factories import build

    settings.ANALYTICS_DIR = tmp_path / "analytics"
    return open_consultation(build(world))


def test_comment_heat_map_decision_and_public_feedback(page, live_server, consultation):
    from lvzhi.consultation.models import Comment

    base, c = live_server.url, consultation.consultation
    reason = "已在第三条增加登记办理时限的规定。"

    # 1. a citizen reads the draft and comments on article 3 (no account)
    page.goto(f"{base}/public/consultations/{c.pk}/")
    article = page.locator("#art-3")
    article.locator("summary").first.click()
    article.locator("textarea[name=text]").fill("建议第三条明确养犬登记的办理时限，最好当场办结。")
    article.locator("input[name=contact]").fill("citizen@example.cn")
    article.locator(".comment-submit").click()
    receipt = page.locator("#receipt")
    receipt.wait_for()
    number = receipt.inner_text().strip()
    shot(page, "consultation-1-receipt")
    comment = Comment.objects.get(receipt=number)
    assert comment.article == "3" and comment.contact_masked == "c***@example.cn"

    # 2. the legislative affairs office sees it in the heat map
    login(page, base, "fagong", "pw")
    page.goto(f"{base}/consultation/{c.pk}/")
    cell = page.locator("#heatmap [data-article='3']")
    assert cell.get_attribute("data-count") == "1"
    assert page.locator("#heatmap [data-article='2']").get_attribute("data-count") == "0"
    shot(page, "consultation-2-heatmap")

    # 3. drill down to the comment and mark it adopted with the reason
    cell.click()
    page.wait_for_load_state("networkidle")
    page.locator(f"a:has-text('{number}')").first.click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_decision", "adopted")
    page.fill("#id_reason", reason)
    page.locator("form:has(input[name=action][value=decide]) button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    comment.refresh_from_db()
    assert comment.decision == "adopted" and comment.decision_reason == reason
    shot(page, "consultation-3-decided")

    # 4. close the window early (with the reason) and publish the feedback
    page.goto(f"{base}/consultation/{c.pk}/")
    close = page.locator(f"form[action='/consultation/{c.pk}/close/']")
    close.locator("input[name=reason]").fill("主任会议决定提前结束征求意见。")
    close.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/consultation/{c.pk}/feedback/")
    page.fill("#id_summary", "共收到意见1条，采纳1条。")
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    c.refresh_from_db()
    assert c.status == "published"

    # 5. the public feedback page shows the decision and its reason
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{base}/public/consultations/{c.pk}/feedback/")
    decided = page.locator(".decision[data-decision='adopted']")
    assert decided.count() == 1 and reason in decided.inner_text()
    assert "citizen@example.cn" not in page.content()
    shot(page, "consultation-4-public-feedback")
