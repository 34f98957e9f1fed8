from django.urls import path

from . import views

app_name = "suggestions"
urlpatterns = [
    path("", views.suggestion_list, name="list"),
    path("new/", views.suggestion_new, name="new"),
    path("hints/", views.hints, name="hints"),
    path("<int:pk>/", views.suggestion_detail, name="detail"),
    path("<int:pk>/edit/", views.suggestion_edit, name="edit"),
    path("<int:pk>/sheet.docx", views.assignment_sheet, name="sheet"),
    path("<int:pk>/attachments/<int:attachment>/", views.attachment_download, name="attachment"),
    path("<int:pk>/<slug:name>/", views.suggestion_action, name="action"),
    path("replies/<int:pk>/letter.docx", views.reply_letter, name="reply_letter"),
]

public_urlpatterns = (
    [
        path("", views.public_list, name="public_list"),
        path("<int:pk>/", views.public_detail, name="public_detail"),
    ],
    "suggestions_public",
)
