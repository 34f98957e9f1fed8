"""The sign-in pages: password, then (for accounts that need one) the second factor or its
first set-up; the lock-out page; sign-out; one's own account security and password; the
administrators' page for locked accounts and lost authenticators.

The session is established only by :func:`lvzhi.core.signin.signin_complete`, after the
second factor where one is needed.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import permissions as perms
from . import signin
from .access import ALL, LOGIN, NOBODY, OK, REDIRECT, SIGNED_IN, P, access
from .errors import ValidationFailed
from .models import User
from .redirects import safe_url
from .web import acting_user


def _lockout_message(until: dt.datetime | None) -> str:
    if until is None:
        minutes = max(int(settings.LOGIN_LOCKOUT_MINUTES), 1)
        return _(
            "Too many failed sign-in attempts for this account or from this address. "
            "Try again in %(minutes)s minutes."
        ) % {"minutes": minutes}
    minutes = max(math.ceil((until - timezone.now()).total_seconds() / 60), 1)
    return _(
        "Too many failed sign-in attempts for this account or from this address. "
        "Try again after %(time)s (in about %(minutes)s minutes)."
    ) % {"time": timezone.localtime(until).strftime("%H:%M"), "minutes": minutes}


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponseBase | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with the lock-out message and when to retry (HTTP 429). axes calls this
    (``AXES_LOCKOUT_CALLABLE``) for a request it refused; the second-factor pages call it too."""
    until = signin.lockout_until(request, credentials)
    signin.pending_clear(request)
    response = render(
        request,
        "core/login.html",
        {"form": AuthenticationForm(request), "lockout": _lockout_message(until), "next": ""},
        status=429,
    )
    if until is not None:
        response["Retry-After"] = str(max(int((until - timezone.now()).total_seconds()), 1))
    return response


@access(ok=ALL, anon=OK, expect={p: REDIRECT for p in SIGNED_IN})
class LoginView(auth_views.LoginView):
    """Step 1: the password. Accounts that need a second factor continue to step 2 without a
    session; the others are signed in here."""

    template_name = "core/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        next_url = self.get_success_url()
        if signin.second_factor_needed(user):
            signin.pending_begin(self.request, user, next_url=next_url)
            return redirect("login_enrol" if signin.totp_device(user) is None else "login_code")
        signin.signin_complete(self.request, user, method="none", backend=getattr(user, "backend", None))
        return HttpResponseRedirect(next_url)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("The 6-digit code your app shows"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _pending_or_restart(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    state = signin.pending(request)
    if state is None:
        messages.info(request, _("Please sign in again."))
    return state


@access(ok=NOBODY, anon=LOGIN, otherwise=LOGIN, note="only with a password step pending")
@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def login_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the 6-digit code from the authenticator app, or one recovery code."""
    state = _pending_or_restart(request)
    if state is None:
        return redirect("login")
    user, data = state
    if signin.totp_device(user) is None:
        return redirect("login_enrol")
    if signin.is_locked(request, user.get_username()):
        return lockout_response(request, None, {"username": user.get_username()})
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = signin.second_factor_wait(user, form.cleaned_data["code"])
        if wait:
            form.add_error(
                "code",
                ngettext(
                    "Several wrong codes in a row: wait %(n)s second, then enter the code again.",
                    "Several wrong codes in a row: wait %(n)s seconds, then enter the code again.",
                    wait,
                )
                % {"n": wait},
            )
            return render(request, "core/signin_code.html", {"form": form, "account": user})
        method = signin.two_factor_verify(user=user, code=form.cleaned_data["code"])
        if method is not None:
            next_url = safe_url(request, data.get("next"), settings.LOGIN_REDIRECT_URL)
            signin.signin_complete(request, user, method=method, backend=data.get("backend"))
            if method == "recovery":
                left = signin.recovery_codes_left(user)
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; %(n)s are left. "
                        "Generate new ones on your account page if you are running short."
                    )
                    % {"n": left},
                )
            return HttpResponseRedirect(next_url)
        signin.record_failure(request, username=user.get_username(), step="code")
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request, None, {"username": user.get_username()})
        form.add_error("code", _("The code is not right. Enter the current code from your app."))
    return render(request, "core/signin_code.html", {"form": form, "account": user})


@access(ok=NOBODY, anon=LOGIN, otherwise=LOGIN, note="only with a password step pending")
@never_cache
@csrf_protect
@sensitive_post_parameters("code")
def login_enrol(request: HttpRequest) -> HttpResponse:
    """Step 2 for an account without an authenticator: set one up (QR code drawn here, the
    secret as text), confirm it with a first code, receive the recovery codes once."""
    state = _pending_or_restart(request)
    if state is None:
        return redirect("login")
    user, data = state
    if signin.totp_device(user) is not None:
        return redirect("login_code")
    if signin.is_locked(request, user.get_username()):
        return lockout_response(request, None, {"username": user.get_username()})
    key_name = signin.PENDING_KEY + ".key"
    key = request.session.get(key_name)
    if not isinstance(key, str):
        key = signin.new_totp_key()
        request.session[key_name] = key
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = signin.two_factor_enrol(
                user=user, key_hex=key, code=form.cleaned_data["code"], acting_user=user
            )
        except ValidationFailed as exc:
            signin.record_failure(request, username=user.get_username(), step="enrol")
            if getattr(request, "axes_locked_out", False):
                return lockout_response(request, None, {"username": user.get_username()})
            form.add_error("code", str(exc.message))
        else:
            next_url = safe_url(request, data.get("next"), settings.LOGIN_REDIRECT_URL)
            signin.signin_complete(request, user, method="totp", backend=data.get("backend"))
            return _recovery_codes_page(request, codes, next_url)
    return render(
        request,
        "core/signin_enrol.html",
        {
            "form": form,
            "account": user,
            "qr": signin.qr_data_uri(signin.otpauth_uri(key, user.get_username())),
            "secret": signin.totp_secret_text(key),
        },
    )


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(request, "core/signin_recovery_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@access(ok=ALL, anon=OK, method="POST")
@require_POST
@csrf_protect
def logout_view(request: HttpRequest) -> HttpResponse:
    signin.signout(request, reason="user")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@access(ok=NOBODY, anon=REDIRECT, otherwise=REDIRECT)
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site signs in through the same two-step login (never its own form)."""
    next_url = safe_url(request, request.GET.get("next"), "admin:index")
    if request.user.is_authenticated:
        if request.user.is_active and request.user.is_staff:
            return HttpResponseRedirect(next_url)
        raise PermissionDenied
    return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': next_url})}")


# --- one's own account ---------------------------------------------------------------------------------


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@access(ok=SIGNED_IN)
@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "core/account.html",
        {
            "device": signin.totp_device(user),
            "required": signin.two_factor_required(user),
            "exempt": signin.two_factor_exempt(user),
            "codes_left": signin.recovery_codes_left(user),
            "form": ConfirmPasswordForm(),
        },
    )


@access(ok=SIGNED_IN, method="POST")
@login_required
@require_POST
@sensitive_post_parameters("password")
def account_recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, after the password (a wrong one counts as a failed sign-in)."""
    user = acting_user(request)
    form = ConfirmPasswordForm(request.POST)
    if not form.is_valid():
        return redirect("account")
    checked = authenticate(request, username=user.get_username(), password=form.cleaned_data["password"])
    if checked is None or checked.pk != user.pk:
        if getattr(request, "axes_locked_out", False):
            signin.signout(request, reason="lockout")
            return lockout_response(request, None, {"username": user.get_username()})
        messages.error(request, _("The password is not right."))
        return redirect("account")
    codes = signin.recovery_codes_regenerate(user=user, acting_user=user)
    return _recovery_codes_page(request, codes, reverse("account"))


@access(ok=SIGNED_IN)
@method_decorator(login_required, name="dispatch")
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/password_change.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        user = acting_user(self.request)
        signin.user_password_change(user=user, password=form.cleaned_data["new_password1"], acting_user=user)
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(str(self.success_url))


# --- administrators ---------------------------------------------------------------------------------


class UnlockForm(forms.Form):
    kind = forms.ChoiceField(choices=[("account", "account"), ("address", "address")])
    value = forms.CharField(max_length=150)


class ResetForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("User name"), max_length=150)


def _require_admin(request: HttpRequest) -> None:
    if not perms.can_manage_accounts(request.user):
        raise PermissionDenied


@access(ok={P.ADMIN})
@login_required
def signin_admin(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    return render(
        request,
        "core/signin_admin.html",
        {
            "lockouts": signin.lockouts_current(),
            "reset_form": ResetForm(),
            "account_limit": settings.LOGIN_FAILURES_PER_ACCOUNT,
            "address_limit": settings.LOGIN_FAILURES_PER_ADDRESS,
            "minutes": settings.LOGIN_LOCKOUT_MINUTES,
        },
    )


@access(ok={P.ADMIN}, method="POST")
@login_required
@require_POST
def signin_unlock(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = UnlockForm(request.POST)
    if form.is_valid():
        kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
        signin.account_unlock(
            username=value if kind == "account" else "",
            ip_address=value if kind == "address" else "",
            acting_user=acting_user(request),
        )
        messages.success(request, _("Unlocked: %(v)s") % {"v": value})
    return redirect("signin_admin")


@access(ok={P.ADMIN}, method="POST")
@login_required
@require_POST
def signin_two_factor_reset(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = ResetForm(request.POST)
    if form.is_valid():
        target = User.objects.filter(username=form.cleaned_data["username"].strip()).first()
        if target is None:
            messages.error(request, _("There is no account with this user name."))
        else:
            n = signin.two_factor_reset(user=target, acting_user=acting_user(request))
            if n:
                messages.success(
                    request,
                    _("The authenticator of %(u)s was removed; a new one is set up at the next sign-in.")
                    % {"u": target.get_username()},
                )
            else:
                messages.info(request, _("%(u)s has no authenticator.") % {"u": target.get_username()})
    return redirect("signin_admin")
