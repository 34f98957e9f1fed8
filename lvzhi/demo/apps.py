from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The fictional demo city generator (``lvzhi seed``); no models, only content and a command."""

    name = "lvzhi.demo"
    label = "demo"
    verbose_name = _("Demo city")
