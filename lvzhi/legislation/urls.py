from django.urls import path

from . import views

app_name = "legislation"
urlpatterns = [
    path("", views.bill_list, name="bill_list"),
    path("bills/new/", views.bill_create, name="bill_create"),
    path("bills/<int:pk>/", views.bill_detail, name="bill_detail"),
    path("bills/<int:pk>/edit/", views.bill_edit, name="bill_edit"),
    path("bills/<int:pk>/submit/", views.bill_submit, name="bill_submit"),
    path("bills/<int:pk>/versions/new/", views.version_create, name="version_create"),
    path("bills/<int:pk>/versions/<int:number>/", views.version_text, name="version_text"),
    path(
        "bills/<int:pk>/versions/<int:number>.xml", views.version_download, {"fmt": "xml"}, name="version_xml"
    ),
    path(
        "bills/<int:pk>/versions/<int:number>.docx",
        views.version_download,
        {"fmt": "docx"},
        name="version_docx",
    ),
    path(
        "bills/<int:pk>/versions/<int:number>.txt", views.version_download, {"fmt": "txt"}, name="version_txt"
    ),
    path("bills/<int:pk>/attach/", views.bill_attach, name="bill_attach"),
    path("bills/<int:pk>/files/<int:attachment_id>/", views.bill_attachment, name="bill_attachment"),
    path("bills/<int:pk>/compare/", views.bill_compare, name="bill_compare"),
    path("bills/<int:pk>/compare.docx", views.bill_compare_docx, name="bill_compare_docx"),
    path("bills/<int:pk>/decision/", views.bill_decision, name="bill_decision"),
    path("bills/<int:pk>/decision.docx", views.bill_decision_docx, name="bill_decision_docx"),
    path("bills/<int:pk>/<slug:step>/", views.bill_step, name="bill_step"),
    path("readings/<int:pk>/hold/", views.reading_hold, name="reading_hold"),
    path("readings/<int:pk>/documents/new/", views.reading_document, name="reading_document"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("votes/<int:pk>/", views.vote_detail, name="vote_detail"),
    path("votes/<int:pk>/cast/", views.vote_cast, name="vote_cast"),
    path("votes/<int:pk>/record/", views.vote_record, name="vote_record"),
    path("votes/<int:pk>/close/", views.vote_close, name="vote_close"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/<slug:step>/", views.proposal_step, name="proposal_step"),
]

public_urlpatterns = (
    [
        path("", views.public_list, name="list"),
        path("plan/", views.public_plan, name="plan"),
        path("<int:pk>/", views.public_detail, name="detail"),
        path("<int:pk>/versions/<int:number>/", views.public_detail, name="version"),
        path(
            "<int:pk>/versions/<int:number>.xml",
            views.public_version_download,
            {"fmt": "xml"},
            name="version_xml",
        ),
        path(
            "<int:pk>/versions/<int:number>.docx",
            views.public_version_download,
            {"fmt": "docx"},
            name="version_docx",
        ),
        path(
            "<int:pk>/versions/<int:number>.txt",
            views.public_version_download,
            {"fmt": "txt"},
            name="version_txt",
        ),
        path("drafts/<int:pk>.xml", views.public_draft_download, {"fmt": "xml"}, name="draft_xml"),
        path("drafts/<int:pk>.docx", views.public_draft_download, {"fmt": "docx"}, name="draft_docx"),
        path("drafts/<int:pk>.txt", views.public_draft_download, {"fmt": "txt"}, name="draft_txt"),
        path("<int:pk>/compare/", views.public_compare, name="compare"),
        path("<int:pk>/compare.docx", views.public_compare_docx, name="compare_docx"),
    ],
    "regulations_public",
)
