"""Index the input once per evaluation: hierarchy, neighbour lists, report window sums, dated entries.

Reports are summed per area and date and turned into prefix sums, so the sum over any window is two bisections;
a report dated after the assessment date is a "new report" and is left out, both for the date itself (it is not
in the window) and for the step-down forecast ("with no new reports", spec §6). Reports for the same area and date
are added together. A report for a district or province counts only toward the known-source rate of that area and
the areas above it (spec §2.1): its other fields name no commune, so no rule reads them.

A district or province without a population takes the sum of its sub-areas' (rates need one); shares are of the
internal sub-areas of the right kind (the communes of a district, the districts of a province), and a district
with no commune has every share 0.

When several entries of one kind cover a date, the choice does not depend on input order (spec §2.5):
- overrides and declared levels: the one that started last wins (the latest decision); on a tie, the higher level;
  further ties fall to the later end, then the reference, reason and body, so that even the wording shown is
  the same whatever the order;
- flags: a flag is set when any of its entries is; fast_spread_share takes the highest value in force.

Areas exist over a validity period (spec §2.5). Only the areas valid on the assessment date are assessed, border
and take entries. A report of an area that is no longer valid counts, for the 14 days from its date, for the area
that succeeds it, followed through later merges and splits: when that is one area, as if filed for it; when the
area was split (several successors) or has none, it is not guessed onto one commune but kept for the reviewer
(`unattributed`), and its known-source cases count, like a district's own report (§2.1), for the smallest area
that holds every successor (for none: its own parent) [I].
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from .facts import Flags
from .model import COMMUNE, DISTRICT, PROVINCE, Area, Declared, EngineInput, Flag, Override, Unattributed

ZERO5 = (0, 0, 0, 0, 0)


@dataclass(slots=True)
class Series:
    """Prefix sums over the sorted report dates (ordinals) of one area."""

    days: list[int]
    sums: list[tuple[int, ...]]  # sums[i] = totals over days[:i]

    @classmethod
    def build(cls, by_day: dict[int, list[int]]) -> "Series":
        days = sorted(by_day)
        running = [0] * len(by_day[days[0]])
        sums = [tuple(running)]
        for d in days:
            running = [a + b for a, b in zip(running, by_day[d])]
            sums.append(tuple(running))
        return cls(days, sums)

    def window(self, lo: int, hi: int) -> tuple[int, ...]:
        """Return the field totals over dates lo..hi (ordinals, inclusive)."""
        i, j = bisect_left(self.days, lo), bisect_right(self.days, hi)
        if i == j:
            return ZERO5 if len(self.sums[0]) == 5 else (0,)
        a, b = self.sums[j], self.sums[i]
        return tuple(x - y for x, y in zip(a, b))


def _covering(entries: Iterable[Any], day: date) -> list[Any]:
    return [e for e in entries if e.start <= day <= e.end]


def _decision_key(e: Declared | Override) -> tuple:
    """Latest start, then highest level (spec §2.5); the rest only makes the order total."""
    return (e.start, e.level, e.end, e.reference, getattr(e, "reason", ""), getattr(e, "body", ""))


@dataclass
class Prepared:
    """Everything assess() reads, computed once per evaluation."""

    day: date
    window_days: int
    areas: dict[str, Area]
    communes: list[str]  # internal communes, input order
    children: dict[str, list[str]]  # internal district → communes, province → districts
    population: dict[str, int | None]  # own, else the sum of the sub-areas'
    commune_neighbours: dict[str, tuple[str, ...]]  # any area → adjacent internal communes (sorted)
    own: dict[str, Series]  # internal commune → (known, unknown, clusters, hard, f1)
    known: dict[str, Series]  # internal district/province → (known,) of the area, its sub-areas and own reports
    flags: dict[str, list[Flag]] = field(default_factory=dict)
    declared: dict[str, list[Declared]] = field(default_factory=dict)
    overrides: dict[str, list[Override]] = field(default_factory=dict)
    unattributed: list[Unattributed] = field(default_factory=list)  # reports of split areas, for the reviewer

    def overrides_on(self, day: date) -> dict[str, Override]:
        return {
            c: max(es, key=_decision_key) for c, entries in self.overrides.items() if (es := _covering(entries, day))
        }

    def declared_on(self, day: date) -> dict[str, Declared]:
        return {
            c: max(es, key=_decision_key) for c, entries in self.declared.items() if (es := _covering(entries, day))
        }

    def flags_on(self, day: date) -> dict[str, Flags]:
        out: dict[str, Flags] = {}
        for code, entries in self.flags.items():
            chosen: dict[str, Flag] = {}
            for f in _covering(entries, day):
                if f.value is False:
                    continue
                have = chosen.get(f.flag)
                if have is None or _flag_key(f) > _flag_key(have):
                    chosen[f.flag] = f
            if chosen:
                out[code] = Flags(chosen)
        return out

    def change_days(self, horizon_days: int) -> list[date]:
        """Return the dates after `day`, within the horizon, on which some input enters or leaves: only there can a
        level change when no new report comes in."""
        # near 31/12/9999 the horizon stops at the last date there is
        first, last = self.day.toordinal() + 1, min(self.day.toordinal() + horizon_days, date.max.toordinal())
        days: set[int] = set()
        for series in (*self.own.values(), *self.known.values()):
            days.update(d + self.window_days for d in series.days)
        for entries in (*self.flags.values(), *self.declared.values(), *self.overrides.values()):
            for e in entries:
                days.add(e.start.toordinal())
                days.add(e.end.toordinal() + 1)
        return [date.fromordinal(d) for d in sorted(days) if first <= d <= last]


def _flag_key(f: Flag) -> tuple:
    value = -1.0 if isinstance(f.value, bool) or f.value is None else float(f.value)
    return (value, f.start, f.end, repr(f.value))


def prepare(inp: EngineInput, window_days: int) -> Prepared:
    """Index `inp` for assessments on inp.date and the dates after it; raise ValueError on unknown area codes."""
    every = {a.code: a for a in inp.areas}
    areas = {c: a for c, a in every.items() if a.valid_on(inp.date)}
    internal = {c: a for c, a in areas.items() if not a.external}
    communes = [c for c, a in internal.items() if a.kind == COMMUNE]
    children: dict[str, list[str]] = defaultdict(list)
    for c, a in internal.items():
        parent = internal.get(a.parent) if a.parent else None
        if parent and (a.kind, parent.kind) in ((COMMUNE, DISTRICT), (DISTRICT, PROVINCE)):
            children[a.parent].append(c)
    population = {c: a.population for c, a in areas.items()}
    for kind in (DISTRICT, PROVINCE):  # districts first: a province may sum its districts' sums
        for c, a in internal.items():
            if a.kind == kind and not a.population and children.get(c):
                population[c] = sum(population[s] or 0 for s in children[c]) or None

    neighbours: dict[str, set[str]] = defaultdict(set)
    for x, y in inp.adjacency:
        if x not in every or y not in every:
            raise ValueError(f"adjacency: unknown area {x if x not in every else y!r}")
        if x == y or x not in areas or y not in areas:
            continue
        if y in internal and internal[y].kind == COMMUNE:
            neighbours[x].add(y)
        if x in internal and internal[x].kind == COMMUNE:
            neighbours[y].add(x)

    prepared = Prepared(
        day=inp.date,
        window_days=window_days,
        areas=areas,
        communes=communes,
        children=dict(children),
        population=population,
        commune_neighbours={c: tuple(sorted(ns)) for c, ns in neighbours.items()},
        own={},
        known={},
        flags=_group(inp.flags, internal),
        declared=_group(inp.declared, {c: a for c, a in areas.items() if a.external}),
        overrides=_group(inp.overrides, internal),
    )
    _add_reports(prepared, inp, every, internal)
    return prepared


def _group(entries: Iterable[Any], allowed: dict[str, Area]) -> dict[str, list[Any]]:
    """Group dated entries by area; entries on areas of the wrong side (e.g. an override of an external) are not read."""
    out: dict[str, list[Any]] = defaultdict(list)
    for e in entries:
        if e.area in allowed:
            out[e.area].append(e)
    return dict(out)


def _heirs(
    code: str, every: dict[str, Area], current: dict[str, Area], memo: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """Return the areas valid on the date that took the place of `code`, through every later merge and split.

    A walk over the successors that stops at valid areas: no recursion, so a long chain of mergers cannot exhaust
    the stack, and a cycle of successors gives every member the same answer whatever is asked first.
    """
    if code in current:
        return (code,)
    if code not in memo:
        found, seen, todo = set(), {code}, [code]
        while todo:
            for s in every[todo.pop()].successors:
                if s in every and s not in seen:
                    seen.add(s)
                    (found.add if s in current else todo.append)(s)
        memo[code] = tuple(sorted(found))
    return memo[code]


def _add_reports(self: Prepared, inp: EngineInput, every: dict[str, Area], internal: dict[str, Area]) -> None:
    """Sum the reports of the window into per-area prefix sums (own fields for communes, known cases upward)."""
    first = self.day.toordinal() - self.window_days + 1
    lo, hi = date.fromordinal(max(first, 1)), self.day
    own: dict[str, dict[int, list[int]]] = defaultdict(dict)
    known: dict[str, dict[int, list[int]]] = defaultdict(dict)
    # Only links of the right kinds (commune → district → province) carry cases upward: at most two steps, so
    # summing is linear in the reports whatever the parents say.
    up = {
        c: a.parent
        for c, a in internal.items()
        if a.parent in internal and (a.kind, internal[a.parent].kind) in ((COMMUNE, DISTRICT), (DISTRICT, PROVINCE))
    }
    memo: dict[str, tuple[str, ...]] = {}
    for r in inp.reports:
        if r.area not in every:
            raise ValueError(f"reports: unknown area {r.area!r}")
        if not lo <= r.date <= hi or every[r.area].external:
            continue
        k, u, c, h, f = (
            r.community_cases_known_source,
            r.community_cases_unknown_source,
            r.unknown_source_clusters,
            r.hard_to_control_source_cases,
            r.community_f1,
        )
        if not (k or u or c or h or f):
            continue
        target = r.area
        if target not in internal:
            heirs = _heirs(target, every, internal, memo)
            if len(heirs) == 1:
                target = heirs[0]
            else:
                target = _holding(heirs, up) if heirs else _current_parent(every[r.area], every, internal)
                self.unattributed.append(Unattributed(r, heirs, target))
                if target is None:
                    continue
                u = c = h = f = 0  # no commune to give them to; only the rate of a larger area reads cases
                if not k:
                    continue
        d = r.date.toordinal()
        area = internal[target]
        if area.kind == COMMUNE:
            row = own[target].get(d)
            if row is None:
                own[target][d] = [k, u, c, h, f]
            else:
                for i, v in enumerate((k, u, c, h, f)):
                    row[i] += v
        if k:
            a = target if area.kind != COMMUNE else up.get(target)
            while a is not None:
                row = known[a].get(d)
                if row is None:
                    known[a][d] = [k]
                else:
                    row[0] += k
                a = up.get(a)
    self.own = {c: Series.build(days) for c, days in own.items()}
    self.known = {c: Series.build(days) for c, days in known.items()}


def _chain(code: str, up: dict[str, str]) -> list[str]:
    chain = [code]
    while (code := up.get(code)) is not None:
        chain.append(code)
    return chain


def _holding(heirs: tuple[str, ...], up: dict[str, str]) -> str | None:
    """Return the smallest area that holds every one of `heirs` (themselves included), or None."""
    common = [a for a in _chain(heirs[0], up) if all(a in _chain(h, up) for h in heirs[1:])]
    return common[0] if common else None


def _current_parent(area: Area, every: dict[str, Area], internal: dict[str, Area]) -> str | None:
    """Return the nearest area above `area` that is valid on the date, or None."""
    seen = {area.code}
    parent = area.parent
    while parent is not None and parent in every and parent not in seen:
        if parent in internal:
            return parent
        seen.add(parent)
        parent = every[parent].parent
    return None
