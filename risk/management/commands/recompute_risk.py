import datetime

from django.core.management.base import BaseCommand, CommandError

from risk.services.recompute import recompute

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(value: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"not a date: {value!r} (expected YYYY-MM-DD or DD/MM/YYYY)")


class Command(BaseCommand):
    help = "Recompute the stored assessments of every date from --from to --to (inclusive), e.g. after a back-fill."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="first date (YYYY-MM-DD or DD/MM/YYYY)")
        parser.add_argument("--to", dest="end", required=True, help="last date (YYYY-MM-DD or DD/MM/YYYY)")

    def handle(self, *args, **options):
        start, end = parse_date(options["start"]), parse_date(options["end"])
        if start > end:
            raise CommandError(f"--from {start:%d/%m/%Y} is after --to {end:%d/%m/%Y}")
        days = [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]
        result = recompute(dates=days)
        self.stdout.write(
            f"{len(days)} dates: {len(result.evaluated)} recomputed ({result.written} assessments written), "
            f"{len(result.unchanged)} unchanged, {len(result.without_ruleset)} without a rule set in force"
        )
        if result.without_ruleset:
            first, last = result.without_ruleset[0], result.without_ruleset[-1]
            self.stdout.write(
                f"No rule set in force on {len(result.without_ruleset)} dates "
                f"({first:%d/%m/%Y} … {last:%d/%m/%Y}): nothing assessed there."
            )
        if result.published:
            self.stdout.write(f"{len(result.published)} publications made automatically (RISK_AUTO_PUBLISH).")
