"""Oversight of suggestions, included by the project at ``suggestions/oversight/``."""

from django.urls import path

from . import views_oversight as views

app_name = "oversight"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("topics/", views.topics, name="topics"),
    path("delegations/", views.delegations, name="delegations"),
    path("deputies/", views.deputies, name="deputies"),
    path("commitments/", views.commitments, name="commitments"),
    path("export/<slug:table>.xlsx", views.export, name="export"),
    path("report.docx", views.annual_report, name="report"),
]
