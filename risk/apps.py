from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "risk"
    verbose_name = _("Đánh giá cấp độ nguy cơ")

    def ready(self):
        from ingest.signals import data_changed

        from . import scheduling, signals, tasks

        data_changed.connect(scheduling.on_data_changed, dispatch_uid="risk-take-data-changes")
        signals.dates_queued.connect(tasks.schedule_drain, dispatch_uid="risk-schedule-drain")
        signals.levels_published.connect(tasks.queue_forecast, dispatch_uid="risk-forecast")
