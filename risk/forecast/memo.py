"""The rule tables as the forecast reads them: each table's answer remembered by the figures its rules decide on.

A forecast assesses the same areas thousands of times with facts that differ in dates and wording but seldom in
the figures a rule tests: window sums, population and active flags (a commune), the levels of the neighbours at
level ≥ 3 (adjacency), the number of sub-areas, their levels, known-source cases, population and flags (a district
or province). Here a table's level is remembered by those figures, so its rules run once per distinct set. The
rules of a rule set decide on figures, never on names or codes (those only go into the sentences). Only the level
is remembered: these tables serve assess() without reasons (detail=False) and nothing that writes them.
"""

from __future__ import annotations

from types import ModuleType, SimpleNamespace
from typing import Any, Callable, Hashable

from risk.engine.facts import AdjacencyFacts, CommuneFacts, Flags, SubAreaFacts
from risk.engine.rulebook import Rule, first_level


def _flags(f: Flags) -> tuple:
    return tuple(sorted(f.active.items())) if f.active else ()


def _commune(c: CommuneFacts) -> Hashable:
    return (c.population, c.known, c.unknown, c.clusters, c.hard, c.f1, _flags(c.flags))


def _adjacency(a: AdjacencyFacts) -> Hashable:
    return frozenset((n.level, n.derived) for n in a.neighbours)


def _sub_areas(d: SubAreaFacts) -> Hashable:
    return (d.unit, d.total, d.population, d.known, tuple(sorted(s.level for s in d.raised)), _flags(d.flags))


def remembering(rules: ModuleType, params: Any) -> SimpleNamespace:
    """Return the four tables of `rules` as first_level reads them, remembered, for assessments with `params` only.

    Each table becomes one row per level above 1 that holds when the real table's first holding row (with no
    floor) is at that level: first_level then returns what it returns on the real table for any floor."""
    memo: dict[tuple, int] = {}
    last: list[Any] = [None, None, 1]  # first_level asks each row of a table in turn about the same facts

    def table(number: int, rows: tuple[Rule, ...], figures: Callable[[Any], Hashable]) -> tuple[Rule, ...]:
        def level_of(facts: Any, p: Any) -> int:
            if facts is last[0] and last[1] == number:
                return last[2]
            if p is not params:
                raise ValueError("these rule tables remember answers for one set of parameters")
            key = (number, figures(facts))
            level = memo.get(key)
            if level is None:
                level = memo[key] = first_level(rows, facts, p)
            last[:] = facts, number, level
            return level

        def at(level: int) -> Rule:
            return Rule(
                f"remembered.{level}", "I", level, lambda facts, p: True if level_of(facts, p) == level else None
            )

        return tuple(at(level) for level in sorted({r.level for r in rows if r.level > 1}, reverse=True))

    return SimpleNamespace(
        COMMUNE_RULES=table(0, rules.COMMUNE_RULES, _commune),
        ADJACENCY_RULES=table(1, rules.ADJACENCY_RULES, _adjacency),
        DISTRICT_RULES=table(2, rules.DISTRICT_RULES, _sub_areas),
        PROVINCE_RULES=table(3, rules.PROVINCE_RULES, _sub_areas),
    )
