from django.core.management.base import BaseCommand

from areas.services import compute_adjacency, compute_display_geometry


class Command(BaseCommand):
    help = "Recompute which areas share a border, and the simplified display geometry."

    def add_arguments(self, parser):
        parser.add_argument("--tolerance", type=float, default=None, help="in degrees (default from settings)")

    def handle(self, *args, **options):
        pairs = compute_adjacency(tolerance=options["tolerance"])
        compute_display_geometry()
        self.stdout.write(f"{pairs} adjacent pairs.")
