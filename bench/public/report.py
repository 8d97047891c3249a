"""Read the wrk outputs of bench/public_load.sh and print throughput, p99 and the ratios to the references."""

import re
import sys
from pathlib import Path

GOAL_SHARE = 0.30
GOAL_P99_MS = 50.0
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def read(path: Path) -> tuple[float, float, int]:
    text = path.read_text()
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", text))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    return rate, float(value) * UNITS[unit], errors


SERVERS = ("django", "bare", "nginx", "django-paced")


def main(folder: Path, names: list[str]) -> int:
    print(f"{'endpoint':<20}{'server':<22}{'req/s':>10}{'p99 ms':>10}{'errors':>8}")
    failures = 0
    summary = []
    for name in names:
        results = {server: read(folder / f"{name}.{server}.txt") for server in SERVERS}
        for server, (rate, p99, errors) in results.items():
            label = "django at 30 % of bare" if server == "django-paced" else server
            print(f"{name:<20}{label:<22}{rate:>10.0f}{p99:>10.1f}{errors:>8}")
        django, bare, nginx, paced = (results[server] for server in SERVERS)
        share = django[0] / bare[0]
        ok = share >= GOAL_SHARE and paced[1] < GOAL_P99_MS and django[2] == 0 and paced[2] == 0
        failures += not ok
        summary.append(
            f"{name:<20}django/bare {share:6.1%}   django/nginx {django[0] / nginx[0]:6.1%}   "
            f"p99 at 30 % of bare {paced[1]:5.1f} ms   {'meets' if ok else 'MISSES'} the goal"
        )
    print()
    print(f"Goal: ≥ {GOAL_SHARE:.0%} of the bare WSGI throughput, p99 < {GOAL_P99_MS:.0f} ms at that load, no errors.")
    print("\n".join(summary))
    return failures


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
