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
    """A commune, district or province; `external` areas lie outside the province and only have declared levels."""

    code: str
    kind: str
    name: str
    parent: str | None = None
    population: int | None = None
    external: bool = False


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
class EngineResult:
    """Levels of every non-external area, and per level the number and population of communes."""

    ruleset: str
    date: date
    areas: dict[str, AreaResult]
    national: dict[int, dict[str, int]]
