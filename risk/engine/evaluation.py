"""evaluate(): the levels, reasons and earliest step-down dates of every area on one date.

Step-down date (spec §6): the first date after the assessment date on which the same inputs, with no new reports,
give the area a lower final level; None when that does not happen within `horizon_days` (60). Between two dates on
which an input enters or leaves (a report leaving the window, a flag, declared level or override starting or
ending) no level can change, so only those dates are assessed. A level that first rises (e.g. a stricter override
starting) and falls later is compared with today's level, not with the risen one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .assess import Assessment, assess
from .model import COMMUNE, AreaResult, EngineInput, EngineResult
from .prepare import Prepared, prepare
from .rulesets import DEFAULT_RULESET, RuleSet, ruleset_for

STEP_DOWN_HORIZON_DAYS = 60


def evaluate(
    inp: EngineInput, ruleset: str | RuleSet = DEFAULT_RULESET, horizon_days: int = STEP_DOWN_HORIZON_DAYS
) -> EngineResult:
    """Assess every non-external area of `inp` on inp.date under `ruleset`."""
    rs = ruleset_for(ruleset)
    params = rs.parameters(inp.parameters)
    prep = prepare(inp, params.window_days)
    today = assess(prep, rs.rules, params, inp.date, detail=True)
    step_down = step_down_dates(prep, rs.rules, params, today.final, horizon_days)
    areas = {code: _result(prep, today, code, step_down.get(code)) for code, a in prep.areas.items() if not a.external}
    return EngineResult(rs.code, inp.date, areas, national_summary(prep, today), tuple(prep.unattributed))


def step_down_dates(
    prep: Prepared, rules: Any, params: Any, levels: dict[str, int], horizon_days: int
) -> dict[str, date]:
    """Return, for each area above level 1 in `levels`, the first change date on which its level is lower."""
    pending = dict(levels)
    found: dict[str, date] = {}
    for day in prep.change_days(horizon_days):
        if not pending:
            break
        final = assess(prep, rules, params, day).final
        for code in [c for c, level in pending.items() if final.get(c, 1) < level]:
            found[code] = day
            del pending[code]
    return found


def national_summary(prep: Prepared, today: Assessment) -> dict[int, dict[str, int]]:
    """Per level, the number of communes and their population (spec §5: a summary only)."""
    out = {level: {"areas": 0, "population": 0} for level in (1, 2, 3, 4)}
    for code in prep.communes:
        bucket = out[today.final.get(code, 1)]
        bucket["areas"] += 1
        bucket["population"] += prep.areas[code].population or 0
    return out


def _result(prep: Prepared, today: Assessment, code: str, step_down: date | None) -> AreaResult:
    kind = prep.areas[code].kind
    reasons = today.reasons.get(code)
    return AreaResult(
        code=code,
        level=today.final.get(code, 1),
        computed_level=today.computed.get(code, 1),
        intrinsic_level=today.intrinsic.get(code, 1) if kind == COMMUNE else None,
        overridden=code in today.overridden,
        reasons=tuple(reasons) if reasons is not None else today.default_reasons[kind],
        step_down_date=step_down,
    )
