"""What-if scenario files (docs: shared/spec/scenario-format.md): read one into an EngineInput, write a result out.

load_scenario() never lets an exception other than ScenarioError escape, and ScenarioError lists every problem,
one line each, naming where it is (e.g. `reports[3].community_f1: must be a whole number ≥ 0, got -2`).
Beyond the format's list of errors it also refuses what the engine would otherwise have to guess about:
a report, flag or override on an external area, a declared level on an internal one, a flag on the wrong kind of
area, a parent of the wrong kind, two reports for one area and date, and a date before the rule set is in force.
Area codes are letters, digits and -_./ (so every message can quote them as they are); internal areas need a
population (rates do). An optional top-level "description" is allowed for the analyst's notes.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from .evaluation import evaluate
from .model import COMMUNE, DISTRICT, KINDS, PROVINCE, Area, Declared, EngineInput, EngineResult, Flag, Override, Report
from .parameters import ParameterError
from .rulesets import RULESETS, UnknownRuleSet, ruleset_for
from .scenario_checks import Checker, shown

COUNTS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)
DISPLAY_ONLY = ("tests", "recovered", "deaths")  # shown on public pages, not read by the rules
PARENT_KIND = {COMMUNE: DISTRICT, DISTRICT: PROVINCE}
TOP_KEYS = ("ruleset", "date", "areas")
AREA_OPTIONAL = ("parent", "population", "external", "valid_from", "valid_to", "successors")
TOP_OPTIONAL = ("parameters", "adjacency", "reports", "flags", "declared", "overrides", "description")


class ScenarioError(ValueError):
    """A scenario file that cannot be evaluated; `problems` has one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_scenario(text: str | bytes) -> tuple[EngineInput, str]:
    """Parse and check a scenario; return the engine input and the rule set code, or raise ScenarioError."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ScenarioError([f"invalid JSON at line {e.lineno}, column {e.colno}: {e.msg}"]) from None
    except RecursionError:
        raise ScenarioError(["invalid JSON: lists or objects nested too deeply"]) from None
    except (ValueError, TypeError) as e:  # not UTF-8, or an integer of thousands of digits
        what = "a number has too many digits" if "digits" in str(e) else str(e)
        raise ScenarioError([f"invalid JSON: {what}"]) from None
    ck = Checker()
    if ck.obj(doc, "scenario", TOP_KEYS, TOP_OPTIONAL) is None:
        raise ScenarioError(ck.problems)

    rs = None
    code = doc.get("ruleset")
    if "ruleset" in doc:
        try:
            rs = ruleset_for(code)
        except UnknownRuleSet:
            ck.add("ruleset", f"unknown rule set {shown(code)} (known: {', '.join(RULESETS)})")
    day = ck.day(doc, "date", "")
    if day and rs and not rs.in_force(day):
        ck.add(
            "date",
            f"{day.isoformat()} is outside the validity of rule set {rs.code} "
            f"(from {rs.valid_from.isoformat()}{' to ' + rs.valid_to.isoformat() if rs.valid_to else ''})",
        )
    params = None
    if rs is not None:
        given = doc.get("parameters")
        if given is not None and not isinstance(given, dict):
            ck.add("parameters", f"must be an object, got {shown(given)}")
        else:
            try:
                params = rs.parameters(given or {})
            except ParameterError as e:
                ck.problems.extend(e.problems)

    area_items = ck.array(doc, "areas", "areas", required=True)
    areas = _areas(ck, area_items)
    codes: dict[str, Area | None] = {
        i.get("code"): None for i in area_items if isinstance(i, dict) and isinstance(i.get("code"), str)
    }
    codes.update({a.code: a for a in areas})  # an invalid area is reported once, not again where it is named
    adjacency = _adjacency(ck, ck.array(doc, "adjacency", "adjacency"), codes)
    flag_table = rs.rules.FLAGS if rs else None
    reports = _reports(ck, ck.array(doc, "reports", "reports"), codes)
    flags = _flags(ck, ck.array(doc, "flags", "flags"), codes, flag_table)
    declared = _decisions(ck, ck.array(doc, "declared", "declared"), codes, external=True)
    overrides = _decisions(ck, ck.array(doc, "overrides", "overrides"), codes, external=False)
    if ck.problems:
        raise ScenarioError(ck.problems)
    inp = EngineInput(
        day, tuple(areas), tuple(adjacency), tuple(reports), tuple(flags), tuple(declared), tuple(overrides), params
    )
    return inp, rs.code


def _area_ref(ck: Checker, value: Any, where: str, codes: dict[str, Area | None]) -> Area | None:
    if value is None:
        return None  # missing, reported by Checker.obj
    if not isinstance(value, str) or value not in codes:
        ck.add(where, f"unknown area {shown(value)}")
        return None
    return codes[value]


def _areas(ck: Checker, items: list) -> list[Area]:
    out: list[Area] = []
    first: dict[str, int] = {}
    successors: dict[str, list] = {}
    for i, item in enumerate(items):
        w = f"areas[{i}]"
        if ck.obj(item, w, ("code", "kind", "name"), AREA_OPTIONAL) is None:
            continue
        code, name = ck.code(item, "code", w), ck.text(item, "name", w)
        kind = item.get("kind")
        if "kind" in item and kind not in KINDS:
            ck.add(f"{w}.kind", f"must be one of {', '.join(KINDS)}, got {shown(kind)}")
        external = ck.boolean(item, "external", w, False)
        parent = item.get("parent")
        if parent is not None and not isinstance(parent, str):
            ck.add(f"{w}.parent", f"must be an area code or null, got {shown(parent)}")
        population = ck.whole(item, "population", w, 1, default=None)
        if item.get("population") is None and external is False:
            ck.add(w, 'missing "population" (needed for rates; optional for external areas only)')
        valid_from = ck.day(item, "valid_from", w) if item.get("valid_from") is not None else None
        valid_to = ck.day(item, "valid_to", w) if item.get("valid_to") is not None else None
        period_ok = (valid_from is not None or item.get("valid_from") is None) and (
            valid_to is not None or item.get("valid_to") is None
        )
        if valid_from and valid_to and valid_from > valid_to:
            ck.add(w, f'"valid_from" {valid_from.isoformat()} is after "valid_to" {valid_to.isoformat()}')
        heirs = item.get("successors", [])
        if not isinstance(heirs, list) or not all(isinstance(h, str) for h in heirs):
            ck.add(f"{w}.successors", f"must be a list of area codes, got {shown(heirs)}")
            heirs = None
        if code in first:
            ck.add(f"{w}.code", f'duplicate code "{code}" (first at areas[{first[code]}])')
        elif (
            None not in (code, name, external, heirs)
            and period_ok
            and kind in KINDS
            and (parent is None or isinstance(parent, str))
        ):
            first[code] = i
            successors[code] = heirs
            out.append(Area(code, kind, name, parent, population, external, valid_from, valid_to, tuple(heirs)))
    for problem in parent_problems(out, first):
        ck.problems.append(problem)
    _check_successors(ck, out, first)
    return out


def parent_problems(areas: Sequence[Any], index: Mapping[str, int]) -> list[str]:
    """Return one line per bad parent: unknown, in a cycle, on the other side of the border, or of the wrong kind.

    Linear in the number of areas: each area's parent is read a bounded number of times (one walk marks every
    area it passes, and no walk enters a marked area), so a file of 100,000 areas chained parent to parent is
    checked as fast as a flat one. A cycle is reported once, at its member that comes first in the file.
    """
    codes = {a.code: a for a in areas}
    parent_of = {a.code: a.parent for a in areas}  # each area's parent read once
    state: dict[str, int] = {}  # 1: on the walk under way, 2: done
    cycle_at: dict[str, list[str]] = {}  # first member of a cycle → the cycle from it
    in_cycle: set[str] = set()
    for a in areas:
        if a.code in state:
            continue
        path, cur = [], a.code
        while cur is not None and cur in codes and cur not in state:
            state[cur] = 1
            path.append(cur)
            cur = parent_of[cur]
        if cur is not None and state.get(cur) == 1:  # the walk came back onto itself
            cycle = path[path.index(cur) :]
            head = min(cycle, key=index.__getitem__)
            k = cycle.index(head)
            cycle_at[head] = cycle[k:] + cycle[:k]
            in_cycle.update(cycle)
        for code in path:
            state[code] = 2

    problems = []
    for a in areas:
        w = f"areas[{index[a.code]}].parent"
        if a.parent is None or a.code in in_cycle and a.code not in cycle_at:
            continue
        if a.code in cycle_at:
            problems.append(f"{w}: parent cycle: {' → '.join(cycle_at[a.code] + [a.code])}")
            continue
        parent = codes.get(a.parent)
        if parent is None:
            problems.append(f'{w}: unknown area "{a.parent}"')
        elif parent.external and not a.external:
            problems.append(f'{w}: an area inside the province cannot have an external parent ("{parent.code}")')
        elif a.external and not parent.external:
            problems.append(f'{w}: an external area cannot have a parent inside the province ("{parent.code}")')
        elif not a.external and PARENT_KIND.get(a.kind) != parent.kind:
            expected = PARENT_KIND.get(a.kind)
            problems.append(
                f"{w}: a {a.kind}'s parent must be {'a ' + expected if expected else 'null'}, "
                f'got {parent.kind} "{parent.code}"'
            )
    return problems


def _check_successors(ck: Checker, areas: list[Area], index: dict[str, int]) -> None:
    """Successors (spec §2.5) name areas of the same kind and side of the border, never the area itself."""
    codes = {a.code: a for a in areas}
    for a in areas:
        for j, code in enumerate(a.successors):
            w = f"areas[{index[a.code]}].successors[{j}]"
            heir = codes.get(code)
            if heir is None:
                ck.add(w, f"unknown area {shown(code)}")
            elif code == a.code:
                ck.add(w, f'an area cannot succeed itself ("{code}")')
            elif heir.kind != a.kind or heir.external != a.external:
                ck.add(
                    w,
                    f'"{code}" is a {heir.kind}{" outside" if heir.external else ""}, '
                    f'"{a.code}" a {a.kind}{" outside" if a.external else ""}: a successor is of the same kind',
                )
        if a.successors and a.valid_to is None:
            ck.add(f"areas[{index[a.code]}]", 'has "successors" but no "valid_to": only an area that ends has them')


def _adjacency(ck: Checker, items: list, codes: dict[str, Area]) -> list[tuple[str, str]]:
    out = []
    for i, pair in enumerate(items):
        w = f"adjacency[{i}]"
        if not isinstance(pair, list) or len(pair) != 2:
            ck.add(w, f"must be a pair of area codes, got {shown(pair)}")
            continue
        found = [_area_ref(ck, code, f"{w}[{j}]", codes) for j, code in enumerate(pair)]
        if None in found:
            continue
        if pair[0] == pair[1]:
            ck.add(w, f'an area cannot border itself ("{pair[0]}")')
            continue
        out.append((pair[0], pair[1]))
    return out


def _reports(ck: Checker, items: list, codes: dict[str, Area]) -> list[Report]:
    out, seen = [], {}
    for i, item in enumerate(items):
        w = f"reports[{i}]"
        if ck.obj(item, w, ("area", "date"), COUNTS + DISPLAY_ONLY) is None:
            continue
        area = _area_ref(ck, item.get("area"), f"{w}.area", codes)
        if area is not None and area.external:
            ck.add(f"{w}.area", f'"{area.code}" is external: external areas have declared levels, not reports')
            area = None
        day = ck.day(item, "date", w)
        counts = [ck.whole(item, key, w, 0, default=0) for key in COUNTS]
        for key in DISPLAY_ONLY:
            ck.whole(item, key, w, 0, default=0)
        known, hard = counts[0], counts[3]
        if known is not None and hard is not None and hard > known:
            ck.add(
                f"{w}.hard_to_control_source_cases", f"must not exceed community_cases_known_source ({hard} > {known})"
            )
            continue
        if area is None or day is None or None in counts:
            continue
        if (area.code, day) in seen:
            ck.add(
                w, f'a second report for "{area.code}" on {day.isoformat()} (first is reports[{seen[area.code, day]}])'
            )
            continue
        seen[area.code, day] = i
        out.append(Report(area.code, day, *counts))
    return out


def _flags(ck: Checker, items: list, codes: dict[str, Area], table: dict | None) -> list[Flag]:
    out = []
    for i, item in enumerate(items):
        w = f"flags[{i}]"
        if ck.obj(item, w, ("area", "flag", "from", "to"), ("value",)) is None:
            continue
        area = _area_ref(ck, item.get("area"), f"{w}.area", codes)
        start, end = ck.date_range(item, w)
        name = item.get("flag")
        if table is None or "flag" not in item:
            continue
        if not isinstance(name, str) or name not in table:
            ck.add(f"{w}.flag", f"unknown flag {shown(name)} (known: {', '.join(table)})")
            continue
        kinds, valued = table[name]
        if area is not None and (area.external or area.kind not in kinds):
            where = "an external area" if area.external else f'{area.kind} "{area.code}"'
            ck.add(f"{w}.flag", f'"{name}" is set on a {" or ".join(kinds)} of the province, not on {where}')
            continue
        value: Any = ck.share(item, "value", w) if valued else ck.boolean(item, "value", w, True)
        if area is not None and start and end and value is not None:
            out.append(Flag(area.code, name, value, start, end))
    return out


def _decisions(ck: Checker, items: list, codes: dict[str, Area], external: bool) -> list[Declared | Override]:
    kind = "declared" if external else "overrides"
    required = ("area", "level", "from", "to", "reference") + (() if external else ("reason",))
    out: list[Declared | Override] = []
    for i, item in enumerate(items):
        w = f"{kind}[{i}]"
        if ck.obj(item, w, required, () if external else ("body",)) is None:
            continue
        area = _area_ref(ck, item.get("area"), f"{w}.area", codes)
        if area is not None and area.external != external:
            ck.add(
                f"{w}.area",
                f'"{area.code}" is inside the province: it takes overrides, not declared levels'
                if external
                else f'"{area.code}" is external: its level is declared, not overridden',
            )
            area = None
        level = ck.whole(item, "level", w, 1, 4)
        start, end = ck.date_range(item, w)
        reference = ck.text(item, "reference", w)
        if external:
            if None not in (area, level, start, end, reference):
                out.append(Declared(area.code, level, start, end, reference))
            continue
        reason, body = ck.text(item, "reason", w), ck.text(item, "body", w, default="")
        if None not in (area, level, start, end, reference, reason, body):
            out.append(Override(area.code, level, start, end, reason, reference, body))
    return out


def result_to_json(result: EngineResult) -> dict[str, Any]:
    """Return the output document of scenario-format.md."""
    areas = {}
    for code, r in result.areas.items():
        entry: dict[str, Any] = {"level": r.level, "computed_level": r.computed_level}
        if r.intrinsic_level is not None:
            entry["intrinsic_level"] = r.intrinsic_level
        entry["overridden"] = r.overridden
        entry["reasons"] = [{"rule": x.rule, "tag": x.tag, "text": x.text} for x in r.reasons]
        entry["step_down_date"] = r.step_down_date.isoformat() if r.step_down_date else None
        areas[code] = entry
    out = {
        "ruleset": result.ruleset,
        "date": result.date.isoformat(),
        "areas": areas,
        "national": {str(level): dict(v) for level, v in sorted(result.national.items())},
    }
    if result.unattributed:  # only when an area that ended was split: the documented keys stay as they are
        out["unattributed_reports"] = [
            {
                "area": u.report.area,
                "date": u.report.date.isoformat(),
                "successors": list(u.successors),
                "counted_for": u.counted_for,
            }
            for u in sorted(result.unattributed, key=lambda u: (u.report.area, u.report.date))
        ]
    return out


def evaluate_scenario(text: str | bytes) -> dict[str, Any]:
    """Load, evaluate and serialise a scenario; raise ScenarioError when it cannot be evaluated."""
    inp, code = load_scenario(text)
    return result_to_json(evaluate(inp, code))
