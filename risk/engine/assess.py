"""Assess every area on one date, in the order of spec §3–6:
commune own factors → overrides → adjacency (two rings) → districts → provinces.

Only areas that something touches are evaluated (a report in the window, a flag, a raised neighbour or sub-area);
every other area is at level 1, so a national run costs in proportion to the outbreak, not to the country.

Adjacency reads the area graph: a commune is raised by its neighbouring communes and by external areas of any kind
(spec §3). A pair naming an internal district or province is accepted but raises nobody, since their levels come
from their communes. What a neighbour shows is its level before adjacency: an override, a declared level (external
areas; none in force means level 1) or the commune's own factors. A commune that adjacency alone lifted is
"derived"; ring 2 reads only derived neighbours, and only through the rules of ADJACENCY_RULES. An overridden
commune is never derived (adjacency does not raise it), though its computed_level still shows what it would be
without its own override (spec §6): a neighbour that only its override raised (ring 1) does not raise it back
(ring 2). That level is worked out around the commune alone, with the commune showing its own factors.

Reasons are those of the final level: for an overridden area, the override first, then any factor of the
overridden level that holds. The "none of the above" row is given only when the computed level is 1, so an area
decided down to 1 despite a cluster is explained by the decision alone, never by "no factor".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from . import vi
from .facts import NO_FLAGS, AdjacencyFacts, CommuneFacts, Flags, Neighbour, SubArea, SubAreaFacts, Window
from .levels import Level
from .model import COMMUNE, DISTRICT, PROVINCE, Override, Reason
from .prepare import Prepared
from .rulebook import first_level, reasons_at

UNITS = {DISTRICT: "xã", PROVINCE: "huyện"}
SUB_KIND = {DISTRICT: COMMUNE, PROVINCE: DISTRICT}


@dataclass
class Assessment:
    """Levels on one date; the detail fields are filled only when reasons were asked for."""

    final: dict[str, int]  # internal areas above level 1
    computed: dict[str, int] = field(default_factory=dict)
    intrinsic: dict[str, int] = field(default_factory=dict)
    overridden: dict[str, Override] = field(default_factory=dict)
    reasons: dict[str, list[Reason]] = field(default_factory=dict)
    default_reasons: dict[str, tuple[Reason, ...]] = field(default_factory=dict)  # by kind, for untouched areas


def override_reason(o: Override) -> Reason:
    body = o.body or "cơ quan có thẩm quyền"
    return Reason(
        "override",
        "override",
        f"Cấp độ {o.level} ({Level(o.level).label_vi}) do {body} quyết định: {o.reason} "
        f"({o.reference}, hiệu lực {vi.span(o.start, o.end)})",
        {
            "level": o.level,
            "reason": o.reason,
            "body": o.body,
            "reference": o.reference,
            "from": o.start.isoformat(),
            "to": o.end.isoformat(),
        },
    )


def assess(prep: Prepared, rules: ModuleType, p: Any, day: date, detail: bool = False) -> Assessment:
    """Return the levels of every internal area on `day` (and their reasons when `detail`)."""
    hi = day.toordinal()
    lo = hi - prep.window_days + 1
    window = Window.of(date.fromordinal(max(lo, 1)), day, prep.window_days)
    overrides = prep.overrides_on(day)
    flags = prep.flags_on(day)
    out = Assessment(final={})

    intrinsic, cfacts = _communes(prep, rules, p, lo, hi, window, flags, detail)
    adjacency, afacts, without_own = _adjacency(prep, rules, p, intrinsic, overrides, prep.declared_on(day), detail)
    commune_final: dict[str, int] = {}
    for code in intrinsic.keys() | adjacency.keys() | overrides.keys():
        if prep.areas[code].kind != COMMUNE:
            continue
        computed = max(intrinsic.get(code, 1), without_own.get(code, adjacency.get(code, 1)))
        level = overrides[code].level if code in overrides else computed
        if level > 1:
            commune_final[code] = level
        if detail:
            out.computed[code] = computed
    out.final.update(commune_final)

    for kind, table in ((DISTRICT, rules.DISTRICT_RULES), (PROVINCE, rules.PROVINCE_RULES)):
        dfacts = _sub_areas(prep, kind, p, table, lo, hi, window, flags, overrides, out, detail)
        if detail:
            for code, facts in dfacts.items():
                out.reasons[code] = _reasons(table, (), facts, None, p, out, code, overrides)

    if detail:
        out.intrinsic = intrinsic
        out.overridden = overrides
        for code in prep.communes:
            if code in cfacts or code in afacts or code in overrides or code in out.computed:
                facts = cfacts.get(code) or CommuneFacts(code, prep.areas[code].name, None, window)
                out.reasons[code] = _reasons(
                    rules.COMMUNE_RULES, rules.ADJACENCY_RULES, facts, afacts.get(code), p, out, code, overrides
                )
        empty_c = CommuneFacts("", "", None, window)
        empty_d = SubAreaFacts("", "", "", None, window, 0, ())
        out.default_reasons = {
            COMMUNE: tuple(reasons_at(rules.COMMUNE_RULES, empty_c, p, 1, True)),
            DISTRICT: tuple(reasons_at(rules.DISTRICT_RULES, empty_d, p, 1, True)),
            PROVINCE: tuple(reasons_at(rules.PROVINCE_RULES, empty_d, p, 1, True)),
        }
    return out


def _reasons(
    table: tuple,
    adjacency_table: tuple,
    facts: Any,
    afacts: AdjacencyFacts | None,
    p: Any,
    out: Assessment,
    code: str,
    overrides: dict[str, Override],
) -> list[Reason]:
    """Every factor of the final level (own and adjacency), after the override that set it, if any."""
    level = out.final.get(code, 1)
    computed = out.computed.get(code, 1)
    reasons = [override_reason(overrides[code])] if code in overrides else []
    reasons += reasons_at(table, facts, p, level, residual_ok=computed == 1)
    if afacts is not None:
        reasons += reasons_at(adjacency_table, afacts, p, level, residual_ok=False)
    return reasons


def _communes(
    prep: Prepared, rules: ModuleType, p: Any, lo: int, hi: int, window: Window, flags: dict[str, Flags], detail: bool
) -> tuple[dict[str, int], dict[str, CommuneFacts]]:
    """Intrinsic levels (> 1) of the communes with a report in the window or a flag."""
    levels: dict[str, int] = {}
    kept: dict[str, CommuneFacts] = {}
    areas = prep.areas
    table = rules.COMMUNE_RULES
    flagged = [c for c in flags if areas[c].kind == COMMUNE]
    for code in (*prep.own, *(c for c in flagged if c not in prep.own)):
        series = prep.own.get(code)
        sums = series.window(lo, hi) if series else (0, 0, 0, 0, 0)
        f = flags.get(code)
        if f is None and not any(sums):
            continue
        a = areas[code]
        facts = CommuneFacts(code, a.name, a.population, window, *sums, flags=f or NO_FLAGS)
        level = first_level(table, facts, p)
        if level > 1:
            levels[code] = level
        if detail:
            kept[code] = facts
    return levels, kept


def _adjacency(
    prep: Prepared,
    rules: ModuleType,
    p: Any,
    intrinsic: dict[str, int],
    overrides: dict[str, Override],
    declared: dict,
    detail: bool,
) -> tuple[dict[str, int], dict[str, AdjacencyFacts], dict[str, int]]:
    """Adjacency levels of the communes next to an area at level ≥ 3, over two rings; with `detail`, also the
    adjacency level of each overridden commune whose override neighbours see, as it would be without it."""
    areas = prep.areas
    shown: dict[str, tuple[int, str]] = {}  # what neighbours see: level, who set it
    for code, level in intrinsic.items():
        if code not in overrides and level >= 3:
            shown[code] = (level, "")
    for code, o in overrides.items():
        if areas[code].kind == COMMUNE and o.level >= 3:
            shown[code] = (o.level, f"theo {o.reference}")
    for code, d in declared.items():
        if d.level >= 3:
            shown[code] = (d.level, f"công bố: {d.reference}")

    touching: dict[str, list[Neighbour]] = defaultdict(list)
    for code, (level, source) in shown.items():
        n = Neighbour.of(code, areas[code].name, level, False, source)
        for c in prep.commune_neighbours.get(code, ()):
            touching[c].append(n)
    table = rules.ADJACENCY_RULES
    # floor: adjacency can only matter above the commune's own level (its reasons are still gathered in detail)
    levels = {c: first_level(table, AdjacencyFacts(c, tuple(ns)), p, intrinsic.get(c, 1)) for c, ns in touching.items()}
    ring1 = {c: tuple(ns) for c, ns in touching.items()}

    ring2: set[str] = set()
    for code, level in list(levels.items()):
        if level >= 3 and level > intrinsic.get(code, 1) and code not in overrides:
            n = Neighbour.of(code, areas[code].name, level, True)
            for c in prep.commune_neighbours.get(code, ()):
                touching[c].append(n)
                ring2.add(c)
    for c in ring2:
        levels[c] = first_level(table, AdjacencyFacts(c, tuple(touching[c])), p, intrinsic.get(c, 1))

    facts: dict[str, AdjacencyFacts] = {}
    without_own: dict[str, int] = {}
    if detail:
        facts = {c: AdjacencyFacts(c, tuple(sorted(ns, key=lambda n: n.code))) for c, ns in touching.items()}
        without_own = {
            c: _without_own_override(prep, table, p, intrinsic, overrides, ring1, c)
            for c in overrides
            if c in shown and areas[c].kind == COMMUNE
        }
    return {c: level for c, level in levels.items() if level > 1}, facts, without_own


def _without_own_override(
    prep: Prepared,
    table: tuple,
    p: Any,
    intrinsic: dict[str, int],
    overrides: dict[str, Override],
    ring1: dict[str, tuple[Neighbour, ...]],
    code: str,
) -> int:
    """The adjacency level of overridden commune `code` had neighbours seen its own factors instead of its override.

    Ring 1 of `code` does not depend on its own level. Ring 2 does: each neighbour is re-derived from its ring 1
    with `code` shown at its intrinsic level, so a neighbour raised only by the override raises nobody back.
    """
    areas = prep.areas
    own = intrinsic.get(code, 1)
    itself = (Neighbour.of(code, areas[code].name, own),) if own >= 3 else ()
    seen = list(ring1.get(code, ()))
    for c in prep.commune_neighbours.get(code, ()):
        if c in overrides:
            continue
        ns = tuple(n for n in ring1.get(c, ()) if n.code != code) + itself
        level = first_level(table, AdjacencyFacts(c, ns), p, intrinsic.get(c, 1))
        if level >= 3 and level > intrinsic.get(c, 1):
            seen.append(Neighbour.of(c, areas[c].name, level, True))
    return first_level(table, AdjacencyFacts(code, tuple(seen)), p, own)


def _sub_areas(
    prep: Prepared,
    kind: str,
    p: Any,
    table: tuple,
    lo: int,
    hi: int,
    window: Window,
    flags: dict[str, Flags],
    overrides: dict[str, Override],
    out: Assessment,
    detail: bool,
) -> dict[str, SubAreaFacts]:
    """Levels of the districts (or provinces) whose sub-areas, flags or known-source cases make them worth a look."""
    areas = prep.areas
    sub_kind = SUB_KIND[kind]
    raised: dict[str, list[SubArea]] = defaultdict(list)
    for code, level in out.final.items():
        a = areas[code]
        if a.kind == sub_kind and a.parent in prep.children and areas[a.parent].kind == kind:
            raised[a.parent].append(SubArea(code, a.name, level))
    candidates = set(raised)
    candidates.update(c for c in flags if areas[c].kind == kind)
    candidates.update(c for c in prep.known if areas[c].kind == kind)
    candidates.update(c for c in overrides if areas[c].kind == kind)
    kept: dict[str, SubAreaFacts] = {}
    for code in candidates:
        a = areas[code]
        series = prep.known.get(code)
        known = series.window(lo, hi)[0] if series else 0
        subs = tuple(sorted(raised.get(code, ()), key=lambda s: s.code))
        if not subs and not known and code not in flags and code not in overrides:
            continue
        facts = SubAreaFacts(
            code,
            a.name,
            UNITS[kind],
            prep.population.get(code),
            window,
            len(prep.children.get(code, ())),
            subs,
            known,
            flags.get(code) or NO_FLAGS,
        )
        computed = first_level(table, facts, p)
        level = overrides[code].level if code in overrides else computed
        if level > 1:
            out.final[code] = level
        if detail:
            out.computed[code] = computed
            kept[code] = facts
    return kept
