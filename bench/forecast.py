"""Benchmark of the 7-day forecast (issue 15): 1,000 futures × 7 days, each read by the rule engine.

    python bench/forecast.py                      # Lạng Sơn, then the national set of bench/risk_national.py
    python bench/forecast.py --case lang_son --futures 1000

Lạng Sơn: the real areas and adjacency from the database (DATABASE_URL, after `make run` or `make test` loaded
them) with a synthetic outbreak from risk/forecast/synthetic.py, forecast from its 30th day; without a database,
the Lạng Sơn-sized province of bench/risk_national.py. National: the synthetic country of bench/risk_national.py
(63 provinces, 700 districts, 10,600 communes, a dozen outbreaks). Goals: Lạng Sơn ≤ 30 s, national ≤ 10 min.
Each case runs in its own process, which prints its time, the processor time it used (what the machine's other work
does not add to) and its peak memory (resident set size).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GOALS = {"lang_son": 30.0, "national": 600.0}
START = date(2021, 6, 1)
ORIGIN_DAY = 30


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def lang_son_input(seed: int):
    """Lạng Sơn's real areas with a synthetic outbreak; the synthetic province when there is no database."""
    from dataclasses import replace

    from risk.forecast.synthetic import OutbreakSettings, generate

    try:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "covidmaps.settings")
        import django

        django.setup()
        from risk import selectors
        from risk.models import RuleSet

        ruleset = RuleSet.objects.get(code="QD2686")
        inp, _ids = selectors.engine_input(day=START, ruleset=ruleset)
        if not any(a.kind == "commune" for a in inp.areas):
            raise LookupError("no communes in the database")
        source = "real areas and adjacency from the database"
    except Exception as exc:  # no database, or one without Lạng Sơn: the synthetic province
        from risk_national import generate_lang_son

        inp = generate_lang_son(seed)
        source = f"synthetic province of bench/risk_national.py ({exc.__class__.__name__})"
    reports = generate(inp.areas, inp.adjacency, START, seed, OutbreakSettings(days=ORIGIN_DAY))
    origin = START + timedelta(days=ORIGIN_DAY - 1)
    return replace(inp, date=origin, reports=tuple(reports), flags=(), declared=(), overrides=()), source


def national_input(seed: int):
    from risk_national import generate_country

    return generate_country(seed), "synthetic country of bench/risk_national.py"


def run_case(case: str, futures: int, seed: int) -> None:
    from risk.forecast import forecast

    inp, source = lang_son_input(seed) if case == "lang_son" else national_input(seed)
    communes = sum(1 for a in inp.areas if a.kind == "commune" and not a.external)
    cases = sum(r.community_cases_known_source + r.community_cases_unknown_source for r in inp.reports)
    before = _peak_mib()
    started, cpu = time.perf_counter(), time.process_time()
    fc = forecast(inp, futures=futures, seed=seed)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    raised = int((fc.rise > 0).sum())
    print(f"{case}: {source}")
    print(f"  {communes} communes, {len(inp.adjacency)} adjacent pairs, {cases} community cases in the history")
    print(
        f"  {futures} futures × {len(fc.days)} days: {seconds:.1f} s (processor {cpu:.1f} s; {fc.distinct_futures} distinct futures), "
        f"goal ≤ {GOALS[case]:.0f} s: {'met' if seconds <= GOALS[case] else 'NOT met'}"
    )
    print(
        f"  peak memory {_peak_mib():.0f} MiB (before the forecast: {before:.0f} MiB); "
        f"{raised} areas with a chance of rising"
    )
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", choices=("lang_son", "national"), help="run one case in this process")
    parser.add_argument("--futures", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2686)
    args = parser.parse_args(argv)
    if args.case:
        run_case(args.case, args.futures, args.seed)
        return 0
    status = 0
    for case in ("lang_son", "national"):
        status |= subprocess.call(
            [sys.executable, __file__, "--case", case, "--futures", str(args.futures), "--seed", str(args.seed)]
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
