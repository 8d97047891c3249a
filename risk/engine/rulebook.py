"""How a rule table is written and read: the `rule` decorator, and first-match / all-factors evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, NamedTuple

from .model import Reason

TAGS = ("V", "S", "I")


class Finding(NamedTuple):
    text: str
    figures: dict[str, Any]


def because(text: str, **figures: Any) -> Finding:
    """Return what a rule found: a Vietnamese sentence and the figures it names."""
    return Finding(text, figures)


@dataclass(frozen=True, eq=False)
class Rule:
    """One factor of the Decision: the level it gives, its identifier, tag and quoted clause (the docstring)."""

    id: str
    tag: str
    level: int
    test: Callable[..., Finding | None]
    residual: bool = False

    @property
    def clause(self) -> str:
        return (self.test.__doc__ or "").strip()

    def __call__(self, facts: Any, params: Any) -> Reason | None:
        found = self.test(facts, params)
        return None if found is None else Reason(self.id, self.tag, found.text, found.figures)


def rule(identifier: str, tag: str, level: int, residual: bool = False) -> Callable[[Callable], Rule]:
    """Declare a rule; `residual` marks the "none of the above" row, which holds only when no other row does."""
    if tag not in TAGS:
        raise ValueError(f"tag must be one of {TAGS}, got {tag!r}")

    def declare(test: Callable) -> Rule:
        return Rule(identifier, tag, level, test, residual)

    return declare


def by_level(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Order a table highest level first (stable within a level), as "first match" reads it."""
    return tuple(sorted(rules, key=lambda r: -r.level))


def first_level(rules: tuple[Rule, ...], facts: Any, params: Any, floor: int = 1) -> int:
    """Return the level of the first holding rule of a by_level table, or `floor` when none holds above it."""
    for r in rules:
        if r.level <= floor:
            break
        if not r.residual and r.test(facts, params) is not None:
            return r.level
    return floor


def reasons_at(rules: Iterable[Rule], facts: Any, params: Any, level: int, residual_ok: bool) -> list[Reason]:
    """Return every factor of `level` that holds; residual rows only when `residual_ok` (nothing else held)."""
    out = []
    for r in rules:
        if r.level == level and (residual_ok or not r.residual) and (reason := r(facts, params)) is not None:
            out.append(reason)
    return out
