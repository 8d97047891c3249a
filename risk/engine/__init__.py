"""The risk engine: levels of Decision 2686/QĐ-BCĐQG from reports, flags, adjacency and decisions.

Pure Python, no Django, no database: the `risk` app feeds it from the database, `risk_evaluate` from a scenario
file, and both get the same levels. Where to read what:
- rules_2686.py — the rules themselves, one function per factor, with tag and quoted clause;
- parameters.py — every threshold and [I] reading, with the defaults of spec §8;
- assess.py — evaluation order (commune → overrides → adjacency → district → province) and adjacency rings;
- prepare.py — windows and how overlapping entries (overrides, declared levels, flags) are chosen;
- evaluation.py — evaluate(), step-down dates and the national summary; scenario.py — the what-if file format.
"""

from .evaluation import STEP_DOWN_HORIZON_DAYS, evaluate
from .levels import LEVELS, Level
from .model import (
    COMMUNE,
    DISTRICT,
    KINDS,
    PROVINCE,
    Area,
    AreaResult,
    Declared,
    EngineInput,
    EngineResult,
    Flag,
    Override,
    Reason,
    Report,
    Unattributed,
)
from .parameters import TIMEZONE, ParameterError, Parameters2686
from .rulesets import RULESETS, RuleSet, UnknownRuleSet, ruleset_for, ruleset_for_date
from .scenario import ScenarioError, evaluate_scenario, load_scenario, result_to_json

__all__ = [
    "COMMUNE",
    "DISTRICT",
    "KINDS",
    "LEVELS",
    "PROVINCE",
    "RULESETS",
    "STEP_DOWN_HORIZON_DAYS",
    "TIMEZONE",
    "Area",
    "AreaResult",
    "Declared",
    "EngineInput",
    "EngineResult",
    "Flag",
    "Level",
    "Override",
    "ParameterError",
    "Parameters2686",
    "Reason",
    "Report",
    "RuleSet",
    "ScenarioError",
    "Unattributed",
    "UnknownRuleSet",
    "evaluate",
    "evaluate_scenario",
    "load_scenario",
    "result_to_json",
    "ruleset_for",
    "ruleset_for_date",
]
