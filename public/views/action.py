"""The action card at the top of an area page: the level, since when, what to do now, whom to call, what changes
if the level rises, and what applies to people arriving from areas at very high risk."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from areas.models import Area
from notices.models import HealthStation
from notices.selectors import RenderedText, public_text

VERY_HIGH = 4
# National numbers, the same for every area (Ministry of Health); the area's own station is kept by the editors.
HOTLINES = (
    (_("Đường dây nóng ngành y tế"), "1800 6132"),
    (_("Bộ Y tế"), "1900 9095"),
    (_("Cấp cứu"), "115"),
)


@dataclass(frozen=True)
class Call:
    label: str
    number: str

    @property
    def tel(self) -> str:
        return ("+" if self.number.startswith("+") else "") + "".join(ch for ch in self.number if ch.isdigit())


@dataclass(frozen=True)
class ActionCard:
    level: int | None
    actions: RenderedText | None
    rises: RenderedText | None
    arrivals: RenderedText | None
    calls: list[Call]
    very_high: list[Area]  # areas of the province at level 4 now
    very_high_neighbours: list[Area]  # neighbouring provinces (and their areas) declared at level 4


def health_station(area: Area) -> HealthStation | None:
    """Return the station of the area, else of the district it lies in."""
    chain = [area] + ([area.parent] if area.parent_id else [])
    found = {s.area_id: s for s in HealthStation.objects.filter(area__in=chain)}
    return next((found[a.pk] for a in chain if a.pk in found), None)


def hotlines() -> list[Call]:
    return [Call(str(label), number) for label, number in HOTLINES]


def calls_for(area: Area) -> list[Call]:
    calls = hotlines()
    station = health_station(area) if not area.external else None
    if station is not None:
        calls.insert(0, Call(station.name, station.phone))
    return calls


def action_card(
    *, area: Area, level: int | None, levels, declared: dict, external: list[Area], day, language: str
) -> ActionCard:
    def text(key):
        return public_text(key=key, date=day, language=language)

    very_high = sorted(
        (
            row.area
            for row in levels.by_area.values()
            if row.level == VERY_HIGH and not row.area.external and row.area.kind != Area.Kind.PROVINCE
        ),
        key=lambda a: (a.kind != Area.Kind.DISTRICT, a.name),
    )
    neighbours = [a for a in external if (d := declared.get(a.pk)) is not None and d.level == VERY_HIGH]
    return ActionCard(
        level=level,
        actions=text(f"actions_level_{level}") if level else None,
        rises=text(f"rises_level_{level}") if level and level < VERY_HIGH else None,
        arrivals=text("arrivals_level_4"),
        calls=calls_for(area),
        very_high=very_high,
        very_high_neighbours=neighbours,
    )
