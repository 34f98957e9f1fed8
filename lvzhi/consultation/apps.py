from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "lvzhi.consultation"
    label = "consultation"
    verbose_name = _("Public consultation")
    default_auto_field = "django.db.models.BigAutoField"
