"""Simulate the next days' reports many times and read each future through the real rule engine.

1. Each district's daily community cases (known + unknown source, its communes' and its own reports) give the
   posterior of its reproduction number R by the renewal equation (renewal.py). A district's prior is centred on
   the province's estimate, so a district with little data borrows from the province.
2. Each future draws R from that posterior and, day after day, a district's cases from a negative binomial with
   mean R * L (L: its total infectiousness, plus a share of its neighbouring districts') and size k * L (Endo et
   al.'s overdispersion summed over the infectious load). The cases are shared among its communes in proportion
   to their recent cases, their neighbours' recent cases and, a little, their population; communes bordering an
   area outside the province declared at level 3 or 4 get imported cases. Each commune's cases are split into
   known and unknown source, unknown-source clusters, hard-to-control sources and F1 contacts in the proportions
   observed in its district (shrunk toward the province's).
3. Each future's reports are added to the real ones and the rule engine (risk.engine: adjacency, districts,
   province, flags, declared levels and overrides exactly as entered) gives every area's level on each day. Only
   what a future can change is assessed, and each thing once (_tally): a family of areas (a province, its
   districts and communes) that no simulated case comes within two adjacency steps of keeps its level with no new
   report; the others are assessed once per distinct set of window sums the rules read. The result is exactly that
   of assessing every future whole (_tally_every_future, which the tests compare it with).

Only reports dated on or before the origin are read: a forecast never sees what came after it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Iterable, Sequence

import numpy as np
from scipy import sparse

from risk.engine.assess import assess
from risk.engine.model import DISTRICT, EngineInput
from risk.engine.prepare import Prepared, Series, prepare
from risk.engine.rulesets import DEFAULT_RULESET, RuleSet, ruleset_for

from .memo import remembering
from .parameters import ForecastParameters
from .renewal import Posterior, estimate_r, serial_weights

HORIZON_DAYS = 7
INTRODUCTION_DAYS = 14  # a case in a commune with no case in this many days before is an introduction
DEFAULT_FUTURES = 1000
FIELDS = 5  # known, unknown, clusters, hard, f1: the engine's Series order
# Rule sets whose rules read unknown-source cases, clusters, hard-to-control cases and F1 only as "at least one" (a
# sum over the window ≥ 1): a future's counts of these are cut to 1 a day, which changes no level and lets futures
# that differ only in them be assessed once.
PRESENCE_ONLY = {"QD2686"}
BATCH_CELLS = 20_000_000  # futures × communes × days × fields held at once
POOL_SHARE = 2  # a family whose distinct futures on a day exceed 1/POOL_SHARE of all is assessed with the others


@dataclass
class Forecast:
    """Per area (internal, in `codes` order) and forecast day, the share of futures at each level 1..4."""

    origin: date
    days: tuple[date, ...]
    codes: tuple[str, ...]
    current: dict[str, int]
    probabilities: np.ndarray  # [area, day, level-1]
    rise: np.ndarray  # [area]: share of futures with a level above today's on some forecast day
    futures: int
    distinct_futures: int
    districts: dict[str, dict[str, Any]] = field(default_factory=dict)  # R estimates
    parameters: dict[str, Any] = field(default_factory=dict)

    def index(self, code: str) -> int:
        return self.codes.index(code)

    def of(self, code: str) -> np.ndarray:
        return self.probabilities[self.index(code)]

    def most_likely(self, code: str) -> list[int]:
        return [int(np.argmax(p)) + 1 for p in self.of(code)]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready copy: probabilities rounded to 4 decimals per area and day."""
        areas = {}
        for i, code in enumerate(self.codes):
            areas[code] = {
                "current": self.current.get(code, 1),
                "rise": round(float(self.rise[i]), 4),
                "days": [[round(float(x), 4) for x in self.probabilities[i, j]] for j in range(len(self.days))],
            }
        return {
            "origin": self.origin.isoformat(),
            "days": [d.isoformat() for d in self.days],
            "futures": self.futures,
            "distinct_futures": self.distinct_futures,
            "areas": areas,
            "districts": self.districts,
            "parameters": self.parameters,
        }


def forecast(
    inp: EngineInput,
    *,
    ruleset: str | RuleSet = DEFAULT_RULESET,
    params: ForecastParameters | None = None,
    futures: int = DEFAULT_FUTURES,
    horizon: int = HORIZON_DAYS,
    seed: int = 0,
    days: Sequence[int] | None = None,
) -> Forecast:
    """Forecast the levels of every internal area of `inp` for the `horizon` days after inp.date.

    `days` (1..horizon) restricts which days are assessed (the back-test reads only the last)."""
    fp = params or ForecastParameters()
    rs = ruleset_for(ruleset)
    ep = rs.parameters(inp.parameters)
    origin = inp.date
    first = origin - timedelta(days=fp.history_days - 1)
    seen = [r for r in inp.reports if first <= r.date <= origin]
    base = prepare(replace(inp, reports=seen), ep.window_days)
    offsets = tuple(sorted(set(days or range(1, horizon + 1))))
    if not offsets or offsets[0] < 1 or offsets[-1] > horizon:
        raise ValueError(f"forecast days must lie in 1..{horizon}")
    current = assess(base, rs.rules, ep, origin).final
    world = _World.build(base, seen, origin, fp)
    rng = np.random.default_rng(seed)
    posteriors = world.posteriors(fp)
    sims = _simulate(world, posteriors, fp, base, rng, futures, horizon)
    if rs.code in PRESENCE_ONLY:
        for rows in sims:
            np.minimum(rows[:, 3:], 1, out=rows[:, 3:])

    internal = tuple(c for c, a in base.areas.items() if not a.external)
    distinct = len({rows.tobytes() for rows in sims})
    counts, risen = _tally(base, sims, world, rs, ep, offsets, current, internal, presence=rs.code in PRESENCE_ONLY)
    counts[:, :, 0] = futures - counts[:, :, 1:].sum(axis=2)
    districts = {
        code: {
            "r_mean": round(float(p.mean), 3),
            "r_95": [round(x, 3) for x in p.interval()],
            "cases_window": int(world.district_incidence[i, -fp.window_days :].sum()),
        }
        for i, (code, p) in enumerate(zip(world.districts, posteriors))
    }
    return Forecast(
        origin=origin,
        days=tuple(origin + timedelta(days=o) for o in offsets),
        codes=internal,
        current={c: current.get(c, 1) for c in internal},
        probabilities=counts / futures,
        rise=risen / futures,
        futures=futures,
        distinct_futures=distinct,
        districts=districts,
        parameters=fp.as_dict(),
    )


def no_new_reports(inp: EngineInput, day: date, *, ruleset: str | RuleSet = DEFAULT_RULESET) -> dict[str, int]:
    """Levels (> 1) on a later `day` if no report came after inp.date: the step-down forecast."""
    rs = ruleset_for(ruleset)
    ep = rs.parameters(inp.parameters)
    seen = [r for r in inp.reports if r.date <= inp.date]
    return assess(prepare(replace(inp, reports=seen), ep.window_days), rs.rules, ep, day).final


# ── The world as the simulation sees it ──────────────────────────────────────────────────────────────────────


@dataclass
class _World:
    communes: list[str]
    districts: list[str]
    district_of: np.ndarray  # commune → district index (-1: none)
    members: list[np.ndarray]  # district → its commune indices
    population: np.ndarray  # commune populations
    adjacency: sparse.csr_matrix  # commune × commune
    district_adjacency: np.ndarray | sparse.csr_matrix  # district × district, 0/1
    commune_incidence: np.ndarray  # [C, T] community cases
    district_incidence: np.ndarray  # [D, T] incl. the district's own reports
    totals: np.ndarray  # [D, 5] history sums per field
    introduced: np.ndarray  # [D, 2] known, unknown of cases in communes with no case in the 14 days before
    external: list[list[str]]  # commune → external neighbours
    weights: np.ndarray  # serial interval

    @classmethod
    def build(cls, base: Prepared, reports: Iterable, origin: date, fp: ForecastParameters) -> "_World":
        areas = base.areas
        communes = [
            c
            for c in base.communes
            if (p := areas[c].parent) in areas and areas[p].kind == DISTRICT and not areas[p].external
        ]
        cidx = {c: i for i, c in enumerate(communes)}
        districts = sorted({areas[c].parent for c in communes})
        didx = {d: i for i, d in enumerate(districts)}
        district_of = np.array([didx[areas[c].parent] for c in communes], dtype=np.int64)
        members = [np.flatnonzero(district_of == i) for i in range(len(districts))]
        population = np.array([areas[c].population or 0 for c in communes], dtype=float)
        rows, cols, external = [], [], [[] for _ in communes]
        for code, neighbours in base.commune_neighbours.items():
            for n in neighbours:
                if n not in cidx:
                    continue
                if code in cidx:
                    rows.append(cidx[code])
                    cols.append(cidx[n])
                elif areas[code].external:
                    external[cidx[n]].append(code)
        C, D = len(communes), len(districts)
        adj = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(C, C))
        adj.data[:] = 1.0
        dadj = sparse.csr_matrix((np.ones(len(rows)), (district_of[rows], district_of[cols])), shape=(D, D))
        dadj.setdiag(0)
        dadj.eliminate_zeros()
        dadj.data[:] = 1.0
        dadj = dadj.toarray() if D <= 200 else dadj.tocsr()

        T = fp.history_days
        ci = np.zeros((C, T))
        di = np.zeros((D, T))
        totals = np.zeros((D, FIELDS))
        introduced = np.zeros((D, 2))
        first = origin.toordinal() - T + 1
        commune_rows = []
        for r in reports:
            t = r.date.toordinal() - first
            if not 0 <= t < T:
                continue
            cases = r.community_cases_known_source + r.community_cases_unknown_source
            if r.area in cidx:
                i = cidx[r.area]
                d = district_of[i]
                ci[i, t] += cases
                commune_rows.append((i, t, r))
            elif r.area in didx:
                d = didx[r.area]
            else:
                continue
            di[d, t] += cases
            totals[d] += (
                r.community_cases_known_source,
                r.community_cases_unknown_source,
                r.unknown_source_clusters,
                r.hard_to_control_source_cases,
                r.community_f1,
            )
        for i, t, r in commune_rows:
            if not ci[i, max(0, t - INTRODUCTION_DAYS) : t].any():
                introduced[district_of[i]] += (r.community_cases_known_source, r.community_cases_unknown_source)
        w = serial_weights(fp.serial_mean, fp.serial_sd, fp.serial_max_days)
        return cls(
            communes, districts, district_of, members, population, adj, dadj, ci, di, totals, introduced, external, w
        )

    def posteriors(self, fp: ForecastParameters) -> list[Posterior]:
        province = estimate_r(
            self.district_incidence.sum(axis=0),
            self.weights,
            window=fp.window_days,
            prior_mean=fp.prior_mean,
            prior_shape=fp.prior_shape,
        )
        has_cases = self.district_incidence[:, -fp.window_days :].sum() > 0
        centre = province.mean if has_cases else fp.prior_mean
        return [
            estimate_r(series, self.weights, window=fp.window_days, prior_mean=centre, prior_shape=fp.prior_shape)
            for series in self.district_incidence
        ]

    def proportions(self, fp: ForecastParameters) -> tuple[np.ndarray, ...]:
        """Per district: P(unknown source), clusters per unknown case, P(hard | known), F1 per case."""
        k, u, cl, h, f1 = self.totals.T
        pk, pu, pcl, ph, pf1 = self.totals.sum(axis=0)
        a = fp.proportion_prior

        def shrink(num, den, pnum, pden, default):
            centre = (pnum + a * default) / (pden + a)  # the province's, itself shrunk toward the default
            return (num + a * centre) / (den + a)

        # Introductions (a case in a commune with none in the 14 days before) are more often of unknown source
        # than cases in an ongoing chain: the share is estimated for each kind, shrunk toward the overall one.
        ik, iu = self.introduced.T
        pik, piu = self.introduced.sum(axis=0)
        overall = shrink(u, k + u, pu, pk + pu, fp.unknown_share)
        province = (pu + a * fp.unknown_share) / (pk + pu + a)
        new = (iu + a * ((piu + a * province) / (pik + piu + a))) / (ik + iu + a)
        ck, cu, pck, pcu = k - ik, u - iu, pk - pik, pu - piu
        ongoing = (cu + a * ((pcu + a * province) / (pck + pcu + a))) / (ck + cu + a)
        unknown = (new, ongoing, overall)
        clusters = np.minimum(shrink(cl, u, pcl, pu, fp.cluster_per_unknown), 1.0)
        hard = np.minimum(shrink(h, k, ph, pk, fp.hard_share), 1.0)
        f1 = shrink(f1, k + u, pf1, pk + pu, fp.f1_per_case)
        return unknown, clusters, hard, f1


def _simulate(
    world: _World,
    posteriors: list[Posterior],
    fp: ForecastParameters,
    base: Prepared,
    rng: np.random.Generator,
    futures: int,
    horizon: int,
) -> list[np.ndarray]:
    """Return, per future, its nonzero simulated reports as rows (day, commune, known, unknown, clusters, hard, f1)."""
    C, D = len(world.communes), len(world.districts)
    out: list[np.ndarray] = []
    if C == 0:
        return [np.zeros((0, 7), dtype=np.int64) for _ in range(futures)]
    w = world.weights
    S = len(w) - 1
    unknown_p, cluster_p, hard_p, f1_rate = world.proportions(fp)
    shape = np.array([p.shape for p in posteriors])
    scale = np.array([p.scale for p in posteriors])
    decay = np.exp(-1.0 / fp.recency_days)
    ages = np.arange(world.commune_incidence.shape[1])[::-1]  # age in days of each history column, at the origin
    recent0 = (world.commune_incidence * decay**ages).sum(axis=1)
    pop_share = np.zeros(C)
    for idx in world.members:
        total = world.population[idx].sum()
        pop_share[idx] = world.population[idx] / total if total else 1.0 / max(len(idx), 1)
    imports = np.zeros((horizon, C))
    for h in range(horizon):
        declared = base.declared_on(base.day + timedelta(days=h + 1))
        for i, ext in enumerate(world.external):
            imports[h, i] = fp.external_import_per_day * sum(1 for e in ext if e in declared and declared[e].level >= 3)
    unknown_new, unknown_ongoing = unknown_p[0][world.district_of], unknown_p[1][world.district_of]
    cluster_c, hard_c, f1_c = (x[world.district_of] for x in (cluster_p, hard_p, f1_rate))
    T = world.commune_incidence.shape[1]
    dadj = world.district_adjacency
    hist = world.district_incidence[:, -S:]  # [D, S]
    membership = sparse.csr_matrix(
        (np.ones(C, dtype=np.int64), (np.arange(C), np.maximum(world.district_of, 0))), shape=(C, max(D, 1))
    )
    # cases in the 14 days before each forecast day, from the history (the simulated days are added as they come)
    history_before = [world.commune_incidence[:, T - INTRODUCTION_DAYS + h :].sum(axis=1) for h in range(horizon)]

    batch = max(1, min(futures, BATCH_CELLS // max(1, C * horizon * FIELDS)))
    for start in range(0, futures, batch):
        F = min(batch, futures - start)
        R = rng.gamma(shape, scale, size=(F, D))
        series = np.concatenate([np.broadcast_to(hist, (F, D, S)), np.zeros((F, D, horizon))], axis=2)
        recent = np.broadcast_to(recent0, (F, C)).copy()
        sim = np.zeros((F, horizon, C, FIELDS), dtype=np.int64)
        simulated = np.zeros((F, C), dtype=np.int64)  # cases so far in this batch's futures
        for h in range(horizon):
            t = S + h
            lam = np.einsum("fds,s->fd", series[:, :, t - S : t][:, :, ::-1], w[1:])
            cross = fp.neighbour_district_share * (dadj @ (R * lam).T).T if D else lam
            cross_load = fp.neighbour_district_share * (dadj @ lam.T).T if D else lam
            mean = R * lam + cross
            size = fp.dispersion * (lam + cross_load)
            rate = np.zeros_like(mean)
            live = (mean > 0) & (size > 0)
            rate[live] = rng.gamma(size[live], mean[live] / size[live])
            cases_d = rng.poisson(rate)
            cases_c = np.zeros((F, C), dtype=np.int64)
            attraction = (
                recent + fp.neighbour_weight * (world.adjacency @ recent.T).T + fp.population_weight * pop_share
            )
            for d in np.flatnonzero(cases_d.sum(axis=0)):
                idx = world.members[d]
                p = attraction[:, idx]
                total = p.sum(axis=1, keepdims=True)
                # No recent case in or around the district: its cases fall where its people live.
                p = np.where(total > 0, p / np.where(total > 0, total, 1), pop_share[idx])
                cases_c[:, idx] = rng.multinomial(cases_d[:, d], p)
            if imports[h].any():
                cases_c += rng.poisson(np.broadcast_to(imports[h], (F, C)))
                series[:, :, t] = (membership.T @ cases_c.T).T
            else:
                series[:, :, t] = cases_d
            before = history_before[h] + simulated
            unknown = rng.binomial(cases_c, np.where(before > 0, unknown_ongoing, unknown_new))
            known = cases_c - unknown
            # A cluster ("chùm") is at least two linked cases: none from a single unknown-source case.
            clusters = rng.binomial(unknown // 2, np.minimum(2 * cluster_c, 1.0))
            hard = rng.binomial(known, hard_c)
            f1 = rng.poisson(f1_c * cases_c)
            for i, values in enumerate((known, unknown, clusters, hard, f1)):
                sim[:, h, :, i] = values
            simulated += cases_c
            recent = recent * decay + cases_c
        reported = sim.any(axis=3)
        for f in range(F):
            h_idx, c_idx = np.nonzero(reported[f])
            out.append(np.column_stack([h_idx, c_idx, sim[f, h_idx, c_idx]]))
    return out


def _ancestors(base: Prepared) -> dict[str, tuple[str, ...]]:
    areas = base.areas
    out: dict[str, tuple[str, ...]] = {}
    for code in base.communes:
        chain, parent = [], areas[code].parent
        while parent in areas and not areas[parent].external and parent not in chain:
            chain.append(parent)
            parent = areas[parent].parent
        out[code] = tuple(chain)
    return out


def _rows_of(series: Series | None) -> dict[int, list[int]]:
    if series is None:
        return {}
    return {d: [a - b for a, b in zip(series.sums[i + 1], series.sums[i])] for i, d in enumerate(series.days)}


def _with_future(
    base: Prepared, rows: np.ndarray, world: _World, origin: date, ancestors: dict[str, tuple[str, ...]]
) -> Prepared:
    """Return `base` with one future's reports added to its report series (nothing else changes)."""
    if not len(rows):
        return base
    own: dict[str, dict[int, list[int]]] = {}
    known: dict[str, dict[int, list[int]]] = {}
    first = origin.toordinal() + 1
    for h, c, k, u, cl, hd, f1 in rows.tolist():
        code = world.communes[c]
        day = first + h
        if code not in own:
            own[code] = _rows_of(base.own.get(code))
        own[code][day] = [k, u, cl, hd, f1]
        if k:
            for a in ancestors[code]:
                if a not in known:
                    known[a] = _rows_of(base.known.get(a))
                row = known[a].setdefault(day, [0])
                row[0] += k
    return replace(
        base,
        own={**base.own, **{c: Series.build(d) for c, d in own.items()}},
        known={**base.known, **{c: Series.build(d) for c, d in known.items()}},
    )


# ── Reading the futures through the rule engine ─────────────────────────────────────────────────────────────


def _tally_every_future(
    base: Prepared,
    sims: list[np.ndarray],
    world: _World,
    rs: RuleSet,
    ep: Any,
    offsets: Sequence[int],
    current: dict[str, int],
    internal: Sequence[str],
) -> tuple[np.ndarray, np.ndarray]:
    """The plain reading, kept as the reference _tally must equal: each distinct future's reports added to the
    whole input, every area assessed on every day. Returns the futures per area, day and level above 1 (column
    0 left empty) and, per area, the futures in which it rises above `current`."""
    origin = base.day
    position = {c: i for i, c in enumerate(internal)}
    counts = np.zeros((len(internal), len(offsets), 4), dtype=np.int64)
    risen = np.zeros(len(internal), dtype=np.int64)
    groups: dict[bytes, list[int]] = defaultdict(list)
    keys: dict[bytes, np.ndarray] = {}
    for f, rows in enumerate(sims):
        key = rows.tobytes()
        groups[key].append(f)
        keys.setdefault(key, rows)
    ancestors = _ancestors(base)
    for key, members in groups.items():
        weight = len(members)
        prep = _with_future(base, keys[key], world, origin, ancestors)
        highest: dict[str, int] = {}
        for j, offset in enumerate(offsets):
            final = assess(prep, rs.rules, ep, origin + timedelta(days=offset)).final
            for code, level in final.items():
                counts[position[code], j, level - 1] += weight
                if level > highest.get(code, 1):
                    highest[code] = level
        for code, level in highest.items():
            if level > current.get(code, 1):
                risen[position[code]] += weight
    return counts, risen


def _tally(
    base: Prepared,
    sims: list[np.ndarray],
    world: _World,
    rs: RuleSet,
    ep: Any,
    offsets: Sequence[int],
    current: dict[str, int],
    internal: Sequence[str],
    presence: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """What _tally_every_future returns, assessing only what a future can change, and each thing once.

    The level of a commune depends on its own reports and on the levels of the communes within two steps of it
    (ring 1 reads its neighbours' own levels, ring 2 their levels raised by adjacency); a district's on its
    communes' and its own known-source cases, a province's on its districts'. So the internal areas fall into
    families (a province with its districts and communes; a district or commune with no parent in the input), and
    a family's levels on a day depend only on the reports of the communes within two steps of its communes. A
    family that no simulated case comes near keeps, in every future, its level with no new report. The others are
    assessed with only what can reach them (their communes and those within two steps, their own flags, overrides
    and known-source cases, the declared levels next to them), once per distinct set of window sums the rules
    read: the futures' reports summed over the day's window, and with `presence` (rules reading unknown-source
    cases, clusters, hard-to-control cases and F1 only as "at least one") those four fields cut to 1. A family
    whose futures mostly differ on a day is assessed together with the other such families, once per future.
    The rules answer from a memo of the figures they read (memo.py).
    """
    origin = base.day
    position = {c: i for i, c in enumerate(internal)}
    counts = np.zeros((len(internal), len(offsets), 4), dtype=np.int64)
    risen = np.zeros(len(internal), dtype=np.int64)
    futures = len(sims)
    still = [assess(base, rs.rules, ep, origin + timedelta(days=o)).final for o in offsets]
    family, members = _families(base, internal)
    reach = _reach(base, world, family, sims)

    for code in internal:
        if family[code] in reach:
            continue
        highest = 1
        for j, final in enumerate(still):
            if (level := final.get(code, 1)) > 1:
                counts[position[code], j, level - 1] += futures
                highest = max(highest, level)
        if highest > current.get(code, 1):
            risen[position[code]] += futures

    ancestors = _ancestors(base)
    tables = remembering(rs.rules, ep)
    contexts = {f: _within_two_steps(base, [c for c in members[f] if base.areas[c].kind == "commune"]) for f in reach}
    events = {f_id: _events(world, sims, near) for f_id, near in reach.items()}
    levels: dict[int, list[tuple[np.ndarray, np.ndarray]]] = {f: [] for f in reach}  # per day: inverse, levels
    for j, offset in enumerate(offsets):
        day = origin + timedelta(days=offset)
        series_memo: dict[tuple, Series] = {}
        # per family: each future's index among the distinct window sums of the day, and those sums
        distinct = {}
        for f_id, near in reach.items():
            sums = _window_sums(events[f_id], futures, len(near), offset, base.window_days, presence)
            rows, inverse = np.unique(sums.reshape(futures, -1), axis=0, return_inverse=True)
            distinct[f_id] = (inverse.reshape(-1), rows.reshape(len(rows), len(near), FIELDS))
        alone = [f for f in reach if len(distinct[f][1]) * POOL_SHARE <= futures]
        pooled = [f for f in reach if f not in alone]
        for together in [[f] for f in alone] + ([pooled] if pooled else []):
            if len(together) == 1:
                inverse = distinct[together[0]][0]
            else:
                joint = np.stack([distinct[f][0] for f in together], axis=1)
                inverse = np.unique(joint, axis=0, return_inverse=True)[1].reshape(-1)
            chosen = np.zeros(inverse.max() + 1, dtype=np.int64)  # a future with each distinct set of sums
            chosen[inverse[::-1]] = np.arange(futures)[::-1]
            static = _only(base, together, members, contexts)
            column = {c: i for i, c in enumerate(c for f in together for c in members[f])}
            found = np.ones((len(chosen), len(column)), dtype=np.int8)
            for k, f in enumerate(chosen.tolist()):
                pieces = [(reach[g], distinct[g][1][distinct[g][0][f]]) for g in together]
                prep = _with_sums(static, pieces, world, day, ancestors, set(together), family, series_memo)
                for code, level in assess(prep, tables, ep, day).final.items():
                    if code in column:
                        found[k, column[code]] = level
            start = 0
            for f in together:
                levels[f].append((inverse, found[:, start : start + len(members[f])]))
                start += len(members[f])
    for f_id in reach:
        rows = [position[c] for c in members[f_id]]
        for j, (inverse, found) in enumerate(levels[f_id]):
            weights = np.bincount(inverse, minlength=len(found))
            for level in (2, 3, 4):
                counts[rows, j, level - 1] += ((found == level) * weights[:, None]).sum(axis=0)
        highest = np.max([found[inverse] for inverse, found in levels[f_id]], axis=0)  # [future, area]
        now = np.array([current.get(c, 1) for c in members[f_id]])
        risen[rows] += (highest > now).sum(axis=0)
    return counts, risen


def _only(base: Prepared, together: list[int], members: list[list[str]], contexts: dict[int, set[str]]) -> Prepared:
    """`base` cut down to what can reach the families `together`: their areas, the communes within two steps of
    theirs, and the declared levels next to those."""
    context = set().union(*(contexts[f] for f in together))
    keep = context.union(*(members[f] for f in together))
    near = base.commune_neighbours
    return replace(
        base,
        own={c: s for c, s in base.own.items() if c in context},
        known={c: s for c, s in base.known.items() if c in keep},
        flags={c: e for c, e in base.flags.items() if c in keep},
        overrides={c: e for c, e in base.overrides.items() if c in keep},
        declared={c: e for c, e in base.declared.items() if any(n in context for n in near.get(c, ()))},
    )


def _families(base: Prepared, internal: Sequence[str]) -> tuple[dict[str, int], list[list[str]]]:
    """Number the internal areas joined by parent links (a province, its districts and communes: one family)."""
    areas = base.areas
    head = {c: c for c in internal}

    def find(c: str) -> str:
        while head[c] != c:
            head[c] = head[head[c]]
            c = head[c]
        return c

    for c in internal:
        p = areas[c].parent
        if p in head:
            head[find(c)] = find(p)
    number: dict[str, int] = {}
    family: dict[str, int] = {}
    members: list[list[str]] = []
    for c in internal:
        top = find(c)
        if top not in number:
            number[top] = len(members)
            members.append([])
        family[c] = number[top]
        members[number[top]].append(c)
    return family, members


def _within_two_steps(base: Prepared, communes: Iterable[str]) -> set[str]:
    """The communes at most two adjacency steps from one of `communes`, these included."""
    near = set(communes)
    frontier = set(near)
    for _ in range(2):
        frontier = {n for c in frontier for n in base.commune_neighbours.get(c, ())} - near
        near |= frontier
    return near


def _reach(base: Prepared, world: _World, family: dict[str, int], sims: list[np.ndarray]) -> dict[int, np.ndarray]:
    """Per family, the simulated communes (indices into world.communes) that some future gives a report and that
    lie within two steps of one of its communes; families no future comes near are left out."""
    touched = np.zeros(len(world.communes), dtype=bool)
    for rows in sims:
        touched[rows[:, 1]] = True
    reach: dict[int, set[int]] = defaultdict(set)
    for i in np.flatnonzero(touched).tolist():
        for c in _within_two_steps(base, (world.communes[i],)):
            reach[family[c]].add(i)
    return {f: np.array(sorted(ids), dtype=np.int64) for f, ids in sorted(reach.items())}


def _events(world: _World, sims: list[np.ndarray], near: np.ndarray) -> tuple[np.ndarray, ...]:
    """The simulated reports of the communes `near`: future, day (from 0), commune (index into `near`), fields."""
    local = np.full(len(world.communes), -1, dtype=np.int64)
    local[near] = np.arange(len(near))
    mine = [rows[local[rows[:, 1]] >= 0] for rows in sims]
    future = np.repeat(np.arange(len(sims)), [len(rows) for rows in mine])
    rows = np.concatenate(mine) if mine else np.zeros((0, 2 + FIELDS), dtype=np.int64)
    return future, rows[:, 0], local[rows[:, 1]], rows[:, 2:]


def _window_sums(
    events: tuple[np.ndarray, ...], futures: int, communes: int, offset: int, window: int, presence: bool
) -> np.ndarray:
    """[future, commune, field]: the simulated reports that fall in the window of origin + offset."""
    future, h, commune, fields = events
    # simulated day h (from 0) is dated origin + h + 1: in the window of origin + offset when h ≥ offset - window
    inside = (h < offset) & (h >= offset - window)
    sums = np.zeros((futures, communes, FIELDS), dtype=np.int64)
    np.add.at(sums, (future[inside], commune[inside]), fields[inside])
    if presence:
        np.minimum(sums[..., 1:], 1, out=sums[..., 1:])
    return sums


def _extended(series: Series | None, day: int, row: Sequence[int]) -> Series:
    """`series` with one more report on `day`, later than any it holds."""
    if series is None:
        return Series([day], [tuple(0 for _ in row), tuple(row)])
    return Series([*series.days, day], [*series.sums, tuple(a + b for a, b in zip(series.sums[-1], row))])


def _with_sums(
    static: Prepared,
    pieces: list[tuple[np.ndarray, np.ndarray]],
    world: _World,
    day: date,
    ancestors: dict[str, tuple[str, ...]],
    assessed: set[int],
    family: dict[str, int],
    series_memo: dict[tuple, Series],
) -> Prepared:
    """`static` with each commune's simulated window sums (pieces: communes, their sums) added as one report on
    `day` (the rules read only sums over the window), and the known-source cases of the communes of the `assessed`
    families added up to the areas above them. The extended series are kept in `series_memo` (by area, day and
    sums: read-only, shared by the futures of one day)."""
    d = day.toordinal()
    own = dict(static.own)
    up: dict[str, int] = defaultdict(int)
    done: set[int] = set()
    for near, sums in pieces:
        some = sums.any(axis=1)
        for i, row in zip(near[some].tolist(), map(tuple, sums[some].tolist())):
            if i in done:
                continue
            done.add(i)
            code = world.communes[i]
            if (series := series_memo.get((code, d, row))) is None:
                series = series_memo[code, d, row] = _extended(static.own.get(code), d, row)
            own[code] = series
            if row[0] and family[code] in assessed:
                for a in ancestors[code]:
                    up[a] += row[0]
    known = dict(static.known)
    for a, k in up.items():
        if (series := series_memo.get((a, d, k))) is None:
            series = series_memo[a, d, k] = _extended(static.known.get(a), d, (k,))
        known[a] = series
    return replace(static, own=own, known=known)
