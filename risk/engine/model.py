"""Inputs and outputs of the engine: plain frozen values, no Django, no database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Mapping, Sequence

COMMUNE = "commune"
DISTRICT = "district"
PROVINCE = "province"
KINDS: tuple[str, ...] = (COMMUNE, DISTRICT, PROVINCE)


@dataclass(frozen=True, slots=True)
class Area:
    """A commune, district or province; `external` areas lie outside the province and only have declared levels.

    An area exists from `valid_from` to `valid_to` (inclusive; None: open). One that has ended names the areas
    that took its place, `successors`: one when it merged or was renamed, several when it was split (spec §2.5).
    """

    code: str
    kind: str
    name: str
    parent: str | None = None
    population: int | None = None
    external: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    successors: tuple[str, ...] = ()

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True, slots=True)
class Report:
    """One daily report (spec §2.1) for a commune, or for a district/province for cases not attributed to a commune."""

    area: str
    date: date
    community_cases_known_source: int = 0
    community_cases_unknown_source: int = 0
    unknown_source_clusters: int = 0
    hard_to_control_source_cases: int = 0
    quarantined_cases: int = 0
    community_f1: int = 0


@dataclass(frozen=True, slots=True)
class Flag:
    """An analyst flag (spec §2.2) over the inclusive range start..end; `value` is the share for fast_spread_share."""

    area: str
    flag: str
    value: float | bool | None
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Declared:
    """The level an external area's own authorities announced, over start..end (spec §2.3)."""

    area: str
    level: int
    start: date
    end: date
    reference: str


@dataclass(frozen=True, slots=True)
class Override:
    """A level decided by the province's authority for start..end (spec §6)."""

    area: str
    level: int
    start: date
    end: date
    reason: str
    reference: str
    body: str = ""


@dataclass(frozen=True, slots=True)
class EngineInput:
    """Everything one assessment needs; `parameters` is a rule set's Parameters, a mapping of changes, or None."""

    date: date
    areas: Sequence[Area]
    adjacency: Sequence[tuple[str, str]] = ()
    reports: Sequence[Report] = ()
    flags: Sequence[Flag] = ()
    declared: Sequence[Declared] = ()
    overrides: Sequence[Override] = ()
    parameters: Any = None


@dataclass(frozen=True, slots=True)
class Reason:
    """One factor behind a level: rule identifier, tag (V, S, I or override), Vietnamese sentence, figures."""

    rule: str
    tag: str
    text: str
    figures: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AreaResult:
    """The level of one area: `level` is final (the override where there is one), `computed_level` the rules' own."""

    code: str
    level: int
    computed_level: int
    intrinsic_level: int | None
    overridden: bool
    reasons: tuple[Reason, ...]
    step_down_date: date | None


@dataclass(frozen=True, slots=True)
class Unattributed:
    """A report of an area that ended and was split (spec §2.5): shown to the reviewer, never guessed onto one of
    its successors. Its known-source cases count for `counted_for`, the smallest area holding every successor."""

    report: Report
    successors: tuple[str, ...]
    counted_for: str | None


@dataclass(frozen=True, slots=True)
class EngineResult:
    """Levels of every non-external area valid on the date, per level the number and population of communes, and
    the reports that could not be given to one area."""

    ruleset: str
    date: date
    areas: dict[str, AreaResult]
    national: dict[int, dict[str, int]]
    unattributed: tuple[Unattributed, ...] = ()
