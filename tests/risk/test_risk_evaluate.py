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
        [sys.executable, "manage.py", "risk_evaluate", str(path)], cwd=settings.BASE_DIR,
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONWARNINGS": "ignore"},
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
    path.write_text(json.dumps({**BAD_SCENARIO, "ruleset": "NQ999", "adjacency": [], "reports": [], "flags": []}),
                    encoding="utf-8")
    out, err, status = run(path)
    assert status == 2
    assert err.strip().splitlines() == [line for line in err.strip().splitlines() if "NQ999" in line]


def test_it_reports_a_missing_file_in_one_line(tmp_path):
    out, err, status = run(tmp_path / "missing.json")
    assert (out, status) == ("", 2)
    assert len(err.strip().splitlines()) == 1 and "missing.json" in err
