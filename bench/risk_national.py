"""Benchmark of the risk engine on a synthetic country and on a Lạng Sơn-sized province.

    python bench/risk_national.py --engine-only [--repeat 3] [--seed 2686]
    DATABASE_URL=postgis://… python bench/risk_national.py      # and the database round trip, in a scratch database

The country: 63 provinces, 700 districts and 10,600 communes on a triangulated grid (a planar graph, ~30,000
adjacent pairs), districts and provinces grown as contiguous regions, log-normal populations, one report per
commune per day over 14 days (~150,000 reports) and a dozen outbreaks with clusters, unknown sources, F1 contacts
and flags. Goals: national < 1 s, Lạng Sơn < 100 ms; with the database (read the inputs, evaluate, store every
assessment through risk.services.recompute.recompute) national < 5 s. The database part loads the generated country into a
scratch database created for the run (bench_<name>) and drops it afterwards.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from risk.engine import Area, Declared, EngineInput, Flag, Override, Report, evaluate  # noqa: E402

DAY = date(2021, 7, 20)


def _grid(n: int, pairs: int, rng: random.Random) -> tuple[list[tuple[float, float]], list[tuple[int, int]]]:
    """Place n points on a jittered grid and join them as a triangulation, dropping diagonals down to `pairs`."""
    rows = max(1, int(math.sqrt(n / 1.05)))
    cols = math.ceil(n / rows)
    index = {}
    points = []
    for i in range(n):
        r, c = divmod(i, cols)
        index[r, c] = i
        points.append((c + rng.uniform(-0.3, 0.3), r + rng.uniform(-0.3, 0.3)))
    sides, diagonals = [], []
    for (r, c), i in index.items():
        if (r, c + 1) in index:
            sides.append((i, index[r, c + 1]))
        if (r + 1, c) in index:
            sides.append((i, index[r + 1, c]))
        if (r + 1, c + 1) in index and (r, c + 1) in index and (r + 1, c) in index:
            # one diagonal per cell keeps the graph planar
            diagonals.append((i, index[r + 1, c + 1]) if rng.random() < 0.5 else (index[r, c + 1], index[r + 1, c]))
    rng.shuffle(diagonals)
    keep = max(0, pairs - len(sides))
    return points, sides + diagonals[:keep]


def _regions(points: list[tuple[float, float]], count: int, rng: random.Random) -> list[int]:
    """Split points into `count` contiguous regions around random seeds (a grid Voronoi partition)."""
    seeds = rng.sample(range(len(points)), count)
    cell = max(1.0, math.sqrt(len(points) / count))
    buckets: dict[tuple[int, int], list[int]] = {}
    for s, i in enumerate(seeds):
        x, y = points[i]
        buckets.setdefault((int(x // cell), int(y // cell)), []).append(s)
    out = []
    for x, y in points:
        bx, by = int(x // cell), int(y // cell)
        best, best_d, radius = 0, math.inf, 1
        while best_d == math.inf or radius <= 2:
            for dx in range(-radius, radius + 1):
                for dy in range(-radius, radius + 1):
                    for s in buckets.get((bx + dx, by + dy), ()):
                        sx, sy = points[seeds[s]]
                        d = (sx - x) ** 2 + (sy - y) ** 2
                        if d < best_d:
                            best, best_d = s, d
            radius += 1
        out.append(best)
    return out


def generate_country(
    seed: int = 2686,
    provinces: int = 63,
    districts: int = 700,
    communes: int = 10_600,
    pairs: int = 30_000,
    days: int = 14,
    outbreaks: int = 12,
    day: date = DAY,
) -> EngineInput:
    """Return a synthetic but realistic national input for `day`."""
    rng = random.Random(seed)
    points, edges = _grid(communes, pairs, rng)
    district_of = _regions(points, districts, rng)
    centres = [[0.0, 0.0, 0] for _ in range(districts)]
    for (x, y), d in zip(points, district_of):
        centres[d][0] += x
        centres[d][1] += y
        centres[d][2] += 1
    used = sorted({d for d in district_of})
    dpoints = [(centres[d][0] / centres[d][2], centres[d][1] / centres[d][2]) for d in used]
    province_of_used = _regions(dpoints, min(provinces, len(used)), rng)
    province_of = {d: p for d, p in zip(used, province_of_used)}

    pop = [max(800, int(rng.lognormvariate(math.log(8000), 0.55))) for _ in range(communes)]
    dpop: dict[int, int] = {}
    for i, d in enumerate(district_of):
        dpop[d] = dpop.get(d, 0) + pop[i]
    ppop: dict[int, int] = {}
    for d, p in province_of.items():
        ppop[p] = ppop.get(p, 0) + dpop[d]
    pcode = {p: f"P{p:02d}" for p in ppop}
    dcode = {d: f"{pcode[province_of[d]]}D{d:03d}" for d in used}
    ccode = [f"{dcode[district_of[i]]}C{i:05d}" for i in range(communes)]
    province_areas = [Area(pcode[p], "province", f"Tỉnh {p + 1}", None, ppop[p]) for p in sorted(ppop)]
    district_areas = [Area(dcode[d], "district", f"Huyện {d + 1}", pcode[province_of[d]], dpop[d]) for d in used]
    areas = province_areas + district_areas
    areas += [Area(ccode[i], "commune", f"Xã {i + 1}", dcode[district_of[i]], pop[i]) for i in range(communes)]
    adjacency = [(ccode[a], ccode[b]) for a, b in edges]
    border = [i for i, (x, y) in enumerate(points) if y < 0.5][:40]  # the northern edge borders a foreign area
    areas.append(Area("EXT1", "province", "Khu vực biên giới", None, None, True))
    adjacency += [(ccode[i], "EXT1") for i in border]

    neighbours: dict[int, list[int]] = {}
    for a, b in edges:
        neighbours.setdefault(a, []).append(b)
        neighbours.setdefault(b, []).append(a)
    dates = [day - timedelta(days=k) for k in range(days)]
    hot: dict[tuple[int, date], list[int]] = {}
    for _ in range(outbreaks):
        centre, ring = rng.randrange(communes), set()
        frontier = {centre}
        for _ in range(rng.randint(1, 3)):
            frontier = {n for f in frontier for n in neighbours.get(f, ())} - ring
            ring |= frontier
        for i in ring | {centre}:
            for d in rng.sample(dates, rng.randint(1, 5)):
                k = rng.randint(0, 4)
                row = [
                    k,
                    rng.randint(0, 1) if rng.random() < 0.3 else 0,
                    1 if i == centre and rng.random() < 0.5 else 0,
                    min(k, 1) if rng.random() < 0.1 else 0,
                    rng.randint(0, 3),
                    rng.randint(0, 10),
                ]
                hot[i, d] = row
    reports = []
    for i in range(communes):
        for d in dates:
            k, u, c, h, q, f1 = hot.get((i, d), (0, 0, 0, 0, 0, 0))
            reports.append(Report(ccode[i], d, k, u, c, h, q, f1))
    reports += [Report(a.code, dates[3], 2) for a in district_areas[:7]]  # cases not yet attributed to a commune
    start, end = day - timedelta(days=10), day + timedelta(days=20)
    flags = [
        Flag(province_areas[0].code, "scattered", True, start, end),
        Flag(district_areas[-1].code, "fast_spread_share", 0.3, start, end),
        Flag(ccode[border[0]], "illegal_entry_risk", True, start, end),
    ]
    declared = [Declared("EXT1", 3, start, end, "Thông báo của nước láng giềng")]
    overrides = [Override(ccode[communes // 2], 4, start, day + timedelta(days=5), "Ổ dịch phức tạp", "QĐ 01/QĐ-BCĐ")]
    return EngineInput(
        day, tuple(areas), tuple(adjacency), tuple(reports), tuple(flags), tuple(declared), tuple(overrides)
    )


def generate_lang_son(seed: int = 2686) -> EngineInput:
    """Return a Lạng Sơn-sized input: 1 province, 11 districts, 200 communes, ~535 adjacent pairs."""
    return generate_country(seed, provinces=1, districts=11, communes=200, pairs=535, outbreaks=2)


def time_engine(inp: EngineInput, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = evaluate(inp)
        times.append(time.perf_counter() - t0)
    return times, result


def _describe(name: str, inp: EngineInput, times: list[float], result) -> None:
    kinds: dict[str, int] = {}
    for a in inp.areas:
        kinds[a.kind] = kinds.get(a.kind, 0) + (not a.external)
    levels = {lvl: v["areas"] for lvl, v in result.national.items()}
    steps = sum(1 for r in result.areas.values() if r.step_down_date)
    print(
        f"{name}: {kinds.get('province', 0)} provinces, {kinds.get('district', 0)} districts, "
        f"{kinds.get('commune', 0)} communes, {len(inp.adjacency)} pairs, {len(inp.reports)} reports"
    )
    print(f"  communes per level {levels}; {steps} areas with a step-down date")
    print(
        f"  evaluate: best {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms "
        f"over {len(times)} runs"
    )


# ── Database round trip: the risk app's recompute() on PostGIS (load inputs, evaluate, store assessments) ─────


def _django() -> None:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")
    django.setup()


def load_into_database(inp: EngineInput) -> dict[str, int]:
    """Write a generated country as the app stores it: areas, adjacency, daily reports, flags, decisions."""
    from areas.models import Adjacency
    from areas.models import Area as AreaRow
    from ingest.models import AreaFlag, DailyReport, DeclaredLevel
    from risk.models import Override as OverrideRow

    ids: dict[str, int] = {}
    labels = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã"}
    for kind in ("province", "district", "commune"):  # parents first
        mine = [a for a in inp.areas if a.kind == kind]
        # GSO codes have at most 5 digits: the generated codes are longer, so number the areas of each kind
        rows = [
            AreaRow(
                code=f"{kind[0]}{n}",
                kind=kind,
                name=a.name,
                type_label=labels[kind],
                parent_id=ids.get(a.parent),
                population=a.population or 0,
                external=a.external,
            )
            for n, a in enumerate(mine)
        ]
        for a, row in zip(mine, AreaRow.objects.bulk_create(rows, batch_size=2000)):
            ids[a.code] = row.pk
    pairs = {tuple(sorted((ids[a], ids[b]))) for a, b in inp.adjacency if a != b}
    Adjacency.objects.bulk_create([Adjacency(area_a_id=a, area_b_id=b) for a, b in pairs], batch_size=5000)
    DailyReport.objects.bulk_create(
        [
            DailyReport(
                area_id=ids[r.area],
                date=r.date,
                community_cases_known_source=r.community_cases_known_source,
                community_cases_unknown_source=r.community_cases_unknown_source,
                unknown_source_clusters=r.unknown_source_clusters,
                hard_to_control_source_cases=r.hard_to_control_source_cases,
                quarantined_cases=r.quarantined_cases,
                community_f1=r.community_f1,
            )
            for r in inp.reports
        ],
        batch_size=5000,
    )
    AreaFlag.objects.bulk_create(
        [
            AreaFlag(
                area_id=ids[f.area],
                flag=f.flag,
                value=None if isinstance(f.value, bool) else f.value,
                start=f.start,
                end=f.end,
            )
            for f in inp.flags
        ]
    )
    DeclaredLevel.objects.bulk_create(
        [
            DeclaredLevel(area_id=ids[d.area], level=d.level, start=d.start, end=d.end, reference=d.reference)
            for d in inp.declared
        ]
    )
    OverrideRow.objects.bulk_create(
        [
            OverrideRow(
                area_id=ids[o.area],
                level=o.level,
                start=o.start,
                end=o.end,
                reason=o.reason,
                body=o.body or "Ban Chỉ đạo",
                decision_number=o.reference,
            )
            for o in inp.overrides
        ]
    )
    return {"areas": len(ids), "pairs": len(pairs), "reports": len(inp.reports)}


def time_database(inp: EngineInput, repeat: int) -> dict[str, list[float]]:
    """Time recompute() of inp.date from an empty store (every assessment written), again with nothing changed
    (fingerprint only), and after one report changed (evaluate, rewrite the changed rows)."""
    from ingest.models import DailyReport
    from risk import selectors
    from risk.models import Assessment, AssessmentRun
    from risk.services.recompute import recompute

    out: dict[str, list[float]] = {"read": [], "cold": [], "unchanged": [], "one change": []}
    ruleset = selectors.ruleset_in_force(inp.date)
    for n in range(repeat):
        AssessmentRun.objects.all().delete()
        Assessment.objects.all().delete()
        t0 = time.perf_counter()
        selectors.engine_input(day=inp.date, ruleset=ruleset)
        out["read"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        result = recompute(dates=[inp.date])
        out["cold"].append(time.perf_counter() - t0)
        assert result.evaluated == [inp.date], result
        t0 = time.perf_counter()
        assert recompute(dates=[inp.date]).unchanged == [inp.date]
        out["unchanged"].append(time.perf_counter() - t0)
        report = DailyReport.objects.filter(date=inp.date).order_by("pk")[n]
        report.community_f1 += 1
        report.save(update_fields=["community_f1"])
        t0 = time.perf_counter()
        recompute(dates=[inp.date])
        out["one change"].append(time.perf_counter() - t0)
    return out


def database_round_trip(name: str, inp: EngineInput, repeat: int, engine_median: float, goal: float) -> None:
    """Load inp into a scratch database (never the configured one), time recompute(), print beside the engine."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.vendor == "postgresql":
        settings.DATABASES["default"]["TEST"]["NAME"] = f"bench_{settings.DATABASES['default']['NAME']}"
    old = setup_databases(verbosity=0, interactive=False)
    try:
        t0 = time.perf_counter()
        counts = load_into_database(inp)
        print(
            f"{name} in {connection.vendor}: loaded {counts['areas']} areas, {counts['pairs']} pairs, "
            f"{counts['reports']} reports in {time.perf_counter() - t0:.1f} s"
        )
        times = time_database(inp, repeat)
        median = {k: statistics.median(v) for k, v in times.items()}
        print(
            f"  recompute one date: {median['cold'] * 1000:.0f} ms from an empty store "
            f"(of which reading the inputs {median['read'] * 1000:.0f} ms), {median['unchanged'] * 1000:.0f} ms "
            f"with nothing changed, {median['one change'] * 1000:.0f} ms after one report changed; "
            f"medians over {repeat} runs"
        )
        print(
            f"  engine alone {engine_median * 1000:.0f} ms; with the database {median['cold'] * 1000:.0f} ms: "
            f"goal < {goal * 1000:.0f} ms {'met' if median['cold'] < goal else 'NOT met'}"
        )
    finally:
        teardown_databases(old, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine-only", action="store_true", help="time the engine alone (no database)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2686)
    parser.add_argument("--outbreaks", type=int, default=12, help="national outbreaks (a stress test: 60, 200)")
    args = parser.parse_args(argv)
    if not args.engine_only:
        _django()
    national = lambda seed: generate_country(seed, outbreaks=args.outbreaks)  # noqa: E731
    database_goals = {"national": 5.0, "Lạng Sơn": 0.5}
    for name, make, goal in (("national", national, 1.0), ("Lạng Sơn", generate_lang_son, 0.1)):
        t0 = time.perf_counter()
        inp = make(args.seed)
        print(f"{name}: generated in {time.perf_counter() - t0:.1f} s")
        times, result = time_engine(inp, max(1, args.repeat))
        _describe(name, inp, times, result)
        print(f"  goal < {goal * 1000:.0f} ms: {'met' if statistics.median(times) < goal else 'NOT met'}")
        if not args.engine_only:
            database_round_trip(name, inp, max(1, args.repeat), statistics.median(times), database_goals[name])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
