"""Finding an area as people type: words of the name and of its district in any order, run together, with a typo.

The province has a few hundred areas, so matching runs in Python over their folded words (the same on PostGIS and
SpatiaLite). A word typed matches when some word of the area, or the words from there on written together, begin
with it: "tan thanh huu lung", "huulung", "tanthanh" and "tan th" all find Xã Tân Thành of Hữu Lũng. Only when
nothing matches that way are words allowed one or two typing mistakes.
"""

import datetime
from dataclasses import dataclass

from django.contrib.gis.geos import Point

from areas.models import Area
from areas.selectors import without_geometry
from areas.text import fold

SEARCH_LIMIT = 30
SUGGESTION_LIMIT = 8


@dataclass(frozen=True)
class Candidate:
    area: Area
    name_words: tuple[str, ...]
    district_words: tuple[str, ...]
    district_bare: tuple[str, ...]  # without "huyện", "thành phố": "tanthanhhuulung" runs straight into it


@dataclass(frozen=True)
class Match:
    area: Area
    typos: int
    district_only: int


def _candidates(day: datetime.date) -> list[Candidate]:
    areas = without_geometry(Area.objects.valid_on(day).select_related("parent"), "", "parent")
    found = []
    for area in areas:
        district: list[str] = []
        bare: list[str] = []
        if area.parent and area.kind == Area.Kind.COMMUNE:
            district = area.parent.search_name.split()
            bare = district[len(fold(area.parent.type_label).split()) :]
        found.append(
            Candidate(
                area=area,
                name_words=tuple(area.search_name.split()),
                district_words=tuple(district),
                district_bare=tuple(bare),
            )
        )
    return found


def typo_distance(a: str, b: str) -> int:
    """Return the edit distance of a and b, a swap of two neighbouring letters counting as one (Damerau, OSA)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def allowed_typos(word: str) -> int:
    """Short words must be typed right; one mistake from 4 letters on, two from 8 (the folded word)."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _word_cost(word: str, words: tuple[str, ...], starts: range, *, fuzzy: bool) -> int | None:
    """Return the typos needed for `word` to begin the words from one of `starts` on, written together."""
    best = None
    for start in starts:
        joined = "".join(words[start:])
        if joined.startswith(word):
            return 0
        if fuzzy:
            # The word may be a whole word with a mistake, or the beginning of one still being typed.
            for length in {len(word) - 1, len(word), len(word) + 1, len(words[start])}:
                if length > 0:
                    cost = typo_distance(word, joined[:length])
                    best = cost if best is None else min(best, cost)
    if best is not None and best <= allowed_typos(word):
        return best
    return None


def _match(words: list[str], candidate: Candidate, *, fuzzy: bool) -> Match | None:
    """Every word typed must match the name or the district; at least one must match the name.

    A word that begins in the name may run on into the district ("thanhhuulung").
    """
    typos = district_only = 0
    name_hit = False
    name, district = candidate.name_words, candidate.district_words
    for word in words:
        costs = [
            _word_cost(word, name + following, range(len(name)), fuzzy=fuzzy)
            for following in (district, candidate.district_bare)
        ]
        cost = min((c for c in costs if c is not None), default=None)
        if cost is not None:
            name_hit = True
        else:
            cost = _word_cost(word, district, range(len(district)), fuzzy=fuzzy)
            if cost is None:
                return None
            district_only += 1
        typos += cost
    if not name_hit:
        return None
    return Match(area=candidate.area, typos=typos, district_only=district_only)


def search_areas(*, query: str, day: datetime.date, limit: int = SEARCH_LIMIT) -> list[Area]:
    """Return the areas that match query, best first: the code, the name as typed, the name alone, fewest typos."""
    typed = " ".join(query.lower().split())
    words = fold(query).split()
    if not words:
        return []
    candidates = _candidates(day)
    code = query.strip()
    matches = [
        Match(area=c.area, typos=0, district_only=0)
        for c in candidates
        if code.isdigit() and c.area.code.startswith(code)
    ]
    if not matches:
        matches = [m for c in candidates if (m := _match(words, c, fuzzy=False))]
    if not matches:
        matches = [m for c in candidates if (m := _match(words, c, fuzzy=True))]
    compact = "".join(words)

    def rank(match: Match) -> tuple:
        area = match.area
        bare = "".join(area.search_name.split()[len(fold(area.type_label).split()) :])
        return (
            area.code != code,
            match.typos,
            typed not in area.name.lower(),
            match.district_only,
            not (bare.startswith(compact) or area.search_name.replace(" ", "").startswith(compact)),
            area.external,
            area.kind != Area.Kind.COMMUNE,
            area.sort_key,
        )

    return [m.area for m in sorted(matches, key=rank)[:limit]]


def commune_at(*, latitude: float, longitude: float, day: datetime.date) -> Area | None:
    """Return the commune of the province whose boundary holds the point (none outside the province)."""
    point = Point(longitude, latitude, srid=4326)
    found = Area.objects.valid_on(day).internal().communes().filter(geometry__intersects=point)
    return without_geometry(found.select_related("parent"), "", "parent").order_by("code").first()
