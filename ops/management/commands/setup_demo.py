from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

# Each app's demo module loads its part, in the direction data flows.
DEMO_APPS = ["areas", "ingest", "risk", "notices"]


class Command(BaseCommand):
    help = "Load Lạng Sơn's areas and the synthetic demo outbreak, compute and publish its levels."

    def handle(self, *args, **options):
        for app in DEMO_APPS:
            try:
                module = import_module(f"{app}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app}.demo":
                    raise
                continue
            message = module.load()
            self.stdout.write(f"{app}: {message}")
        if not settings.COVIDMAPS_BOUNDARIES:
            self.stdout.write("Boundaries are schematic: set COVIDMAPS_BOUNDARIES to load the real ones.")
