"""The forecast reads its futures through the rule engine the short way (areas no simulated case can reach keep
their level with no new report; each family of areas assessed once per distinct set of window sums; rules
remembered by the figures they read): it must give exactly what assessing every future whole gives. Plain pytest,
no database, fixed seeds."""

import numpy as np
import pytest

from risk.forecast import forecast, simulate
from tests.engine.engine_builders import World

FUTURES = 120


def country(seed: int) -> World:
    """Five provinces of four districts of four communes: A and B share a border where an outbreak runs, C had
    cases ten days ago and borders B and D, D is quiet, E borders nothing and has only a flag. An area abroad
    declared at level 4 borders A (two rings of adjacency); decisions on a commune of B and a district of C;
    flags on a province, a district and communes."""
    rng = np.random.default_rng(seed)
    w = World()
    communes = {}
    for p in "ABCDE":
        w.province(p, population=1_200_000)
        for d in range(1, 5):
            communes[p, d] = w.chain(f"{p}{d}", 4, parent=p, population=40_000, commune_population=10_000)
        w.border(communes[p, 1][-1], communes[p, 2][0]).border(communes[p, 2][-1], communes[p, 3][0])
    w.border(communes["A", 3][-1], communes["B", 1][0]).border(communes["A", 3][-2], communes["B", 1][1])
    w.border(communes["B", 3][-1], communes["C", 1][0]).border(communes["C", 3][-1], communes["D", 1][0])
    w.external("X").border("X", communes["A", 1][0]).declare("X", 4)
    w.override(communes["B", 3][1], 3).override("C2", 3)
    w.flag("D", "scattered").flag("B1", "fast_spread_share", 0.3)
    w.flag(communes["D", 2][2], "illegal_entry_risk").flag(communes["E", 2][1], "large_quarantine_population")
    hot = communes["A", 3] + communes["B", 1] + communes["A", 2][:2]
    for _ in range(40):
        code = hot[rng.integers(len(hot))]
        known, unknown = int(rng.integers(0, 4)), int(rng.integers(0, 2))
        w.report(
            code,
            int(rng.integers(0, 12)),
            community_cases_known_source=known,
            community_cases_unknown_source=unknown,
            unknown_source_clusters=int(unknown and rng.random() < 0.3),
            hard_to_control_source_cases=int(known and rng.random() < 0.2),
            community_f1=int(rng.integers(0, 6)),
        )
    for code in communes["C", 2][1:3]:
        w.report(code, 10, community_cases_known_source=2, community_cases_unknown_source=1, community_f1=3)
    w.report("B2", 3, community_cases_known_source=3)  # cases not yet given to a commune
    return w


def every_future_whole(base, sims, world, rs, ep, offsets, current, internal, presence=False):
    return simulate._tally_every_future(base, sims, world, rs, ep, offsets, current, internal)


@pytest.mark.parametrize("pool_share", [0, simulate.POOL_SHARE, 10**9])
@pytest.mark.parametrize(
    ("seed", "parameters", "days"),
    [(11, {}, None), (12, {"window_days": 5}, None), (13, {"propagate_from_derived": False}, (3, 7))],
)
def test_it_gives_the_shares_of_assessing_every_future_whole(monkeypatch, seed, parameters, days, pool_share):
    """pool_share 0: every family assessed alone; 10**9: every reached family assessed with the others."""
    inp = country(seed).input(**parameters)
    monkeypatch.setattr(simulate, "POOL_SHARE", pool_share)
    short = forecast(inp, futures=FUTURES, seed=seed, days=days)
    monkeypatch.setattr(simulate, "_tally", every_future_whole)
    whole = forecast(inp, futures=FUTURES, seed=seed, days=days)

    assert short.codes == whole.codes and short.days == whole.days
    assert np.array_equal(short.probabilities, whole.probabilities)
    assert np.array_equal(short.rise, whole.rise)
    assert short.distinct_futures == whole.distinct_futures
    # the futures differ, for communes of the provinces of the outbreak and next to them, and for districts or
    # provinces above them
    uncertain = {c for c, p in zip(whole.codes, whole.probabilities) if ((p > 0) & (p < 1)).any()}
    assert {c[0] for c in uncertain} == {"A", "B", "C"}
    assert any(len(c) <= 2 for c in uncertain)
    # and the province no case can reach keeps its level with no new report: level 2 from its flagged commune
    assert all((whole.of(c)[:, 1] == 1).all() for c in ("E", "E2", "E2C2"))
