"""Pages that explain: the measures of every level side by side, how levels are determined, the open data."""

from dataclasses import dataclass, fields
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notices.selectors import measures_for, public_text
from risk.engine.levels import LEVELS
from risk.engine.rulesets import RULESETS
from risk.selectors import ruleset_in_force

from .. import forecast, selectors
from ..ratelimit import rate_limit
from .common import public_page, render_page
from .reasons import TAG_LABELS, rule_tables

TABLE_TITLES = {
    "COMMUNE_RULES": gettext_lazy("Xã, phường, thị trấn: các yếu tố của chính địa bàn"),
    "ADJACENCY_RULES": gettext_lazy("Xã, phường, thị trấn: giáp ranh (kể cả giáp huyện, giáp tỉnh khác)"),
    "DISTRICT_RULES": gettext_lazy("Huyện, thành phố: theo các xã của huyện"),
    "PROVINCE_RULES": gettext_lazy("Tỉnh: theo các huyện"),
}
PARAMETER_TEXT = {
    "window_days": gettext_lazy("Số ngày một báo cáo được tính (cửa sổ thời gian)"),
    "risk_rate_per_100k": gettext_lazy("Tỷ lệ F0 rõ nguồn lây trên 100.000 dân phải vượt để ở mức 2"),
    "propagate_from_derived": gettext_lazy("Xã lên mức 3 vì giáp ranh cũng đưa các xã giáp nó lên mức 2"),
    "count_higher_in_share": gettext_lazy("Khi đếm tỷ lệ xã “ở mức 3”, tính cả các xã ở mức 4"),
    "district_very_high_share": gettext_lazy("Huyện mức 4: tỷ lệ xã ở mức 4 (từ mức này, khi nằm rải rác)"),
    "province_very_high_share": gettext_lazy("Tỉnh mức 4: tỷ lệ huyện ở mức 4 (trên mức này, khi nằm rải rác)"),
    "high_share": gettext_lazy("Mức 3: tỷ lệ địa bàn con ở mức 3 trở lên (khi nằm rải rác)"),
    "risk_share": gettext_lazy("Mức 3: tỷ lệ địa bàn con ở mức 2 trở lên"),
    "high_share_for_very_high": gettext_lazy("Mức 4: tỷ lệ địa bàn con ở mức 3 trở lên"),
    "fast_spread_very_high": gettext_lazy("Mức 4: tỷ lệ địa bàn có nguy cơ lây lan nhanh phải vượt"),
    "fast_spread_high": gettext_lazy("Mức 3: tỷ lệ địa bàn có nguy cơ lây lan nhanh phải vượt"),
    "raise_for_sub_area_at_risk": gettext_lazy("Huyện, tỉnh ở mức 2 khi có một địa bàn con ở mức 2 trở lên"),
    "province_high_as_district": gettext_lazy("Tỉnh mức 3 theo cùng quy tắc mức 3 của huyện"),
    "recompute_times": gettext_lazy("Giờ tính lại mức nguy cơ mỗi ngày"),
}


@public_page()
def measures(request, *, day):
    shown_day = timezone.localdate(selectors.moment(day))
    language = translation.get_language()
    everything = measures_for(level=max(LEVELS), date=shown_day)
    columns = [
        {
            "level": group.level,
            "measures": group.measures,
            "local": [m for m in everything.local if m.level == group.level],
            "text": public_text(key=f"level_{group.level}", date=shown_day, language=language),
        }
        for group in everything.mandatory
    ]
    return render_page(request, "public/measures.html", {"columns": columns, "shown_day": shown_day}, day=day)


@dataclass(frozen=True)
class ParameterRow:
    name: str
    text: str
    value: str
    tag: str


def _shown_value(value: Any, kind: str) -> str:
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if kind == "share":
        return f"{value * 100:g} %"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, float) else str(value)


def parameter_rows(ruleset) -> list[ParameterRow]:
    """Return the parameters of a stored rule set as in force (its changes over the defaults)."""
    engine_ruleset = RULESETS.get(ruleset.code)
    if engine_ruleset is None:
        return []
    params = engine_ruleset.parameters(ruleset.parameters or {})
    return [
        ParameterRow(
            name=f.name,
            text=str(PARAMETER_TEXT[f.name]),
            value=_shown_value(getattr(params, f.name), f.metadata.get("kind", "")),
            tag=f.metadata.get("tag", ""),
        )
        for f in fields(params)
        if f.name in PARAMETER_TEXT  # a parameter without public wording is not shown (never its developer note)
    ]


@public_page()
def method(request, *, day):
    shown_day = timezone.localdate(selectors.moment(day))
    ruleset = ruleset_in_force(shown_day)
    rulesets = selectors.rulesets_for_method()
    context = {
        "shown_day": shown_day,
        "ruleset": ruleset,
        "tables": [(TABLE_TITLES[name], rules) for name, rules in rule_tables(ruleset.code)] if ruleset else [],
        "parameters": parameter_rows(ruleset) if ruleset else [],
        "rulesets": [(rs, list(rs.history.order_by("-history_date")[:20])) for rs in rulesets],
        "tag_labels": TAG_LABELS,
        "forecast_shown": forecast.shown(),
        "forecast_parameters": forecast.parameter_rows() if forecast.shown() else [],
    }
    return render_page(request, "public/method.html", context, day=day)


@public_page()
def open_data(request, *, day):
    return render_page(request, "public/open_data.html", {"rate": rate_limit()}, day=day)
