from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "lvzhi.legislation"
    label = "legislation"
    verbose_name = _("Local legislation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registration

        registration.register()
