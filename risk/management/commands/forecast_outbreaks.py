import csv
import datetime
import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas.models import Area
from ingest import demo as ingest_demo
from ingest.columns import CSV_HEADER
from risk import selectors
from risk.forecast.synthetic import OutbreakSettings, generate
from risk.models import RuleSet

FIELDS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)


def write_csv(path: Path, rows: list[tuple[str, datetime.date, dict]]) -> None:
    """Write reports in the upload format (the header of the downloadable template)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for code, day, figures in sorted(rows, key=lambda r: (r[1], r[0])):
        writer.writerow([code, day.isoformat(), *(figures.get(k, "") for k in CSV_HEADER[2:])])
    path.write_text(out.getvalue(), encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Write synthetic outbreaks for forecast_backtest, in the upload format: one file per seed from a "
        "stochastic spatial epidemic over the database's areas and adjacency (known truth), and with --demo "
        "the demo outbreak of setup_demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--seeds", default="1,2,3,4,5", help="comma-separated seeds")
        parser.add_argument("--start", default="2021-06-01")
        parser.add_argument("--days", type=int, default=60)
        parser.add_argument("--demo", action="store_true", help="also write the demo outbreak (demo.csv)")

    def handle(self, *args, folder: Path, seeds: str, start: str, days: int, demo: bool, **options):
        first = datetime.date.fromisoformat(start)
        ruleset = selectors.ruleset_in_force(first) or RuleSet.objects.order_by("valid_from").first()
        if ruleset is None:
            raise CommandError("no rule set")
        inp, _ids = selectors.engine_input(day=first, ruleset=ruleset)
        folder.mkdir(parents=True, exist_ok=True)
        for seed in (int(s) for s in seeds.split(",") if s.strip()):
            reports = generate(inp.areas, inp.adjacency, first, seed, OutbreakSettings(days=days))
            rows = [(r.area, r.date, {k: getattr(r, k) for k in FIELDS}) for r in reports]
            # One row per commune on the first and last day, so that the file spans the whole period.
            for a in inp.areas:
                if a.kind == "commune" and not a.external:
                    for day in (first, first + datetime.timedelta(days=days - 1)):
                        if not any(code == a.code and d == day for code, d, _f in rows):
                            rows.append((a.code, day, {k: 0 for k in FIELDS}))
            path = folder / f"outbreak-{seed}.csv"
            write_csv(path, rows)
            cases = sum(r.community_cases_known_source + r.community_cases_unknown_source for r in reports)
            self.stdout.write(f"{path.name}: {len(rows)} rows, {cases} community cases")
        if demo:
            areas = list(Area.objects.internal().exclude(kind=Area.Kind.PROVINCE).order_by("kind", "code"))
            rows = [
                (row.area.code, row.cells["date"], {k: row.cells.get(k) for k in FIELDS})
                for row in ingest_demo._rows(areas)
            ]
            write_csv(folder / "demo.csv", rows)
            self.stdout.write(f"demo.csv: {len(rows)} rows")
