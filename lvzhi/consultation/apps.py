from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "lvzhi.consultation"
    label = "consultation"
    verbose_name = _("Public consultation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import registration

        registration.register()
        from django.db.models.signals import post_delete, post_save

        from lvzhi.legislation.models import BillVersion
        from lvzhi.legislation.signals import bill_concluded

        from .services import forget_version, on_bill_concluded

        # a bill that concludes (voted, failed, withdrawn, terminated) closes its consultations
        bill_concluded.connect(on_bill_concluded, dispatch_uid="consultation_close_on_bill_concluded")

        # a bill version's text never changes, but test databases reuse ids after a rollback
        post_save.connect(forget_version, sender=BillVersion, dispatch_uid="consultation_forget_version")
        post_delete.connect(
            forget_version, sender=BillVersion, dispatch_uid="consultation_forget_version_del"
        )
