"""Test data of the public site: Lạng Sơn's areas, publications over them, cases and declared levels."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from areas.models import Area
from ingest.models import DailyReport, DeclaredLevel
from risk.models import Publication, PublishedLevel

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
TAN_THANH = "06166"  # Xã Tân Thanh, Huyện Văn Lãng
VAN_LANG = "182"
DATA_DATE_1 = datetime.date(2021, 6, 14)
DATA_DATE_2 = datetime.date(2021, 6, 15)
ANNOUNCED_LEVEL = 4
TAN_THANH_REASON = {
    "rule": "commune.unknown_source_case",
    "tag": "S",
    "text": "Có 2 ca F0 trong cộng đồng chưa rõ nguồn lây trong 14 ngày (02/06/2021–15/06/2021)",
    "figures": {"cases": 2, "from": "2021-06-02", "to": "2021-06-15", "days": 14},
}
DISTRICT_REASON = {
    "rule": "district.one_commune_very_high",
    "tag": "V",
    "text": "Có 1 xã có nguy cơ rất cao: Xã Tân Mỹ",
    "figures": {"count": 1, "names": ["Xã Tân Mỹ"], "unit": "commune"},
}


def local(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def commune_level(index: int) -> int:
    """Every level appears on the map: a fixed pattern over the communes in code order."""
    return 1 + index % 4


def publish(
    *,
    data_date,
    effective_at,
    published_at,
    levels: dict[str, int],
    since: dict[str, datetime.date],
    reasons: dict[str, list] | None = None,
    step_down: dict[str, datetime.date] | None = None,
) -> Publication:
    publication = Publication.objects.create(
        data_date=data_date, effective_at=effective_at, published_at=published_at, automatic=False
    )
    areas = dict(Area.objects.filter(code__in=levels).values_list("code", "pk"))
    PublishedLevel.objects.bulk_create(
        [
            PublishedLevel(
                publication=publication,
                area_id=areas[code],
                level=level,
                computed_level=level,
                overridden=False,
                reasons=(reasons or {}).get(code, []),
                step_down_date=(step_down or {}).get(code),
                since=since[code],
            )
            for code, level in levels.items()
        ]
    )
    return publication


def demo_levels() -> dict[str, int]:
    communes = Area.objects.internal().communes().order_by("code").values_list("code", flat=True)
    levels = {code: commune_level(i) for i, code in enumerate(communes)}
    levels[TAN_THANH] = 3
    levels.update({code: 3 for code in Area.objects.internal().districts().values_list("code", flat=True)})
    levels[VAN_LANG] = 3
    levels["20"] = 3
    return levels


def publish_demo() -> tuple[Publication, Publication]:
    second_levels = demo_levels()
    first_levels = dict(second_levels, **{TAN_THANH: 2})
    since_first = {code: datetime.date(2021, 6, 10) for code in first_levels}
    first = publish(
        data_date=DATA_DATE_1,
        effective_at=local(2021, 6, 15),
        published_at=local(2021, 6, 14, 20, 5),
        levels=first_levels,
        since=since_first,
    )
    second = publish(
        data_date=DATA_DATE_2,
        effective_at=local(2021, 6, 16),
        published_at=local(2021, 6, 15, 20, 5),
        levels=second_levels,
        since=dict(since_first, **{TAN_THANH: datetime.date(2021, 6, 16)}),
        reasons={TAN_THANH: [TAN_THANH_REASON], VAN_LANG: [DISTRICT_REASON]},
        step_down={TAN_THANH: datetime.date(2021, 6, 30)},
    )
    return first, second


def announce() -> Publication:
    """Publish now levels that take effect tomorrow at 00:00: Tân Thanh goes to level 4."""
    current = Publication.objects.order_by("-effective_at").first()
    rows = {r.area.code: r for r in current.levels.select_related("area").only("level", "since", "area__code")}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    effective = datetime.datetime.combine(tomorrow, datetime.time(0, 0), tzinfo=LOCAL)
    levels = {code: r.level for code, r in rows.items()}
    levels[TAN_THANH] = ANNOUNCED_LEVEL
    return publish(
        data_date=timezone.localdate(),
        effective_at=effective,
        published_at=timezone.now(),
        levels=levels,
        since=dict({code: r.since for code, r in rows.items()}, **{TAN_THANH: tomorrow}),
    )


def declare() -> DeclaredLevel:
    return DeclaredLevel.objects.create(
        area=Area.objects.get(code="04"),
        level=2,
        start=datetime.date(2021, 6, 1),
        end=datetime.date(2021, 6, 30),
        reference="Thông báo 45/TB-UBND tỉnh Cao Bằng",
    )


def report_cases() -> list[DailyReport]:
    area = Area.objects.get(code=TAN_THANH)
    figures = {datetime.date(2021, 6, 13): (1, 0, 0), datetime.date(2021, 6, 15): (0, 2, 1)}
    return [
        DailyReport.objects.create(
            area=area,
            date=day,
            community_cases_known_source=known,
            community_cases_unknown_source=unknown,
            quarantined_cases=quarantined,
        )
        for day, (known, unknown, quarantined) in figures.items()
    ]
