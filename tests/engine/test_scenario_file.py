"""Scenario files: one clear line per problem, never a traceback; the output document of scenario-format.md."""

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from risk.engine import ScenarioError, evaluate_scenario, load_scenario

BASE = {
    "ruleset": "QD2686",
    "date": "2021-06-15",
    "parameters": {"propagate_from_derived": True},
    "areas": [
        {"code": "P", "kind": "province", "name": "Tỉnh P", "parent": None, "population": 800000},
        {"code": "D1", "kind": "district", "name": "Huyện D1", "parent": "P", "population": 100000},
        {"code": "C1", "kind": "commune", "name": "Xã C1", "parent": "D1", "population": 10000},
        {"code": "C2", "kind": "commune", "name": "Xã C2", "parent": "D1", "population": 10000},
        {"code": "X", "kind": "province", "name": "Tỉnh X", "external": True},
    ],
    "adjacency": [["C1", "C2"], ["C2", "X"]],
    "reports": [{"area": "C1", "date": "2021-06-10", "community_cases_known_source": 1, "community_f1": 4}],
    "flags": [
        {"area": "D1", "flag": "scattered", "from": "2021-06-01", "to": "2021-06-30"},
        {"area": "D1", "flag": "fast_spread_share", "value": 0.25, "from": "2021-06-01", "to": "2021-06-30"},
    ],
    "declared": [{"area": "X", "level": 4, "from": "2021-06-01", "to": "2021-06-30", "reference": "Công văn số 1"}],
    "overrides": [
        {
            "area": "C1",
            "level": 2,
            "from": "2021-06-14",
            "to": "2021-06-20",
            "reason": "Lý do",
            "reference": "Quyết định số 1",
        }
    ],
}


def problems(doc) -> list[str]:
    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    with pytest.raises(ScenarioError) as e:
        load_scenario(text)
    assert str(e.value) == "\n".join(e.value.problems)
    return e.value.problems


def changed(path: str, value) -> dict:
    """BASE with one value replaced, e.g. changed("reports.0.community_f1", -2); value ... deletes the key."""
    doc = copy.deepcopy(BASE)
    *parents, last = [int(p) if p.isdigit() else p for p in path.split(".")]
    target = doc
    for p in parents:
        target = target[p]
    if value is ...:
        del target[last]
    else:
        target[last] = value
    return doc


def test_it_reads_the_example_of_the_format() -> None:
    inp, code = load_scenario(json.dumps(BASE))
    assert code == "QD2686" and len(inp.areas) == 5 and inp.parameters.propagate_from_derived is True
    assert inp.flags[1].value == 0.25 and inp.overrides[0].body == ""


def test_it_writes_the_output_document_of_the_format() -> None:
    out = evaluate_scenario(json.dumps(BASE))
    assert set(out) == {"ruleset", "date", "areas", "national"} and out["ruleset"] == "QD2686"
    assert out["date"] == "2021-06-15" and set(out["areas"]) == {"P", "D1", "C1", "C2"}  # external X left out
    c1, d1 = out["areas"]["C1"], out["areas"]["D1"]
    assert list(c1) == ["level", "computed_level", "intrinsic_level", "overridden", "reasons", "step_down_date"]
    assert (c1["level"], c1["computed_level"], c1["intrinsic_level"], c1["overridden"]) == (2, 2, 2, True)
    assert c1["step_down_date"] == "2021-07-01"  # override ends 20/06 but C2, next to X, keeps C1 at 2 until 30/06
    assert "intrinsic_level" not in d1
    assert all(set(r) == {"rule", "tag", "text"} for r in c1["reasons"])
    assert list(out["national"]) == ["1", "2", "3", "4"]
    assert out["national"]["3"] == {"areas": 1, "population": 10000}  # C2 next to X declared at 4
    json.dumps(out)  # plain JSON


def test_it_rejects_invalid_json_with_line_and_column() -> None:
    assert problems('{\n  "ruleset": "QD2686",\n  "date": }') == ["invalid JSON at line 3, column 11: Expecting value"]


def test_it_rejects_a_document_that_is_not_an_object() -> None:
    assert problems("[1, 2]") == ["scenario: must be an object, got [1, 2]"]


def test_it_rejects_missing_required_keys() -> None:
    doc = {k: v for k, v in BASE.items() if k not in ("ruleset", "date")}
    assert problems(doc) == ['scenario: missing "ruleset"', 'scenario: missing "date"']
    assert problems(changed("reports.0.date", ...)) == ['reports[0]: missing "date"']
    assert problems(changed("overrides.0.reason", ...)) == ['overrides[0]: missing "reason"']


def test_it_rejects_unknown_keys() -> None:
    assert problems(changed("reports.0.comunity_f1", 1))[0].startswith('reports[0]: unknown field "comunity_f1"')


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("adjacency.1.1", "D9C1", 'adjacency[1][1]: unknown area "D9C1"'),
        ("reports.0.area", "C9", 'reports[0].area: unknown area "C9"'),
        ("flags.0.area", "D9", 'flags[0].area: unknown area "D9"'),
        ("declared.0.area", "Y", 'declared[0].area: unknown area "Y"'),
        ("overrides.0.area", "C9", 'overrides[0].area: unknown area "C9"'),
        ("areas.2.parent", "D9", 'areas[2].parent: unknown area "D9"'),
    ],
)
def test_it_rejects_unknown_area_codes_in_any_list(path, value, message) -> None:
    assert problems(changed(path, value)) == [message]


def test_it_rejects_a_parent_cycle() -> None:
    doc = changed("areas.0.parent", "C1")
    assert problems(doc) == ["areas[0].parent: parent cycle: P → C1 → D1 → P"]


def test_it_rejects_a_parent_of_the_wrong_kind() -> None:
    assert problems(changed("areas.2.parent", "P")) == [
        'areas[2].parent: a commune\'s parent must be a district, got province "P"'
    ]


def test_it_rejects_negative_counts() -> None:
    assert problems(changed("reports.0.community_f1", -2)) == [
        "reports[0].community_f1: must be a whole number ≥ 0, got -2"
    ]


def test_it_rejects_fractional_counts() -> None:
    assert problems(changed("reports.0.community_f1", 1.5)) == [
        "reports[0].community_f1: must be a whole number ≥ 0, got 1.5"
    ]


def test_it_rejects_more_hard_to_control_cases_than_known_source_cases() -> None:
    assert problems(changed("reports.0.hard_to_control_source_cases", 2)) == [
        "reports[0].hard_to_control_source_cases: must not exceed community_cases_known_source (2 > 1)"
    ]


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("flags.1.value", 1.5, "flags[1].value: must be a number from 0 to 1, got 1.5"),
        ("declared.0.level", 5, "declared[0].level: must be a whole number from 1 to 4, got 5"),
        ("overrides.0.level", 0, "overrides[0].level: must be a whole number from 1 to 4, got 0"),
        ("areas.2.population", -5, "areas[2].population: must be a whole number ≥ 1, got -5"),
        ("flags.0.value", "yes", 'flags[0].value: must be true or false, got "yes"'),
    ],
)
def test_it_rejects_values_out_of_range(path, value, message) -> None:
    assert problems(changed(path, value)) == [message]


@pytest.mark.parametrize(
    "path, value, message",
    [
        ("date", "2021-06-31", 'date: not a date: "2021-06-31" (expected YYYY-MM-DD)'),
        ("reports.0.date", "10/06/2021", 'reports[0].date: not a date: "10/06/2021" (expected YYYY-MM-DD)'),
        ("flags.0.from", 20210601, "flags[0].from: not a date: 20210601 (expected YYYY-MM-DD)"),
    ],
)
def test_it_rejects_a_date_that_is_not_a_date(path, value, message) -> None:
    assert problems(changed(path, value)) == [message]


def test_it_rejects_a_range_that_ends_before_it_starts() -> None:
    assert problems(changed("overrides.0.to", "2021-06-01")) == [
        'overrides[0]: "from" 2021-06-14 is after "to" 2021-06-01'
    ]


def test_it_rejects_an_unknown_flag() -> None:
    assert problems(changed("flags.0.flag", "scatered")) == [
        'flags[0].flag: unknown flag "scatered" (known: crowded_place_red_cluster, illegal_entry_risk, '
        "large_quarantine_population, scattered, fast_spread_share, protected_site_at_risk, spread_to_other_provinces)"
    ]


def test_it_rejects_a_flag_on_the_wrong_kind_of_area() -> None:
    assert problems(changed("flags.0.area", "C1")) == [
        'flags[0].flag: "scattered" is set on a district or province of the province, not on commune "C1"'
    ]


def test_it_rejects_an_unknown_rule_set() -> None:
    assert problems(changed("ruleset", "NQ128")) == ['ruleset: unknown rule set "NQ128" (known: QD2686)']


def test_it_rejects_a_date_before_the_rule_set() -> None:
    assert problems(changed("date", "2021-05-30")) == [
        "date: 2021-05-30 is outside the validity of rule set QD2686 (from 2021-05-31)"
    ]


def test_it_rejects_unknown_or_invalid_parameters() -> None:
    assert problems(changed("parameters", {"window": 7, "high_share": 2})) == [
        'parameters: unknown parameter "window"',
        "parameters.high_share: must be a number strictly between 0 and 1, got 2",
    ]


def test_it_rejects_reports_on_external_areas_and_decisions_on_the_wrong_side() -> None:
    doc = changed("reports.0.area", "X")
    doc["declared"][0]["area"] = "C2"
    doc["overrides"][0]["area"] = "X"
    assert problems(doc) == [
        'reports[0].area: "X" is external: external areas have declared levels, not reports',
        'declared[0].area: "C2" is inside the province: it takes overrides, not declared levels',
        'overrides[0].area: "X" is external: its level is declared, not overridden',
    ]


def test_it_rejects_two_reports_for_one_commune_and_date() -> None:
    doc = copy.deepcopy(BASE)
    doc["reports"].append({"area": "C1", "date": "2021-06-10", "community_f1": 1})
    assert problems(doc) == ['reports[1]: a second report for "C1" on 2021-06-10 (first is reports[0])']


def test_it_collects_every_problem_in_one_go() -> None:
    doc = changed("reports.0.community_f1", -2)
    doc["adjacency"][0][0] = "C9"
    doc["date"] = "someday"
    assert problems(doc) == [
        'date: not a date: "someday" (expected YYYY-MM-DD)',
        'adjacency[0][0]: unknown area "C9"',
        "reports[0].community_f1: must be a whole number ≥ 0, got -2",
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
KEYS = ["ruleset", "date", "areas", "adjacency", "reports", "flags", "declared", "overrides", "parameters"]


@settings(max_examples=300, deadline=None, database=None)
@given(key=st.sampled_from(KEYS), index=st.integers(0, 4), value=JSON)
def test_it_never_fails_with_anything_but_a_scenario_error(key, index, value) -> None:
    doc = copy.deepcopy(BASE)
    if isinstance(doc[key], list) and doc[key]:
        item = doc[key][index % len(doc[key])]
        if isinstance(item, dict):
            item[sorted(item)[index % len(item)]] = value
        else:
            item[index % 2] = value
    else:
        doc[key] = value
    try:
        evaluate_scenario(json.dumps(doc))
    except ScenarioError as e:
        assert e.problems and all(isinstance(p, str) and "\n" not in p for p in e.problems)


def test_it_reports_an_invalid_area_once_not_again_where_it_is_named() -> None:
    assert problems(changed("areas.2.kind", "ward")) == [
        'areas[2].kind: must be one of commune, district, province, got "ward"'
    ]


def test_it_rejects_area_codes_it_could_not_quote() -> None:
    assert problems(changed("areas.4.code", "X Y"))[0] == (
        'areas[4].code: must be a code of letters, digits and -_./ without spaces, got "X Y"'
    )
