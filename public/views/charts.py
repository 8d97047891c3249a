"""The small chart of reported cases, drawn on the server as SVG (no script needed)."""

from dataclasses import dataclass

from ..selectors import DayCases

WIDTH = 560
HEIGHT = 120
GAP = 4


@dataclass(frozen=True)
class Bar:
    day: object
    cases: int
    x: float
    y: float
    width: float
    height: float
    labelled: bool
    anchor: str

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    peak: int
    total: int
    first: object
    last: object


def case_chart(series: list[DayCases]) -> Chart:
    """Return one bar per day, scaled to the busiest day; the first, middle and last days carry a date label."""
    peak = max((d.cases for d in series), default=0)
    step = WIDTH / max(len(series), 1)
    bars = []
    last = len(series) - 1
    for i, d in enumerate(series):
        height = round(HEIGHT * d.cases / peak, 1) if peak else 0
        bars.append(
            Bar(
                day=d.day,
                cases=d.cases,
                x=round(i * step + GAP / 2, 1),
                y=round(HEIGHT - height, 1),
                width=round(step - GAP, 1),
                height=height,
                labelled=i in (0, last // 2, last),
                anchor="start" if i == 0 else "end" if i == last else "middle",
            )
        )
    return Chart(
        bars=bars,
        width=WIDTH,
        height=HEIGHT,
        peak=peak,
        total=sum(d.cases for d in series),
        first=series[0].day if series else None,
        last=series[-1].day if series else None,
    )
