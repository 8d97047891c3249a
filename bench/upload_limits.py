"""Benchmark of the upload limits (issue 10, item 4): the worst files under the size limit, and what each costs.

    SECRET_KEY=bench python bench/upload_limits.py

It builds each hostile file (a shared-strings bomb that inflates to 199 MB, a sheet without <dimension> holding
millions of cells, a zip whose records lie about sizes, a cell at XFD1048576, deep XML, a DTD entity bomb, thousands
of zip parts, CSV files far too wide or made of blank lines) and two sound files just under the cell limit, then
reads each exactly as an upload is checked (ingest.tabular.inspect_file, which stores nothing) and prints the CPU
time (resource.getrusage, a run without tracing) and the peak of Python allocations (tracemalloc, a second run).
Goal: every file under the size limit refused or accepted within 2 s of CPU and 100 MB. Not a test.
"""

from __future__ import annotations

import datetime
import io
import os
import resource
import sys
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")

GOAL_CPU_SECONDS = 2.0
GOAL_PEAK_MB = 100


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sound_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    from ingest.columns import BY_KEY, CSV_HEADER

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([str(BY_KEY[key].title) for key in CSV_HEADER])
    day = datetime.date(2021, 6, 1)
    for n in range(rows):
        sheet.append([f"{6000 + n % 200:05d}", day + datetime.timedelta(days=n // 200), 1, 0, 0, 2, 3, 10, 100, 0, 0])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def sound_csv(rows: int) -> bytes:
    from ingest.columns import CSV_HEADER

    lines = [",".join(CSV_HEADER)]
    day = datetime.date(2021, 6, 1)
    for n in range(rows):
        date = day + datetime.timedelta(days=n // 200)
        lines.append(f"{6000 + n % 200:05d},{date:%d/%m/%Y},1,0,0,2,3,10,100,0,0")
    return ("\r\n".join(lines) + "\r\n").encode()


def cases():
    from tests.ingest import hostile

    yield "xlsx shared-strings bomb (199 MB inflated)", "bom.xlsx", lambda: hostile.shared_strings_bomb(megabytes=199)
    yield "xlsx shared-strings bomb, sizes declared 1 KB", "bom.xlsx", lambda: hostile.lying_sizes(megabytes=40)
    yield "xlsx one shared string of 40 MB", "dai.xlsx", lambda: hostile.long_shared_string(40)
    yield "xlsx 400,000 short shared strings", "chuoi.xlsx", lambda: hostile.many_shared_strings(400_000)
    yield (
        "xlsx without <dimension>, 3.1 M cells",
        "khong-kich-thuoc.xlsx",
        lambda: hostile.sheet_without_dimension(rows=260_000),
    )
    yield "xlsx cell XFD1048576, dimension A1:XFD1048576", "goc.xlsx", hostile.far_cell
    yield "xlsx 20,000 rows reaching column XFD", "rong.xlsx", lambda: hostile.wide_rows(rows=20_000)
    yield "xlsx XML nested 2 M deep", "sau.xlsx", lambda: hostile.deep_xml(depth=2_000_000)
    yield "xlsx DTD entity bomb", "thuc-the.xlsx", hostile.entity_bomb
    yield "xlsx 60,000 zip parts", "nhieu-phan.xlsx", lambda: hostile.many_parts(60_000)
    yield "csv 18,300 columns", "rong.csv", lambda: hostile.wide_csv(18_300)
    yield "csv one row of 1 M fields over quoted line breaks", "rong.csv", lambda: hostile.wide_csv_row(1_000_000)
    yield "csv 9 MB of blank lines", "trong.csv", lambda: hostile.blank_lines_csv(9)
    yield "csv 9 MB of empty fields, 90 columns", "trong.csv", lambda: hostile.empty_fields_csv(9)
    yield "sound xlsx, 16,000 rows (176,000 cells)", "so-lieu.xlsx", lambda: sound_xlsx(16_000)
    yield "sound csv, 16,000 rows", "so-lieu.csv", lambda: sound_csv(16_000)


def check(content: bytes, name: str) -> str:
    from ingest.tabular import FileRejected, inspect_file

    try:
        return f"accepted, {inspect_file(content, name)} rows"
    except FileRejected as exc:
        return "refused: " + " ".join(exc.messages)


def main() -> None:
    import django

    os.environ.setdefault("SECRET_KEY", "bench")
    django.setup()
    from django.conf import settings
    from django.utils import translation

    translation.activate("vi")
    print(
        f"limits: upload {settings.INGEST_MAX_UPLOAD_BYTES:,} B, inflated {settings.INGEST_MAX_UNCOMPRESSED_BYTES:,} B,"
        f" {settings.INGEST_MAX_CELLS:,} cells, {settings.INGEST_MAX_SHARED_STRINGS:,} shared strings,"
        f" {settings.INGEST_MAX_COLUMNS} columns, {settings.INGEST_MAX_ROWS:,} rows"
    )
    print(f"{'file':<52} {'size':>9} {'CPU s':>7} {'peak MB':>8}  outcome")
    worst_cpu = worst_peak = 0.0
    for label, name, build in cases():
        content = build()
        assert len(content) <= settings.INGEST_MAX_UPLOAD_BYTES, (label, len(content))
        start = cpu()
        outcome = check(content, name)
        spent = cpu() - start
        tracemalloc.start()
        check(content, name)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        worst_cpu, worst_peak = max(worst_cpu, spent), max(worst_peak, peak)
        print(f"{label:<52} {len(content) / 1024:>7.0f}KB {spent:>7.2f} {peak:>8.1f}  {outcome[:90]}")
    print(
        f"worst: {worst_cpu:.2f} s CPU (goal < {GOAL_CPU_SECONDS} s), {worst_peak:.1f} MB peak (goal < {GOAL_PEAK_MB} MB);"
        f" the upload itself ({settings.INGEST_MAX_UPLOAD_BYTES / 2**20:.0f} MB at most) is held besides"
    )


if __name__ == "__main__":
    main()
