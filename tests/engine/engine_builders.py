"""A small builder for engine inputs, so each test states only what matters to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from risk.engine import Area, Declared, EngineInput, EngineResult, Flag, Override, Report, evaluate

D = date(2021, 6, 15)


def ago(days: int) -> date:
    return D - timedelta(days=days)


def later(days: int) -> date:
    return D + timedelta(days=days)


@dataclass
class World:
    """Areas, borders and inputs around the assessment date D = 15/06/2021."""

    day: date = D
    areas: list[Area] = field(default_factory=list)
    adjacency: list[tuple[str, str]] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    declared: list[Declared] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)

    def area(
        self,
        code: str,
        kind: str,
        parent: str | None = None,
        population: int | None = 10_000,
        external: bool = False,
        name: str | None = None,
    ) -> "World":
        self.areas.append(Area(code, kind, name or f"{kind} {code}", parent, population, external))
        return self

    def province(self, code: str = "P", population: int = 400_000) -> "World":
        return self.area(code, "province", None, population, name=f"Tỉnh {code}")

    def district(self, code: str, parent: str = "P", population: int = 100_000) -> "World":
        return self.area(code, "district", parent, population, name=f"Huyện {code}")

    def commune(self, code: str, parent: str, population: int = 10_000) -> "World":
        return self.area(code, "commune", parent, population, name=f"Xã {code}")

    def external(self, code: str, kind: str = "province") -> "World":
        return self.area(code, kind, None, None, external=True, name=f"Ngoài {code}")

    def chain(
        self,
        district: str,
        n: int,
        parent: str = "P",
        population: int = 100_000,
        commune_population: int = 10_000,
        linked: bool = True,
    ) -> list[str]:
        """Add a district with n communes district+C1..Cn, each bordering the next when `linked`."""
        self.district(district, parent, population)
        codes = [f"{district}C{i}" for i in range(1, n + 1)]
        for c in codes:
            self.commune(c, district, commune_population)
        if linked:
            self.adjacency += list(zip(codes, codes[1:]))
        return codes

    def border(self, a: str, b: str) -> "World":
        self.adjacency.append((a, b))
        return self

    def report(self, area: str, days_ago: int = 0, **counts: int) -> "World":
        self.reports.append(Report(area, ago(days_ago), **counts))
        return self

    def flag(
        self, area: str, name: str, value: Any = True, start: date | None = None, end: date | None = None
    ) -> "World":
        self.flags.append(Flag(area, name, value, start or ago(10), end or later(10)))
        return self

    def declare(self, area: str, level: int, start: date | None = None, end: date | None = None) -> "World":
        self.declared.append(Declared(area, level, start or ago(10), end or later(10), "Thông báo số 1"))
        return self

    def override(
        self,
        area: str,
        level: int,
        start: date | None = None,
        end: date | None = None,
        reason: str = "Quyết định của Ban Chỉ đạo tỉnh",
        body: str = "UBND tỉnh",
    ) -> "World":
        self.overrides.append(
            Override(area, level, start or ago(10), end or later(10), reason, "QĐ số 01/QĐ-BCĐ", body)
        )
        return self

    def input(self, **parameters: Any) -> EngineInput:
        return EngineInput(
            self.day,
            tuple(self.areas),
            tuple(self.adjacency),
            tuple(self.reports),
            tuple(self.flags),
            tuple(self.declared),
            tuple(self.overrides),
            {**self.parameters, **parameters},
        )

    def evaluate(self, **parameters: Any) -> EngineResult:
        return evaluate(self.input(**parameters))

    def levels(self, **parameters: Any) -> dict[str, int]:
        return {c: r.level for c, r in self.evaluate(**parameters).areas.items()}


def one_commune(population: int = 10_000) -> World:
    """A province P with district D1 and its one commune C."""
    w = World().province().district("D1")
    w.commune("C", "D1", population)
    return w


def district_of(levels: list[int], scattered: bool = False) -> World:
    """A province P whose district D has one unlinked commune per entry of `levels`, each at that level."""
    w = World().province(population=10_000_000).district("D", population=len(levels) * 10_000)
    for i, level in enumerate(levels):
        code = f"C{i}"
        w.commune(code, "D")
        set_level(w, code, level)
    if scattered:
        w.flag("D", "scattered")
    return w


def set_level(w: World, commune: str, level: int) -> None:
    """Give a commune reports that put it at `level` by its own factors."""
    if level == 4:
        w.report(commune, unknown_source_clusters=1, community_cases_unknown_source=2)
    elif level == 3:
        w.report(commune, community_cases_unknown_source=1)
    elif level == 2:
        w.report(commune, community_f1=1)


def province_of(levels: list[int], scattered: bool = False) -> World:
    """A province P whose districts D0..Dn (one commune each) are at the given levels by their own factors:
    4 by fast spread over 60 % of communes, 3 by a protected site at risk, 2 by its known-source rate (2 cases
    reported for the district as a whole, 2 per 100,000)."""
    w = World().province(population=len(levels) * 100_000)
    for i, level in enumerate(levels):
        w.district(f"D{i}")
        w.commune(f"D{i}C", f"D{i}")
        if level == 4:
            w.flag(f"D{i}", "fast_spread_share", 0.6)
        elif level == 3:
            w.flag(f"D{i}", "protected_site_at_risk")
        elif level == 2:
            w.report(f"D{i}", community_cases_known_source=2)
    if scattered:
        w.flag("P", "scattered")
    return w
