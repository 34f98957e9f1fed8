from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MotionsConfig(AppConfig):
    name = "lvzhi.motions"
    label = "motions"
    verbose_name = _("Motions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registration

        registration.register()
