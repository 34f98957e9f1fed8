from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("deputies/", views.deputies, name="deputies"),
    path("deputies/<int:pk>/", views.deputy, name="deputy"),
    path("stations/", views.stations, name="stations"),
]
