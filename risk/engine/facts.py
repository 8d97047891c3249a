"""What a rule sees of one area on one date: window sums, active flags, neighbours, sub-area levels."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Mapping

from . import vi
from .levels import Level
from .model import Flag


@dataclass(frozen=True, slots=True)
class Window:
    """The dates whose reports count (spec §2.4): start..end inclusive, `days` long."""

    start: date
    end: date
    days: int
    label: str = ""

    @classmethod
    def of(cls, start: date, end: date, days: int) -> "Window":
        return cls(start, end, days, f"{days} ngày ({vi.span(start, end)})")

    def __str__(self) -> str:
        return self.label

    @property
    def figures(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "days": self.days}


@dataclass(frozen=True, slots=True)
class Flags:
    """The analyst flags in force on the date, by flag name."""

    active: Mapping[str, Flag] = field(default_factory=dict)

    def on(self, name: str) -> Flag | None:
        """Return the flag when it is set (a boolean flag given value false is not set)."""
        f = self.active.get(name)
        return None if f is None or f.value is False else f

    def share(self, name: str) -> float:
        f = self.active.get(name)
        return float(f.value) if f is not None and not isinstance(f.value, bool) and f.value is not None else 0.0


NO_FLAGS = Flags()


@dataclass(slots=True)
class CommuneFacts:
    """A commune's own inputs in the window."""

    code: str
    name: str
    population: int | None
    window: Window
    known: int = 0
    unknown: int = 0
    clusters: int = 0
    hard: int = 0
    f1: int = 0
    flags: Flags = NO_FLAGS


@dataclass(frozen=True, slots=True)
class Neighbour:
    """An adjacent area at level ≥ 3; `derived` when only adjacency raised it; `label` names it with its level
    and, for a decided or declared level, the act that set it."""

    code: str
    name: str
    level: int
    derived: bool = False
    label: str = ""

    @classmethod
    def of(cls, code: str, name: str, level: int, derived: bool = False, source: str = "") -> "Neighbour":
        return _neighbour(code, name, level, derived, source)

    def describe(self) -> str:
        return self.label


@lru_cache(maxsize=65_536)
def _neighbour(code: str, name: str, level: int, derived: bool, source: str) -> Neighbour:
    """A neighbour is a value: the same one serves every assessment that shows it (a forecast makes thousands)."""
    extra = f"; {source}" if source else ""
    return Neighbour(code, name, level, derived, f"{name} (cấp độ {level} – {Level(level).label_vi.lower()}{extra})")


@dataclass(slots=True)
class AdjacencyFacts:
    """A commune's neighbours at level ≥ 3, after overrides and declared levels."""

    code: str
    neighbours: tuple[Neighbour, ...] = ()

    def at(self, level: int, derived: bool = False) -> list[Neighbour]:
        return [n for n in self.neighbours if n.level == level and n.derived == derived]


@dataclass(frozen=True, slots=True)
class SubArea:
    code: str
    name: str
    level: int


@dataclass(slots=True)
class SubAreaFacts:
    """A district (over its communes) or province (over its districts) on one date."""

    code: str
    name: str
    unit: str  # "xã" or "huyện": what the shares are of
    population: int | None
    window: Window
    total: int  # number of sub-areas
    raised: tuple[SubArea, ...]  # the sub-areas above level 1
    known: int = 0  # known-source community F0 of the area, its sub-areas and its own reports
    flags: Flags = NO_FLAGS

    def at(self, level: int, or_higher: bool) -> list[SubArea]:
        return [s for s in self.raised if s.level == level or (or_higher and s.level > level)]

    def share(self, count: int) -> float:
        return count / self.total if self.total else 0.0
