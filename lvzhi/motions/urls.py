from django.urls import path

from . import views

app_name = "motions"
urlpatterns = [
    path("", views.motion_list, name="list"),
    path("new/", views.motion_create, name="create"),
    path("signers/", views.signer_search, name="signer_search"),
    path("public/", views.public_list, name="public_list"),
    path("<int:pk>/", views.motion_detail, name="detail"),
    path("<int:pk>/edit/", views.motion_edit, name="edit"),
    path("<int:pk>/files/<int:attachment_id>/", views.motion_attachment, name="attachment"),
    path("<int:pk>/confirm/", views.motion_confirm, name="confirm"),
    path("<int:pk>/decline/", views.motion_decline, name="decline"),
    path("<int:pk>/submit/", views.motion_submit, name="submit"),
    path("<int:pk>/convert/", views.motion_convert, name="convert"),
    path("<int:pk>/decide/", views.motion_decide, name="decide"),
    path("<int:pk>/report/", views.motion_report, name="report"),
    path("<int:pk>/vote/", views.motion_vote, name="vote"),
    path("<int:pk>/withdraw/", views.motion_withdraw, name="withdraw"),
    path("<int:pk>/request-withdrawal/", views.motion_request_withdrawal, name="request_withdrawal"),
    path("<int:pk>/withdraw-signature/", views.motion_withdraw_signature, name="withdraw_signature"),
]
