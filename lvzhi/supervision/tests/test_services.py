from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lvzhi.core.errors import ConflictError, InvalidTransition, PermissionDeniedError, ValidationFailed
from lvzhi.core.models import AuditLog, Todo
from lvzhi.supervision import services
from lvzhi.supervision.models import ProgressReport, RectificationTask, SecretBallot, VoteParticipation
from lvzhi.supervision.states import Escalation, ItemStatus, PlanStatus, TaskStatus

from .conftest import D, deliberated_item, fresh, make_item, task_for, voters

pytestmark = pytest.mark.django_db


def test_plan_adopt_and_publish(sv: Any) -> None:
    with pytest.raises(ValidationFailed):
        services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)
    make_item(sv, adopt=False)
    services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)
    services.plan_publish(plan=sv.plan, acting_user=sv.w.staff)
    assert fresh(sv.plan).status == PlanStatus.PUBLISHED
    with pytest.raises(InvalidTransition):
        services.plan_adopt(plan=sv.plan, adopted_on=D(2026, 1, 20), acting_user=sv.w.staff)


def test_report_deadlines_20_10_7_days_before_meeting(sv: Any) -> None:
    item = make_item(sv, form="work_report", meeting=D(2026, 6, 26))
    assert (item.consult_due, item.submit_due, item.distribute_due) == (
        D(2026, 6, 6),
        D(2026, 6, 16),
        D(2026, 6, 19),
    )


def test_item_body_must_be_supervised(sv: Any) -> None:
    with pytest.raises(ValidationFailed):
        make_item(sv, body=sv.w.rep_office)


def test_only_office_creates_items(sv: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        services.item_create(
            plan=sv.plan, form="inspection", title="x", body=sv.w.education, acting_user=sv.w.officer
        )


def test_inspection_team_activities_and_report(sv: Any) -> None:
    item = make_item(sv)
    services.team_member_add(item=item, name="赵主任", role="leader", acting_user=sv.w.staff)
    services.team_member_add(item=item, name="王建国", role="deputy", acting_user=sv.w.staff)
    services.item_start(item=item, acting_user=sv.w.staff)
    for kind in ("plan", "notice", "visit", "forum", "spot_check", "questionnaire"):
        services.activity_record(
            item=item, kind=kind, date=D(2026, 5, 10), summary="活动记录", acting_user=sv.w.staff
        )
    services.item_deliberate(
        item=item, deliberated_on=D(2026, 6, 26), findings="报告", acting_user=sv.w.staff
    )
    item = fresh(item)
    assert item.status == ItemStatus.DELIBERATED and item.activities.count() == 6 and item.team.count() == 2


def test_thematic_inquiry_records_answering_official(sv: Any) -> None:
    item = make_item(sv, form="thematic_inquiry", title="关于义务教育均衡发展的专题询问")
    services.item_start(item=item, acting_user=sv.w.staff)
    q = services.question_record(
        item=item,
        asker="委员700",
        question="如何缓解大班额？",
        answer="新建学校12所。",
        official="市教育局局长",
        asked_on=D(2026, 6, 26),
        acting_user=sv.w.staff,
    )
    assert q.official == "市教育局局长"
    with pytest.raises(ValidationFailed):
        services.question_record(
            item=item,
            asker="委员701",
            question="?",
            answer="答",
            official="",
            asked_on=D(2026, 6, 26),
            acting_user=sv.w.staff,
        )


def test_interpellation_needs_threshold_signatures(sv: Any) -> None:
    item = make_item(sv, form="interpellation", title="关于某区违建问题的质询案")
    for m in sv.members[:4]:
        services.interpellation_sign(item=item, membership=m, acting_user=sv.w.staff)
    with pytest.raises(ValidationFailed) as exc:
        services.item_start(item=item, acting_user=sv.w.staff)
    assert exc.value.code == "too_few_signatures" and "at least 5" in str(exc.value.message)
    assert fresh(item).status == ItemStatus.PLANNED
    with pytest.raises(ConflictError):
        services.interpellation_sign(item=item, membership=sv.members[0], acting_user=sv.w.staff)
    services.interpellation_sign(item=item, membership=sv.members[4], acting_user=sv.w.staff)
    services.item_start(item=item, acting_user=sv.w.staff)
    first = services.interpellation_answer(
        item=item,
        mode="oral",
        official="市住建局局长",
        content="答复",
        answered_on=D(2026, 6, 26),
        acting_user=sv.w.staff,
    )
    with pytest.raises(InvalidTransition):  # nobody dissatisfied yet
        services.interpellation_answer(
            item=item,
            mode="written",
            official="局长",
            content="再答复",
            answered_on=D(2026, 7, 6),
            acting_user=sv.w.staff,
        )
    for m in sv.members[:3]:  # 3 of 5 proposers: more than half
        services.answer_mark_dissatisfied(answer=first, membership=m, acting_user=sv.w.staff)
    with pytest.raises(ValidationFailed):
        services.answer_mark_dissatisfied(answer=first, membership=sv.members[9], acting_user=sv.w.staff)
    second = services.interpellation_answer(
        item=item,
        mode="written",
        official="局长",
        content="再答复",
        answered_on=D(2026, 7, 6),
        acting_user=sv.w.staff,
    )
    assert second.round == 2


def test_opinion_deadlines_from_profile(sv: Any) -> None:
    item = deliberated_item(sv)
    op = services.opinion_issue(
        item=item,
        text="审议意见",
        adopted_on=D(2026, 7, 1),
        transmitted_on=D(2026, 7, 6),
        acting_user=sv.w.staff,
    )
    # 3 months from 6 July falls in the National Day holiday: the calendar rolls to 8 October
    assert op.transmit_due == D(2026, 7, 8) and op.report_due == D(2026, 10, 8)
    assert fresh(item).status == ItemStatus.OPINION_SENT


def test_audit_rectification_within_six_months(sv: Any) -> None:
    item = deliberated_item(sv, form="audit", title="2025年度审计工作报告")
    op = services.opinion_issue(
        item=item,
        text="审议意见",
        adopted_on=D(2026, 7, 1),
        transmitted_on=D(2026, 7, 6),
        acting_user=sv.w.staff,
    )
    assert op.report_due == D(2026, 12, 28)  # six months after 26 June, a Saturday → Monday


def test_task_loop_and_close_requires_verification(sv: Any) -> None:
    task = task_for(sv)
    assert Todo.objects.filter(kind="supervision.task", assignee_organ=sv.w.education, status="open").exists()
    services.task_report_progress(
        task=task,
        note="已完成排查",
        percent=40,
        acting_user=sv.w.officer,
        files=[SimpleUploadedFile("证明.pdf", b"%PDF-1.4 x")],
        milestones_done=[task.milestones.first().pk],
    )
    assert fresh(task).progress == 40 and task.milestones.first().done_on is not None
    with pytest.raises(InvalidTransition) as exc:
        services.task_close(task=task, acting_user=sv.w.staff)
    assert exc.value.code == "not_verified"
    services.task_submit(task=task, result="全部整改到位", acting_user=sv.w.officer)
    with pytest.raises(InvalidTransition):
        services.task_close(task=task, acting_user=sv.w.staff)
    services.task_verify(task=task, passed=False, note="证据不足", acting_user=sv.w.staff)
    assert fresh(task).status == TaskStatus.IN_PROGRESS
    services.task_submit(task=task, result="补充证据", acting_user=sv.w.officer)
    services.task_verify(task=task, passed=True, note="核实到位", acting_user=sv.w.staff)
    services.task_close(task=task, acting_user=sv.w.staff)
    assert fresh(task).status == TaskStatus.CLOSED


def test_unit_cannot_touch_another_units_task(sv: Any) -> None:
    task = task_for(sv)
    before = AuditLog.objects.count()
    with pytest.raises(PermissionDeniedError):
        services.task_report_progress(task=task, note="x", percent=10, acting_user=sv.w.outsider_officer)
    with pytest.raises(PermissionDeniedError):
        services.extension_request(
            task=task, until=D(2026, 12, 31), reason="x", acting_user=sv.w.outsider_officer
        )
    assert AuditLog.objects.count() == before and fresh(task).progress == 0


@pytest.mark.parametrize(
    ("name", "size"), [("virus.exe", 10), ("big.pdf", 21 * 1024 * 1024), ("empty.pdf", 0)]
)
def test_bad_evidence_refused_nothing_written(sv: Any, name: str, size: int, monkeypatch: Any) -> None:
    from django.db.models.fields.files import FieldFile

    stored: list[str] = []  # files written to storage: none, since the bad file is checked first
    monkeypatch.setattr(FieldFile, "save", lambda self, name, content, save=True: stored.append(name))
    task = task_for(sv)
    good = SimpleUploadedFile("ok.pdf", b"%PDF")
    bad = SimpleUploadedFile(name, b"x" * size)
    for report in (services.task_report_progress, services.task_submit):
        kwargs = (
            {"note": "进展", "percent": 30} if report is services.task_report_progress else {"result": "完成"}
        )
        with pytest.raises(ValidationFailed):
            report(task=task, files=[good, bad], acting_user=sv.w.officer, **kwargs)
    assert not ProgressReport.objects.exists() and fresh(task).status == TaskStatus.OPEN
    assert stored == []


def test_extension(sv: Any) -> None:
    task = task_for(sv)
    with pytest.raises(ValidationFailed):
        services.extension_request(task=task, until=D(2026, 9, 1), reason="x", acting_user=sv.w.officer)
    ext = services.extension_request(
        task=task, until=D(2026, 12, 31), reason="需要预算", acting_user=sv.w.officer
    )
    with pytest.raises(ConflictError):
        services.extension_request(task=task, until=D(2026, 12, 30), reason="again", acting_user=sv.w.officer)
    services.extension_decide(extension=ext, approve=True, acting_user=sv.w.staff)
    assert fresh(task).deadline == D(2026, 12, 31)


def test_item_close_refused_with_open_tasks(sv: Any) -> None:
    item = deliberated_item(sv)
    task_for(sv, item)
    with pytest.raises(InvalidTransition) as exc:
        services.item_close(item=item, result="x", acting_user=sv.w.staff)
    assert exc.value.code == "tasks_open"


def test_resolution_needs_later_deadline(sv: Any) -> None:
    item = deliberated_item(sv)
    with pytest.raises(ValidationFailed):
        services.resolution_adopt(
            item=item, text="决议", adopted_on=D(2026, 7, 1), due=D(2026, 7, 1), acting_user=sv.w.staff
        )
    res = services.resolution_adopt(
        item=item, text="决议", adopted_on=D(2026, 7, 1), due=D(2026, 12, 31), acting_user=sv.w.staff
    )
    services.resolution_report(resolution=res, reported_on=D(2026, 12, 20), acting_user=sv.w.staff)


# --- satisfaction vote ---------------------------------------------------------------------------


def _reported_item(sv: Any) -> Any:
    item = deliberated_item(sv)
    services.opinion_issue(
        item=item,
        text="审议意见",
        adopted_on=D(2026, 7, 1),
        transmitted_on=D(2026, 7, 3),
        acting_user=sv.w.staff,
    )
    return services.handling_report_receive(
        item=item, text="研究处理情况报告", received_on=D(2026, 10, 1), acting_user=sv.w.staff
    )


@pytest.mark.parametrize(
    ("s", "b", "u", "accepted"),
    [(3, 0, 2, True), (1, 1, 2, False), (0, 3, 2, True), (0, 0, 0, False), (2, 1, 3, False)],
)
def test_satisfaction_rule(s: int, b: int, u: int, accepted: bool) -> None:
    assert services.satisfaction_accepted(satisfied=s, basically=b, cast=s + b + u) is accepted


def test_vote_secret_one_per_member_members_only(sv: Any) -> None:
    item = _reported_item(sv)
    vote = services.vote_open(
        item=item, subject="对研究处理情况报告的满意度测评", opened_on=D(2026, 10, 20), acting_user=sv.w.staff
    )
    assert vote.total_members == 15
    # 8 of 15 take part: the quorum (more than half of all members) is met
    choices = ["satisfied", "unsatisfied", "unsatisfied", "basically_satisfied", "unsatisfied"] + [
        "unsatisfied"
    ] * 3
    for user, choice in zip(voters(sv, 8), choices, strict=True):
        services.vote_cast(vote=vote, choice=choice, acting_user=user)
    with pytest.raises(ConflictError):
        services.vote_cast(vote=vote, choice="satisfied", acting_user=sv.member_users[0])
    with pytest.raises(PermissionDeniedError):
        services.vote_cast(
            vote=vote, choice="satisfied", acting_user=sv.w.sc_member
        )  # role but no membership
    with pytest.raises(PermissionDeniedError):
        services.vote_cast(vote=vote, choice="satisfied", acting_user=sv.w.officer)
    with pytest.raises(ValidationFailed):
        services.vote_cast(vote=vote, choice="meh", acting_user=sv.member_users[0])
    assert (
        VoteParticipation.objects.filter(vote=vote).count()
        == 8
        == SecretBallot.objects.filter(vote=vote).count()
    )
    ballot_fields = {f.name for f in SecretBallot._meta.get_fields()}
    assert ballot_fields == {"id", "vote", "choice"}
    assert not any(
        "choice" in str(a.changes) or "unsatisfied" in str(a.changes)
        for a in AuditLog.objects.filter(action="supervision.vote.participate")
    )
    vote = services.vote_close(vote=vote, acting_user=sv.w.staff, today=D(2026, 10, 20))
    assert (vote.satisfied, vote.basically_satisfied, vote.unsatisfied, vote.accepted) == (1, 1, 6, False)
    assert (vote.status, vote.turnout, vote.quorum) == ("closed", 8, 8)
    item = fresh(item)
    assert item.status == ItemStatus.RE_REPORT and item.opinion.report_due == D(2027, 1, 20)
    services.handling_report_receive(
        item=item, text="再次报告", received_on=D(2026, 12, 1), acting_user=sv.w.staff
    )
    vote2 = services.vote_open(
        item=item, subject="再次测评", opened_on=D(2026, 12, 20), acting_user=sv.w.staff
    )
    for user in voters(sv, 8):
        services.vote_cast(vote=vote2, choice="satisfied", acting_user=user)
    assert services.vote_close(vote=vote2, acting_user=sv.w.staff).accepted is True
    services.item_close(item=item, result="整改完成", acting_user=sv.w.staff)
    assert fresh(item).status == ItemStatus.CLOSED


def test_vote_closed_refuses_ballots(sv: Any) -> None:
    vote = services.vote_open(
        item=_reported_item(sv), subject="测评", opened_on=D(2026, 10, 20), acting_user=sv.w.staff
    )
    services.vote_close(vote=vote, acting_user=sv.w.staff)
    with pytest.raises(InvalidTransition):
        services.vote_cast(vote=vote, choice="satisfied", acting_user=sv.member_users[0])


# --- escalation -----------------------------------------------------------------------------------


def test_scan_climbs_the_ladder_once_each(sv: Any) -> None:
    task = task_for(sv, deadline=D(2026, 9, 30))
    assert services.deadlines_scan(today=D(2026, 9, 1))["reminders"] == 0
    assert services.deadlines_scan(today=D(2026, 9, 25))["reminders"] == 1
    assert services.deadlines_scan(today=D(2026, 9, 26))["reminders"] == 0
    assert fresh(task).escalation == Escalation.REMINDER
    assert services.deadlines_scan(today=D(2026, 10, 1))["escalations"] == 1
    assert fresh(task).escalation == Escalation.LETTER
    assert Todo.objects.filter(kind="supervision.letter").count() == 1
    assert services.deadlines_scan(today=D(2026, 10, 2))["escalations"] == 0
    assert (
        services.deadlines_scan(today=D(2026, 12, 30))["escalations"] == 3
    )  # council, stronger means, resolution
    assert fresh(task).escalation == Escalation.RESOLUTION
    steps = list(task.escalations.values_list("level_to", flat=True))
    assert steps == [1, 2, 3, 4, 5]
    assert services.deadlines_scan(today=D(2027, 1, 30)) == {
        "reminders": 0,
        "escalations": 0,
        "reports": 0,
        "resolutions": 0,
    }


def test_manual_escalation_and_deescalation_need_reason(sv: Any) -> None:
    task = task_for(sv)
    with pytest.raises(ValidationFailed):
        services.task_escalate(task=task, reason=" ", acting_user=sv.w.staff)
    with pytest.raises(InvalidTransition):
        services.task_deescalate(task=task, reason="x", acting_user=sv.w.staff)
    with pytest.raises(PermissionDeniedError):
        services.task_escalate(task=task, reason="x", acting_user=sv.w.officer)
    services.task_escalate(task=task, reason="群众反映强烈", acting_user=sv.w.staff)
    services.task_escalate(task=task, reason="仍未整改", acting_user=sv.w.staff)
    services.task_deescalate(task=task, reason="已制定方案", acting_user=sv.w.staff)
    assert fresh(task).escalation == Escalation.REMINDER
    assert [s.reason for s in task.escalations.all()] == ["群众反映强烈", "仍未整改", "已制定方案"]


def test_scan_skips_submitted_and_does_not_undo_manual_deescalation(sv: Any) -> None:
    task = task_for(sv, deadline=D(2026, 9, 30))
    services.deadlines_scan(today=D(2026, 10, 1))
    services.task_deescalate(task=task, reason="单位已说明", acting_user=sv.w.staff)
    services.deadlines_scan(today=D(2026, 10, 2))
    assert fresh(task).escalation == Escalation.REMINDER
    services.task_submit(task=task, result="完成", acting_user=sv.w.officer)
    assert services.deadlines_scan(today=D(2026, 12, 30))["escalations"] == 0


def test_scan_flags_late_report_and_resolution(sv: Any) -> None:
    item = deliberated_item(sv)
    services.opinion_issue(
        item=item, text="意见", adopted_on=D(2026, 7, 1), transmitted_on=D(2026, 7, 3), acting_user=sv.w.staff
    )
    services.resolution_adopt(
        item=item, text="决议", adopted_on=D(2026, 7, 1), due=D(2026, 9, 30), acting_user=sv.w.staff
    )
    counts = services.deadlines_scan(today=D(2026, 10, 10))
    assert counts["reports"] == 1 and counts["resolutions"] == 1
    assert services.deadlines_scan(today=D(2026, 10, 11))["reports"] == 0


def test_late_tasks_counted_in_dashboard(sv: Any) -> None:
    from lvzhi.supervision.selectors import dashboard

    task_for(sv, deadline=D(2026, 9, 30))
    t2 = task_for(sv, deadline=D(2026, 12, 31), unit=sv.w.health)
    assert RectificationTask.objects.get(pk=t2.pk).status == "open"
    data = dashboard(today=D(2026, 10, 10))
    assert data["totals"].total == 2 and data["totals"].overdue == 1 and data["totals"].days_overdue == 10
    assert {r.label for r in data["by_unit"]} == {"测试市教育局", "测试市卫生健康委员会"}
    assert [r.total for r in data["by_body"]] == [2] and len(data["by_item"]) == 2
    assert dt.date(2026, 10, 10) == data["today"]


def test_the_satisfaction_rule_can_count_all_members():
    # 20 of 30 votes cast are satisfied: accepted on votes cast, not on 45 members
    assert services.satisfaction_accepted(satisfied=15, basically=5, cast=30) is True
    assert (
        services.satisfaction_accepted(satisfied=15, basically=5, cast=30, rule="all_members", members=45)
        is False
    )
    assert (
        services.satisfaction_accepted(satisfied=18, basically=5, cast=30, rule="all_members", members=45)
        is True
    )


def test_escalation_ladder_comes_from_the_profile():
    from lvzhi.core.rules import load_builtin_profiles

    profile = load_builtin_profiles()["default"]
    assert profile["rules"]["supervision.escalation_days_overdue"]["value"] == [1, 30, 60, 90]
    from lvzhi.core.selectors import current_ruleset
    from lvzhi.core.services import rules_profiles_install_builtin

    rules_profiles_install_builtin()
    version, _rules = current_ruleset()
    reminder, ladder = services._ladder(version)
    assert reminder == 7 and [d for d, _level in ladder] == [1, 30, 60, 90]
