"""Commune rules of spec §3, own factors: each row, both sides of every threshold, window and flag ranges."""

import pytest

from .engine_builders import D, ago, later, one_commune

ROWS = [
    # (test id, report counts, flags, expected level, rule, tag)
    (
        "unknown_source_cluster",
        {"unknown_source_clusters": 1, "community_cases_unknown_source": 2},
        [],
        4,
        "commune.unknown_source_cluster",
        "V",
    ),
    (
        "hard_to_control_source",
        {"community_cases_known_source": 1, "hard_to_control_source_cases": 1},
        [],
        4,
        "commune.hard_to_control_source",
        "V",
    ),
    ("unknown_source_case", {"community_cases_unknown_source": 1}, [], 3, "commune.unknown_source_case", "S"),
    ("crowded_place_red_cluster", {}, ["crowded_place_red_cluster"], 3, "commune.crowded_place_red_cluster", "S"),
    ("known_source_rate", {"community_cases_known_source": 1}, [], 2, "commune.known_source_rate", "V"),
    ("community_contacts", {"community_f1": 1}, [], 2, "commune.community_contacts", "S"),
    ("illegal_entry_risk", {}, ["illegal_entry_risk"], 2, "commune.illegal_entry_risk", "S"),
    ("large_quarantine_population", {}, ["large_quarantine_population"], 2, "commune.large_quarantine_population", "S"),
    ("nothing", {}, [], 1, "commune.none", "I"),
    ("quarantined cases do not drive the level", {"quarantined_cases": 9}, [], 1, "commune.none", "I"),
]


@pytest.mark.parametrize("counts, flags, level, rule, tag", [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_it_sets_the_commune_level_of_each_factor(counts, flags, level, rule, tag) -> None:
    w = one_commune()
    if counts:
        w.report("C", 3, **counts)
    for f in flags:
        w.flag("C", f)
    c = w.evaluate().areas["C"]
    assert (c.level, c.intrinsic_level, c.computed_level) == (level, level, level)
    assert [(r.rule, r.tag) for r in c.reasons] == [(rule, tag)]


def test_it_raises_commune_to_4_on_unknown_source_cluster() -> None:
    assert one_commune().report("C", unknown_source_clusters=1).levels()["C"] == 4


def test_it_does_not_count_zero_of_anything() -> None:
    assert one_commune().report("C", community_cases_known_source=0, community_f1=0).levels()["C"] == 1


@pytest.mark.parametrize(
    "population, cases, level",
    [
        (100_000, 1, 1),  # exactly 1 per 100,000 is not above
        (100_000, 2, 2),
        (99_999, 1, 2),  # just above
        (10_000, 1, 2),  # under 100,000 people one case suffices
        (250_000, 2, 1),
        (250_000, 3, 2),
    ],
)
def test_it_needs_strictly_more_than_1_per_100k_known_source_cases(population, cases, level) -> None:
    w = one_commune(population).report("C", community_cases_known_source=cases)
    assert w.levels()["C"] == level


def test_it_reads_the_rate_threshold_from_the_parameters() -> None:
    w = one_commune(10_000).report("C", community_cases_known_source=1)  # 10 per 100,000
    assert w.levels(risk_rate_per_100k=9.99)["C"] == 2
    assert w.levels(risk_rate_per_100k=10)["C"] == 1


def test_it_sums_known_source_cases_over_the_window() -> None:
    w = (
        one_commune(200_000)
        .report("C", 1, community_cases_known_source=1)
        .report("C", 12, community_cases_known_source=2)
    )
    assert w.levels()["C"] == 2  # 3 per 200,000 = 1.5 per 100,000


@pytest.mark.parametrize(
    "days_ago, level",
    [(0, 4), (13, 4), (14, 1), (30, 1), (-1, 1)],
    ids=["D", "D-13 counts", "D-14 does not", "D-30", "a report after D is not seen"],
)
def test_it_counts_reports_of_the_last_14_days_only(days_ago, level) -> None:
    assert one_commune().report("C", days_ago, unknown_source_clusters=1).levels()["C"] == level


def test_it_reads_the_window_length_from_the_parameters() -> None:
    w = one_commune().report("C", 6, community_f1=1)
    assert w.levels(window_days=7)["C"] == 2
    assert w.levels(window_days=6)["C"] == 1


@pytest.mark.parametrize(
    "start, end, level",
    [
        (ago(5), ago(1), 1),  # ended yesterday
        (later(1), later(5), 1),  # starts tomorrow
        (D, later(5), 3),  # starts today
        (ago(5), D, 3),  # ends today
    ],
)
def test_it_counts_flags_only_inside_their_date_range(start, end, level) -> None:
    assert one_commune().flag("C", "crowded_place_red_cluster", start=start, end=end).levels()["C"] == level


def test_it_ignores_a_boolean_flag_set_to_false() -> None:
    assert one_commune().flag("C", "illegal_entry_risk", value=False).levels()["C"] == 1


def test_it_adds_reports_for_the_same_commune_and_date() -> None:
    w = (
        one_commune(150_000)
        .report("C", 2, community_cases_known_source=1)
        .report("C", 2, community_cases_known_source=1)
    )
    assert w.levels()["C"] == 2  # 2 per 150,000
