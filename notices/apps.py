from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = _("Thông tin công khai")

    def ready(self):
        from risk.signals import levels_published

        from . import services

        def prepare_notice(sender, *, publication, changed, **kwargs):
            if changed:
                services.prepare_level_change_notice(publication=publication)

        levels_published.connect(prepare_notice, dispatch_uid="notices-level-change", weak=False)
