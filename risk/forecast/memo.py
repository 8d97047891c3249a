"""The rule tables as the forecast reads them: each rule's answer remembered by the figures it decides on.

A forecast assesses the same areas thousands of times with facts that differ in dates and wording but seldom in
the figures a rule tests: window sums, population and active flags (a commune), the levels of the neighbours at
level ≥ 3 (adjacency), the number of sub-areas, their levels, known-source cases, population and flags (a district
or province). Here each rule answers from a memo keyed by those figures, so it runs once per distinct set. The
rules of a rule set decide on figures, never on names or codes (those only go into the sentences). Only whether a
rule holds is remembered: these tables serve assess() without reasons (detail=False) and nothing that writes them.
"""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType, SimpleNamespace
from typing import Any, Callable, Hashable

from risk.engine.facts import AdjacencyFacts, CommuneFacts, Flags, SubAreaFacts
from risk.engine.rulebook import Rule


def _flags(f: Flags) -> tuple:
    return tuple(sorted(f.active.items())) if f.active else ()


def _commune(c: CommuneFacts) -> Hashable:
    return (c.population, c.known, c.unknown, c.clusters, c.hard, c.f1, _flags(c.flags))


def _adjacency(a: AdjacencyFacts) -> Hashable:
    return frozenset((n.level, n.derived) for n in a.neighbours)


def _sub_areas(d: SubAreaFacts) -> Hashable:
    return (d.unit, d.total, d.population, d.known, tuple(sorted(s.level for s in d.raised)), _flags(d.flags))


def remembering(rules: ModuleType, params: Any) -> SimpleNamespace:
    """Return the four tables of `rules` with each rule's test remembered, for assessments with `params` only."""
    memo: dict[tuple, bool] = {}
    last: list[Any] = [None, None]  # first_level asks each rule of a table in turn about the same facts

    def table(rows: tuple[Rule, ...], figures: Callable[[Any], Hashable]) -> tuple[Rule, ...]:
        def remembered(test: Callable) -> Callable:
            def holds(facts: Any, p: Any) -> bool | None:
                if p is not params:
                    raise ValueError("these rule tables remember answers for one set of parameters")
                if facts is not last[0]:
                    last[0], last[1] = facts, figures(facts)
                key = (test, last[1])
                found = memo.get(key)
                if found is None:
                    found = memo[key] = test(facts, p) is not None
                return True if found else None

            return holds

        return tuple(replace(r, test=remembered(r.test)) for r in rows)

    return SimpleNamespace(
        COMMUNE_RULES=table(rules.COMMUNE_RULES, _commune),
        ADJACENCY_RULES=table(rules.ADJACENCY_RULES, _adjacency),
        DISTRICT_RULES=table(rules.DISTRICT_RULES, _sub_areas),
        PROVINCE_RULES=table(rules.PROVINCE_RULES, _sub_areas),
    )
