from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "lvzhi.deputies"
    label = "deputies"
    verbose_name = _("Deputies")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registration

        registration.register()
