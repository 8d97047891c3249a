"""District rules of spec §4 over its communes' final levels: each row, both sides of every threshold."""

import pytest

from .engine_builders import World, district_of


def rules_of(w: World, code: str = "D", **params) -> tuple[int, list[tuple[str, str]]]:
    r = w.evaluate(**params).areas[code]
    return r.level, [(x.rule, x.tag) for x in r.reasons]


def mix(**counts: int) -> list[int]:
    """Communes by level, e.g. mix(l4=30, l1=70)."""
    return [lvl for lvl in (4, 3, 2, 1) for _ in range(counts.get(f"l{lvl}", 0))]


def test_it_raises_district_to_4_with_30_percent_of_communes_at_4_scattered() -> None:
    level, rules = rules_of(district_of(mix(l4=30, l1=70), scattered=True))
    assert level == 4 and rules == [("district.very_high_share_scattered", "V")]


def test_it_keeps_district_at_3_with_29_percent_of_communes_at_4_scattered() -> None:
    level, rules = rules_of(district_of(mix(l4=29, l1=71), scattered=True))
    assert level == 3 and ("district.one_commune_very_high", "V") in rules


def test_it_needs_scattered_for_30_percent_at_4() -> None:
    level, _ = rules_of(district_of(mix(l4=30, l1=70)))
    assert level == 3


def test_it_raises_district_to_4_with_half_communes_high() -> None:
    level, rules = rules_of(district_of(mix(l3=50, l1=50)))
    assert level == 4 and rules == [("district.half_communes_high", "V")]


def test_it_keeps_district_below_4_with_49_percent_high() -> None:
    level, rules = rules_of(district_of(mix(l3=49, l1=51)))
    assert level == 2 and rules == [("district.commune_at_risk", "I")]


def test_it_counts_level_4_in_the_share_at_3_when_count_higher_in_share() -> None:
    w = district_of(mix(l4=25, l3=25, l1=50))
    assert rules_of(w)[0] == 4
    level, rules = rules_of(w, count_higher_in_share=False)
    assert level == 3 and ("district.one_commune_very_high", "V") in rules


@pytest.mark.parametrize(
    "share, level, rule",
    [
        (0.51, 4, "district.fast_spread_very_high"),
        (0.50, 3, "district.fast_spread_high"),  # not above 50 %, but above 20 %
        (0.21, 3, "district.fast_spread_high"),
        (0.20, 1, "district.none"),  # not above 20 %
    ],
)
def test_it_raises_district_on_fast_spread_share_strictly_above_thresholds(share, level, rule) -> None:
    w = district_of(mix(l1=10)).flag("D", "fast_spread_share", share)
    got, rules = rules_of(w)
    assert got == level and rules[0][0] == rule


def test_it_raises_district_to_3_with_30_percent_high_scattered() -> None:
    level, rules = rules_of(district_of(mix(l3=30, l1=70), scattered=True))
    assert level == 3 and rules == [("district.high_share_scattered", "V")]


def test_it_keeps_district_at_2_with_29_percent_high_scattered() -> None:
    assert rules_of(district_of(mix(l3=29, l1=71), scattered=True))[0] == 2


def test_it_needs_scattered_for_30_percent_high() -> None:
    assert rules_of(district_of(mix(l3=30, l1=70)))[0] == 2


def test_it_raises_district_to_3_with_half_communes_at_risk() -> None:
    level, rules = rules_of(district_of(mix(l2=50, l1=50)))
    assert level == 3 and rules == [("district.half_communes_at_risk", "V")]


def test_it_keeps_district_at_2_with_49_percent_at_risk() -> None:
    assert rules_of(district_of(mix(l2=49, l1=51)))[0] == 2


def test_it_counts_higher_levels_in_the_share_at_risk_only_when_count_higher_in_share() -> None:
    w = district_of(mix(l3=20, l2=30, l1=50))
    assert rules_of(w)[0] == 3
    assert rules_of(w, count_higher_in_share=False)[0] == 2


def test_it_makes_district_3_not_4_for_one_commune_at_4() -> None:
    level, rules = rules_of(district_of(mix(l4=1, l1=9)))
    assert level == 3 and rules == [("district.one_commune_very_high", "V")]


def test_it_raises_district_to_3_on_protected_site_at_risk() -> None:
    level, rules = rules_of(district_of(mix(l1=3)).flag("D", "protected_site_at_risk"))
    assert level == 3 and rules == [("district.protected_site_at_risk", "V")]


def test_it_raises_district_to_2_when_a_commune_is_at_2() -> None:
    level, rules = rules_of(district_of(mix(l2=1, l1=9)))
    assert level == 2 and rules == [("district.commune_at_risk", "I")]
    assert rules_of(district_of(mix(l2=1, l1=9)), raise_for_sub_area_at_risk=False)[0] == 1


def test_it_sets_district_to_1_when_nothing_holds() -> None:
    assert rules_of(district_of(mix(l1=5))) == (1, [("district.none", "I")])


def quiet_district(district_population: int = 100_000, commune_population: int = 200_000) -> World:
    w = World().province(population=10_000_000).district("D", population=district_population)
    return w.commune("C", "D", commune_population)


def test_it_counts_a_district_report_toward_the_district_rate_and_no_commune() -> None:
    w = quiet_district().report("D", community_cases_known_source=2)  # 2 per 100,000
    r = w.evaluate().areas
    assert (r["D"].level, r["C"].level) == (2, 1)
    assert [x.rule for x in r["D"].reasons] == ["district.known_source_rate"]


def test_it_needs_strictly_more_than_1_per_100k_for_the_district_rate() -> None:
    assert quiet_district().report("D", community_cases_known_source=1).levels()["D"] == 1


def test_it_adds_commune_reports_to_the_district_rate() -> None:
    # 2 cases in a commune of 200,000 is exactly 1 per 100,000 for the commune, 2 for a district of 100,000
    w = quiet_district().report("C", 3, community_cases_known_source=2)
    assert (w.levels()["C"], w.levels()["D"]) == (1, 2)


def test_it_adds_district_and_commune_reports_together() -> None:
    w = quiet_district().report("C", community_cases_known_source=1).report("D", 5, community_cases_known_source=1)
    assert w.levels()["D"] == 2


def test_it_reads_only_known_source_cases_from_a_district_report() -> None:
    w = quiet_district().report("D", unknown_source_clusters=3, community_cases_unknown_source=5, community_f1=9)
    assert (w.levels()["D"], w.levels()["C"]) == (1, 1)


def test_it_uses_overridden_commune_levels_for_the_district() -> None:
    w = district_of(mix(l1=10)).override("C0", 4)
    assert rules_of(w)[0] == 3


def test_it_overrides_a_district_without_touching_its_communes() -> None:
    w = district_of(mix(l1=4)).override("D", 4)
    r = w.evaluate().areas
    assert (r["D"].level, r["D"].computed_level, r["D"].overridden, r["C0"].level) == (4, 1, True, 1)
