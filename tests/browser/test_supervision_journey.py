"""The closed loop of supervision in the browser: an inspection produces its report and the
审议意见, a rectification task is assigned, the unit reports progress with evidence, the
task goes overdue and escalates, staff verify and close it, the members' satisfaction vote
passes, and the public page shows the result."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lvzhi.core.actors import SYSTEM

from .conftest import shot
from .test_shell import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def loop(live_server: Any, world: Any) -> dict[str, Any]:
    from conftest import make_person
    from lvzhi.core.models import OrganMembership, Role
    from lvzhi.core.services import rules_profiles_install_builtin, user_create
    from lvzhi.supervision import services

    rules_profiles_install_builtin()
    members = []
    for i in range(7):
        person = make_person(f"委员{800 + i}", 800 + i)
        OrganMembership.objects.create(person=person, organ=world.sc, term=world.term)
        members.append(
            user_create(
                username=f"wy{i}",
                password="pw-wy",
                roles=[(Role.SC_MEMBER, None)],
                person=person,
                acting_user=SYSTEM,
            )
        )
    plan = services.plan_create(year=2026, title="2026年度监督工作计划", acting_user=world.staff)
    item = services.item_create(
        plan=plan,
        form="inspection",
        title="《测试市学前教育条例》执法检查",
        body=world.education,
        acting_user=world.staff,
    )
    services.plan_adopt(plan=plan, adopted_on=dt.date(2026, 1, 15), acting_user=world.staff)
    services.team_member_add(item=item, name="赵主任", role="leader", acting_user=world.staff)
    return {"w": world, "item": item, "members": members}


def _submit(page: Any, form: str) -> None:
    page.click(f"{form} button[type=submit]")
    page.wait_for_load_state("networkidle")


def logout(page: Any) -> None:
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_load_state("networkidle")


def test_supervision_journey(page, live_server, loop, tmp_path):
    from lvzhi.supervision import services
    from lvzhi.supervision.models import RectificationTask

    base, w, item = live_server.url, loop["w"], loop["item"]
    item_url = f"{base}/supervision/items/{item.pk}/"

    # 1. staff run the inspection: start, record a visit, the report, the 审议意见, a task
    login(page, base, "staff", "pw-staff")
    page.goto(item_url)
    _submit(page, "form[action$='/start/']")
    page.locator("form[action$='/activity/']").evaluate("f => f.closest('details').open = true")
    page.fill("form[action$='/activity/'] input[name=date]", "2026-05-12")
    page.fill("form[action$='/activity/'] textarea[name=summary]", "实地察看三所幼儿园")
    _submit(page, "form[action$='/activity/']")
    page.locator("form[action$='/deliberate/']").evaluate("f => f.closest('details').open = true")
    page.fill("form[action$='/deliberate/'] textarea[name=text]", "执法检查报告：普惠性幼儿园覆盖率不足。")
    page.fill("form[action$='/deliberate/'] input[name=date]", "2026-06-26")
    _submit(page, "form[action$='/deliberate/']")
    page.locator("form[action$='/opinion/']").evaluate("f => f.closest('details').open = true")
    page.fill("form[action$='/opinion/'] textarea[name=text]", "建议加快普惠性幼儿园建设。")
    page.fill("form[action$='/opinion/'] input[name=date]", "2026-07-01")
    _submit(page, "form[action$='/opinion/']")
    page.locator("#task-form").evaluate("f => f.closest('details').open = true")
    page.fill("#task-form textarea[name=problem]", "普惠性幼儿园覆盖率不足")
    page.select_option("#task-form select[name=unit]", str(w.education.pk))
    deadline = dt.date.today() + dt.timedelta(days=30)
    page.fill("#task-form input[name=deadline]", deadline.isoformat())
    _submit(page, "#task-form")
    task = RectificationTask.objects.get(item=item)
    assert page.locator("#opinion").is_visible()
    shot(page, "supervision-1-item")
    logout(page)

    # 2. the unit reports progress with evidence
    login(page, base, "officer", "pw-officer")
    page.goto(f"{base}/supervision/tasks/")
    page.click(f"a[href='/supervision/tasks/{task.pk}/']")
    page.wait_for_load_state("networkidle")
    page.fill("#progress-form textarea[name=note]", "已新增普惠学位800个")
    page.fill("#progress-form input[name=percent]", "60")
    evidence = tmp_path / "整改台账.pdf"
    evidence.write_bytes(b"%PDF-1.4 fictional evidence")
    page.set_input_files("#progress-form input[name=files]", str(evidence))
    _submit(page, "#progress-form")
    assert "整改台账.pdf" in page.content()
    shot(page, "supervision-2-unit")
    logout(page)

    # 3. the deadline passes: the daily scan escalates to a 督办函
    services.deadlines_scan(today=deadline + dt.timedelta(days=1))
    task.refresh_from_db()
    assert task.escalation == 2

    # 4. the unit reports it fixed; staff verify and close
    services.task_submit(task=task, result="覆盖率达到85%", acting_user=w.officer)
    login(page, base, "staff", "pw-staff")
    page.goto(f"{base}/supervision/tasks/{task.pk}/")
    assert page.locator("#escalation li").count() == 2
    page.select_option("#verify-form select[name=passed]", "1")
    page.fill("#verify-form textarea[name=note]", "现场核实到位")
    _submit(page, "#verify-form")
    page.click("#close-task")
    page.wait_for_load_state("networkidle")
    task.refresh_from_db()
    assert task.status == "closed"
    services.handling_report_receive(
        item=item, text="研究处理情况报告", received_on=dt.date.today(), acting_user=w.staff
    )
    vote = services.vote_open(
        item=item, subject="对研究处理情况报告的满意度测评", opened_on=dt.date.today(), acting_user=w.staff
    )
    logout(page)

    # 5. members vote (one in the browser), staff close the vote: accepted
    login(page, base, "wy0", "pw-wy")
    page.goto(f"{base}/supervision/votes/{vote.pk}/")
    page.check("#ballot input[value=satisfied]")
    _submit(page, "#ballot")
    logout(page)
    for user in loop["members"][1:5]:
        services.vote_cast(vote=vote, choice="basically_satisfied", acting_user=user)
    services.vote_cast(vote=vote, choice="unsatisfied", acting_user=loop["members"][5])
    login(page, base, "staff", "pw-staff")
    page.goto(f"{base}/supervision/votes/{vote.pk}/")
    _submit(page, "form[action$='/close/']")
    assert page.locator("#outcome").is_visible()
    services.item_close(item=item, result="学前教育条例实施情况明显改善。", acting_user=w.staff)
    page.goto(item_url)
    _submit(page, "form[action$='/publish/']")
    logout(page)

    # 6. the public page shows the result
    page.goto(f"{base}/public/supervision/{item.pk}/")
    assert "建议加快普惠性幼儿园建设" in page.content() and "覆盖率达到85%" in page.content()
    shot(page, "supervision-3-public")
