"""The journey of a regulation amendment in the browser: the legislative affairs commission
submits the bill (its 对照表 against the version in force is there at once), two readings
with the public consultation and the unified review in between, attendance and an electronic
vote in which the chair votes in person, provincial approval, promulgation, and the public
对照表 between the old and the new version."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

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


def _regulation_in_force() -> Any:
    """The first version of the fictional 江澜市养犬管理条例, promulgated a year ago."""
    from django.utils import timezone

    from lvzhi.core.models import Organ, User
    from lvzhi.legislation import services
    from lvzhi.legislation.models import Bill
    from lvzhi.legislation.tests.factories import DOG_DRAFT

    clerk = User.objects.get(username="staff_fagong")
    bill = services.bill_create(
        title="江澜市养犬管理条例（草案）",
        proposer_kind="government",
        proposer_organ=Organ.objects.get(type="government"),
        explanation="说明",
        text=DOG_DRAFT,
        acting_user=clerk,
    )
    day = timezone.localdate() - dt.timedelta(days=365)
    Bill.objects.filter(pk=bill.pk).update(
        status="approved",
        passed_on=day - dt.timedelta(days=90),
        approved_on=day - dt.timedelta(days=10),
        approving_body="某省人民代表大会常务委员会",
    )
    return services.bill_promulgate(
        bill=bill,
        announcement_number="第3号",
        promulgated_on=day,
        commencement_on=day,
        enacting_body="江澜市人民代表大会常务委员会",
        acting_user=clerk,
    )


def submit_form(page: Any) -> None:
    page.click("form.stacked button[type=submit]")
    page.wait_for_load_state("networkidle")


def logout(page: Any) -> None:
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def test_legislation_journey(page, live_server, city):
    from lvzhi.core.models import Session
    from lvzhi.legislation.models import Bill, Vote
    from lvzhi.legislation.tests.factories import DOG_REVISED

    base = live_server.url
    first = _regulation_in_force()
    meetings = list(
        Session.objects.filter(body="standing_committee", term__is_current=True).order_by("start_date")
    )
    today = timezone.localdate()
    meetings = [
        m for m in meetings if m.end_date < today
    ]  # readings and votes are recorded after they happen
    assert len(meetings) >= 3
    m1, m2, m3 = meetings[-3:]

    # 1. the legislative affairs commission opens the amendment and submits it
    login(page, base, "staff_fagong", PASSWORD)
    page.goto(f"{base}/legislation/bills/new/")
    page.fill("#id_title", "江澜市养犬管理条例（修订草案）")
    page.select_option("#id_kind", "amend")
    page.select_option("#id_regulation", str(first.regulation_id))
    page.select_option("#id_proposer_kind", "government")
    page.select_option("#id_proposer_organ", label="江澜市人民政府")
    page.fill("#id_explanation", "关于《江澜市养犬管理条例（修订草案）》的说明：一、修订的必要性……")
    page.fill("#id_text", DOG_REVISED)
    submit_form(page)
    bill = Bill.objects.get(kind="amend", regulation_id=first.regulation_id)  # the demo city has its own
    bill_url = f"{base}/legislation/bills/{bill.pk}/"
    assert page.url == bill_url
    page.click("#submit-bill")
    page.wait_for_load_state("networkidle")
    assert Bill.objects.get(pk=bill.pk).status == "submitted"
    # the bill was tabled five weeks before the first of the (past) meetings that read it
    tabled = dt.datetime.combine(m1.start_date - dt.timedelta(days=35), dt.time(10))
    Bill.objects.filter(pk=bill.pk).update(submitted_at=timezone.make_aware(tabled))
    shot(page, "legislation-1-submitted")
    page.click("#texts a[href*='a=base']")
    page.wait_for_load_state("networkidle")
    assert page.locator("#compare-table tr.op-inserted").count() == 1
    shot(page, "legislation-2-compare-with-version-in-force")

    # 2. first reading, public consultation (too short first), second text, unified review, second reading
    page.goto(bill_url)
    page.click("#schedule-reading")
    page.select_option("#id_session", str(m1.pk))
    submit_form(page)
    page.click("#reading-1 a[href$='/hold/']")
    submit_form(page)
    assert Bill.objects.get(pk=bill.pk).readings_held == 1
    page.click("#set-consultation")
    start = dt.date(2025, 9, 20)
    page.fill("#id_start", start.isoformat())
    page.fill("#id_end", (start + dt.timedelta(days=10)).isoformat())
    submit_form(page)
    assert page.locator(".errorlist.nonfield li").count() == 1  # at least 20 days (the default profile)
    shot(page, "legislation-3-consultation-too-short")
    page.fill("#id_end", (start + dt.timedelta(days=30)).isoformat())
    submit_form(page)
    assert Bill.objects.get(pk=bill.pk).consultation_end == start + dt.timedelta(days=30)

    page.click("#record-review")
    page.fill("#id_report", "法制委员会关于《江澜市养犬管理条例（修订草案）》审议结果的报告：……")
    page.select_option("#id_op-0-committee", label="江澜市人民代表大会法制委员会")
    page.fill("#id_op-0-opinion", "建议删除关于登记证补办的规定。")
    page.fill("#id_op-0-reason", "补办规定便利群众，予以保留。")
    submit_form(page)
    assert page.locator("#review li").count() == 1
    page.click("#schedule-reading")
    page.select_option("#id_session", str(m2.pk))
    submit_form(page)
    page.click("#reading-2 a[href$='/hold/']")
    submit_form(page)
    assert Bill.objects.get(pk=bill.pk).readings_held == 2
    shot(page, "legislation-4-two-readings")

    # 3. attendance at the voting meeting, then the vote
    page.goto(f"{base}/legislation/meetings/{m3.pk}/")
    boxes = page.locator("#attendance input[name=present]")
    total = boxes.count()
    assert total >= 29
    for i in range(total - 4):
        boxes.nth(i).check()
    page.click("#save-attendance")
    page.wait_for_load_state("networkidle")
    assert page.locator("#quorum-met").count() == 1
    page.goto(bill_url)
    page.click("#open-vote")
    page.select_option("#id_session", str(m3.pk))
    submit_form(page)
    vote = Vote.objects.get(bill=bill)
    logout(page)

    login(page, base, "leader", PASSWORD)  # the chair votes in person
    page.goto(f"{base}/legislation/votes/{vote.pk}/")
    page.check("#my-vote input[value=yes]")
    page.click("#my-vote button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#count-yes").inner_text() == "1"
    logout(page)

    login(page, base, "staff_fagong", PASSWORD)  # the office records the voting system's result
    page.goto(f"{base}/legislation/votes/{vote.pk}/")
    selects = page.locator("#results select")
    present = selects.count()
    needed = total // 2 + 1
    for i in range(present):
        if selects.nth(i).input_value() == "":
            selects.nth(i).select_option("yes" if i < needed + 2 else ("no" if i % 2 else "abstain"))
    page.click("#record-ballots")
    page.wait_for_load_state("networkidle")
    page.click("#close-vote")
    page.wait_for_load_state("networkidle")
    vote.refresh_from_db()
    assert vote.result == "adopted" and vote.total_members == total and vote.yes > total // 2
    shot(page, "legislation-5-vote-results")

    # 4. approval, promulgation, filing
    bill.refresh_from_db()
    assert bill.status == "passed"
    day = bill.passed_on
    page.goto(f"{bill_url}approval-submit/")
    page.fill("#id_submitted_on", day.isoformat())
    submit_form(page)
    page.goto(f"{bill_url}approve/")
    span = (timezone.localdate() - day).days  # approval and promulgation lie between the vote and today
    page.fill("#id_approved_on", (day + dt.timedelta(days=span // 3)).isoformat())
    page.fill("#id_approving_body", "某省人民代表大会常务委员会")
    submit_form(page)
    page.goto(f"{bill_url}promulgate/")
    page.fill("#id_announcement_number", "第15号")
    page.fill("#id_enacting_body", "江澜市人民代表大会常务委员会")
    page.fill("#id_title", "江澜市养犬管理条例")
    page.fill("#id_promulgated_on", (day + dt.timedelta(days=2 * span // 3)).isoformat())
    page.fill("#id_commencement_on", (day + dt.timedelta(days=90)).isoformat())
    submit_form(page)
    bill.refresh_from_db()
    assert bill.status == "promulgated" and bill.regulation_id == first.regulation_id
    shot(page, "legislation-6-promulgated")
    logout(page)

    # 5. the public reads both versions and their 对照表 without logging in
    page.goto(f"{base}/public/regulations/")
    page.click(f"#regulations a[href$='/{first.regulation_id}/']")  # among the demo city's regulations
    page.wait_for_load_state("networkidle")
    assert page.locator("#history li").count() == 2
    shot(page, "legislation-7-public-regulation")
    page.click("#compare-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#compare-table tr.op-inserted").count() == 1
    assert page.locator("#compare-table ins").count() >= 2
    shot(page, "legislation-8-public-compare")
    with page.expect_download() as info:
        page.click("#compare-docx")
    assert info.value.suggested_filename.endswith(".docx")
