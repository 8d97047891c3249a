"""Province rules of spec §5 over its districts' final levels, and the national summary."""

import pytest

from .engine_builders import World, province_of


def rules_of(w: World, **params) -> tuple[int, list[tuple[str, str]]]:
    r = w.evaluate(**params).areas["P"]
    return r.level, [(x.rule, x.tag) for x in r.reasons]


def mix(**counts: int) -> list[int]:
    return [lvl for lvl in (4, 3, 2, 1) for _ in range(counts.get(f"l{lvl}", 0))]


def test_the_builder_puts_districts_at_the_levels_asked() -> None:
    levels = province_of([4, 3, 2, 1]).levels()
    assert [levels[f"D{i}"] for i in range(4)] == [4, 3, 2, 1]


def test_it_raises_province_to_4_with_more_than_30_percent_districts_at_4_scattered() -> None:
    level, rules = rules_of(province_of(mix(l4=4, l1=6), scattered=True))
    assert level == 4 and rules == [("province.very_high_share_scattered", "V")]


def test_it_keeps_province_at_3_with_exactly_30_percent_districts_at_4_scattered() -> None:
    level, rules = rules_of(province_of(mix(l4=3, l1=7), scattered=True))
    assert level == 3 and ("province.one_district_very_high", "I") in rules
    assert ("province.high_share_scattered", "I") in rules  # 30 % at ≥ 3, scattered


def test_it_needs_scattered_for_more_than_30_percent_at_4() -> None:
    assert rules_of(province_of(mix(l4=4, l1=6)))[0] == 3


def test_it_raises_province_to_4_with_half_districts_high() -> None:
    level, rules = rules_of(province_of(mix(l3=5, l1=5)))
    assert level == 4 and rules == [("province.half_districts_high", "V")]


def test_it_keeps_province_below_4_with_40_percent_districts_high() -> None:
    assert rules_of(province_of(mix(l3=4, l1=6)))[0] == 2


@pytest.mark.parametrize(
    "share, spread, level, rule",
    [
        (0.51, True, 4, "province.fast_spread_very_high"),
        (0.51, False, 3, "province.fast_spread_high"),  # needs spread to other provinces
        (0.50, True, 3, "province.fast_spread_high"),  # not above 50 %
        (0.21, False, 3, "province.fast_spread_high"),
        (0.20, False, 1, "province.none"),
    ],
)
def test_it_raises_province_on_fast_spread_share(share, spread, level, rule) -> None:
    w = province_of(mix(l1=3)).flag("P", "fast_spread_share", share)
    if spread:
        w.flag("P", "spread_to_other_provinces")
    got, rules = rules_of(w)
    assert got == level and rules[0][0] == rule


def test_it_raises_province_to_3_with_30_percent_districts_high_scattered() -> None:
    level, rules = rules_of(province_of(mix(l3=3, l1=7), scattered=True))
    assert level == 3 and rules == [("province.high_share_scattered", "I")]


def test_it_keeps_province_at_2_with_20_percent_districts_high_scattered() -> None:
    assert rules_of(province_of(mix(l3=2, l1=8), scattered=True))[0] == 2


def test_it_raises_province_to_3_with_half_districts_at_risk() -> None:
    level, rules = rules_of(province_of(mix(l2=5, l1=5)))
    assert level == 3 and rules == [("province.half_districts_at_risk", "I")]


def test_it_keeps_province_at_2_with_40_percent_districts_at_risk() -> None:
    assert rules_of(province_of(mix(l2=4, l1=6)))[0] == 2


def test_it_makes_province_3_for_one_district_at_4() -> None:
    level, rules = rules_of(province_of(mix(l4=1, l1=9)))
    assert level == 3 and rules == [("province.one_district_very_high", "I")]


def test_it_raises_province_to_3_on_protected_site_at_risk() -> None:
    level, rules = rules_of(province_of(mix(l1=3)).flag("P", "protected_site_at_risk"))
    assert level == 3 and rules == [("province.protected_site_at_risk", "I")]


def test_it_drops_the_province_level_3_rule_when_switched_off() -> None:
    w = province_of(mix(l4=1, l2=5, l1=4)).flag("P", "protected_site_at_risk").flag("P", "fast_spread_share", 0.3)
    assert rules_of(w)[0] == 3
    assert rules_of(w, province_high_as_district=False) == (2, [("province.district_at_risk", "I")])


def test_it_raises_province_to_2_when_a_district_is_at_2() -> None:
    w = province_of(mix(l2=1, l1=9))
    assert rules_of(w) == (2, [("province.district_at_risk", "I")])
    assert rules_of(w, raise_for_sub_area_at_risk=False)[0] == 1


@pytest.mark.parametrize("cases, level", [(5, 2), (4, 1)])  # population 400,000: 4 cases is exactly 1 per 100,000
def test_it_counts_a_province_report_toward_the_province_rate_only(cases, level) -> None:
    w = province_of(mix(l1=4)).report("P", community_cases_known_source=cases)
    r = w.evaluate().areas
    assert r["P"].level == level
    assert all(r[c].level == 1 for c in r if c != "P")


def test_it_adds_commune_and_district_reports_to_the_province_rate() -> None:
    w = province_of(mix(l1=4))  # communes of 10,000 in districts of 100,000, province of 400,000
    w.report("D0", community_cases_known_source=1).report("D1", community_cases_known_source=1)
    w.report("D2C", 4, community_cases_known_source=0).report("D3", 2, community_cases_known_source=3)
    assert w.levels(raise_for_sub_area_at_risk=False)["P"] == 2  # 5 per 400,000


def test_it_uses_overridden_district_levels_for_the_province() -> None:
    w = province_of(mix(l1=10), scattered=True)
    for i in range(4):
        w.override(f"D{i}", 4)
    assert rules_of(w)[0] == 4


def test_it_summarises_communes_and_population_per_level_nationally() -> None:
    w = World().province()
    w.chain("D1", 4, commune_population=1_000)
    w.report("D1C1", unknown_source_clusters=1)
    national = w.evaluate().national
    assert national == {
        1: {"areas": 1, "population": 1_000},
        2: {"areas": 1, "population": 1_000},
        3: {"areas": 1, "population": 1_000},
        4: {"areas": 1, "population": 1_000},
    }
