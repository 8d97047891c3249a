"""Parameters of rule set QD2686 (spec §8): every threshold and every [I] reading is one, so a province can change it.

Two parameters go beyond the §8 table; with their defaults they give exactly the rules of the spec:
- `high_share_for_very_high` (0.50): §8 names one 50 % threshold, `risk_share`, but the Decision uses 50 % twice
  (level 4: "50% số xã trở lên có nguy cơ cao"; level 3: "50% số xã trở lên ở mức độ nguy cơ"). `risk_share` is
  the share at level ≥ 2 (its name); this one is the share at level ≥ 3 that makes level 4.
- `raise_for_sub_area_at_risk` and `province_high_as_district` switch the two [I] rules that have no threshold
  (a district/province at level 2 when one of its sub-areas is; province level 3 by the district rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from typing import Any, Mapping

from .scenario_checks import is_number, shown

TIMEZONE = "Asia/Ho_Chi_Minh"
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class ParameterError(ValueError):
    """Invalid parameters; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _param(default: Any, kind: str, tag: str, doc: str) -> Any:
    return field(default=default, metadata={"kind": kind, "tag": tag, "doc": doc})


@dataclass(frozen=True)
class Parameters2686:
    """The parameters of QD2686 with the defaults of spec §8; construction validates and raises ParameterError."""

    window_days: int = _param(14, "days", "V", "days a report counts for (§2.4)")
    risk_rate_per_100k: float = _param(1.0, "rate", "V", "known-source F0 per 100,000 that must be exceeded (§3–5)")
    propagate_from_derived: bool = _param(
        True, "bool", "I", "a commune raised to 3 by adjacency raises its neighbours to 2"
    )
    count_higher_in_share: bool = _param(True, "bool", "I", "a share 'at level 3' counts level 4 too (≥ 2 counts 3, 4)")
    district_very_high_share: float = _param(
        0.30, "share", "V", "district level 4: share at level 4 (≥, with scattered)"
    )
    province_very_high_share: float = _param(
        0.30, "share", "V", "province level 4: share at level 4 (>, with scattered)"
    )
    high_share: float = _param(0.30, "share", "V", "level 3: share at level ≥ 3 (≥, with scattered)")
    risk_share: float = _param(0.50, "share", "V", "level 3: share at level ≥ 2 (≥)")
    high_share_for_very_high: float = _param(0.50, "share", "V", "level 4: share at level ≥ 3 (≥)")
    fast_spread_very_high: float = _param(0.50, "share", "V", "level 4: fast_spread_share above this")
    fast_spread_high: float = _param(0.20, "share", "V", "level 3: fast_spread_share above this")
    raise_for_sub_area_at_risk: bool = _param(True, "bool", "I", "district/province at 2 when a sub-area is at ≥ 2")
    province_high_as_district: bool = _param(True, "bool", "I", "province level 3 by the district rule of level 3")
    recompute_times: tuple[str, ...] = _param(
        ("08:00", "13:00", "20:00"), "times", "V", f"daily recomputation, {TIMEZONE}"
    )

    def __post_init__(self) -> None:
        if isinstance(self.recompute_times, list):
            object.__setattr__(self, "recompute_times", tuple(self.recompute_times))
        problems = self.validate()
        if problems:
            raise ParameterError(problems)

    def validate(self, where: str = "parameters") -> list[str]:
        """Return one line per invalid value (empty when all are valid)."""
        return [
            p for f in fields(self) if (p := _check(f.metadata["kind"], getattr(self, f.name), f"{where}.{f.name}"))
        ]

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None, where: str = "parameters") -> "Parameters2686":
        """Build from defaults changed by `values`; raise ParameterError naming every unknown or invalid entry."""
        values = dict(values or {})
        known = {f.name: f for f in fields(cls)}
        problems = [f"{where}: unknown parameter {_shown(name)}" for name in values if name not in known]
        for name, value in values.items():
            if name in known and (p := _check(known[name].metadata["kind"], value, f"{where}.{name}")):
                problems.append(p)
        if problems:
            raise ParameterError(problems)
        if "recompute_times" in values:
            values["recompute_times"] = tuple(values["recompute_times"])
        return cls(**values)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v) for f in fields(self)}


_shown = shown
_is_number = is_number


def _check(kind: str, value: Any, where: str) -> str | None:
    """Return the problem with one parameter value, or None."""
    if kind == "days":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
            return f"{where}: must be a whole number from 1 to 60, got {_shown(value)}"
    elif kind == "share":
        # spec §8: a threshold of 0 or 1 would make a share rule hold always or never
        if not _is_number(value) or not 0 < value < 1:
            return f"{where}: must be a number strictly between 0 and 1, got {_shown(value)}"
    elif kind == "rate":
        if not _is_number(value) or value <= 0:
            return f"{where}: must be a number greater than 0, got {_shown(value)}"
    elif kind == "bool":
        if not isinstance(value, bool):
            return f"{where}: must be true or false, got {_shown(value)}"
    elif kind == "times":
        ok = isinstance(value, (list, tuple)) and value and all(isinstance(t, str) and _TIME.match(t) for t in value)
        if not ok or len(set(value)) != len(value):
            return f'{where}: must be a non-empty list of distinct times "HH:MM", got {_shown(value)}'
    return None
