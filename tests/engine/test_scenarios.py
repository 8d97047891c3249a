"""Every shared scenario gives its expected levels and step-down dates."""

import json
from pathlib import Path

import pytest

from risk.engine import evaluate_scenario

SCENARIOS = Path(__file__).resolve().parents[3] / "shared" / "scenarios"
FILES = (
    sorted(p for p in SCENARIOS.glob("*.json") if not p.name.endswith(".expected.json")) if SCENARIOS.is_dir() else []
)


@pytest.mark.skipif(not FILES, reason=f"no shared scenarios at {SCENARIOS} (the folder `shared` beside the repository)")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_it_gives_the_expected_levels_and_step_down_dates(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    got = evaluate_scenario(path.read_text(encoding="utf-8"))["areas"]
    assert set(got) == set(expected)
    assert {c: (got[c]["level"], got[c]["step_down_date"]) for c in expected} == {
        c: (e["level"], e["step_down_date"]) for c, e in expected.items()
    }


@pytest.mark.skipif(not FILES, reason=f"no shared scenarios at {SCENARIOS}")
@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_it_explains_every_level_with_at_least_one_reason(path: Path) -> None:
    for code, area in evaluate_scenario(path.read_text(encoding="utf-8"))["areas"].items():
        assert area["reasons"], code
        assert all(r["tag"] in ("V", "S", "I", "override") and r["text"] for r in area["reasons"])
