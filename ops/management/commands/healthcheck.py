import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ops.health import HealthReport, health_report

COMPONENTS = ("database", "cache", "broker")


def _age_text(age: datetime.timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min ago"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min ago" if hours < 48 else f"{hours // 24} days ago"


class Command(BaseCommand):
    help = (
        "Report the database, cache, broker and the age of the last recomputation; "
        "exit 1 when a required component is down."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--require",
            nargs="+",
            choices=COMPONENTS,
            default=list(COMPONENTS),
            help="components that must be up for exit status 0 (default: all)",
        )
        parser.add_argument(
            "--max-age",
            type=float,
            default=None,
            metavar="HOURS",
            help="also fail when the last recomputation is older than this, or never happened",
        )

    def handle(self, *args, **options):
        report = health_report()
        self._print(report)
        problems = [
            f"{component.name} is down"
            for component in report.components
            if component.name in options["require"] and not component.up
        ]
        max_age = options["max_age"]
        if max_age is not None and report.database.up:
            age = report.recomputation_age
            if age is None:
                problems.append("levels were never computed")
            elif age > datetime.timedelta(hours=max_age):
                problems.append(f"the last recomputation is older than {max_age:g} h")
        if problems:
            raise CommandError("; ".join(problems) + ".", returncode=1)
        self.stdout.write("healthy")

    def _print(self, report: HealthReport) -> None:
        for component in report.components:
            self.stdout.write(f"{component.name:<18} {component.state:<6} {component.detail}")
        if not report.database.up:
            recomputation = "unknown (database down)"
        elif report.last_recomputation is None:
            recomputation = "never"
        else:
            local = timezone.localtime(report.last_recomputation)
            recomputation = f"{local:%d/%m/%Y %H:%M} ({_age_text(report.recomputation_age)})"
        self.stdout.write(f"{'last recomputation':<18} {recomputation}")
