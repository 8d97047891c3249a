"""Registry of rule sets: each legal basis (QD2686 now; e.g. 128/NQ-CP later) is one entry beside the others.

A rule set names its rule tables (a module with COMMUNE_RULES, ADJACENCY_RULES, DISTRICT_RULES, PROVINCE_RULES
and FLAGS) and its Parameters class. Adding one means a new rules module, a Parameters class and an entry here.
Decision 2686 was replaced in practice by Resolution 128/NQ-CP of 11/10/2021 but never formally ended, so its
entry has no end date: what-if runs on later dates stay possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any, Mapping

from . import rules_2686
from .parameters import Parameters2686


class UnknownRuleSet(KeyError):
    """No rule set has this code."""

    def __str__(self) -> str:
        return f'unknown rule set "{self.args[0]}" (known: {", ".join(RULESETS)})'


@dataclass(frozen=True)
class RuleSet:
    code: str
    title: str
    valid_from: date
    valid_to: date | None
    rules: ModuleType
    parameters_type: type

    def in_force(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def parameters(self, given: Any = None) -> Any:
        """Return this rule set's parameters from None (defaults), a mapping of changes, or a Parameters object."""
        if given is None:
            return self.parameters_type()
        if isinstance(given, self.parameters_type):
            return given
        if isinstance(given, Mapping):
            return self.parameters_type.from_mapping(given)
        raise TypeError(f"{self.code}: parameters must be {self.parameters_type.__name__} or a mapping")


QD2686 = RuleSet(
    code=rules_2686.CODE,
    title=rules_2686.TITLE,
    valid_from=date(2021, 5, 31),
    valid_to=None,
    rules=rules_2686,
    parameters_type=Parameters2686,
)

RULESETS: dict[str, RuleSet] = {rs.code: rs for rs in (QD2686,)}
DEFAULT_RULESET = QD2686.code


def ruleset_for(code: str | RuleSet) -> RuleSet:
    """Return the rule set with this code; raise UnknownRuleSet."""
    if isinstance(code, RuleSet):
        return code
    try:
        return RULESETS[code]
    except (KeyError, TypeError):
        raise UnknownRuleSet(code) from None


def ruleset_for_date(day: date) -> RuleSet | None:
    """Return the most recent rule set in force on `day`, or None."""
    in_force = [rs for rs in RULESETS.values() if rs.in_force(day)]
    return max(in_force, key=lambda rs: rs.valid_from) if in_force else None
