from django.urls import path

from . import views

app_name = "deputies"
urlpatterns = [
    path("", views.deputy_list, name="list"),
    path("new/", views.deputy_create, name="create"),
    path("import/", views.deputy_import, name="import"),
    path("export.xlsx", views.deputy_export, name="export"),
    path("template.xlsx", views.deputy_template, name="template"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/edit/", views.deputy_edit, name="edit"),
    path("<int:pk>/status/", views.deputy_status, name="status"),
    path("<int:pk>/reveal/", views.deputy_reveal, name="reveal"),
]
