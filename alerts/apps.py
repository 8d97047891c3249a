from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("Đăng ký nhận tin")

    def ready(self):
        from risk.signals import levels_published

        from .receivers import queue_alerts

        levels_published.connect(queue_alerts, dispatch_uid="alerts.queue_alerts")
