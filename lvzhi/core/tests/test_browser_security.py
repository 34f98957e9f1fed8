"""Browser security without a browser: only same-site redirects, the Content-Security-Policy
header, and no inline script, event handler, javascript: URL or <style> element in any template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from lvzhi.core.actors import SYSTEM
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.middleware import DomainErrorMiddleware
from lvzhi.core.redirects import safe_url
from lvzhi.core.services import notify, todo_create

LVZHI = Path(__file__).resolve().parents[2]

# --- only same-site redirects ----------------------------------------------------------------------

OFF_SITE = [
    "https://evil.example/",
    "//evil.example/path",
    "http://evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    "/\\evil.example",
]


@pytest.mark.django_db
@pytest.mark.parametrize("target", OFF_SITE)
def test_todo_close_never_redirects_off_site(client, world, target):
    todo = todo_create(title="Check", assignee=world.staff, acting_user=SYSTEM)
    client.force_login(world.staff)
    response = client.post(reverse("todo_close", args=[todo.pk]), {"next": target})
    assert response.status_code == 302 and response["Location"] == reverse("home")


@pytest.mark.django_db
def test_todo_close_follows_a_same_site_next(client, world):
    todo = todo_create(title="Check", assignee=world.staff, acting_user=SYSTEM)
    client.force_login(world.staff)
    response = client.post(reverse("todo_close", args=[todo.pk]), {"next": "/inbox/?unread=1"})
    assert response["Location"] == "/inbox/?unread=1"


@pytest.mark.django_db
def test_a_notification_link_off_site_opens_the_inbox(client, world):
    notify(recipients=[world.staff], title="x", url="https://evil.example/phish", email=False)
    note = world.staff.notifications.get()
    client.force_login(world.staff)
    assert client.get(reverse("notification_open", args=[note.pk]))["Location"] == reverse("inbox")


def test_a_secure_request_is_not_sent_to_plain_http():
    rf = RequestFactory()
    secure = rf.get("/", secure=True)
    assert safe_url(secure, "http://testserver/inbox/", "/") == "/"
    assert safe_url(secure, "https://testserver/inbox/", "/") == "https://testserver/inbox/"
    assert safe_url(rf.get("/"), "http://testserver/inbox/", "/") == "http://testserver/inbox/"


def _post_with_referer(referer: str):
    request = RequestFactory().post("/somewhere/", HTTP_REFERER=referer)
    request.session = SessionStore()
    request.user = AnonymousUser()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


@pytest.mark.django_db
def test_domain_error_goes_back_only_to_a_same_site_referer():
    middleware = DomainErrorMiddleware(lambda r: HttpResponse())
    foreign = middleware.process_exception(_post_with_referer("https://evil.example/x"), ValidationFailed())
    assert foreign is not None and foreign.status_code == 422  # the error page, no redirect
    assert "evil.example" not in foreign.content.decode()
    own = middleware.process_exception(_post_with_referer("http://testserver/inbox/"), ValidationFailed())
    assert own is not None and own.status_code == 302 and own["Location"] == "http://testserver/inbox/"


def test_no_view_reads_a_redirect_target_without_the_helper():
    """Every ``next``/Referer read in the code goes through lvzhi.core.redirects."""
    pattern = re.compile(r"(request\.(POST|GET)\.get\(\"next\"\)|headers\[\"Referer\"\]|HTTP_REFERER)")
    offenders = []
    for path in LVZHI.rglob("*.py"):
        if "tests" in path.parts or path.name == "redirects.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "safe_url" not in line and "redirect_safe" not in line:
                offenders.append(f"{path.relative_to(LVZHI)}:{n}: {line.strip()}")
    assert not offenders, offenders


# --- Content-Security-Policy -------------------------------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/public/", "/login/"])
def test_pages_carry_the_content_security_policy(client, path):
    policy = _policy(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["style-src-elem"] == ["'self'"]
    assert "'unsafe-eval'" not in " ".join(sum(policy.values(), []))


@pytest.mark.django_db
def test_a_signed_in_page_carries_it_too(client, world):
    client.force_login(world.staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200 and _policy(response)["script-src"] == ["'self'"]


# --- no inline script in the templates ------------------------------------------------------------------

INLINE = [
    # a <script> element without src= (inline code); JSON data blocks come from json_script
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "inline event handler (on...=)"),
    (re.compile(r"\bhx-on", re.I), "hx-on handler (evaluated script)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\bhx-vals\s*=\s*['\"]\s*(js|javascript):", re.I), "hx-vals with script"),
    (re.compile(r"<style\b", re.I), "<style> element"),
]


def _templates() -> list[Path]:
    return sorted(p for p in LVZHI.rglob("*.html") if "static" not in p.parts)


def test_the_scan_finds_what_it_looks_for():
    bad = [
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<a href="javascript:history.back()">',
        '<div hx-on::before-swap="x">',
        "<style>.a{}</style>",
        '<select class="a"\n  onchange="submit()">',
    ]
    for text in bad:
        assert any(rx.search(text) for rx, _label in INLINE), text
    good = ['<script src="/static/x.js" defer></script>', '<a href="/x" data-on="1">', "<p>online</p>"]
    for text in good:
        assert not any(rx.search(text) for rx, _label in INLINE), text


def test_no_template_has_inline_script_handlers_or_styles():
    templates = _templates()
    assert len(templates) > 50
    problems = []
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for rx, label in INLINE:
            for m in rx.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                problems.append(f"{path.relative_to(LVZHI)}:{line}: {label}")
    assert not problems, "\n".join(problems)
