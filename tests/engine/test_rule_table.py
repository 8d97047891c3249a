"""The rule tables of rules_2686: one rule per row of the spec, with its identifier, tag, level and clause."""

from risk.engine import rules_2686 as r

EXPECTED = {
    "commune.unknown_source_cluster": ("V", 4),
    "commune.hard_to_control_source": ("V", 4),
    "commune.unknown_source_case": ("S", 3),
    "commune.crowded_place_red_cluster": ("S", 3),
    "commune.known_source_rate": ("V", 2),
    "commune.community_contacts": ("S", 2),
    "commune.illegal_entry_risk": ("S", 2),
    "commune.large_quarantine_population": ("S", 2),
    "commune.none": ("I", 1),
    "commune.adjacent_very_high": ("S", 3),
    "commune.adjacent_high": ("S", 2),
    "commune.adjacent_derived_high": ("I", 2),
    "district.very_high_share_scattered": ("V", 4),
    "district.half_communes_high": ("V", 4),
    "district.fast_spread_very_high": ("V", 4),
    "district.high_share_scattered": ("V", 3),
    "district.half_communes_at_risk": ("V", 3),
    "district.one_commune_very_high": ("V", 3),
    "district.fast_spread_high": ("V", 3),
    "district.protected_site_at_risk": ("V", 3),
    "district.known_source_rate": ("V", 2),
    "district.commune_at_risk": ("I", 2),
    "district.none": ("I", 1),
    "province.very_high_share_scattered": ("V", 4),
    "province.half_districts_high": ("V", 4),
    "province.fast_spread_very_high": ("V", 4),
    "province.high_share_scattered": ("I", 3),
    "province.half_districts_at_risk": ("I", 3),
    "province.one_district_very_high": ("I", 3),
    "province.fast_spread_high": ("I", 3),
    "province.protected_site_at_risk": ("I", 3),
    "province.known_source_rate": ("V", 2),
    "province.district_at_risk": ("I", 2),
    "province.none": ("I", 1),
}


def test_it_has_one_rule_per_spec_row_with_its_tag_and_level() -> None:
    assert {x.id: (x.tag, x.level) for x in r.ALL_RULES} == EXPECTED
    assert len({x.id for x in r.ALL_RULES}) == len(r.ALL_RULES)


def test_it_names_each_rule_function_after_its_identifier() -> None:
    for x in r.ALL_RULES:
        assert getattr(r, x.id.replace(".", "_")) is x


def test_it_quotes_a_clause_for_every_rule() -> None:
    assert all(x.clause for x in r.ALL_RULES)
    assert '"Có chùm F0 chưa rõ nguồn lây"' in r.commune_unknown_source_cluster.clause


def test_it_orders_every_table_highest_level_first() -> None:
    for table in (r.COMMUNE_RULES, r.ADJACENCY_RULES, r.DISTRICT_RULES, r.PROVINCE_RULES):
        assert [x.level for x in table] == sorted((x.level for x in table), reverse=True)


def test_it_lists_the_flags_of_the_spec() -> None:
    assert set(r.FLAGS) == {
        "crowded_place_red_cluster",
        "illegal_entry_risk",
        "large_quarantine_population",
        "scattered",
        "fast_spread_share",
        "protected_site_at_risk",
        "spread_to_other_provinces",
    }
