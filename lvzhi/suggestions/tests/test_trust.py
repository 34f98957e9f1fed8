"""Issue 11 for suggestions: who sees a suggestion and its handling material, drafts only for
their authors, publication on the portal as an explicit, checked and audited office step."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import InvalidTransition, PermissionDeniedError
from lvzhi.core.models import AuditLog, Organ, OrganType, Role
from lvzhi.core.services import api_token_create, user_create
from lvzhi.suggestions import selectors
from lvzhi.suggestions import services as sv
from lvzhi.suggestions.models import Suggestion

from .conftest import fresh
from .test_workflow import assigned, draft, reply

pytestmark = pytest.mark.django_db


def _budget_staff(w):
    budget = Organ.objects.create(
        code="yusuan", name="预算工作委员会", type=OrganType.WORKING_BODY, parent=w.sc, duty="budget"
    )
    return user_create(
        username="budget",
        password="pw-budget",
        roles=[(Role.STAFF, budget)],
        organ=budget,
        acting_user=SYSTEM,
    )


def _replied(sw, **kw):
    s = assigned(sw, **kw)
    reply(sw, s)
    return fresh(s)


def _portal_titles(client):
    return client.get(reverse("suggestions_public:public_list")).content.decode()


# --- publication ---------------------------------------------------------------------------------


def test_a_suggestion_still_being_handled_is_not_on_the_portal(client, sw):
    s = assigned(sw, title="关于公交线路优化的建议")
    assert "公交线路" not in _portal_titles(client)
    assert client.get(reverse("suggestions_public:public_detail", args=[s.pk])).status_code == 404
    reply(sw, s)
    assert fresh(s).status == "answered"
    assert "公交线路" not in _portal_titles(client)  # replied, not yet published by the office


def test_the_office_publishes_a_replied_suggestion_audited(client, sw):
    s = _replied(sw, title="关于公交线路优化的建议")
    client.force_login(sw.w.staff)
    page = client.get(reverse("suggestions:detail", args=[s.pk])).content.decode()
    assert "Publish on the portal" in page or "在门户网站公开" in page
    client.post(reverse("suggestions:action", args=[s.pk, "publish"]))
    s = fresh(s)
    assert s.published_at is not None and s.published_by == sw.w.staff
    assert AuditLog.objects.filter(action="suggestion.publish", object_id=str(s.pk)).count() == 1
    client.logout()
    assert "公交线路" in _portal_titles(client)
    assert client.get(reverse("suggestions_public:public_detail", args=[s.pk])).status_code == 200


def test_the_publication_check_names_the_reason(sw):
    handling = assigned(sw)
    with pytest.raises(InvalidTransition, match="replied or closed") as exc:
        sv.suggestion_publish(suggestion=handling, acting_user=sw.w.staff)
    assert "Being handled" in str(exc.value.message)
    secret = _replied(sw, title="关于某涉密项目的建议", confidential=True, confidential_reason="涉及个人隐私")
    with pytest.raises(InvalidTransition, match="confidential") as exc:
        sv.suggestion_publish(suggestion=secret, acting_user=sw.w.staff)
    assert "涉及个人隐私" in str(exc.value.message)
    assert not Suggestion.objects.filter(published_at__isnull=False).exists()
    assert not AuditLog.objects.filter(action="suggestion.publish").exists()


def test_only_the_office_publishes(client, sw):
    s = _replied(sw)
    for user in (sw.w.officer, sw.w.leader, sw.w.deputy_user, _budget_staff(sw.w)):
        with pytest.raises(PermissionDeniedError):
            sv.suggestion_publish(suggestion=s, acting_user=user)
    _t, raw = api_token_create(user=sw.w.staff, name="x", acting_user=sw.w.staff)
    body = client.post(f"/api/suggestions/{s.pk}/publish", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body["published_at"] is not None
    again = client.post(f"/api/suggestions/{s.pk}/publish", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert again.status_code == 409


def test_the_migration_unpublishes_what_may_not_be_public(sw):
    handling = assigned(sw)
    secret = _replied(sw, title="关于某涉密项目的建议", confidential=True, confidential_reason="涉及个人隐私")
    answered = _replied(sw, title="关于公交线路优化的建议")
    Suggestion.objects.filter(pk__in=[handling.pk, secret.pk]).update(published_at=timezone.now())
    Suggestion.objects.filter(pk=answered.pk).update(published_at=None)
    migration = importlib.import_module(
        "lvzhi.suggestions.migrations.0003_unpublish_unreplied_and_confidential"
    )
    migration.settle_publication(apps, None)
    assert fresh(handling).published_at is None and fresh(secret).published_at is None
    assert fresh(answered).published_at == fresh(answered).answered_at  # was on the portal, stays


# --- who sees what -------------------------------------------------------------------------------


def test_a_draft_is_seen_only_by_its_authors(client, sw):
    s = draft(sw, title="关于草稿的建议")
    budget = _budget_staff(sw.w)
    for user in (sw.w.staff, sw.w.leader, sw.w.admin, sw.w.sc_member, budget, sw.cosigner_users[2]):
        client.force_login(user)
        assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 404, user
        assert "关于草稿的建议" not in client.get(reverse("suggestions:list")).content.decode()
        _t, raw = api_token_create(user=user, name="x", acting_user=user)
        h = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
        assert client.get(f"/api/suggestions/{s.pk}", **h).status_code == 404
        assert s.pk not in [r["id"] for r in client.get("/api/suggestions", **h).json()["results"]]
        assert not selectors.visible_to(user).filter(pk=s.pk).exists()
    for user in (sw.w.deputy_user, sw.cosigner_users[0]):  # the lead and an invited co-signer
        client.force_login(user)
        assert client.get(reverse("suggestions:detail", args=[s.pk])).status_code == 200
    # the office's dashboard counts nothing of it
    assert selectors.dashboard_summary(sw.w.staff).get("to_register", 0) == 0


def test_handling_material_only_for_parties_office_and_leaders(client, sw):
    s = draft(sw, cosign=False, title="关于公交线路优化的建议")
    sv.suggestion_attach(
        suggestion=s,
        upload=SimpleUploadedFile("survey.txt", "问卷".encode(), content_type="text/plain"),
        acting_user=sw.w.deputy_user,
    )
    s = sv.suggestion_submit(suggestion=s, acting_user=sw.w.deputy_user)
    s = sv.suggestion_register(suggestion=s, acting_user=sw.w.staff)
    from lvzhi.suggestions.services import UnitChoice

    sv.suggestion_assign(
        suggestion=s, mode="sole", choices=[UnitChoice(sw.w.education, "sole")], acting_user=sw.w.staff
    )
    r = reply(sw, fresh(s))
    sv.suggestion_publish(suggestion=fresh(s), acting_user=sw.w.staff)
    attachment = sv.attachments_of(s).get()
    urls = [
        reverse("suggestions:detail", args=[s.pk]),
        reverse("suggestions:sheet", args=[s.pk]),
        reverse("suggestions:attachment", args=[s.pk, attachment.pk]),
        reverse("suggestions:reply_letter", args=[r.pk]),
    ]
    others = (sw.w.sc_member, _budget_staff(sw.w), sw.w.outsider_officer, sw.cosigner_users[2], sw.w.public)
    for user in others:
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        # they read the portal page instead
        assert client.get(reverse("suggestions_public:public_detail", args=[s.pk])).status_code == 200
    for user in (sw.w.deputy_user, sw.w.officer, sw.w.staff, sw.w.leader, sw.w.admin):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 200, (user, url)


def test_drafts_are_in_no_export(client, sw):
    from .test_oversight import _sheet

    draft(sw, title="关于草稿的建议")
    client.force_login(sw.w.staff)
    url = reverse("oversight:export", args=["suggestions"])
    for params in ({"status": "draft", "year": "all"}, {"year": "all"}):
        rows = _sheet(client.get(url, params))
        assert "关于草稿的建议" not in str(rows), params


def test_office_steps_are_refused_by_the_services_to_everyone_else(sw):
    from .test_workflow import submitted

    s = submitted(sw)
    for user in (sw.w.deputy_user, sw.w.officer, sw.w.leader, sw.w.sc_member, _budget_staff(sw.w)):
        with pytest.raises(PermissionDeniedError):
            sv.suggestion_register(suggestion=s, acting_user=user)
        with pytest.raises(PermissionDeniedError):
            sv.suggestion_return(suggestion=s, reason="请补充", acting_user=user)
    assert fresh(s).status == "submitted"


def test_a_deputy_answers_only_for_themselves(sw):
    s = draft(sw)
    with pytest.raises(PermissionDeniedError):  # the lead confirms in a co-signer's name
        sv.signer_respond(suggestion=s, deputy=sw.cosigners[0], confirm=True, acting_user=sw.w.deputy_user)
    assert s.signers.get(deputy=sw.cosigners[0]).confirmed_at is None


def test_the_recommender_and_index_are_written_through_authorized_services(sw, settings, tmp_path):
    from lvzhi.suggestions.models import RecommenderModel

    assigned(sw)
    with pytest.raises(PermissionDeniedError):
        sv.recommender_train(min_examples=1, acting_user=sw.w.officer)
    assert sv.recommender_train(min_examples=99, acting_user=SYSTEM) == 0
    assert sv.recommender_train(min_examples=1, acting_user=SYSTEM) == 1
    assert RecommenderModel.objects.count() == 1
    settings.VAR_DIR = tmp_path
    with pytest.raises(PermissionDeniedError):
        sv.similarity_index_save(acting_user=sw.w.officer)
    assert sv.similarity_index_save(acting_user=sw.w.staff) == 1
    assert (tmp_path / "similarity-index.npz").exists()
