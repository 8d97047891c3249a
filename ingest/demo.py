"""Demo step: a synthetic outbreak modelled on June 2021, labelled synthetic on every record.

Bắc Giang (external province 24) is declared at level 4 from 31/05/2021; clusters grow in the communes of Hữu Lũng
that border it (workers returning from its industrial parks), with scattered known-source cases, F1 contacts in the
community and one unknown-source case elsewhere. Every commune reports every day from 20/05 to 20/06/2021, so that
the map shows all four levels, and communes stepping up and, fourteen days later, down again. Deterministic.
"""

import datetime
import random

from areas.models import Area

from .access import system_user
from .models import SYNTHETIC_NOTE, AreaFlag, DailyReport, DeclaredLevel
from .services.flags import validate_area_flag, validate_declared_level
from .services.reports import apply_plan
from .validation import RowInput, plan_reports

FIRST_DAY = datetime.date(2021, 5, 20)
LAST_DAY = datetime.date(2021, 6, 20)
SEED = 2686

# (date, area code, figures, what happened): the outbreak's events; every other figure of the window is zero.
K, U, C, H, Q, F1 = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)
EVENTS = [
    ("2021-05-21", "06187", {K: 1, F1: 7}, "lái xe chở hàng từ Bắc Giang"),
    ("2021-05-22", "06448", {Q: 2}, "công nhân từ Bắc Giang về, đang cách ly"),
    ("2021-05-26", "06448", {K: 1, H: 1, F1: 14}, "công nhân khu công nghiệp Bắc Giang"),
    ("2021-05-28", "06433", {K: 2, H: 2, F1: 21}, "công nhân khu công nghiệp Bắc Giang"),
    ("2021-05-30", "06433", {K: 1, Q: 1, F1: 9}, "F1 của ca bệnh ngày 28/05"),
    ("2021-06-01", "06433", {U: 3, C: 1, F1: 30}, "chùm ca bệnh chưa rõ nguồn lây ở chợ xã"),
    ("2021-06-03", "06457", {K: 1, F1: 6}, "F1 của chùm ca bệnh xã Vân Nham"),
    ("2021-06-04", "06448", {K: 2, H: 1, Q: 2, F1: 11}, "công nhân khu công nghiệp Bắc Giang"),
    ("2021-06-05", "05977", {K: 1, F1: 10}, "người về từ Bắc Giang, đã khai báo"),
    ("2021-06-06", "06424", {U: 1, F1: 8}, "ca bệnh chưa rõ nguồn lây"),
    ("2021-06-07", "186", {K: 2}, "ca bệnh chưa xác định được xã cư trú"),
    ("2021-06-08", "06433", {K: 2, Q: 3, F1: 12}, "F1 của chùm ca bệnh"),
    ("2021-06-09", "06529", {F1: 4}, "F1 của ca bệnh ở Hữu Lũng"),
    ("2021-06-10", "06385", {K: 1, F1: 5}, "F1 của ca bệnh xã Minh Sơn"),
    ("2021-06-11", "06325", {U: 1, F1: 6}, "ca bệnh chưa rõ nguồn lây"),
    ("2021-06-12", "06460", {Q: 2}, "phát hiện trong khu cách ly"),
    ("2021-06-13", "06466", {K: 1, F1: 3}, "người về từ Bắc Giang"),
    ("2021-06-14", "06433", {Q: 1}, "phát hiện trong khu cách ly"),
    ("2021-06-16", "06448", {K: 2, H: 2, F1: 18}, "công nhân khu công nghiệp Bắc Giang"),
    ("2021-06-18", "06433", {U: 2, C: 1, F1: 16}, "chùm ca bệnh mới chưa rõ nguồn lây"),
]
BAC_GIANG = "24"
BAC_GIANG_REFERENCE = (
    "Thông báo của Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Bắc Giang về đánh giá cấp độ "
    "dịch (văn bản mô phỏng cho bản demo, không phải văn bản thật)"
)
BORDER_FLAG = (
    "06166",
    AreaFlag.Flag.ILLEGAL_ENTRY_RISK,
    "2021-05-20",
    "2021-06-30",
    "xã biên giới có cửa khẩu, nguy cơ nhập cảnh trái phép",
)


def _days():
    day = FIRST_DAY
    while day <= LAST_DAY:
        yield day
        day += datetime.timedelta(days=1)


def _rows(areas: list[Area]) -> list[RowInput]:
    rng = random.Random(SEED)
    events = {(datetime.date.fromisoformat(d), code): (figures, what) for d, code, figures, what in EVENTS}
    cases_on = {key: figures.get(K, 0) + figures.get(U, 0) for key, (figures, _w) in events.items()}
    outbreak = {code for _d, code, _f, _w in EVENTS}
    rows = []
    for day in _days():
        for area in areas:
            figures, what = events.get((day, area.code), ({}, ""))
            if area.kind != Area.Kind.COMMUNE and not figures:
                continue
            # Mass testing where cases were found; a routine few elsewhere.
            base = 6 if area.code in outbreak and day >= datetime.date(2021, 5, 26) else 1
            tests = rng.randint(base * area.population // 2000, base * area.population // 1000 + 5)
            recovered = cases_on.get((day - datetime.timedelta(days=18), area.code), 0)
            cells = {
                "date": day,
                **{field: figures.get(field, 0) for field in (K, U, C, H, Q, F1)},
                "tests": tests if area.kind == Area.Kind.COMMUNE else None,
                "recovered": recovered,
                "deaths": 0,
                "note": f"{SYNTHETIC_NOTE} – {what}" if what else SYNTHETIC_NOTE,
            }
            rows.append(RowInput(number=len(rows) + 1, cells=cells, area=area))
    return rows


def _ensure(record, validate) -> bool:
    """Save a synthetic flag or declared level unless the same one exists; return whether it was created."""
    model = type(record)
    if model.objects.filter(area=record.area, start=record.start, end=record.end, synthetic=True).exists():
        return False
    validate(record)
    record.synthetic = True
    record._history_user = system_user()
    record.save()
    return True


def load() -> str:
    areas = list(Area.objects.internal().exclude(kind=Area.Kind.PROVINCE).order_by("kind", "code"))
    if not areas:
        return "no areas: load the areas first"
    plan = plan_reports(_rows(areas), scope=None)
    counts = apply_plan(
        plan=plan, user=system_user(), synthetic=True, recompute=False
    )  # the risk demo step computes it all
    bac_giang = Area.objects.get(code=BAC_GIANG, external=True)
    _ensure(
        DeclaredLevel(
            area=bac_giang,
            level=4,
            start=datetime.date(2021, 5, 31),
            end=datetime.date(2021, 6, 30),
            reference=BAC_GIANG_REFERENCE,
            note=SYNTHETIC_NOTE,
        ),
        lambda record: validate_declared_level(declared=record, user=None),
    )
    code, flag, start, end, what = BORDER_FLAG
    _ensure(
        AreaFlag(
            area=Area.objects.get(code=code, external=False),
            flag=flag,
            start=datetime.date.fromisoformat(start),
            end=datetime.date.fromisoformat(end),
            note=f"{SYNTHETIC_NOTE} – {what}",
        ),
        lambda record: validate_area_flag(flag=record, user=None),
    )
    total = DailyReport.objects.filter(synthetic=True).count()
    return (
        f"{total} synthetic reports {FIRST_DAY:%d/%m/%Y}–{LAST_DAY:%d/%m/%Y} ({counts['create']} created, "
        f"{counts['update']} updated), Bắc Giang declared at level 4, 1 flag"
    )
