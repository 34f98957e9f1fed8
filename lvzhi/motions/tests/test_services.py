"""Motion services: every transition allowed and refused, thresholds from the profile, the
cut-off, eligibility of signers, ending below the threshold, conversion, duty records."""

from __future__ import annotations

import datetime as dt
import sys
import types
from typing import Any

import pytest
from django.utils import timezone

from lvzhi.core import calendar as calendar_service
from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import ConflictError, InvalidTransition, PermissionDeniedError, ValidationFailed
from lvzhi.core.models import AuditLog, Notification, RulesProfile, Todo, TodoStatus
from lvzhi.core.selectors import ruleset_for
from lvzhi.deputies.models import Deputy, DutyKind, DutyRecord
from lvzhi.motions import services
from lvzhi.motions.models import Motion, MotionSigner
from lvzhi.motions.states import MOTION, TRANSITIONS, MotionStatus

from .factories import force_status, make_motion

pytestmark = pytest.mark.django_db
S = MotionStatus


def _frozen(motion: Motion) -> tuple[Any, ...]:
    """Everything a refused step must leave untouched."""
    return (
        Motion.objects.filter(pk=motion.pk).values().get(),
        list(MotionSigner.objects.filter(motion=motion).order_by("pk").values()),
        AuditLog.objects.count(),
        Todo.objects.filter(status=TodoStatus.OPEN).count(),
        DutyRecord.objects.count(),
        Notification.objects.count(),
    )


# --- the transition table, every action from every state -----------------------------------------

EXPECTED = {
    "edit": None,
    "sign": None,
    "submit": S.SUBMITTED,
    "list": S.LISTED,
    "not_list": S.NOT_LISTED,
    "convert": S.CONVERTED,
    "report": S.REPORTED,
    "vote": S.PASSED,
    "request_withdrawal": None,
    "withdraw": S.WITHDRAWN,
    "withdraw_signature": S.ENDED,
}


def _run(action: str, motion: Motion, mw: Any) -> Motion | MotionSigner:
    w = mw.w
    pending = mw.deputies[9]  # invited, has not answered
    signed = mw.deputies[0]  # a confirmed co-signer
    run = {
        "edit": lambda: services.motion_update(motion=motion, title="新的案由", acting_user=w.deputy_user),
        "sign": lambda: services.motion_confirm_signature(motion=motion, deputy=pending, acting_user=SYSTEM),
        "submit": lambda: services.motion_submit(motion=motion, acting_user=w.deputy_user),
        "list": lambda: services.motion_decide(motion=motion, decision="list", acting_user=w.staff),
        "not_list": lambda: services.motion_decide(
            motion=motion, decision="not_list", committee=mw.committee, acting_user=w.staff
        ),
        # a draft is the lead's alone; a tabled motion is converted by the office's decision
        "convert": lambda: services.motion_convert(
            motion=motion, acting_user=w.deputy_user if motion.status == S.DRAFT else w.staff
        ),
        "report": lambda: services.motion_report(
            motion=motion, report="审议结果报告", acting_user=mw.committee_user
        ),
        "vote": lambda: services.motion_record_vote(motion=motion, passed=True, acting_user=w.staff),
        "request_withdrawal": lambda: services.motion_request_withdrawal(
            motion=motion, reason="另行提出", acting_user=w.deputy_user
        ),
        "withdraw": lambda: services.motion_withdraw(
            motion=motion,
            reason="领衔代表书面要求",
            acting_user=w.deputy_user if motion.status == S.DRAFT else w.staff,
        ),
        "withdraw_signature": lambda: services.motion_withdraw_signature(
            motion=motion, deputy=signed, acting_user=SYSTEM
        ),
    }[action]
    return run()


@pytest.mark.parametrize(
    ("action", "start", "is_allowed"), MOTION.matrix(), ids=[f"{a}-{s}" for a, s, _ok in MOTION.matrix()]
)
def test_every_transition(mw, action, start, is_allowed):
    """Every (action, state) pair of the ``MOTION`` table: allowed → the service goes through to
    the expected state with an audit row; refused → InvalidTransition naming the state, nothing changed."""
    motion = make_motion(mw, confirmed=9, pending=1, quick=True)
    motion = force_status(motion, start, committee=mw.committee)
    assert is_allowed == (start in TRANSITIONS[action][0])
    if is_allowed:
        _run(action, motion, mw)
        motion.refresh_from_db()
        assert motion.status == (EXPECTED[action] or start)
        assert AuditLog.objects.filter(
            object_type="motions.motion", object_id=str(motion.pk), action__startswith="motion."
        ).exists()
    else:
        before = _frozen(motion)
        with pytest.raises(InvalidTransition) as info:
            _run(action, motion, mw)
        assert info.value.code == "invalid_transition"
        assert str(motion.get_status_display()) in str(info.value.message)
        assert _frozen(motion) == before


# --- submission rules --------------------------------------------------------------------------


def test_create_invites_cosigners_with_todo_and_notification(mw):
    cosigner = mw.deputies[0]
    motion = make_motion(mw, confirmed=0, pending=3)
    assert motion.status == S.DRAFT and motion.rules is not None
    assert [s.deputy_id for s in motion.signers.filter(is_lead=True)] == [mw.w.deputy.pk]
    user = mw.users[cosigner.pk]
    assert Todo.objects.filter(assignee=user, kind="motion.sign", status=TodoStatus.OPEN).count() == 1
    assert Notification.objects.filter(recipient=user, category="motion").exists()
    services.motion_confirm_signature(motion=motion, deputy=cosigner, acting_user=user)
    assert not Todo.objects.filter(assignee=user, kind="motion.sign", status=TodoStatus.OPEN).exists()
    assert AuditLog.objects.filter(action="motion.create", object_id=str(motion.pk)).exists()


def test_submit_with_too_few_signers_is_refused_and_changes_nothing(mw):
    motion = make_motion(mw, confirmed=8, pending=2)  # 9 with the lead, 10 needed
    before = _frozen(motion)
    with pytest.raises(InvalidTransition) as info:
        services.motion_submit(motion=motion, acting_user=mw.w.deputy_user)
    assert info.value.code == "too_few_signers"
    assert info.value.detail == {"required": 10, "confirmed": 9}
    assert "10" in str(info.value.message) and "9" in str(info.value.message)
    assert _frozen(motion) == before


def test_submit_numbers_records_duties_and_raises_a_staff_todo(mw):
    motion = make_motion(mw, confirmed=9, pending=1)
    declined = mw.deputies[10]
    services.motion_set_cosigners(motion=motion, deputies=[*mw.deputies[:10], declined], acting_user=SYSTEM)
    services.motion_decline_signature(motion=motion, deputy=declined, acting_user=SYSTEM)
    motion = services.motion_submit(motion=motion, acting_user=mw.w.deputy_user)
    assert motion.status == S.SUBMITTED and motion.sequence == 1
    assert motion.number == "第16届第5次会议议案第1号"
    duties = DutyRecord.objects.filter(source_type="motions.motion", source_id=str(motion.pk))
    assert set(duties.filter(kind=DutyKind.MOTION_LEAD).values_list("deputy_id", flat=True)) == {
        mw.w.deputy.pk
    }
    assert set(duties.filter(kind=DutyKind.MOTION_COSIGN).values_list("deputy_id", flat=True)) == {
        d.pk for d in mw.deputies[:9]
    }  # not the pending one, not the one who declined
    todo = Todo.objects.get(kind="motion.decide", status=TodoStatus.OPEN)
    assert todo.assignee_role == "staff"
    assert not Todo.objects.filter(kind="motion.sign", status=TodoStatus.OPEN).exists()  # invitations closed
    second = make_motion(mw, confirmed=9, title="第二件议案")
    assert services.motion_submit(motion=second, acting_user=SYSTEM).sequence == 2
    services.motion_decide(motion=motion, decision="list", acting_user=mw.w.staff)
    assert Todo.objects.get(pk=todo.pk).status == TodoStatus.DONE


def test_thresholds_come_from_the_profile_and_a_running_motion_keeps_its_version(mw):
    running = make_motion(mw, confirmed=9)
    profile = RulesProfile.objects.get(is_default=True)
    data = profile.versions.order_by("-number").first().data
    data["rules"]["motions.congress_signer_threshold"]["value"] = 12
    from lvzhi.core.services import rules_profile_publish

    new_version = rules_profile_publish(
        profile=profile, data=data, note="raise threshold", acting_user=mw.w.admin
    )
    later = make_motion(mw, confirmed=9, title="之后起草的议案")
    assert later.rules_id == new_version.pk and running.rules_id != new_version.pk
    assert services.signer_threshold(running) == 10 and services.signer_threshold(later) == 12
    assert services.motion_submit(motion=running, acting_user=SYSTEM).status == S.SUBMITTED
    with pytest.raises(InvalidTransition) as info:
        services.motion_submit(motion=later, acting_user=SYSTEM)
    assert info.value.detail == {"required": 12, "confirmed": 10}


def test_after_the_cutoff_submission_is_refused_and_conversion_offered(mw):
    motion = make_motion(mw, confirmed=9)
    type(mw.session).objects.filter(pk=mw.session.pk).update(
        motion_cutoff=timezone.now() - dt.timedelta(hours=1)
    )
    before = _frozen(motion)
    with pytest.raises(InvalidTransition) as info:
        services.motion_submit(motion=motion, acting_user=mw.w.deputy_user)
    assert info.value.code == "after_cutoff" and info.value.detail["can_convert"] is True
    assert "suggestion" in str(info.value.message) or "建议" in str(info.value.message)
    assert _frozen(motion) == before
    mw.session.refresh_from_db()
    with pytest.raises(InvalidTransition) as created:
        make_motion(mw, confirmed=0, title="截止后起草")
    assert created.value.code == "after_cutoff"


def test_session_without_cutoff_closes_when_it_ends(mw):
    from lvzhi.core.models import Session

    old = Session.objects.create(
        term=mw.w.term,
        body="congress",
        number=4,
        start_date=dt.date(2025, 1, 10),
        end_date=dt.date(2025, 1, 15),
    )
    with pytest.raises(InvalidTransition):
        make_motion(mw, confirmed=0, session=old)


def test_standing_committee_motion_needs_members(mw):
    members = mw.deputies[:6]  # world.deputy (the lead) and these six sit on the SC
    non_member = mw.deputies[7]
    with pytest.raises(ValidationFailed) as info:
        make_motion(mw, session=mw.meeting, cosigners=[*members[:4], non_member], confirmed=0)
    assert [p for p in info.value.detail if non_member.person.name in p]  # names who may not sign
    assert not Motion.objects.exists()
    motion = make_motion(mw, session=mw.meeting, cosigners=members[:3], confirmed=3)  # 4 with the lead
    with pytest.raises(InvalidTransition) as few:
        services.motion_submit(motion=motion, acting_user=SYSTEM)
    assert few.value.detail == {"required": 5, "confirmed": 4}
    services.motion_set_cosigners(motion=motion, deputies=members[:4], acting_user=SYSTEM)
    services.motion_confirm_signature(motion=motion, deputy=members[3], acting_user=SYSTEM)
    motion = services.motion_submit(motion=motion, acting_user=SYSTEM)
    assert motion.status == S.SUBMITTED and motion.number == "第16届常委会第30次会议议案第1号"


def test_sc_member_who_left_the_committee_blocks_submission(mw):
    members = mw.deputies[:4]
    motion = make_motion(mw, session=mw.meeting, cosigners=members, confirmed=4)
    Deputy.objects.filter(pk=members[0].pk).update(is_sc_member=False)
    with pytest.raises(InvalidTransition) as info:
        services.motion_submit(motion=motion, acting_user=SYSTEM)
    assert info.value.code == "ineligible_signers"
    assert Motion.objects.get(pk=motion.pk).status == S.DRAFT


def test_only_serving_deputies_of_the_term_may_sign(mw):
    from lvzhi.core.models import Term

    suspended = mw.deputies[11]
    Deputy.objects.filter(pk=suspended.pk).update(
        status="suspended", status_reason="停止执行职务", status_date=dt.date(2026, 1, 1)
    )
    suspended.refresh_from_db()
    other_term = Term.objects.create(
        number=15, start_date=dt.date(2017, 1, 1), end_date=dt.date(2021, 12, 31)
    )
    outsider = Deputy.objects.create(
        person=mw.deputies[12].person,
        term=other_term,
        code="O0001",
        electoral_unit=mw.w.unit,
        delegation=mw.w.delegation,
    )
    for bad in (suspended, outsider):
        with pytest.raises(ValidationFailed):
            make_motion(mw, cosigners=[mw.deputies[0], bad], confirmed=0)
    assert not Motion.objects.exists()
    motion = make_motion(mw, cosigners=[mw.deputies[0]], confirmed=0)
    Deputy.objects.filter(pk=mw.deputies[0].pk).update(
        status="terminated", status_reason="辞职", status_date=dt.date(2026, 1, 1)
    )
    mw.deputies[0].refresh_from_db()
    with pytest.raises(ValidationFailed):
        services.motion_confirm_signature(motion=motion, deputy=mw.deputies[0], acting_user=SYSTEM)


def test_a_deputy_cannot_sign_twice(mw):
    with pytest.raises(ValidationFailed):
        make_motion(mw, cosigners=[mw.w.deputy, mw.deputies[0]], confirmed=0)  # the lead again
    motion = make_motion(mw, cosigners=[mw.deputies[0], mw.deputies[0]], confirmed=1)  # deduplicated
    assert motion.signers.count() == 2
    with pytest.raises(ConflictError):
        services.motion_confirm_signature(motion=motion, deputy=mw.deputies[0], acting_user=SYSTEM)
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MotionSigner.objects.create(motion=motion, deputy=mw.deputies[0])


def test_signature_withdrawal_below_the_threshold_ends_handling(mw):
    motion = make_motion(mw, confirmed=10)  # 11 signers with the lead
    motion = services.motion_submit(motion=motion, acting_user=SYSTEM)
    services.motion_decide(motion=motion, decision="not_list", committee=mw.committee, acting_user=mw.w.staff)
    motion = services.motion_withdraw_signature(
        motion=motion, deputy=mw.deputies[0], reason="意见不一致", acting_user=mw.users[mw.deputies[0].pk]
    )
    assert motion.status == S.NOT_LISTED  # 10 remain: enough
    withdrawn_duty = DutyRecord.objects.get(deputy=mw.deputies[0], source_id=str(motion.pk))
    assert withdrawn_duty.public is False  # kept in the record, no longer published
    with pytest.raises(ConflictError):  # withdrawn already
        services.motion_withdraw_signature(motion=motion, deputy=mw.deputies[0], acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):  # the lead withdraws the motion, not a signature
        services.motion_withdraw_signature(motion=motion, deputy=mw.w.deputy, acting_user=SYSTEM)
    motion = services.motion_withdraw_signature(motion=motion, deputy=mw.deputies[1], acting_user=SYSTEM)
    assert motion.status == S.ENDED and motion.ended_at is not None
    assert "9" in motion.end_reason and "10" in motion.end_reason
    assert not Todo.objects.filter(kind="motion.report", status=TodoStatus.OPEN).exists()
    assert Notification.objects.filter(recipient=mw.w.deputy_user, title__contains=motion.number).exists()


def test_standing_committee_motion_ends_below_its_own_threshold(mw):
    members = mw.deputies[:5]
    motion = make_motion(mw, session=mw.meeting, cosigners=members, confirmed=5)  # 6 with the lead
    services.motion_submit(motion=motion, acting_user=SYSTEM)
    assert services.min_remaining_signers(motion) == 5
    assert (
        services.motion_withdraw_signature(motion=motion, deputy=members[0], acting_user=SYSTEM).status
        == S.SUBMITTED
    )
    assert (
        services.motion_withdraw_signature(motion=motion, deputy=members[1], acting_user=SYSTEM).status
        == S.ENDED
    )


def test_not_listed_report_is_due_by_the_calendar_and_tracked_by_a_todo(mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):  # a committee is required
        services.motion_decide(motion=motion, decision="not_list", acting_user=mw.w.staff)
    with pytest.raises(ValidationFailed):  # and must be a committee
        services.motion_decide(
            motion=motion, decision="not_list", committee=mw.w.education, acting_user=mw.w.staff
        )
    motion = services.motion_decide(
        motion=motion,
        decision="not_list",
        committee=mw.committee,
        note="交教科文卫委员会审议",
        acting_user=mw.w.staff,
    )
    period = ruleset_for(motion.rules).period("motions.not_listed_report_deadline")
    assert motion.report_due == calendar_service.due_date(mw.session.end_date, period)
    todo = Todo.objects.get(kind="motion.report", status=TodoStatus.OPEN)
    assert todo.assignee_organ_id == mw.committee.pk and todo.due_date == motion.report_due
    assert Notification.objects.filter(
        recipient=mw.users[mw.deputies[0].pk], category="motion", title__contains=motion.number
    ).exists()
    with pytest.raises(ValidationFailed):
        services.motion_report(motion=motion, report="  ", acting_user=mw.committee_user)
    motion = services.motion_report(motion=motion, report="建议列入立法计划。", acting_user=mw.committee_user)
    assert motion.status == S.REPORTED and Todo.objects.get(pk=todo.pk).status == TodoStatus.DONE


def test_withdrawal_of_a_tabled_motion_needs_consent(mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    with pytest.raises(PermissionDeniedError):
        services.motion_withdraw(motion=motion, reason="撤回", acting_user=mw.w.deputy_user)
    services.motion_request_withdrawal(motion=motion, reason="情况已变化", acting_user=mw.w.deputy_user)
    assert Todo.objects.filter(kind="motion.withdrawal", status=TodoStatus.OPEN).exists()
    with pytest.raises(ConflictError):
        services.motion_request_withdrawal(motion=motion, reason="再次", acting_user=mw.w.deputy_user)
    motion = services.motion_withdraw(motion=motion, acting_user=mw.w.staff)  # the requested reason is used
    assert motion.status == S.WITHDRAWN and motion.withdrawal_reason == "情况已变化"
    assert not Todo.objects.filter(
        kind__in=["motion.withdrawal", "motion.decide"], status=TodoStatus.OPEN
    ).exists()


def test_a_draft_is_withdrawn_by_its_lead_with_a_reason(mw):
    motion = make_motion(mw, confirmed=0, pending=2)
    with pytest.raises(ValidationFailed):
        services.motion_withdraw(motion=motion, reason="", acting_user=mw.w.deputy_user)
    motion = services.motion_withdraw(motion=motion, reason="不再提出", acting_user=mw.w.deputy_user)
    assert motion.status == S.WITHDRAWN
    assert not Todo.objects.filter(kind="motion.sign", status=TodoStatus.OPEN).exists()


def test_changing_the_text_asks_cosigners_to_confirm_again(mw):
    motion = make_motion(mw, confirmed=3)
    services.motion_update(motion=motion, proposal="修改后的方案", acting_user=mw.w.deputy_user)
    assert MotionSigner.objects.filter(motion=motion, is_lead=False, confirmed_at__isnull=False).count() == 0
    assert MotionSigner.objects.get(motion=motion, is_lead=True).confirmed_at is not None
    assert Todo.objects.filter(kind="motion.sign", status=TodoStatus.OPEN).count() == 3
    with pytest.raises(ValidationFailed):
        services.motion_update(motion=motion, title=" ", acting_user=mw.w.deputy_user)
    with pytest.raises(ValidationFailed):
        services.motion_update(motion=motion, session=mw.meeting, acting_user=mw.w.deputy_user)


def test_legislative_motion_needs_a_draft_or_outline(mw):
    motion = make_motion(mw, confirmed=9, is_legislative=True)
    with pytest.raises(ValidationFailed) as info:
        services.motion_submit(motion=motion, acting_user=SYSTEM)
    assert "draft_outline" in info.value.detail
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.motion_attach(
        motion=motion, upload=SimpleUploadedFile("草案.docx", b"draft"), acting_user=SYSTEM
    )
    assert services.motion_submit(motion=motion, acting_user=SYSTEM).status == S.SUBMITTED


def test_vote_records_the_outcome(mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    services.motion_decide(motion=motion, decision="list", committee=mw.committee, acting_user=mw.w.staff)
    motion = services.motion_record_vote(motion=motion, passed=False, note="未获通过", acting_user=mw.w.staff)
    assert motion.status == S.FAILED and motion.voted_at is not None


# --- conversion into a suggestion --------------------------------------------------------------


def test_conversion_creates_a_suggestion_from_the_motion(mw):
    from lvzhi.suggestions.models import Suggestion

    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    motion = services.motion_decide(
        motion=motion, decision="convert", note="不属于本级职权", acting_user=mw.w.staff
    )
    assert motion.status == S.CONVERTED
    suggestion = Suggestion.objects.get(pk=motion.converted_suggestion_id)
    assert suggestion.from_motion == motion.pk and suggestion.lead_id == mw.w.deputy.pk
    assert suggestion.signers.count() == 10
    assert not Todo.objects.filter(kind="motion.decide", status=TodoStatus.OPEN).exists()


def test_after_the_cutoff_the_lead_converts_the_draft(mw):
    from lvzhi.suggestions.models import Suggestion

    motion = make_motion(mw, confirmed=4, pending=2)
    type(mw.session).objects.filter(pk=mw.session.pk).update(
        motion_cutoff=timezone.now() - dt.timedelta(hours=1)
    )
    motion = services.motion_convert(motion=motion, acting_user=mw.w.deputy_user)
    assert motion.status == S.CONVERTED and not motion.number
    assert Suggestion.objects.get(pk=motion.converted_suggestion_id).signers.count() == 5


def test_conversion_unavailable_is_a_clear_error_and_changes_nothing(mw, monkeypatch):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    monkeypatch.setitem(
        sys.modules, "lvzhi.suggestions.services", types.ModuleType("lvzhi.suggestions.services")
    )
    before = _frozen(motion)
    with pytest.raises(services.ConversionUnavailable) as info:
        services.motion_convert(motion=motion, acting_user=mw.w.staff)
    assert info.value.code == "conversion_unavailable"
    assert _frozen(motion) == before


def test_conversion_calls_the_suggestions_service_with_the_motion(mw, monkeypatch):
    calls: list[Any] = []

    def fake(*, motion: Any, acting_user: Any) -> Any:
        calls.append((motion.pk, acting_user))
        return types.SimpleNamespace(pk=4242)

    module = types.ModuleType("lvzhi.suggestions.services")
    module.suggestion_create_from_motion = fake  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lvzhi.suggestions.services", module)
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    motion = services.motion_decide(motion=motion, decision="convert", acting_user=mw.w.staff)
    assert calls == [(motion.pk, mw.w.staff)] and motion.converted_suggestion_id == 4242


def test_unknown_decision_is_refused(mw):
    motion = services.motion_submit(motion=make_motion(mw, confirmed=9), acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):
        services.motion_decide(motion=motion, decision="approve", acting_user=mw.w.staff)
    assert Motion.objects.get(pk=motion.pk).status == S.SUBMITTED


def test_services_authorize_the_acting_user(mw):
    """Each service checks its permission itself (not only the page): a deputy with no part in
    the motion, or the office on a draft, is refused and nothing changes."""
    from lvzhi.core.errors import PermissionDeniedError

    motion = make_motion(mw, confirmed=9, pending=1, quick=True)
    before = _frozen(motion)
    stranger = mw.other_deputy_user
    with pytest.raises(PermissionDeniedError):
        services.motion_update(motion=motion, title="篡改", acting_user=stranger)
    with pytest.raises(PermissionDeniedError):
        services.motion_update(
            motion=motion, title="篡改", acting_user=mw.w.staff
        )  # a draft: not the office's
    with pytest.raises(PermissionDeniedError):
        services.motion_submit(motion=motion, acting_user=stranger)
    with pytest.raises(PermissionDeniedError):  # one deputy cannot sign for another
        services.motion_confirm_signature(motion=motion, deputy=mw.deputies[9], acting_user=stranger)
    with pytest.raises(PermissionDeniedError):  # a deputy cannot lead a motion in another's name
        services.motion_create(session=mw.session, lead=mw.w.deputy, title="x", acting_user=stranger)
    assert _frozen(motion) == before
    submitted = force_status(motion, S.SUBMITTED)
    with pytest.raises(PermissionDeniedError):
        services.motion_decide(motion=submitted, decision="list", acting_user=mw.w.deputy_user)
    with pytest.raises(PermissionDeniedError):  # the lead cannot withdraw a co-signer's signature
        services.motion_withdraw_signature(
            motion=submitted, deputy=mw.deputies[0], acting_user=mw.w.deputy_user
        )
    assert (
        services.motion_decide(motion=submitted, decision="list", acting_user=mw.w.staff).status == S.LISTED
    )
