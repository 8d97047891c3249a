"""`manage.py risk_evaluate FILE.json`: the shared scenarios, and the error behaviour of scenario-format.md."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

SCENARIOS = Path(settings.BASE_DIR).parent / "shared" / "scenarios"
FILES = sorted(p for p in SCENARIOS.glob("*.json") if not p.name.endswith(".expected.json"))
needs_scenarios = pytest.mark.skipif(not FILES, reason="the shared scenarios folder is not beside the repository")


def run(path) -> tuple[str, str, int]:
    """Run the command in-process; return stdout, stderr and the exit status."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("risk_evaluate", str(path), stdout=out, stderr=err)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), exc.code
    return out.getvalue(), err.getvalue(), 0


def run_process(path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "risk_evaluate", str(path)],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )


@needs_scenarios
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_it_gives_every_shared_scenario_its_expected_levels_and_step_down_dates(path):
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    out, err, status = run(path)
    assert (status, err) == (0, "")
    got = json.loads(out)["areas"]
    assert {code: (got[code]["level"], got[code]["step_down_date"]) for code in got} == {
        code: (e["level"], e["step_down_date"]) for code, e in expected.items()
    }


@needs_scenarios
def test_it_prints_the_documented_output_from_the_command_line():
    process = run_process(FILES[0])
    assert process.returncode == 0, process.stderr
    document = json.loads(process.stdout)
    assert set(document) == {"ruleset", "date", "areas", "national"}
    assert document["ruleset"] == "QD2686"
    assert set(document["national"]) == {"1", "2", "3", "4"}
    area = next(iter(document["areas"].values()))
    assert {"level", "computed_level", "overridden", "reasons", "step_down_date"} <= set(area)
    assert all({"rule", "tag", "text"} <= set(r) for r in area["reasons"])


BAD_SCENARIO = {
    "ruleset": "QD2686",
    "date": "2021-06-15",
    "areas": [
        {"code": "P", "kind": "province", "name": "Tỉnh P", "parent": None, "population": 100000},
        {"code": "D1", "kind": "district", "name": "Huyện D1", "parent": "P", "population": 100000},
        {"code": "C1", "kind": "commune", "name": "Xã C1", "parent": "D1", "population": 10000},
    ],
    "adjacency": [["C1", "C9"]],
    "reports": [
        {"area": "C1", "date": "2021-06-10", "community_f1": -2},
        {"area": "C1", "date": "15/06/2021", "community_cases_known_source": 1},
    ],
    "flags": [{"area": "D1", "flag": "no_such_flag", "from": "2021-06-01", "to": "2021-06-30"}],
}


def test_it_exits_with_status_2_and_one_line_per_problem_never_a_traceback(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD_SCENARIO), encoding="utf-8")
    process = run_process(path)
    assert process.returncode == 2
    assert process.stdout == ""
    lines = process.stderr.strip().splitlines()
    assert "Traceback" not in process.stderr
    assert any(line.startswith("reports[0].community_f1") and "-2" in line for line in lines), lines
    assert any("C9" in line and line.startswith("adjacency") for line in lines), lines
    assert any(line.startswith("reports[1].date") for line in lines), lines
    assert any("no_such_flag" in line for line in lines), lines
    assert len(lines) == 4, lines


def test_it_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"ruleset": "QD2686", ', encoding="utf-8")
    out, err, status = run(path)
    assert (out, status) == ("", 2)
    assert len(err.strip().splitlines()) == 1 and "JSON" in err


def test_it_rejects_an_unknown_rule_set(tmp_path):
    path = tmp_path / "ruleset.json"
    path.write_text(
        json.dumps({**BAD_SCENARIO, "ruleset": "NQ999", "adjacency": [], "reports": [], "flags": []}), encoding="utf-8"
    )
    out, err, status = run(path)
    assert status == 2
    assert err.strip().splitlines() == [line for line in err.strip().splitlines() if "NQ999" in line]


def test_it_reports_a_missing_file_in_one_line(tmp_path):
    out, err, status = run(tmp_path / "missing.json")
    assert (out, status) == ("", 2)
    assert len(err.strip().splitlines()) == 1 and "missing.json" in err


# ── any input: status 2 and one line per problem, never status 1, never a traceback (issue 11, item 6) ──────

HOSTILE = {
    "deep-nesting": "[" * 200_000,
    "deep-object": '{"ruleset": ' * 100_000,
    "long-number": '{"ruleset": "QD2686", "date": "2021-06-15", "areas": [], "x": ' + "9" * 10_000 + "}",
    "past-10^18": json.dumps(
        {
            **BAD_SCENARIO,
            "adjacency": [],
            "flags": [],
            "reports": [{"area": "C1", "date": "2021-06-10", "community_f1": 10**18 + 1}],
        }
    ),
    "population-2^64": json.dumps(
        {
            **BAD_SCENARIO,
            "adjacency": [],
            "flags": [],
            "reports": [],
            "areas": [{**a, "population": 2**64} for a in BAD_SCENARIO["areas"]],
        }
    ),
    "window-10^19": json.dumps(
        {
            **BAD_SCENARIO,
            "adjacency": [],
            "flags": [],
            "reports": [],
            "parameters": {"window_days": 10**19, "high_share": 0},
        }
    ),
    "year-10000": json.dumps({**BAD_SCENARIO, "adjacency": [], "flags": [], "reports": [], "date": "10000-01-01"}),
    "lone-surrogate": '{"ruleset": "QD2686", "date": "2021-06-15", "areas": [{"code": "P", "kind": "province", '
    '"name": "\\ud800", "population": 1}], "\\udfff": 1}',
    "not-utf8": b"\xff\xfe\xfa",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_it_answers_any_input_with_status_2_and_a_line_per_problem(tmp_path, name):
    path = tmp_path / "hostile.json"
    text = HOSTILE[name]
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    out, err, status = run(path)
    assert (out, status) == ("", 2), err
    lines = err.strip().splitlines()
    assert lines and all(": " in line and len(line) < 400 for line in lines), lines
    assert "could not be evaluated" not in err and "Traceback" not in err


def test_it_names_each_parameter_out_of_range(tmp_path):
    path = tmp_path / "parameters.json"
    path.write_text(HOSTILE["window-10^19"], encoding="utf-8")
    _out, err, status = run(path)
    assert status == 2
    assert err.strip().splitlines() == [
        "parameters.window_days: must be a whole number from 1 to 60, got 10000000000000000000",
        "parameters.high_share: must be a number strictly between 0 and 1, got 0",
    ]


def test_a_real_process_refuses_deep_nesting_and_huge_numbers_with_status_2(tmp_path):
    for name in ("deep-nesting", "past-10^18"):
        path = tmp_path / f"{name}.json"
        path.write_text(HOSTILE[name], encoding="utf-8")
        process = run_process(path)
        assert process.returncode == 2, (name, process.stderr)
        assert process.stdout == "" and "Traceback" not in process.stderr
        assert len(process.stderr.strip().splitlines()) == 1, process.stderr


def test_it_evaluates_a_scenario_on_31_december_9999(tmp_path):
    doc = {
        **BAD_SCENARIO,
        "date": "9999-12-31",
        "adjacency": [],
        "reports": [{"area": "C1", "date": "9999-12-30", "community_cases_unknown_source": 1}],
        "flags": [{"area": "D1", "flag": "scattered", "from": "9999-12-01", "to": "9999-12-31"}],
    }
    path = tmp_path / "last-day.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out, err, status = run(path)
    assert (status, err) == (0, "")
    areas = json.loads(out)["areas"]
    assert (areas["C1"]["level"], areas["C1"]["step_down_date"]) == (3, None)


def test_even_a_fault_of_the_engine_exits_2_with_one_line(tmp_path, monkeypatch):
    from risk.management.commands import risk_evaluate

    def broken(text):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(risk_evaluate, "evaluate_scenario", broken)
    path = tmp_path / "any.json"
    path.write_text("{}", encoding="utf-8")
    out, err, status = run(path)
    assert (out, status) == ("", 2)
    assert err.strip().splitlines() == [f"{path}: the scenario could not be evaluated (ZeroDivisionError)"]


@hypothesis_settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    doc=st.recursive(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.integers(10**17, 10**40),
            st.floats(),
            st.text(max_size=8),
            st.sampled_from(["QD2686", "2021-06-15", "9999-12-31", "C1", "D1", "commune", "scattered"]),
        ),
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(
                    [
                        "ruleset",
                        "date",
                        "areas",
                        "reports",
                        "flags",
                        "parameters",
                        "code",
                        "kind",
                        "parent",
                        "population",
                        "area",
                        "level",
                        "from",
                        "to",
                    ]
                ),
                inner,
                max_size=4,
            ),
        ),
        max_leaves=12,
    )
)
def test_any_json_file_gets_status_0_or_2_never_1(tmp_path, doc):
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    out, err, status = run(path)
    assert status in (0, 2), err
    assert "could not be evaluated" not in err and "Traceback" not in err
    if status == 0:
        assert err == "" and json.loads(out)["ruleset"] == "QD2686"
