"""The forecast as the public site shows it: per area, the most likely level of each of the next 7 days, the chance
of a level above today's, and a small stacked-bar chart drawn on the server (no script, no inline style).

Everything here is hidden when settings.FORECAST_PUBLIC is off.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from risk.forecast import ForecastParameters
from risk.forecasting import forecast_of
from risk.models import Publication, PublicationForecast

WIDTH = 560
HEIGHT = 120
GAP = 6


def shown() -> bool:
    return settings.FORECAST_PUBLIC


def stored_for(publication: Publication | None) -> PublicationForecast | None:
    return forecast_of(publication) if shown() else None


@dataclass(frozen=True)
class Segment:
    level: int
    share: float
    y: float
    height: float


@dataclass(frozen=True)
class ForecastDay:
    day: datetime.date
    likely: int
    likely_share: float
    higher: float  # chance of a level above today's on this day
    shares: tuple[float, ...]  # levels 1..4
    x: float
    width: float
    segments: tuple[Segment, ...]

    @property
    def center(self) -> float:
        return round(self.x + self.width / 2, 1)

    @property
    def percentages(self) -> list[tuple[int, int]]:
        return [(level, round(100 * share)) for level, share in enumerate(self.shares, start=1)]


@dataclass(frozen=True)
class AreaForecast:
    origin: datetime.date
    current: int
    rise: float
    days: list[ForecastDay]
    futures: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def rise_percent(self) -> int:
        return round(100 * self.rise)


def area_forecast(stored: PublicationForecast | None, code: str, *, day: datetime.date) -> AreaForecast | None:
    """Return the forecast of one area from a stored forecast for a page showing `day`, or None when there is none
    to show.

    Only the days from `day` on are shown: a day that has passed is no longer a forecast (with old data, none is).
    """
    if stored is None:
        return None
    entry = stored.data.get("areas", {}).get(code)
    if entry is None:
        return None
    ahead = [
        (shown, shares)
        for shown, shares in zip((datetime.date.fromisoformat(d) for d in stored.data["days"]), entry["days"])
        if shown >= day
    ]
    if not ahead:
        return None
    step = WIDTH / len(ahead)
    current = entry["current"]
    out = []
    for i, (shown, shares) in enumerate(ahead):
        likely = max(range(4), key=lambda k: (shares[k], -k)) + 1
        segments, top = [], HEIGHT
        for level in (1, 2, 3, 4):  # level 1 at the bottom, as on a thermometer
            height = round(HEIGHT * shares[level - 1], 1)
            if height:
                top = round(top - height, 1)
                segments.append(Segment(level, shares[level - 1], top, height))
        out.append(
            ForecastDay(
                day=shown,
                likely=likely,
                likely_share=shares[likely - 1],
                higher=round(sum(shares[current:]), 4),
                shares=tuple(shares),
                x=round(i * step + GAP / 2, 1),
                width=round(step - GAP, 1),
                segments=tuple(segments),
            )
        )
    return AreaForecast(origin=stored.origin, current=current, rise=entry["rise"], days=out, futures=stored.futures)


# What each parameter means and where it comes from, for the method page (citations are language-neutral).
PARAMETER_TEXT = {
    "serial_mean": (_("Khoảng nối tiếp trung bình (ngày) giữa hai ca bệnh liền nhau trong chuỗi lây"), "NISHIURA"),
    "serial_sd": (_("Độ lệch chuẩn của khoảng nối tiếp (ngày)"), "NISHIURA"),
    "serial_max_days": (_("Khoảng nối tiếp dài nhất được tính (ngày)"), None),
    "window_days": (_("Số ngày gần nhất dùng để ước tính hệ số lây nhiễm R"), "CORI"),
    "prior_mean": (_("Giá trị R ban đầu khi chưa có số liệu (trung bình tiên nghiệm)"), None),
    "prior_shape": (_("Sức nặng của giá trị ban đầu, tính bằng số ca"), None),
    "dispersion": (_("Hệ số phân tán k: số ca lây từ một người rất khác nhau (ít người lây cho nhiều người)"), "ENDO"),
    "neighbour_district_share": (_("Tỉ lệ lây sang huyện giáp ranh"), None),
    "external_import_per_day": (_("Ca xâm nhập mỗi ngày vào xã giáp địa bàn ngoài tỉnh ở mức 3 hoặc 4"), None),
    "neighbour_weight": (_("Sức nặng của ca bệnh ở xã giáp ranh khi chia ca bệnh của huyện cho các xã"), None),
    "population_weight": (_("Sức nặng của dân số khi chia ca bệnh của huyện cho các xã"), None),
    "recency_days": (_("Ca bệnh càng cũ càng nhẹ khi chia ca cho các xã: hằng số thời gian của hàm mũ (ngày)"), None),
    "history_days": (_("Số ngày số liệu được đọc"), None),
    "proportion_prior": (_("Sức nặng của tỉ lệ toàn tỉnh khi ước tính tỉ lệ của từng huyện, tính bằng số ca"), None),
    "unknown_share": (_("Tỉ lệ ca chưa rõ nguồn lây khi chưa có số liệu"), None),
    "cluster_per_unknown": (_("Số chùm ca bệnh chưa rõ nguồn trên mỗi ca chưa rõ nguồn khi chưa có số liệu"), None),
    "hard_share": (_("Tỉ lệ ca từ nguồn khó kiểm soát khi chưa có số liệu"), None),
    "f1_per_case": (_("Số F1 ở cộng đồng trên mỗi ca khi chưa có số liệu"), None),
}
CITATIONS = {
    "NISHIURA": "Nishiura H, Linton NM, Akhmetzhanov AR. Int J Infect Dis 2020;93:284–286",
    "CORI": "Cori A, Ferguson NM, Fraser C, Cauchemez S. Am J Epidemiol 2013;178(9):1505–1512",
    "ENDO": "Endo A et al. Wellcome Open Res 2020;5:67",
}


@dataclass(frozen=True)
class ParameterRow:
    name: str
    text: str
    value: object
    citation: str | None


def parameter_rows() -> list[ParameterRow]:
    values = ForecastParameters().as_dict()
    return [
        ParameterRow(name, text, values[name], CITATIONS.get(source) if source else None)
        for name, (text, source) in PARAMETER_TEXT.items()
    ]
