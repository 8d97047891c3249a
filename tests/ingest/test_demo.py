"""The demo outbreak: synthetic, labelled, deterministic, shaped like June 2021."""

import datetime

from ingest import demo
from ingest.models import SYNTHETIC_NOTE, AreaFlag, DailyReport, DeclaredLevel
from ingest.selectors import data_is_synthetic


def test_it_loads_a_labelled_synthetic_outbreak(langson):
    assert not data_is_synthetic()
    demo.load()
    assert data_is_synthetic()
    assert DailyReport.objects.count() == 32 * 200 + 1
    assert not DailyReport.objects.filter(synthetic=False).exists()
    assert not DailyReport.objects.exclude(note__startswith=SYNTHETIC_NOTE).exists()
    declared = DeclaredLevel.objects.get()
    assert (declared.area.code, declared.level, declared.start, declared.synthetic) == (
        "24",
        4,
        datetime.date(2021, 5, 31),
        True,
    )
    assert "mô phỏng" in declared.reference
    assert AreaFlag.objects.get().synthetic


def test_it_puts_clusters_in_huu_lung_and_known_source_cases_elsewhere(langson):
    demo.load()
    reports = DailyReport.objects.select_related("area__parent")
    clusters = {r.area.parent.code for r in reports.filter(unknown_source_clusters__gt=0)}
    assert clusters == {"186"}
    hard = {r.area.code for r in reports.filter(hard_to_control_source_cases__gt=0)}
    assert hard <= {"06433", "06448"} and hard
    elsewhere = {
        r.area.parent.code
        for r in reports.filter(community_cases_known_source__gt=0).exclude(area__code="186")
        if r.area.parent.code != "186"
    }
    assert len(elsewhere) >= 2
    assert reports.filter(community_f1__gt=0).count() >= 10


def test_it_is_deterministic_and_idempotent(langson):
    demo.load()
    first = list(DailyReport.objects.order_by("area__code", "date").values_list("tests", flat=True))
    message = demo.load()
    assert "(0 created, 0 updated)" in message
    assert list(DailyReport.objects.order_by("area__code", "date").values_list("tests", flat=True)) == first
    assert DeclaredLevel.objects.count() == 1 and AreaFlag.objects.count() == 1
