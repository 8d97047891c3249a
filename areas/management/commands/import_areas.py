import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas.models import Area
from areas.services import AreaImportError, FieldMapping, import_areas


class Command(BaseCommand):
    help = "Load administrative areas of one kind from a GeoJSON or Shapefile (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", required=True, choices=Area.Kind.values)
        parser.add_argument("--code-field", default="code")
        parser.add_argument("--name-field", default="name")
        parser.add_argument("--type-field", default="type")
        parser.add_argument("--parent-field", default=None, help="field holding the parent area's code")
        parser.add_argument("--population-field", default=None)
        parser.add_argument("--valid-from", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--external", action="store_true", help="areas outside the province")

    def handle(self, *args, **options):
        mapping = FieldMapping(
            code=options["code_field"],
            name=options["name_field"] or None,
            type_label=options["type_field"] or None,
            parent=options["parent_field"],
            population=options["population_field"],
        )
        try:
            result = import_areas(
                path=options["file"],
                kind=options["kind"],
                mapping=mapping,
                valid_from=options["valid_from"],
                external=options["external"],
            )
        except AreaImportError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(exc.problems)} problem(s); nothing was written.", returncode=2)
        self.stdout.write(f"{result.created} created, {result.updated} updated.")
