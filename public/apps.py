from django.apps import AppConfig
from django.core import checks


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "public site"

    def ready(self):
        from risk.signals import levels_published

        from . import freshness, mapdata, ratelimit

        checks.register(ratelimit.check_rate_limit)

        def write_files(sender, *, publication, **kwargs):
            mapdata.write_published_files(publication=publication)

        levels_published.connect(write_files, dispatch_uid="public-published-files", weak=False)
        freshness.watch_writes()
