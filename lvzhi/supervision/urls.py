from django.urls import path

from . import views

app_name = "supervision"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/<slug:action>/", views.item_action, name="item_action"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/evidence/<int:attachment>/", views.evidence_download, name="evidence"),
    path("tasks/<int:pk>/letter.docx", views.task_letter, name="task_letter"),
    path("tasks/<int:pk>/<slug:action>/", views.task_action, name="task_action"),
    path("votes/<int:pk>/", views.vote_detail, name="vote"),
    path("votes/<int:pk>/<slug:action>/", views.vote_action, name="vote_action"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", views.dashboard_export, name="dashboard_export"),
]

public_urlpatterns = (
    [
        path("", views.public_list, name="public_list"),
        path("<int:pk>/", views.public_detail, name="public_detail"),
    ],
    "supervision_public",
)
