"""Thin page views of the shell: parse input, check permission, call one service."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import permissions as perms
from . import selectors, services
from .access import DENIED, REDIRECT, SIGNED_IN, STAFF, WORKSPACE, P, access
from .audit import audit_verify
from .calendar import FIRST_YEAR, LAST_YEAR, work_calendar
from .dashboards import can_view_leaders_view, dashboard_for
from .errors import DomainError
from .forms import DateInput
from .models import ApiToken, CalendarOverride, Notification, RulesProfile, Todo, User
from .redirects import redirect_safe
from .web import acting_user, visible_or_404


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a signed-in person's choice is also kept as their preference,
    in which the to-dos, notifications and e-mails that others raise for them are written."""
    response = django_set_language(request)
    language = request.POST.get("language", "") if request.method == "POST" else ""
    user = request.user
    if isinstance(user, User) and language in dict(settings.LANGUAGES):
        services.user_set_language(user=user, language=language)
    return response


@access(ok=WORKSPACE, anon=REDIRECT, expect={P.PUBLIC: REDIRECT})
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("portal:home")
    if not perms.can_use_workspace(request.user):
        return redirect("portal:home")
    return render(request, "core/home.html", dashboard_for(acting_user(request)))


@access(ok={P.LEADER, P.ADMIN, P.OFFICE, P.LEGAL, P.STAFF_OTHER})
@login_required
def leaders(request: HttpRequest) -> HttpResponse:
    """The leaders' view: every line of business in figures, each a link to its list."""
    _require(can_view_leaders_view(request.user))
    return render(request, "core/leaders.html", dashboard_for(acting_user(request), page="leaders"))


@access(ok=SIGNED_IN)
@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    only_unread = request.GET.get("unread") == "1"
    qs = selectors.notifications_for(acting_user(request), unread_only=only_unread)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "core/inbox.html",
        {
            "page": page,
            "only_unread": only_unread,
            "todos": selectors.todos_for(acting_user(request), limit=None),
        },
    )


@access(ok={P.DEPUTY}, sample="core.notification")
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = visible_or_404(
        Notification.objects.filter(pk=pk).first(), perms.can_read_notification, request
    )
    services.notification_mark_read(notification=notification, user=acting_user(request))
    return redirect_safe(request, notification.url, "inbox")


@access(ok=SIGNED_IN, method="POST")
@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    n = services.notifications_mark_all_read(user=acting_user(request))
    messages.success(request, _("%(n)s messages marked as read.") % {"n": n})
    return redirect("inbox")


@access(ok={P.OFFICE, P.ADMIN}, sample="core.todo", method="POST")
@login_required
@require_POST
def todo_close(request: HttpRequest, pk: int) -> HttpResponse:
    todo = visible_or_404(Todo.objects.filter(pk=pk).first(), perms.can_close_todo, request)
    services.todo_close(todo=todo, acting_user=acting_user(request))
    messages.success(request, _("Marked as done: %(t)s") % {"t": todo.title})
    return redirect_safe(request, request.POST.get("next"), "home")


@access(ok=WORKSPACE)
@login_required
def organs(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_organs(request.user))
    return render(request, "core/organs.html", {"tree": selectors.organ_tree()})


class OverrideForm(forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    is_working_day = forms.TypedChoiceField(
        label=gettext_lazy("The day is"),
        choices=[
            ("1", gettext_lazy("a working day (make-up day)")),
            ("0", gettext_lazy("a day off (holiday)")),
        ],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if not FIRST_YEAR <= date.year <= LAST_YEAR:
            raise forms.ValidationError(_years_message())
        return date


def _years_message() -> str:
    return _("The calendar covers the years %(first)s to %(last)s.") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }


def _month_asked(request: HttpRequest, today: dt.date) -> dt.date:
    """The first day of the month in ``?year=&month=``; the current month (with a message)
    when they are not numbers or lie outside the years the calendar covers."""
    raw_year, raw_month = request.GET.get("year"), request.GET.get("month")
    if raw_year is None and raw_month is None:
        return today.replace(day=1)
    try:
        year, month = int(raw_year or today.year), int(raw_month or today.month)
    except ValueError:  # not a number (also a number of thousands of digits)
        year = month = 0
    if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
        return dt.date(year, month, 1)
    messages.warning(
        request,
        _(
            "There is no such month in the calendar, which covers the years %(first)s to %(last)s; here is the current month."
        )
        % {"first": FIRST_YEAR, "last": LAST_YEAR},
    )
    return today.replace(day=1)


@access(ok=WORKSPACE)
@login_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    _require(perms.can_use_workspace(request.user))
    today = timezone.localdate()
    first = _month_asked(request, today)
    cal = work_calendar()
    weeks = []
    for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        weeks.append([(d, cal.is_working_day(d), d.month == first.month) for d in week])
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    form = OverrideForm()
    if request.method == "POST":
        _require(perms.can_edit_calendar(request.user))
        form = OverrideForm(request.POST)
        if form.is_valid():
            services.calendar_override_set(
                date=form.cleaned_data["date"],
                is_working_day=form.cleaned_data["is_working_day"],
                note=form.cleaned_data["note"],
                acting_user=acting_user(request),
            )
            messages.success(request, _("Calendar updated."))
            d = form.cleaned_data["date"]
            return redirect(f"{reverse('calendar')}?year={d.year}&month={d.month}")
    ctx: dict[str, Any] = {
        "first": first,
        "weeks": weeks,
        "prev": prev_month if prev_month.year >= FIRST_YEAR else None,
        "next": next_month if next_month.year <= LAST_YEAR else None,
        "form": form,
        "known": cal.known_year(first.year),
        "provisional": cal.provisional_year(first.year),
        "overrides": CalendarOverride.objects.filter(date__year=first.year),
        "can_edit": perms.can_edit_calendar(request.user),
        "today": today,
    }
    return render(request, "core/calendar.html", ctx)


@access(ok=STAFF, sample="core.calendar_override", method="POST", otherwise=DENIED)
@login_required
@require_POST
def calendar_override_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(perms.can_edit_calendar(request.user))
    override = get_object_or_404(CalendarOverride, pk=pk)
    services.calendar_override_delete(override=override, acting_user=acting_user(request))
    messages.success(request, _("Override removed."))
    return redirect(f"{reverse('calendar')}?year={override.date.year}&month={override.date.month}")


@access(ok=WORKSPACE)
@login_required
def rules_profiles(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_rules_profiles(request.user))
    profiles = RulesProfile.objects.prefetch_related("versions").order_by("-is_default", "code")
    return render(request, "core/rules_profiles.html", {"profiles": profiles})


@access(ok=WORKSPACE, sample="core.rules_profile", otherwise=DENIED)
@login_required
def rules_profile_detail(request: HttpRequest, code: str) -> HttpResponse:
    _require(perms.can_view_rules_profiles(request.user))
    profile = get_object_or_404(RulesProfile, code=code)
    versions = list(profile.versions.order_by("-number"))
    try:
        number = int(request.GET.get("v", versions[0].number if versions else 0))
    except ValueError:
        number = versions[0].number if versions else 0
    version = next((v for v in versions if v.number == number), versions[0] if versions else None)
    rows = _profile_rows(version.data if version else {})
    return render(
        request,
        "core/rules_profile_detail.html",
        {
            "profile": profile,
            "versions": versions,
            "version": version,
            "rows": rows,
            "can_manage": perms.can_manage_rules_profiles(request.user),
            "change_form": RuleChangeForm(),
        },
    )


def _profile_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per rule: label, value in words, and the article it comes from."""
    from django.utils.translation import get_language

    from .rules import Basis
    from .rules.spec import RULE_SPECS
    from .workdays import Period

    english = (get_language() or "").startswith("en")
    rules = data.get("rules", {})
    rows = []
    for spec in RULE_SPECS.values():
        entry = rules.get(spec.key, {})
        value = entry.get("value")
        if spec.kind == "period" and value is not None:
            try:
                period = Period.from_value(value)
                shown: Any = period.label_en() if english else period.label_zh()
            except ValueError:
                shown = value
        elif spec.kind == "boolean":
            shown = _("yes") if value else _("no")
        elif spec.kind == "list" and isinstance(value, list):
            shown = "; ".join(
                " ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                for item in value
            )
        else:
            shown = value
        basis = Basis.from_value(entry.get("basis", {}))
        rows.append(
            {
                "spec": spec,
                "label": spec.label_en if english else spec.label_zh,
                "value": shown,
                "citation": basis.citation_zh if not basis.is_local_practice else _("local practice"),
                "quote": basis.quote or "",
                "note": basis.note or "",
            }
        )
    return rows


class RuleChangeForm(forms.Form):
    key = forms.ChoiceField(label=gettext_lazy("Rule"))
    value = forms.CharField(
        label=gettext_lazy("New value (JSON)"),
        max_length=2000,
        help_text=gettext_lazy('For example 7, true, or {"amount": 10, "unit": "working_days"}'),
    )
    source = forms.CharField(
        label=gettext_lazy("Source (statute file name or local-practice)"), max_length=80
    )
    article = forms.CharField(label=gettext_lazy("Article"), max_length=20, required=False)
    quote = forms.CharField(label=gettext_lazy("Quote"), max_length=200, required=False)
    note = forms.CharField(label=gettext_lazy("Why the change"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from .rules.spec import RULE_SPECS

        super().__init__(*args, **kwargs)
        key = self.fields["key"]
        assert isinstance(key, forms.ChoiceField)
        key.choices = [(k, k) for k in RULE_SPECS]

    def clean_value(self) -> Any:
        import json

        try:
            return json.loads(self.cleaned_data["value"])
        except ValueError as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc


@access(ok={P.ADMIN}, sample="core.rules_profile", method="POST", otherwise=DENIED)
@login_required
@require_POST
def rules_profile_change(request: HttpRequest, code: str) -> HttpResponse:
    """Publish a new version with one rule changed; running cases keep their version."""
    import copy

    _require(perms.can_manage_rules_profiles(request.user))
    profile = get_object_or_404(RulesProfile, code=code)
    latest = profile.versions.order_by("-number").first()
    form = RuleChangeForm(request.POST)
    if latest is None or not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request, f"{form.fields[field].label if field in form.fields else ''} {error}".strip()
                )
        return redirect("rules_profile_detail", code=code)
    data = copy.deepcopy(latest.data)
    basis = {"source": form.cleaned_data["source"]}
    for name in ("article", "quote"):
        if form.cleaned_data[name]:
            basis[name] = form.cleaned_data[name]
    if basis["source"] == "local-practice":
        basis.setdefault("note", form.cleaned_data["note"])
    data["rules"][form.cleaned_data["key"]] = {"value": form.cleaned_data["value"], "basis": basis}
    try:
        version = services.rules_profile_publish(
            profile=profile,
            data=data,
            note=form.cleaned_data["note"],
            acting_user=acting_user(request),
        )
    except DomainError as exc:
        details = "; ".join(str(d) for d in exc.detail) if isinstance(exc.detail, list) else ""
        messages.error(request, f"{exc.message} {details}".strip())
        return redirect("rules_profile_detail", code=code)
    messages.success(
        request,
        _("Version %(n)s published. Cases already running keep their version.") % {"n": version.number},
    )
    return redirect("rules_profile_detail", code=code)


@access(ok={P.ADMIN}, sample="core.rules_profile", method="POST", otherwise=DENIED)
@login_required
@require_POST
def rules_profile_make_default(request: HttpRequest, code: str) -> HttpResponse:
    _require(perms.can_manage_rules_profiles(request.user))
    profile = get_object_or_404(RulesProfile, code=code)
    services.rules_profile_set_default(profile=profile, acting_user=acting_user(request))
    messages.success(request, _("New cases will follow %(p)s.") % {"p": profile.title})
    return redirect("rules_profile_detail", code=code)


@access(ok={P.ADMIN, P.LEADER})
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    _require(perms.can_view_audit_log(request.user))
    qs = selectors.audit_page(
        object_type=request.GET.get("type", ""),
        action=request.GET.get("action", ""),
        actor=request.GET.get("actor", ""),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_log.html",
        {
            "page": page,
            "check": selectors.last_audit_verification(),
            "can_verify": perms.can_verify_audit_log(request.user),
        },
    )


@access(ok={P.ADMIN}, method="POST")
@login_required
@require_POST
def audit_verify_now(request: HttpRequest) -> HttpResponse:
    _require(perms.can_verify_audit_log(request.user))
    result = audit_verify()
    if result.ok:
        messages.success(
            request, _("The audit chain is intact: %(n)s records checked.") % {"n": result.checked}
        )
    else:
        messages.error(request, _("The audit chain is broken: %(p)s") % {"p": result.problem})
    return redirect("audit_log")


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Token name"), max_length=80)


@access(ok=WORKSPACE)
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    _require(perms.can_use_workspace(request.user))
    new_key = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.api_token_create(
            user=acting_user(request),
            name=form.cleaned_data["name"],
            acting_user=acting_user(request),
        )
        form = TokenForm()
    tokens = ApiToken.objects.filter(user_id=int(request.user.pk or 0)).order_by("-created_at")
    return render(request, "core/api_tokens.html", {"tokens": tokens, "form": form, "new_key": new_key})


@access(ok={P.DEPUTY, P.ADMIN}, sample="core.api_token", method="POST")
@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = visible_or_404(
        ApiToken.objects.select_related("user").filter(pk=pk).first(),
        lambda user, t: perms.can_manage_api_tokens(user, t.user),
        request,
    )
    services.api_token_revoke(token=token, acting_user=acting_user(request))
    messages.success(request, _("Token revoked."))
    return redirect("api_tokens")


def error_404(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(
        request, "error.html", {"error": {"message": _("The page you asked for does not exist.")}}, status=404
    )


def error_403(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(
        request,
        "error.html",
        {"error": {"message": _("You do not have permission to see this page.")}},
        status=403,
    )


def error_500(request: HttpRequest) -> HttpResponse:
    """The plain page: it must not need the database or the session, which may be what failed."""
    from .middleware import plain_page

    return plain_page(
        request, 500, _("Something went wrong"), _("Something went wrong on our side. It was logged."), []
    )
