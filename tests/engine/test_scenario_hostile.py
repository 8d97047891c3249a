"""Scenario files at their edges: whatever a file holds, the reader answers with problems (one line each, naming
where) or a result — never another exception. Numbers past 10^18, dates near 31/12/9999, deep nesting, text no
output could print, validity periods and successors."""

import copy
import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk.engine import ScenarioError, evaluate_scenario

from .test_properties import EXAMPLES
from .test_scenario_file import BASE, changed, problems

# "where: what" — where is a path like reports[3].community_f1, or the top-level words the reader uses
LINE = re.compile(
    r"^(invalid JSON|scenario|ruleset|date|parameters(\.\w+)?|areas|adjacency|reports|flags|declared|"
    r"overrides)(\[\d+\])*(\.\w+(\[\d+\])*)*( at line \d+, column \d+)?: \S.*$"
)


def assert_problems_only(text) -> list[str]:
    """Evaluate `text`; on refusal, check every line has the documented shape and is short enough to read."""
    try:
        evaluate_scenario(text)
    except ScenarioError as e:
        assert e.problems
        for line in e.problems:
            assert LINE.match(line), line
            assert "\n" not in line and len(line) < 400, line
            line.encode("utf-8")  # printable on any UTF-8 terminal
        return e.problems
    return []


@pytest.mark.parametrize(
    "path, value, message",
    [
        (
            "areas.2.population",
            10**18 + 1,
            "areas[2].population: must be a whole number from 1 to 1000000000, got 1000000000000000001",
        ),
        (
            "areas.2.population",
            2**63,
            "areas[2].population: must be a whole number from 1 to 1000000000, got 9223372036854775808",
        ),
        (
            "reports.0.community_f1",
            10**19,
            "reports[0].community_f1: must be a whole number from 0 to 1000000000, got 10000000000000000000",
        ),
        (
            "reports.0.community_cases_known_source",
            10**30,
            "reports[0].community_cases_known_source: must be a whole number from 0 to 1000000000, got 1" + "0" * 30,
        ),
        (
            "flags.1.value",
            10**400,
            "flags[1].value: must be a number from 0 to 1, got 1000000000000000000000000000000000",
        ),
        (
            "overrides.0.level",
            10**18,
            "overrides[0].level: must be a whole number from 1 to 4, got 1000000000000000000",
        ),
        (
            "parameters.window_days",
            10**18 + 1,
            "parameters.window_days: must be a whole number from 1 to 60, got 1000000000000000001",
        ),
        (
            "parameters.risk_rate_per_100k",
            10**400,
            "parameters.risk_rate_per_100k: must be a number greater than 0, got 1000",
        ),
        ("date", "10000-01-01", 'date: not a date: "10000-01-01" (expected YYYY-MM-DD)'),
        ("date", "2021-W24-2", 'date: not a date: "2021-W24-2" (expected YYYY-MM-DD)'),
        ("reports.0.date", "9999-12-32", 'reports[0].date: not a date: "9999-12-32" (expected YYYY-MM-DD)'),
        ("areas.2.name", "\ud800", 'areas[2].name: must be a non-empty text, got "\\ud800"'),
        ("overrides.0.reason", "a\udfffb", 'overrides[0].reason: must be a non-empty text, got "a\\udfffb"'),
    ],
)
def test_it_refuses_numbers_dates_and_texts_past_their_range_by_name(path, value, message) -> None:
    assert problems(changed(path, value))[0].startswith(message)


def test_it_shortens_a_huge_value_in_a_message() -> None:
    [line] = problems(changed("reports.0.community_f1", 10**4000))
    assert line.startswith("reports[0].community_f1: must be a whole number from 0 to 1000000000, got 1000")
    assert line.endswith("…") and len(line) < 200


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 100_000, "invalid JSON: lists or objects nested too deeply"),
        ('{"a":' * 50_000, "invalid JSON: lists or objects nested too deeply"),
        ("1" * 5_000, "invalid JSON: a number has too many digits"),
        (b"\xff\xfe\x00", "invalid JSON: "),
        (b"", "invalid JSON at line 1, column 1: Expecting value"),
        ("NaN", "scenario: must be an object, got NaN"),
    ],
    ids=["deep-list", "deep-object", "long-number", "bad-encoding", "empty", "nan"],
)
def test_it_refuses_json_no_reader_should_try(text, message) -> None:
    found = assert_problems_only(text)
    assert len(found) == 1 and found[0].startswith(message), found


def test_it_refuses_a_deeply_nested_value_where_an_area_belongs_in_one_short_line() -> None:
    text = '{"ruleset": "QD2686", "date": "2021-06-15", "areas": [' + "[" * 900 + "]" * 900 + "]}"
    found = assert_problems_only(text)
    assert found == ["areas[0]: must be an object, got " + "[" * 79 + "…"]


def at_the_end_of_time(doc: dict) -> dict:
    """BASE moved to the last dates there are: assessment on 31/12/9999, every entry ending that day."""
    doc = copy.deepcopy(doc)
    doc["date"] = "9999-12-31"
    doc["reports"][0]["date"] = "9999-12-28"
    for key in ("flags", "declared", "overrides"):
        for e in doc[key]:
            e["from"], e["to"] = "9999-12-20", "9999-12-31"
    return doc


def test_it_evaluates_a_scenario_on_the_last_date_there_is() -> None:
    out = evaluate_scenario(json.dumps(at_the_end_of_time(BASE)))
    assert out["date"] == "9999-12-31"
    assert out["areas"]["C2"]["level"] == 3  # next to X, declared at 4
    assert all(a["step_down_date"] is None for a in out["areas"].values())  # no date after it to step down on


def test_it_gives_step_down_dates_up_to_the_last_date_there_is() -> None:
    doc = at_the_end_of_time(BASE)
    doc["date"] = "9999-12-15"
    for key in ("flags", "declared", "overrides"):
        for e in doc[key]:
            e["from"], e["to"] = "9999-12-01", "9999-12-20"
    doc["reports"][0]["date"] = "9999-12-14"
    out = evaluate_scenario(json.dumps(doc))
    assert out["areas"]["C2"]["step_down_date"] == "9999-12-21"


# ── validity periods and successors in the file (spec §2.5) ──────────────────────────────────────────────────


def with_successor(**area) -> dict:
    doc = copy.deepcopy(BASE)
    doc["areas"].append(
        {
            "code": "C0",
            "kind": "commune",
            "name": "Xã C0 (cũ)",
            "parent": "D1",
            "population": 5000,
            "valid_to": "2021-06-09",
            "successors": ["C1"],
            **area,
        }
    )
    doc["reports"] = [{"area": "C0", "date": "2021-06-05", "community_cases_unknown_source": 1}]
    doc["overrides"] = []
    return doc


def test_a_file_can_say_that_an_area_ended_and_who_took_its_place() -> None:
    out = evaluate_scenario(json.dumps(with_successor()))
    assert "C0" not in out["areas"]
    assert (out["areas"]["C1"]["level"], out["areas"]["C1"]["step_down_date"]) == (3, "2021-06-19")
    assert "unattributed_reports" not in out


def test_a_file_shows_the_report_of_a_split_area_to_the_reviewer() -> None:
    out = evaluate_scenario(json.dumps(with_successor(successors=["C1", "C2"])))
    assert out["unattributed_reports"] == [
        {"area": "C0", "date": "2021-06-05", "successors": ["C1", "C2"], "counted_for": "D1"}
    ]
    assert out["areas"]["C1"]["level"] == 2  # C1 keeps only its own F1 report


@pytest.mark.parametrize(
    "area, message",
    [
        ({"successors": ["C9"]}, 'areas[5].successors[0]: unknown area "C9"'),
        ({"successors": ["C0"]}, 'areas[5].successors[0]: an area cannot succeed itself ("C0")'),
        (
            {"successors": ["D1"]},
            'areas[5].successors[0]: "D1" is a district, "C0" a commune: a successor is of the same kind',
        ),
        ({"successors": "C1"}, 'areas[5].successors: must be a list of area codes, got "C1"'),
        ({"valid_to": None}, 'areas[5]: has "successors" but no "valid_to": only an area that ends has them'),
        ({"valid_from": "2021-06-10"}, 'areas[5]: "valid_from" 2021-06-10 is after "valid_to" 2021-06-09'),
        ({"valid_to": "9.6.2021"}, 'areas[5].valid_to: not a date: "9.6.2021" (expected YYYY-MM-DD)'),
    ],
)
def test_it_refuses_successors_and_validity_that_make_no_sense(area, message) -> None:
    assert problems(with_successor(**area)) == [message]


# ── fuzzing: any JSON, and any change to a valid file ────────────────────────────────────────────────────────

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(10**17, 10**30),
    st.integers(-(10**30), -(10**17)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "9999-12-31",
            "9999-12-30",
            "0001-01-01",
            "2021-05-30",
            "2021-06-15",
            "X",
            "C1",
            "D1",
            "P",
            "scattered",
            "fast_spread_share",
            "commune",
            "district",
            "province",
            "QD2686",
            "\ud800",
        ]
    ),
)
JSON = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=10,
)


def leaf_paths(doc, prefix=()):
    yield prefix
    items = doc.items() if isinstance(doc, dict) else enumerate(doc) if isinstance(doc, list) else ()
    for key, value in items:
        yield from leaf_paths(value, (*prefix, key))


PATHS = list(leaf_paths(BASE))[1:]


@FUZZ
@given(doc=JSON)
def test_any_json_document_gets_problems_or_a_result(doc) -> None:
    assert_problems_only(json.dumps(doc))


@FUZZ
@given(edits=st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=4), end_of_time=st.booleans())
def test_any_change_to_a_valid_file_gets_problems_or_a_result(edits, end_of_time) -> None:
    doc = at_the_end_of_time(BASE) if end_of_time else copy.deepcopy(BASE)
    for path, value in edits:
        target = doc
        try:
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit replaced what held this path
    assert_problems_only(json.dumps(doc))
