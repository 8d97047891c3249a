"""The rules of Decision 2686/QĐ-BCĐQG (31/5/2021), one function per factor, to be read beside the Decision.

Each rule carries its identifier, its tag and, in its docstring, the clause it implements:
[V] verbatim from the Decision, [S] an official secondary paraphrase, [I] our interpretation (a parameter of
Parameters2686 where there is a choice). A rule returns None when its factor does not hold, else the Vietnamese
sentence naming the figures. An area is at a level when any one factor of that level holds and it is not already
at a higher level ("khi có một trong số các yếu tố dịch tễ sau"); the explanation lists every factor of the final
level. Source: shared/spec/risk-rules-2686.md; the order of evaluation lives in assess.py.

Readings that the spec leaves open, each visible below:
- the commune row "flag illegal_entry_risk or large_quarantine_population" is two rules, one per flag, so that a
  reason names the flag that holds;
- count_higher_in_share [I] applies to the share rows only; "one commune at level 4" and "any commune at level ≥ 2"
  mean what they say whatever its value;
- a rate needs a population: an area without one (0 or unknown) is above the rate from its first case;
- the province level 3 row [I] reuses the district thresholds (high_share, risk_share, fast_spread_high).
"""

from __future__ import annotations

from . import vi
from .facts import AdjacencyFacts, CommuneFacts, SubAreaFacts
from .parameters import Parameters2686 as P
from .rulebook import Finding, because, by_level, rule

CODE = "QD2686"
TITLE = "Quyết định 2686/QĐ-BCĐQG ngày 31/5/2021 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19"

# Analyst flags (spec §2.2): the kinds of area each may be set on, and whether it takes a share value.
FLAGS: dict[str, tuple[tuple[str, ...], bool]] = {
    "crowded_place_red_cluster": (("commune",), False),
    "illegal_entry_risk": (("commune",), False),
    "large_quarantine_population": (("commune",), False),
    "scattered": (("district", "province"), False),
    "fast_spread_share": (("district", "province"), True),
    "protected_site_at_risk": (("district", "province"), False),
    "spread_to_other_provinces": (("province",), False),
}


def _flagged(c: CommuneFacts | SubAreaFacts, name: str, text: str) -> Finding | None:
    """Return the finding of a flag when it is set on the date, naming the range it was set for."""
    if f := c.flags.on(name):
        return because(
            f"{text} (đánh giá của ngành y tế, hiệu lực {vi.span(f.start, f.end)})",
            flag=name,
            **{"from": f.start.isoformat(), "to": f.end.isoformat()},
        )
    return None


def _rate(known: int, population: int | None, p: P) -> float | None:
    """Return known-source F0 per 100,000 when above the threshold, else None (no population: any case is above)."""
    if known <= 0:
        return None
    if not population:
        return float("inf")
    return known * 100_000 / population if known * 100_000 > p.risk_rate_per_100k * population else None


def _rate_figures(rate: float, p: P) -> dict:
    """The figures a public sentence of the rate needs (no rate without a population)."""
    return {"rate": None if rate == float("inf") else round(rate, 2), "threshold": p.risk_rate_per_100k}


def _rate_text(known: int, population: int | None, rate: float, p: P, window: object) -> str:
    per = (
        ""
        if rate == float("inf")
        else f", tức {vi.number(rate, 2)} ca/100.000 dân (dân số {vi.number(population or 0)})"
    )
    return (
        f"Có {known} ca F0 trong cộng đồng đã xác định được nguồn lây trong {window}{per}, "
        f"vượt tỷ lệ {vi.number(p.risk_rate_per_100k, 2)}/100.000 người"
    )


# ── Commune, own inputs (spec §3) ────────────────────────────────────────────────────────────────────────────


@rule("commune.unknown_source_cluster", "V", level=4)
def commune_unknown_source_cluster(c: CommuneFacts, p: P) -> Finding | None:
    """ "Có chùm F0 chưa rõ nguồn lây" — unknown_source_clusters ≥ 1 in the window."""
    if c.clusters >= 1:
        return because(
            f"Có {c.clusters} chùm ca F0 chưa rõ nguồn lây trong {c.window}", clusters=c.clusters, **c.window.figures
        )
    return None


@rule("commune.hard_to_control_source", "V", level=4)
def commune_hard_to_control_source(c: CommuneFacts, p: P) -> Finding | None:
    """ "Có F0 xác định được nguồn lây nhiễm từ khu công nghiệp, trường học, siêu thị lớn và các khu vực có nguồn
    lây nhiễm khó kiểm soát, khó truy vết" — hard_to_control_source_cases ≥ 1."""
    if c.hard >= 1:
        return because(
            f"Có {c.hard} ca F0 lây nhiễm từ khu công nghiệp, trường học, siêu thị lớn hoặc nơi có nguồn "
            f"lây khó kiểm soát, khó truy vết trong {c.window}",
            cases=c.hard,
            **c.window.figures,
        )
    return None


@rule("commune.unknown_source_case", "S", level=3)
def commune_unknown_source_case(c: CommuneFacts, p: P) -> Finding | None:
    """ "at least one case without a known source of infection" — community_cases_unknown_source ≥ 1."""
    if c.unknown >= 1:
        return because(
            f"Có {c.unknown} ca F0 trong cộng đồng chưa rõ nguồn lây trong {c.window}",
            cases=c.unknown,
            **c.window.figures,
        )
    return None


@rule("commune.crowded_place_red_cluster", "S", level=3)
def commune_crowded_place_red_cluster(c: CommuneFacts, p: P) -> Finding | None:
    """An F0 linked to a crowded place that is the source of a very-high-risk cluster (flag)."""
    return _flagged(
        c,
        "crowded_place_red_cluster",
        "Có ca F0 liên quan đến địa điểm đông người là nguồn lây của ổ dịch nguy cơ rất cao",
    )


@rule("commune.known_source_rate", "V", level=2)
def commune_known_source_rate(c: CommuneFacts, p: P) -> Finding | None:
    """ "Có bệnh nhân COVID-19 xác định được nguồn lây trong cộng đồng, trong vòng 14 ngày số F0 xác định được
    nguồn lây vượt tỷ lệ 1/100.000 người" — strictly above risk_rate_per_100k."""
    if (rate := _rate(c.known, c.population, p)) is not None:
        return because(
            _rate_text(c.known, c.population, rate, p, c.window),
            cases=c.known,
            population=c.population,
            **_rate_figures(rate, p),
            **c.window.figures,
        )
    return None


@rule("commune.community_contacts", "S", level=2)
def commune_community_contacts(c: CommuneFacts, p: P) -> Finding | None:
    """ "there are direct contacts with confirmed cases in the community" — community_f1 ≥ 1."""
    if c.f1 >= 1:
        return because(
            f"Có {c.f1} người tiếp xúc gần (F1) với ca bệnh đang ở trong cộng đồng trong {c.window}",
            contacts=c.f1,
            **c.window.figures,
        )
    return None


@rule("commune.illegal_entry_risk", "S", level=2)
def commune_illegal_entry_risk(c: CommuneFacts, p: P) -> Finding | None:
    """High risk from illegal entrants (flag; border communes)."""
    return _flagged(c, "illegal_entry_risk", "Có nguy cơ cao từ người nhập cảnh trái phép")


@rule("commune.large_quarantine_population", "S", level=2)
def commune_large_quarantine_population(c: CommuneFacts, p: P) -> Finding | None:
    """Many people held in concentrated quarantine in the commune (flag)."""
    return _flagged(c, "large_quarantine_population", "Có nhiều người đang cách ly tập trung trên địa bàn")


@rule("commune.none", "I", level=1, residual=True)
def commune_none(c: CommuneFacts, p: P) -> Finding | None:
    """None of the above: new normal."""
    return because(f"Không có yếu tố dịch tễ nào của mức nguy cơ trở lên trong {c.window}", **c.window.figures)


# ── Commune, adjacency across district and province borders, external areas included (spec §3) ───────────────


def _neighbours(ns: list) -> str:
    return vi.names([n.describe() for n in ns], "địa bàn")


@rule("commune.adjacent_very_high", "S", level=3)
def commune_adjacent_very_high(a: AdjacencyFacts, p: P) -> Finding | None:
    """ "adjacent to code red localities" — next to an area at level 4."""
    if ns := a.at(4):
        return because(
            f"Giáp ranh với địa bàn có nguy cơ rất cao: {_neighbours(ns)}",
            neighbours=[n.code for n in ns],
            names=[n.name for n in ns],
        )
    return None


@rule("commune.adjacent_high", "S", level=2)
def commune_adjacent_high(a: AdjacencyFacts, p: P) -> Finding | None:
    """ "next to code orange localities" — next to an area at level 3 by its own factors, decision or declaration."""
    if ns := a.at(3):
        return because(
            f"Giáp ranh với địa bàn có nguy cơ cao: {_neighbours(ns)}",
            neighbours=[n.code for n in ns],
            names=[n.name for n in ns],
        )
    return None


@rule("commune.adjacent_derived_high", "I", level=2)
def commune_adjacent_derived_high(a: AdjacencyFacts, p: P) -> Finding | None:
    """propagate_from_derived: a commune raised to 3 by adjacency also raises its neighbours to 2 (second ring)."""
    if p.propagate_from_derived and (ns := a.at(3, derived=True)):
        return because(
            f"Giáp ranh với địa bàn được nâng lên nguy cơ cao do giáp ranh vùng nguy cơ rất cao: {_neighbours(ns)}",
            neighbours=[n.code for n in ns],
            names=[n.name for n in ns],
        )
    return None


# ── District and province: shared wording ────────────────────────────────────────────────────────────────────


def _unit(d: SubAreaFacts) -> str:
    """The kind of sub-area the shares are of, as a public sentence in any language names it."""
    return "commune" if d.unit == "xã" else "district"


def _share_text(d: SubAreaFacts, subs: list, what: str, scattered: bool = False) -> Finding:
    where = ", nằm rải rác trên địa bàn" if scattered else ""
    return because(
        f"{len(subs)}/{d.total} {d.unit} ({vi.percent(d.share(len(subs)))}) {what}{where}: "
        f"{vi.names([s.name for s in subs], d.unit)}",
        count=len(subs),
        total=d.total,
        share=round(d.share(len(subs)), 4),
        names=[s.name for s in subs],
        scattered=scattered,
        unit=_unit(d),
        higher=what.endswith("trở lên"),
    )


def _high(d: SubAreaFacts, p: P) -> list:
    """Sub-areas "at level 3": with count_higher_in_share [I], level 4 counts too."""
    return d.at(3, p.count_higher_in_share)


def _at_risk(d: SubAreaFacts, p: P) -> list:
    return d.at(2, p.count_higher_in_share)


def _fast_spread(d: SubAreaFacts, above: float) -> Finding | None:
    share = d.flags.share("fast_spread_share")
    if share > above:
        return because(
            f"Có nguồn lây nhiễm khó kiểm soát, nguy cơ lây lan nhanh trên {vi.percent(above)} số {d.unit} "
            f"(ước tính {vi.percent(share)})",
            share=share,
            above=above,
            unit=_unit(d),
        )
    return None


def _protected_site(d: SubAreaFacts) -> Finding | None:
    return _flagged(
        d,
        "protected_site_at_risk",
        "Có khu công nghiệp, cơ sở sản xuất quan trọng cần bảo vệ tuyệt đối "
        "an toàn tiếp giáp khu vực có nguồn lây nhiễm khó kiểm soát, khó truy vết",
    )


def _sub_at_least(d: SubAreaFacts, level: int, what: str) -> Finding | None:
    if subs := d.at(level, True):
        return because(
            f"Có {len(subs)} {d.unit} {what}: {vi.names([s.name for s in subs], d.unit)}",
            count=len(subs),
            names=[s.name for s in subs],
            unit=_unit(d),
        )
    return None


def _area_rate(d: SubAreaFacts, p: P) -> Finding | None:
    if (rate := _rate(d.known, d.population, p)) is not None:
        return because(
            _rate_text(d.known, d.population, rate, p, d.window),
            cases=d.known,
            population=d.population,
            **_rate_figures(rate, p),
            **d.window.figures,
        )
    return None


def _none(d: SubAreaFacts) -> Finding:
    return because(f"Không có yếu tố dịch tễ nào của mức nguy cơ trở lên trong {d.window}", **d.window.figures)


# ── District, over its communes' final levels (spec §4) ──────────────────────────────────────────────────────


@rule("district.very_high_share_scattered", "V", level=4)
def district_very_high_share_scattered(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có 30% số xã trở lên có nguy cơ rất cao, nằm rải rác trên địa bàn huyện" — ≥ district_very_high_share."""
    subs = d.at(4, True)
    if subs and d.flags.on("scattered") and d.share(len(subs)) >= p.district_very_high_share:
        return _share_text(d, subs, "có nguy cơ rất cao", scattered=True)
    return None


@rule("district.half_communes_high", "V", level=4)
def district_half_communes_high(d: SubAreaFacts, p: P) -> Finding | None:
    """ "hoặc có 50% số xã trở lên có nguy cơ cao" — ≥ high_share_for_very_high at level ≥ 3."""
    subs = _high(d, p)
    if subs and d.share(len(subs)) >= p.high_share_for_very_high:
        return _share_text(d, subs, "có nguy cơ cao trở lên" if p.count_higher_in_share else "có nguy cơ cao")
    return None


@rule("district.fast_spread_very_high", "V", level=4)
def district_fast_spread_very_high(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có nguồn lây nhiễm khó kiểm soát và có nguy cơ lan nhanh trên 50% số xã" — fast_spread_share > 50 %."""
    return _fast_spread(d, p.fast_spread_very_high)


@rule("district.high_share_scattered", "V", level=3)
def district_high_share_scattered(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có 30% số xã trở lên có nguy cơ cao nằm rải rác trên địa bàn huyện" — ≥ high_share at level ≥ 3."""
    subs = _high(d, p)
    if subs and d.flags.on("scattered") and d.share(len(subs)) >= p.high_share:
        return _share_text(d, subs, "có nguy cơ cao trở lên" if p.count_higher_in_share else "có nguy cơ cao", True)
    return None


@rule("district.half_communes_at_risk", "V", level=3)
def district_half_communes_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """ "hoặc có 50% số xã trở lên ở mức độ nguy cơ" — ≥ risk_share at level ≥ 2."""
    subs = _at_risk(d, p)
    if subs and d.share(len(subs)) >= p.risk_share:
        return _share_text(d, subs, "ở mức nguy cơ trở lên" if p.count_higher_in_share else "ở mức nguy cơ")
    return None


@rule("district.one_commune_very_high", "V", level=3)
def district_one_commune_very_high(d: SubAreaFacts, p: P) -> Finding | None:
    """ "hoặc có 1 xã có nguy cơ rất cao" — a district is not the maximum of its communes."""
    return _sub_at_least(d, 4, "có nguy cơ rất cao")


@rule("district.fast_spread_high", "V", level=3)
def district_fast_spread_high(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có nguồn lây nhiễm khó kiểm soát và có nguy cơ lây lan nhanh trên 20% số xã" — fast_spread_share > 20 %."""
    return _fast_spread(d, p.fast_spread_high)


@rule("district.protected_site_at_risk", "V", level=3)
def district_protected_site_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có khu công nghiệp, cơ sở sản xuất quan trọng … cần phải bảo vệ tuyệt đối an toàn, tiếp giáp với khu vực
    có nguồn lây nhiễm khó kiểm soát, khó truy vết" (flag)."""
    return _protected_site(d)


@rule("district.known_source_rate", "V", level=2)
def district_known_source_rate(d: SubAreaFacts, p: P) -> Finding | None:
    """Known-source community F0 in the window (its communes' reports and its own) above 1 per 100,000 of the
    district's population ("vượt tỷ lệ 1/100.000 người")."""
    return _area_rate(d, p)


@rule("district.commune_at_risk", "I", level=2)
def district_commune_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """Any of its communes is at level ≥ 2 (raise_for_sub_area_at_risk)."""
    return _sub_at_least(d, 2, "ở mức nguy cơ trở lên") if p.raise_for_sub_area_at_risk else None


@rule("district.none", "I", level=1, residual=True)
def district_none(d: SubAreaFacts, p: P) -> Finding | None:
    """None of the above: new normal."""
    return _none(d)


# ── Province, over its districts' final levels (spec §5) ─────────────────────────────────────────────────────


@rule("province.very_high_share_scattered", "V", level=4)
def province_very_high_share_scattered(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có trên 30% số huyện có nguy cơ rất cao và nằm rải rác trên địa bàn tỉnh" — strictly > province_very_high_share."""
    subs = d.at(4, True)
    if subs and d.flags.on("scattered") and d.share(len(subs)) > p.province_very_high_share:
        return _share_text(d, subs, "có nguy cơ rất cao", scattered=True)
    return None


@rule("province.half_districts_high", "V", level=4)
def province_half_districts_high(d: SubAreaFacts, p: P) -> Finding | None:
    """Share of districts at level ≥ 3 ≥ 50 % (high_share_for_very_high)."""
    subs = _high(d, p)
    if subs and d.share(len(subs)) >= p.high_share_for_very_high:
        return _share_text(d, subs, "có nguy cơ cao trở lên" if p.count_higher_in_share else "có nguy cơ cao")
    return None


@rule("province.fast_spread_very_high", "V", level=4)
def province_fast_spread_very_high(d: SubAreaFacts, p: P) -> Finding | None:
    """ "Có ổ dịch lớn khó kiểm soát và có nguy cơ lây lan nhanh trên 50% số huyện và lây sang tỉnh khác" —
    fast_spread_share > 50 % and flag spread_to_other_provinces."""
    found = _fast_spread(d, p.fast_spread_very_high)
    if found and d.flags.on("spread_to_other_provinces"):
        return because(f"{found.text}, và dịch đã lây sang tỉnh khác", **found.figures)
    return None


@rule("province.high_share_scattered", "I", level=3)
def province_high_share_scattered(d: SubAreaFacts, p: P) -> Finding | None:
    """District rule of level 3 with districts in place of communes (text not found): ≥ 30 % at ≥ 3, scattered."""
    return district_high_share_scattered.test(d, p) if p.province_high_as_district else None


@rule("province.half_districts_at_risk", "I", level=3)
def province_half_districts_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """District rule of level 3 with districts in place of communes (text not found): ≥ 50 % at level ≥ 2."""
    return district_half_communes_at_risk.test(d, p) if p.province_high_as_district else None


@rule("province.one_district_very_high", "I", level=3)
def province_one_district_very_high(d: SubAreaFacts, p: P) -> Finding | None:
    """District rule of level 3 with districts in place of communes (text not found): one district at level 4."""
    return district_one_commune_very_high.test(d, p) if p.province_high_as_district else None


@rule("province.fast_spread_high", "I", level=3)
def province_fast_spread_high(d: SubAreaFacts, p: P) -> Finding | None:
    """District rule of level 3 with districts in place of communes (text not found): fast_spread_share > 20 %."""
    return _fast_spread(d, p.fast_spread_high) if p.province_high_as_district else None


@rule("province.protected_site_at_risk", "I", level=3)
def province_protected_site_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """District rule of level 3 with districts in place of communes (text not found): protected_site_at_risk."""
    return _protected_site(d) if p.province_high_as_district else None


@rule("province.known_source_rate", "V", level=2)
def province_known_source_rate(d: SubAreaFacts, p: P) -> Finding | None:
    """Known-source community F0 in the window above 1 per 100,000 of the province's population."""
    return _area_rate(d, p)


@rule("province.district_at_risk", "I", level=2)
def province_district_at_risk(d: SubAreaFacts, p: P) -> Finding | None:
    """Any district at level ≥ 2 (raise_for_sub_area_at_risk)."""
    return _sub_at_least(d, 2, "ở mức nguy cơ trở lên") if p.raise_for_sub_area_at_risk else None


@rule("province.none", "I", level=1, residual=True)
def province_none(d: SubAreaFacts, p: P) -> Finding | None:
    """None of the above: new normal."""
    return _none(d)


# ── The tables, highest level first ──────────────────────────────────────────────────────────────────────────

COMMUNE_RULES = by_level(
    [
        commune_unknown_source_cluster,
        commune_hard_to_control_source,
        commune_unknown_source_case,
        commune_crowded_place_red_cluster,
        commune_known_source_rate,
        commune_community_contacts,
        commune_illegal_entry_risk,
        commune_large_quarantine_population,
        commune_none,
    ]
)
ADJACENCY_RULES = by_level([commune_adjacent_very_high, commune_adjacent_high, commune_adjacent_derived_high])
DISTRICT_RULES = by_level(
    [
        district_very_high_share_scattered,
        district_half_communes_high,
        district_fast_spread_very_high,
        district_high_share_scattered,
        district_half_communes_at_risk,
        district_one_commune_very_high,
        district_fast_spread_high,
        district_protected_site_at_risk,
        district_known_source_rate,
        district_commune_at_risk,
        district_none,
    ]
)
PROVINCE_RULES = by_level(
    [
        province_very_high_share_scattered,
        province_half_districts_high,
        province_fast_spread_very_high,
        province_high_share_scattered,
        province_half_districts_at_risk,
        province_one_district_very_high,
        province_fast_spread_high,
        province_protected_site_at_risk,
        province_known_source_rate,
        province_district_at_risk,
        province_none,
    ]
)
ALL_RULES = COMMUNE_RULES + ADJACENCY_RULES + DISTRICT_RULES + PROVINCE_RULES
