"""The suggestion state machine through its services: every step allowed and refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import (
    ConflictError,
    InvalidTransition,
    PermissionDeniedError,
    ValidationFailed,
)
from lvzhi.core.models import AuditLog, Notification, Todo
from lvzhi.deputies.models import DutyRecord
from lvzhi.suggestions import services as sv
from lvzhi.suggestions.models import Commitment, Suggestion
from lvzhi.suggestions.services import UnitChoice
from lvzhi.suggestions.states import (
    TRANSITIONS,
    AssignmentMode,
    AssignmentRole,
    AssignmentStatus,
    SuggestionStatus,
)

from .conftest import fresh

pytestmark = pytest.mark.django_db
S = SuggestionStatus
BODY = "本市部分老旧小区没有电梯，老年居民上下楼困难。建议市住建局简化加装电梯审批流程，并给予财政补贴。"


def draft(sw, cosign=True, **kw):
    w = sw.w
    kw.setdefault("title", "关于加快老旧小区加装电梯的建议")
    kw.setdefault("body", BODY)
    return sv.suggestion_create(
        lead=w.deputy, cosigners=sw.cosigners[:2] if cosign else [], acting_user=w.deputy_user, **kw
    )


def submitted(sw, **kw):
    s = draft(sw, **kw)
    invited = set(s.signers.filter(is_lead=False).values_list("deputy_id", flat=True))
    for d, u in zip(sw.cosigners[:2], sw.cosigner_users[:2], strict=True):
        if d.pk in invited:
            sv.signer_respond(suggestion=s, deputy=d, confirm=True, acting_user=u)
    return sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user)


def registered(sw, **kw):
    return sv.suggestion_register(suggestion=submitted(sw, **kw), acting_user=sw.w.staff)


def assigned(sw, mode="sole", **kw):
    s = registered(sw, **kw)
    w = sw.w
    if mode == "sole":
        choices = [UnitChoice(w.education, AssignmentRole.SOLE)]
    elif mode == "joint":
        choices = [UnitChoice(w.education, AssignmentRole.LEAD), UnitChoice(w.health, AssignmentRole.CO)]
    else:
        choices = [
            UnitChoice(w.education, AssignmentRole.SEPARATE, part="学位"),
            UnitChoice(w.health, AssignmentRole.SEPARATE, part="校医"),
        ]
    sv.suggestion_assign(suggestion=s, mode=mode, choices=choices, acting_user=w.staff)
    return fresh(s)


def reply(sw, s, unit_user=None, category="A", **kw):
    a = s.assignments.exclude(status="returned").get(unit=sw.w.education)
    return sv.reply_submit(
        assignment=a,
        category=category,
        content="一、关于审批流程，我局已会同有关部门简化为一个环节。二、关于补贴。",
        signer="局长 赵明",
        acting_user=unit_user or sw.w.officer,
        **kw,
    )


# --- drafting and co-signing -------------------------------------------------------------------


def test_draft_needs_cosigner_confirmation_before_submission(sw):
    s = draft(sw)
    assert s.status == S.DRAFT and s.signers.count() == 3
    assert Todo.objects.filter(kind="suggestion.cosign", status="open").count() == 2
    with pytest.raises(InvalidTransition, match="刘洋|张伟"):
        sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user)
    sv.signer_respond(suggestion=s, deputy=sw.cosigners[0], confirm=True, acting_user=sw.cosigner_users[0])
    sv.signer_respond(suggestion=s, deputy=sw.cosigners[1], confirm=False, acting_user=sw.cosigner_users[1])
    s = sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user)
    assert s.status == S.SUBMITTED
    kinds = set(DutyRecord.objects.filter(source_id=str(s.pk)).values_list("deputy__code", "kind"))
    assert kinds == {("D0001", "suggestion_lead"), ("D0010", "suggestion_cosign")}  # not the one who declined


def test_create_refuses_bad_input(sw):
    w = sw.w
    with pytest.raises(ValidationFailed):
        sv.suggestion_create(lead=w.deputy, title="", body=BODY, acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):
        sv.suggestion_create(lead=w.deputy, title="x", body=BODY, cosigners=[w.deputy], acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):
        sv.suggestion_create(lead=w.deputy, title="x", body=BODY, confidential=True, acting_user=SYSTEM)
    with pytest.raises(ValidationFailed):
        sv.suggestion_create(lead=w.deputy, title="x", body=BODY, channel="session", acting_user=SYSTEM)
    sw.cosigners[2].status = "terminated"
    sw.cosigners[2].status_reason, sw.cosigners[2].status_date = "辞职", dt.date(2026, 1, 1)
    sw.cosigners[2].save()
    with pytest.raises(ValidationFailed, match="陈静"):
        sv.suggestion_create(
            lead=w.deputy, title="x", body=BODY, cosigners=[sw.cosigners[2]], acting_user=SYSTEM
        )
    assert not Suggestion.objects.exists()


def test_only_invited_deputies_can_cosign(sw):
    s = draft(sw)
    with pytest.raises(PermissionDeniedError):
        sv.signer_respond(
            suggestion=s, deputy=sw.cosigners[2], confirm=True, acting_user=sw.cosigner_users[2]
        )


def test_editing_the_text_asks_cosigners_again(sw):
    s = draft(sw)
    sv.signer_respond(suggestion=s, deputy=sw.cosigners[0], confirm=True, acting_user=sw.cosigner_users[0])
    sv.suggestion_update(suggestion=s, body=BODY + "另外建议加强维保。", acting_user=sw.w.deputy_user)
    assert not s.signers.filter(is_lead=False, confirmed_at__isnull=False).exists()


# --- screening, registration, numbering ---------------------------------------------------------


def test_registration_numbers_per_term_and_period_and_sets_the_assignment_deadline(sw):
    a = registered(sw)
    b = registered(sw, title="关于增加社区食堂的建议")
    assert a.number.endswith("第0001号") and b.number.endswith("第0002号")
    assert "闭会期间" in a.number
    from lvzhi.core.calendar import add_working_days

    assert a.assign_due == add_working_days(timezone.localdate(), 5)  # default profile: 5 working days


def test_return_and_resubmit(sw):
    s = submitted(sw)
    with pytest.raises(ValidationFailed):
        sv.suggestion_return(suggestion=s, reason=" ", acting_user=sw.w.staff)
    s = sv.suggestion_return(suggestion=s, reason="请补充具体建议", acting_user=sw.w.staff)
    assert s.status == S.RETURNED
    sv.suggestion_update(suggestion=s, body=BODY + "建议设立专项资金。", acting_user=sw.w.deputy_user)
    for d, u in zip(sw.cosigners[:2], sw.cosigner_users[:2], strict=True):
        sv.signer_respond(suggestion=s, deputy=d, confirm=True, acting_user=u)
    assert sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user).status == S.SUBMITTED


def test_convert_to_letter_ends_handling(sw):
    s = sv.suggestion_convert_to_letter(
        suggestion=submitted(sw), reason="属于个人诉求", acting_user=sw.w.staff
    )
    assert s.status == S.CONVERTED
    with pytest.raises(InvalidTransition):
        sv.suggestion_register(suggestion=s, acting_user=sw.w.staff)


def test_merge_moves_deputies_and_informs_everyone(sw):
    target = registered(sw, cosign=False)
    other = submitted(sw, title="关于老旧小区电梯加装补贴的建议")
    before = Notification.objects.count()
    sv.suggestion_merge(suggestion=other, into=target, reason="内容相同，并案办理", acting_user=sw.w.staff)
    assert fresh(other).status == S.MERGED and fresh(other).merged_into_id == target.pk
    assert set(target.signers.values_list("deputy__code", flat=True)) >= {"D0001", "D0010", "D0011"}
    assert Notification.objects.count() > before
    with pytest.raises(ValidationFailed):
        sv.suggestion_merge(suggestion=target, into=target, reason="x", acting_user=sw.w.staff)


# --- assignment and handling -------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["sole", "joint", "separate"])
def test_assignment_modes_and_deadlines(sw, mode):
    s = assigned(sw, mode)
    rows = list(s.assignments.order_by("id"))
    assert s.status == S.ASSIGNED
    from lvzhi.core.calendar import add_months

    today = timezone.localdate()
    for a in rows:
        assert a.reply_due == add_months(today, 3, roll_to_working_day=True)
        assert a.reply_cap == add_months(today, 6, roll_to_working_day=True)
    if mode == "joint":
        assert [a.role for a in rows] == ["lead", "co"] and rows[1].opinion_due is not None


@pytest.mark.parametrize(
    "mode, choices_fn, message",
    [
        ("sole", lambda w: [], "at least one"),
        ("sole", lambda w: [UnitChoice(w.education, "sole"), UnitChoice(w.health, "sole")], "exactly one"),
        (
            "separate",
            lambda w: [UnitChoice(w.education, "separate", part="a"), UnitChoice(w.health, "separate")],
            "part",
        ),
        ("joint", lambda w: [UnitChoice(w.education, "lead")], "lead unit and at least one"),
        ("sole", lambda w: [UnitChoice(w.delegation and w.congress, "sole")], "cannot handle"),
    ],
)
def test_bad_assignments_are_refused(sw, mode, choices_fn, message):
    s = registered(sw)
    with pytest.raises(ValidationFailed, match=message):
        sv.suggestion_assign(suggestion=s, mode=mode, choices=choices_fn(sw.w), acting_user=sw.w.staff)
    assert fresh(s).status == S.REGISTERED and not s.assignments.exists()


def test_unit_asks_to_return_and_staff_reassign_or_refuse(sw):
    s = assigned(sw)
    a = s.assignments.get()
    with pytest.raises(PermissionDeniedError):
        sv.assignment_request_return(assignment=a, reason="不属我单位", acting_user=sw.w.outsider_officer)
    sv.assignment_request_return(assignment=a, reason="属于卫健委职责", acting_user=sw.w.officer)
    sv.assignment_decide_return(assignment=a, accept=False, note="请继续办理", acting_user=sw.w.staff)
    assert fresh(a).status == AssignmentStatus.ACTIVE
    sv.assignment_request_return(assignment=a, reason="确属卫健委职责", acting_user=sw.w.officer)
    new = sv.assignment_decide_return(
        assignment=a, accept=True, replacement=sw.w.health, acting_user=sw.w.staff
    )
    assert fresh(a).status == AssignmentStatus.RETURNED and new.unit == sw.w.health


def test_return_window_closes(sw, monkeypatch):
    s = assigned(sw)
    a = s.assignments.get()
    monkeypatch.setattr(sv, "_today", lambda: a.return_due + dt.timedelta(days=1))
    with pytest.raises(InvalidTransition, match="window"):
        sv.assignment_request_return(assignment=a, reason="不属我单位", acting_user=sw.w.officer)


def test_joint_handling_lead_waits_for_co_opinion(sw):
    s = assigned(sw, "joint")
    lead = s.assignments.get(role="lead")
    co = s.assignments.get(role="co")
    with pytest.raises(InvalidTransition, match="卫生健康"):
        reply(sw, s)
    with pytest.raises(InvalidTransition):  # a co-unit does not answer the deputy
        sv.reply_submit(
            assignment=co, category="A", content="x" * 30, signer="主任", acting_user=sw.w.outsider_officer
        )
    sv.assignment_send_opinion(
        assignment=co, opinion="我委同意主办单位意见，将配合做好校医配备。", acting_user=sw.w.outsider_officer
    )
    r = reply(sw, s)
    assert r.assignment == lead and fresh(s).status == S.ANSWERED


def test_a_unit_cannot_answer_another_units_assignment(sw):
    s = assigned(sw)
    with pytest.raises(PermissionDeniedError):
        reply(sw, s, unit_user=sw.w.outsider_officer)
    assert fresh(s).status == S.ASSIGNED


def test_extension_is_capped_at_six_months(sw):
    s = assigned(sw)
    a = s.assignments.get()
    with pytest.raises(ValidationFailed, match="six months|六个月"):
        sv.extension_request(
            assignment=a, until=a.reply_cap + dt.timedelta(days=1), reason="难度大", acting_user=sw.w.officer
        )
    with pytest.raises(ValidationFailed):
        sv.extension_request(assignment=a, until=a.reply_due, reason="难度大", acting_user=sw.w.officer)
    req = sv.extension_request(assignment=a, until=a.reply_cap, reason="涉及面广", acting_user=sw.w.officer)
    with pytest.raises(ConflictError):
        sv.extension_request(assignment=a, until=a.reply_cap, reason="again", acting_user=sw.w.officer)
    sv.extension_decide(request=req, approve=True, acting_user=sw.w.staff)
    assert fresh(a).reply_due == a.reply_cap
    with pytest.raises(InvalidTransition):
        sv.extension_decide(request=req, approve=False, acting_user=sw.w.staff)


def test_contact_records(sw):
    s = assigned(sw)
    a = s.assignments.get()
    sv.contact_record_add(
        assignment=a,
        date=timezone.localdate(),
        method="座谈",
        summary="听取代表意见",
        acting_user=sw.w.officer,
    )
    with pytest.raises(ValidationFailed):
        sv.contact_record_add(
            assignment=a,
            date=timezone.localdate() + dt.timedelta(days=3),
            method="电话",
            summary="x",
            acting_user=sw.w.officer,
        )
    assert a.contacts.count() == 1


# --- replies, feedback, re-handling ---------------------------------------------------------------


def test_reply_makes_a_letter_and_opens_feedback(sw):
    s = assigned(sw)
    r = reply(sw, s)
    s = fresh(s)
    assert s.status == S.ANSWERED and s.feedback_due and r.letter.name.endswith(".docx")
    from docx import Document

    text = "\n".join(p.text for p in Document(r.letter.open()).paragraphs)
    assert s.title in text and "局长 赵明" in text and "王建国代表" in text
    assert Todo.objects.filter(kind="suggestion.rate", assignee=sw.w.deputy_user, status="open").exists()


def test_category_b_needs_a_commitment_and_goes_to_the_ledger(sw):
    s = assigned(sw)
    with pytest.raises(ValidationFailed, match="B"):
        reply(sw, s, category="B")
    with pytest.raises(ValidationFailed):
        reply(sw, s, category="Z")
    due = timezone.localdate() + dt.timedelta(days=200)
    reply(sw, s, category="B", commitment="2027年完成30个小区加装", commitment_due=due)
    c = Commitment.objects.get()
    assert c.due == due and c.unit == sw.w.education and c.status == "open"
    sv.commitment_update(commitment=c, progress="已完成12个", delivered=False, acting_user=sw.w.officer)
    sv.commitment_update(commitment=c, progress="全部完成", delivered=True, acting_user=sw.w.officer)
    assert fresh(c).status == "delivered"
    with pytest.raises(InvalidTransition):
        sv.commitment_update(commitment=c, progress="x", delivered=True, acting_user=sw.w.officer)


def test_rating_before_a_reply_is_refused(sw):
    s = assigned(sw)
    r = reply(sw, s)
    # a second suggestion with no reply: nothing to rate, and the state forbids it
    s2 = assigned(sw, title="关于校园周边交通安全的建议")
    assert fresh(s2).status == S.ASSIGNED
    from lvzhi.suggestions.models import Reply

    fake = Reply(
        assignment=s2.assignments.get(),
        round=1,
        category="A",
        content="x",
        signer="x",
        replied_at=timezone.now(),
    )
    fake.save()
    with pytest.raises(InvalidTransition):
        sv.feedback_submit(reply=fake, rating="satisfied", comment="", acting_user=sw.w.deputy_user)
    assert r.pk


def test_unsatisfied_sends_back_for_rehandling_then_satisfied_closes(sw):
    s = assigned(sw)
    r1 = reply(sw, s)
    with pytest.raises(PermissionDeniedError):
        sv.feedback_submit(reply=r1, rating="satisfied", comment="", acting_user=sw.cosigner_users[0])
    with pytest.raises(ValidationFailed):
        sv.feedback_submit(reply=r1, rating="unsatisfied", comment="", acting_user=sw.w.deputy_user)
    sv.feedback_submit(reply=r1, rating="unsatisfied", comment="补贴标准未答复", acting_user=sw.w.deputy_user)
    s = fresh(s)
    a = s.assignments.get()
    assert s.status == S.REHANDLING and a.status == AssignmentStatus.REHANDLING
    from lvzhi.core.calendar import add_months

    assert a.reply_due == add_months(timezone.localdate(), 1, roll_to_working_day=True)
    with pytest.raises(ConflictError):
        sv.feedback_submit(reply=r1, rating="satisfied", comment="", acting_user=sw.w.deputy_user)
    r2 = reply(sw, s)
    assert r2.round == 2 and fresh(s).status == S.ANSWERED
    sv.feedback_submit(reply=r2, rating="satisfied", comment="", acting_user=sw.w.deputy_user)
    assert fresh(s).status == S.CLOSED


def test_separate_handling_closes_when_every_reply_is_rated(sw):
    s = assigned(sw, "separate")
    reply(sw, s)
    assert fresh(s).status == S.ASSIGNED  # the other unit has not answered
    other = s.assignments.get(unit=sw.w.health)
    r2 = sv.reply_submit(
        assignment=other,
        category="C",
        content="校医配备受编制限制，暂难解决，将逐步推进。",
        signer="主任 钱进",
        acting_user=sw.w.outsider_officer,
    )
    assert fresh(s).status == S.ANSWERED
    for r in (s.assignments.get(unit=sw.w.education).replies.get(), r2):
        sv.feedback_submit(reply=r, rating="basically", comment="", acting_user=sw.w.deputy_user)
    assert fresh(s).status == S.CLOSED


def test_feedback_window(sw, monkeypatch):
    s = assigned(sw)
    r = reply(sw, s)
    s = fresh(s)
    monkeypatch.setattr(sv, "_today", lambda: s.feedback_due + dt.timedelta(days=1))
    with pytest.raises(InvalidTransition, match="ended"):
        sv.feedback_submit(reply=r, rating="satisfied", comment="", acting_user=sw.w.deputy_user)
    sv.suggestion_close_unrated(suggestion=s, acting_user=SYSTEM)
    assert fresh(s).status == S.CLOSED


# --- withdrawal, key supervision, every refused transition -------------------------------------


def test_withdrawal_in_writing_ends_handling(sw):
    s = assigned(sw)
    with pytest.raises(ValidationFailed):
        sv.suggestion_withdraw(suggestion=s, reason="", acting_user=sw.w.deputy_user)
    with pytest.raises(PermissionDeniedError):
        sv.suggestion_withdraw(suggestion=s, reason="已解决", acting_user=sw.cosigner_users[0])
    sv.suggestion_withdraw(suggestion=s, reason="问题已解决，书面撤回", acting_user=sw.w.deputy_user)
    assert fresh(s).status == S.WITHDRAWN
    with pytest.raises(InvalidTransition):  # answering a withdrawn item
        reply(sw, s)


def test_key_supervision(sw):
    s = assigned(sw)
    sv.suggestion_select_key(
        suggestion=s, committee=sw.committee, decided_on=timezone.localdate(), acting_user=sw.w.staff
    )
    assert fresh(s).is_key
    with pytest.raises(ConflictError):
        sv.suggestion_select_key(
            suggestion=s, committee=sw.committee, decided_on=timezone.localdate(), acting_user=sw.w.staff
        )
    sv.key_progress_add(suggestion=s, note="主任会议听取办理情况汇报", acting_user=sw.w.staff)
    assert "主任会议" in fresh(s).key_note


def _at_status(sw, status):
    """A suggestion brought to ``status`` through the services."""
    builders = {
        S.DRAFT: lambda: draft(sw, cosign=False),
        S.SUBMITTED: lambda: submitted(sw),
        S.REGISTERED: lambda: registered(sw),
        S.ASSIGNED: lambda: assigned(sw),
    }
    if status in builders:
        return builders[status]()
    if status == S.RETURNED:
        return sv.suggestion_return(suggestion=submitted(sw), reason="补充", acting_user=sw.w.staff)
    if status == S.CONVERTED:
        return sv.suggestion_convert_to_letter(
            suggestion=submitted(sw), reason="来信", acting_user=sw.w.staff
        )
    s = assigned(sw)
    if status == S.WITHDRAWN:
        return sv.suggestion_withdraw(suggestion=s, reason="撤回", acting_user=sw.w.deputy_user)
    r = reply(sw, s)
    if status == S.ANSWERED:
        return fresh(s)
    if status == S.REHANDLING:
        sv.feedback_submit(reply=r, rating="unsatisfied", comment="不满意", acting_user=sw.w.deputy_user)
        return fresh(s)
    if status == S.CLOSED:
        sv.feedback_submit(reply=r, rating="satisfied", comment="", acting_user=sw.w.deputy_user)
        return fresh(s)
    if status == S.MERGED:
        target = registered(sw, title="另一件建议")
        return sv.suggestion_merge(
            suggestion=submitted(sw, title="第三件"), into=target, reason="并案", acting_user=sw.w.staff
        )
    raise AssertionError(status)


ACTIONS = {
    "submit": lambda sw, s: sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user),
    "return": lambda sw, s: sv.suggestion_return(suggestion=s, reason="r", acting_user=sw.w.staff),
    "convert": lambda sw, s: sv.suggestion_convert_to_letter(
        suggestion=s, reason="r", acting_user=sw.w.staff
    ),
    "register": lambda sw, s: sv.suggestion_register(suggestion=s, acting_user=sw.w.staff),
    "assign": lambda sw, s: sv.suggestion_assign(
        suggestion=s,
        mode=AssignmentMode.SOLE,
        choices=[UnitChoice(sw.w.health, "sole")],
        acting_user=sw.w.staff,
    ),
    "withdraw": lambda sw, s: sv.suggestion_withdraw(suggestion=s, reason="r", acting_user=sw.w.deputy_user),
    "close": lambda sw, s: sv.suggestion_close_unrated(suggestion=s, acting_user=sw.w.staff),
    "publish": lambda sw, s: sv.suggestion_publish(suggestion=s, acting_user=sw.w.staff),
    "edit": lambda sw, s: sv.suggestion_update(
        suggestion=s, title="改过的题目", acting_user=sw.w.deputy_user
    ),
}


@pytest.mark.parametrize("status", list(S.values))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_from_every_state(sw, status, action):
    s = _at_status(sw, status)
    assert s.status == status
    sources, target = TRANSITIONS[action]
    before_audit = AuditLog.objects.count()
    if s.status in sources and action != "close":  # closing also needs the rating window to have passed
        ACTIONS[action](sw, s)
        assert fresh(s).status == (target or status)
        assert AuditLog.objects.count() > before_audit
    else:
        with pytest.raises(InvalidTransition):
            ACTIONS[action](sw, s)
        assert fresh(s).status == status
        assert AuditLog.objects.count() == before_audit  # nothing written
