"""Properties of the forecast that hold for any input: shares sum to 1, a quiet district cannot rise, nothing after
the origin is read. Plain pytest + Hypothesis: no database. Fixed seeds, few futures."""

from dataclasses import replace
from datetime import timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk.forecast import forecast
from tests.engine.engine_builders import D, World, later

FUTURES = 60
FIELDS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "community_f1",
)

report = st.tuples(
    st.sampled_from(["HC1", "HC2", "HC3", "HC4"]),
    st.integers(0, 27),  # days before the origin
    st.integers(0, 6),
    st.integers(0, 2),
    st.integers(0, 1),
    st.integers(0, 1),
    st.integers(0, 10),
)


def outbreak_world(reports) -> World:
    """Districts H (outbreak, 4 communes), Q (quiet, 3 communes) and M between them (3 communes, quiet):
    H's communes border M's, M's border Q's; Q borders nothing else."""
    w = World().province(population=1_000_000)
    hot = w.chain("H", 4)
    middle = w.chain("M", 3)
    quiet = w.chain("Q", 3)
    w.border(hot[-1], middle[0]).border(middle[-1], quiet[0])
    for code, days_ago, k, u, c, h, f1 in reports:
        w.report(
            code,
            days_ago,
            community_cases_known_source=k,
            community_cases_unknown_source=u,
            unknown_source_clusters=min(c, u),
            hard_to_control_source_cases=min(h, k),
            community_f1=f1,
        )
    return w


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(report, max_size=12), st.integers(0, 2**31))
def test_shares_of_every_area_and_day_sum_to_one(reports, seed):
    fc = forecast(outbreak_world(reports).input(), futures=FUTURES, seed=seed)
    assert fc.probabilities.shape == (len(fc.codes), 7, 4)
    assert np.allclose(fc.probabilities.sum(axis=2), 1.0)
    assert (fc.probabilities >= 0).all()
    assert ((fc.rise >= 0) & (fc.rise <= 1)).all()


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(report, max_size=12),
    st.lists(
        st.tuples(st.sampled_from(["QC1", "QC2", "QC3", "MC1", "MC2", "MC3"]), st.integers(14, 27), st.integers(1, 5)),
        max_size=4,
    ),
    st.integers(0, 2**31),
)
def test_a_district_without_cases_for_14_days_and_no_neighbour_at_risk_does_not_rise(reports, old, seed):
    """Q (and M between Q and the outbreak) had cases only 14 days ago or earlier; M's communes are Q's only
    neighbours, so as long as M is at level 1 Q can only stay or step down."""
    w = outbreak_world(reports)
    for code, days_ago, cases in old:
        w.report(code, days_ago, community_cases_unknown_source=cases, unknown_source_clusters=1)
    fc = forecast(w.input(), futures=FUTURES, seed=seed)
    if fc.current["M"] == 1 and all(fc.current[c] == 1 for c in ("MC1", "MC2", "MC3")):
        for code in ("Q", "QC1", "QC2", "QC3"):
            now = fc.current[code]
            assert fc.of(code)[:, now:].sum() == 0, code
            assert fc.rise[fc.index(code)] == 0


def test_a_quiet_district_next_to_nobody_at_risk_forecasts_its_level_or_lower_with_certainty():
    w = outbreak_world([("HC1", d, 3, 1, 1, 0, 5) for d in range(0, 10)])
    w.report("QC2", 20, community_cases_unknown_source=2, unknown_source_clusters=1)  # 20 days ago: out of the window
    fc = forecast(w.input(), futures=200, seed=7)
    for code in ("Q", "QC1", "QC2", "QC3"):
        assert fc.current[code] == 1
        assert (fc.of(code)[:, 0] == 1).all()
    # …while the outbreak's own communes may well rise or stay high
    assert fc.rise[fc.index("HC2")] > 0


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(report, max_size=10),
    st.lists(
        st.tuples(st.sampled_from(["HC1", "MC2", "QC3"]), st.integers(1, 10), st.integers(1, 9)), min_size=1, max_size=5
    ),
    st.integers(0, 2**31),
)
def test_a_forecast_never_reads_data_after_its_origin(reports, after, seed):
    w = outbreak_world(reports)
    before = forecast(w.input(), futures=FUTURES, seed=seed)
    for code, days_later, cases in after:
        w.report(code, -days_later, community_cases_unknown_source=cases, unknown_source_clusters=1)
    with_future = forecast(w.input(), futures=FUTURES, seed=seed)
    assert np.array_equal(before.probabilities, with_future.probabilities)
    assert np.array_equal(before.rise, with_future.rise)
    assert before.districts == with_future.districts


def test_the_same_seed_gives_the_same_forecast():
    w = outbreak_world([("HC1", d, 2, 1, 0, 0, 3) for d in range(0, 8)])
    a = forecast(w.input(), futures=100, seed=3)
    b = forecast(w.input(), futures=100, seed=3)
    assert np.array_equal(a.probabilities, b.probabilities)


def test_a_growing_cluster_makes_its_neighbours_likely_to_rise():
    w = outbreak_world([("HC2", d, 2 * (10 - d), 2, 1, 0, 10) for d in range(0, 10)])
    fc = forecast(w.input(), futures=300, seed=11)
    assert fc.current["HC2"] == 4
    assert fc.rise[fc.index("HC3")] > 0.2 or fc.current["HC3"] >= 3
    assert fc.districts["H"]["r_mean"] > 1


def test_overrides_and_declared_levels_count_as_entered():
    """An override starting on day 3 holds on days 3–7 in every future; a level declared next door raises."""
    w = outbreak_world([])
    w.override("QC1", 4, start=later(3), end=later(20))
    w.external("X")
    w.border("X", "MC2").declare("X", 4, start=later(5), end=later(30))
    fc = forecast(w.input(), futures=50, seed=1)
    q = fc.of("QC1")
    assert (q[:2, 0] == 1).all() and (q[2:, 3] == 1).all()
    assert fc.rise[fc.index("QC1")] == 1
    m = fc.of("MC2")
    assert (m[4:, 2:].sum(axis=1) == 1).all()  # next to a level-4 area outside the province: at least 3


def test_days_before_the_origin_are_not_forecast():
    fc = forecast(outbreak_world([]).input(), futures=10, seed=0)
    assert fc.days == tuple(D + timedelta(days=i) for i in range(1, 8))
    one = forecast(outbreak_world([]).input(), futures=10, seed=0, days=(7,))
    assert one.days == (D + timedelta(days=7),)


def test_no_new_case_and_no_history_is_certainty_at_level_one():
    fc = forecast(replace(outbreak_world([]).input()), futures=50, seed=0)
    assert (fc.probabilities[:, :, 0] == 1).all()
    assert fc.distinct_futures == 1
