"""Benchmark of the upload of daily reports at national scale: 10,600 communes × 1 day.

    DATABASE_URL=postgis://… SECRET_KEY=bench python bench/import_reports.py [--communes 10600] [--seed 2686]

It works in a database of its own (the configured one's name + "_bench_import", created and dropped here) holding a
synthetic country: 63 provinces, 700 districts, 10,600 communes. It generates the file, then times the services the
admin upload and `manage.py import_reports` share:
  preview = store the file, read it, check every row against the areas and the existing reports;
  commit  = check again inside the transaction and write every report with its history record.
Three passes: a first upload (every row new), the same file again (every row unchanged), a corrected file (every row
updated); and the preview of the same rows as XLSX. Goal: the first upload previewed and committed in under 10 s on a
2-core machine. The recomputation request is counted, not run (the risk app's benchmark covers it).
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")

PROVINCES, DISTRICTS = 63, 700
DAY = "10/06/2021"
GOAL_SECONDS = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=10_600)
    parser.add_argument("--seed", type=int, default=2686)
    return parser.parse_args()


def own_database():
    """Point Django at a fresh database of the benchmark's own; return a function that drops it."""
    from django.conf import settings
    from django.db import connection

    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        test_name = str(Path(settings.BASE_DIR) / "var" / f"{Path(name).stem}_bench_import.sqlite3")
        Path(test_name).parent.mkdir(exist_ok=True)
    else:
        test_name = f"{name}_bench_import"
    connection.settings_dict["TEST"]["NAME"] = test_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(name, verbosity=0)


def make_country(communes: int, rng: random.Random) -> list[str]:
    """Create provinces, districts and communes without boundaries; return the commune codes."""
    from areas.models import Area
    from areas.text import fold

    def unit(code, kind, name, parent=None, population=0):
        return Area(
            code=code,
            kind=kind,
            name=name,
            type_label=kind,
            parent=parent,
            population=population,
            search_name=fold(name),
        )

    provinces = Area.objects.bulk_create([unit(f"P{i:02d}", "province", f"Tỉnh Thử {i}") for i in range(PROVINCES)])
    districts = Area.objects.bulk_create(
        [unit(f"D{i:03d}", "district", f"Huyện Thử {i}", provinces[i % PROVINCES]) for i in range(DISTRICTS)]
    )
    codes = [f"{i:05d}" for i in range(1, communes + 1)]
    Area.objects.bulk_create(
        [
            unit(code, "commune", f"Xã Thử {code}", districts[i % DISTRICTS], rng.randint(1_000, 30_000))
            for i, code in enumerate(codes)
        ],
        batch_size=2000,
    )
    return codes


def make_rows(codes: list[str], rng: random.Random) -> list[dict]:
    rows = []
    for code in codes:
        known = rng.choice((0, 0, 0, 0, 1, 2, 5))
        unknown = rng.choice((0, 0, 0, 0, 0, 1, 2))
        # Plausible figures (the plausibility rules run on every row); one row in a hundred raises a warning
        # (deaths far above the last 14 days) and carries its explanation, as a clerk's file would.
        warned = rng.random() < 0.01
        rows.append(
            {
                "commune_code": code,
                "date": DAY,
                "community_cases_known_source": known,
                "community_cases_unknown_source": unknown,
                "unknown_source_clusters": 1 if unknown == 2 and rng.random() < 0.5 else 0,
                "hard_to_control_source_cases": min(known, 1),
                "quarantined_cases": rng.choice((0, 0, 1, 3)),
                "community_f1": rng.choice((0, 0, 2, 10, 40)),
                "tests": rng.randint(0, 900),
                "recovered": rng.choice((0, 0, 1)),
                "deaths": 30 if warned else 0,
                "warning_comment": "đã xác minh với trung tâm y tế huyện" if warned else "",
            }
        )
    return rows


def as_csv(rows: list[dict]) -> bytes:
    from ingest.columns import CSV_HEADER

    header = (*CSV_HEADER, "warning_comment")
    lines = [",".join(header)] + [",".join(str(row[key]) for key in header) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def as_xlsx(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    from ingest.columns import BY_KEY, CSV_HEADER

    workbook = Workbook()  # not write-only: like Excel's, the sheet records its dimensions
    sheet = workbook.active
    header = (*CSV_HEADER, "warning_comment")
    sheet.append([str(BY_KEY[key].title) for key in header])
    for row in rows:
        sheet.append([row[key] for key in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def upload(content: bytes, name: str, user) -> tuple[dict, float, float]:
    from ingest.models import ReportImport
    from ingest.services.imports import claim_commit, commit_import, preview_import, receive_upload

    def preview():
        report_import = receive_upload(name=name, content=content, user=user)
        preview_import(report_import=report_import)
        return report_import

    report_import, preview_seconds = timed(preview)
    assert report_import.status == ReportImport.Status.PREVIEWED, report_import.message
    report_import, commit_seconds = timed(
        lambda: commit_import(report_import=claim_commit(report_import=report_import, user=user))
    )
    assert report_import.status == ReportImport.Status.COMMITTED, report_import.message
    counts = {"create": report_import.created, "update": report_import.updated, "unchanged": report_import.unchanged}
    return counts, preview_seconds, commit_seconds


def line(label: str, rows: int, seconds: float) -> str:
    return f"  {label:<34} {seconds:7.2f} s   {rows / seconds:9,.0f} rows/s"


def main() -> None:
    args = parse_args()
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection

    import risk.scheduling

    requests = []
    risk.scheduling.request_recompute = lambda *, changed_dates: requests.append(len(changed_dates))

    from django.conf import settings

    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-import-"))  # the stored uploads go away afterwards
    drop = own_database()
    try:
        rng = random.Random(args.seed)
        codes, seconds = timed(lambda: make_country(args.communes, rng))
        print(
            f"import_reports: {connection.vendor}, {args.communes:,} communes × 1 day "
            f"(country built in {seconds:.1f} s), {os.cpu_count()} CPUs"
        )
        user = get_user_model().objects.create_user("bench", is_staff=True, is_superuser=True)
        rows = make_rows(codes, rng)
        content = as_csv(rows)
        from ingest.models import PlausibilityRule

        print(
            f"  file: {len(content) / 1e6:.2f} MB CSV; plausibility rules on: "
            f"{PlausibilityRule.objects.filter(active=True).count()} "
            f"({sum(1 for row in rows if row['warning_comment'])} rows with an explained warning)"
        )

        counts, preview_s, commit_s = upload(content, "national.csv", user)
        assert counts["create"] == len(rows), counts
        print(line("first upload, preview", len(rows), preview_s))
        print(line("first upload, commit (+history)", len(rows), commit_s))
        total = preview_s + commit_s
        print(line("first upload, preview + commit", len(rows), total))

        counts, preview_s, commit_s = upload(content, "national-again.csv", user)
        assert counts["unchanged"] == len(rows), counts
        print(line("same file again, preview + commit", len(rows), preview_s + commit_s))

        for row in rows:
            row["tests"] += 1
        counts, preview_s, commit_s = upload(as_csv(rows), "national-corrected.csv", user)
        assert counts["update"] == len(rows), counts
        print(line("every row updated, preview", len(rows), preview_s))
        print(line("every row updated, commit (+history)", len(rows), commit_s))

        workbook = as_xlsx(rows)
        from ingest.services.imports import preview_import, receive_upload

        report_import, seconds = timed(
            lambda: preview_import(report_import=receive_upload(name="national.xlsx", content=workbook, user=user))
        )
        print(line(f"XLSX ({len(workbook) / 1e6:.2f} MB) preview", len(rows), seconds))

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory {peak:.0f} MB; recomputation requests {len(requests)} (one per committed write)")
        verdict = "met" if total < GOAL_SECONDS else "MISSED"
        print(f"  goal: first upload previewed + committed < {GOAL_SECONDS:.0f} s: {verdict} ({total:.2f} s)")
    finally:
        drop()
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


if __name__ == "__main__":
    main()
