import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from risk.engine import ScenarioError, evaluate_scenario

INPUT_ERROR = 2


class Command(BaseCommand):
    help = (
        "Evaluate a what-if scenario file (shared/spec/scenario-format.md) with the engine of the published "
        "levels; print the result as JSON. Problems go to standard error, one per line, with exit status 2."
    )
    # Pure evaluation: no database, and nothing but the problems of the file may reach standard error.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", help="scenario file (JSON)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_bytes()
        except OSError as exc:
            self._fail([f"{path}: cannot read the file ({exc.strerror or exc})"])
        try:
            result = evaluate_scenario(text)
        except ScenarioError as exc:
            self._fail(exc.problems)
        except Exception as exc:  # noqa: BLE001 — whatever the file holds: one line, status 2, never a traceback
            self._fail([f"{path}: the scenario could not be evaluated ({exc.__class__.__name__})"])
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _fail(self, problems: list[str], status: int = INPUT_ERROR):
        # status 1 would read as "the tool broke" to a script; every failure here is about the input file
        for problem in problems:
            self.stderr.write(problem)
        sys.exit(status)
