"""URL map: the workspace, the public portal at /public/, the API at /api/, the admin."""

from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from lvzhi.core import signin_views as signin
from lvzhi.core import views as core
from lvzhi.core.access import ALL, OK, access, public
from lvzhi.legislation.urls import public_urlpatterns as regulations_public
from lvzhi.suggestions.urls import public_urlpatterns as suggestions_public
from lvzhi.supervision.urls import public_urlpatterns as supervision_public

from .api import api_urls

urlpatterns = [
    path("", core.home, name="home"),
    path("login/", signin.LoginView.as_view(), name="login"),
    path("login/code/", signin.login_code, name="login_code"),
    path("login/set-up/", signin.login_enrol, name="login_enrol"),
    path("logout/", signin.logout_view, name="logout"),
    path("account/", signin.account, name="account"),
    path("account/password/", signin.PasswordChangeView.as_view(), name="password_change"),
    path("account/recovery-codes/", signin.account_recovery_codes, name="account_recovery_codes"),
    path("accounts/sign-in/", signin.signin_admin, name="signin_admin"),
    path("accounts/sign-in/unlock/", signin.signin_unlock, name="signin_unlock"),
    path("accounts/sign-in/reset/", signin.signin_two_factor_reset, name="signin_two_factor_reset"),
    path("i18n/setlang/", access(ok=ALL, anon=OK, method="POST")(core.set_language), name="set_language"),
    path("jsi18n/", public(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("leaders/", core.leaders, name="leaders"),
    path("inbox/", core.inbox, name="inbox"),
    path("inbox/read-all/", core.notifications_read_all, name="notifications_read_all"),
    path("inbox/<int:pk>/", core.notification_open, name="notification_open"),
    path("todos/<int:pk>/close/", core.todo_close, name="todo_close"),
    path("organs/", core.organs, name="organs"),
    path("calendar/", core.calendar_page, name="calendar"),
    path(
        "calendar/override/<int:pk>/delete/", core.calendar_override_delete, name="calendar_override_delete"
    ),
    path("rules/", core.rules_profiles, name="rules_profiles"),
    path("rules/<slug:code>/", core.rules_profile_detail, name="rules_profile_detail"),
    path("rules/<slug:code>/change/", core.rules_profile_change, name="rules_profile_change"),
    path("rules/<slug:code>/default/", core.rules_profile_make_default, name="rules_profile_make_default"),
    path("audit/", core.audit_log, name="audit_log"),
    path("audit/verify/", core.audit_verify_now, name="audit_verify"),
    path("tokens/", core.api_tokens, name="api_tokens"),
    path("tokens/<int:pk>/revoke/", core.api_token_revoke, name="api_token_revoke"),
    path("deputies/", include("lvzhi.deputies.urls")),
    path("motions/", include("lvzhi.motions.urls")),
    path("suggestions/oversight/", include("lvzhi.suggestions.urls_oversight")),
    path("suggestions/", include("lvzhi.suggestions.urls")),
    path("legislation/", include("lvzhi.legislation.urls")),
    path("supervision/", include("lvzhi.supervision.urls")),
    path("", include("lvzhi.consultation.urls")),
    path("public/suggestions/", include(suggestions_public)),
    path("public/regulations/", include(regulations_public)),
    path("public/supervision/", include(supervision_public)),
    path("public/", include("lvzhi.portal.urls")),
    path("api/", api_urls()),
    path("admin/login/", signin.admin_login, name="admin_login"),  # the admin signs in here too
    path("admin/", admin.site.urls),
]

handler403 = "lvzhi.core.views.error_403"
handler404 = "lvzhi.core.views.error_404"
handler500 = "lvzhi.core.views.error_500"
