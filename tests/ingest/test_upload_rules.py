"""The rules of an upload (issue 3, item 3), with real CSV and XLSX files, through the services that the admin
upload and `import_reports` share."""

import datetime

import pytest
from django.utils import timezone, translation

from ingest.access import system_user
from ingest.models import DailyReport, ReportImport
from ingest.services.imports import claim_commit, commit_import, preview_import, receive_upload
from ingest.tabular import FileRejected

from .files import D, csv_bytes, row, xlsx_bytes


def preview(content: bytes, name: str = "so-lieu.csv", user=None) -> ReportImport:
    """Upload as user, or as the system account (what `import_reports` does without --user)."""
    report_import = receive_upload(name=name, content=content, user=user or system_user())
    preview_import(report_import=report_import)
    return report_import


def commit(report_import: ReportImport, user=None) -> ReportImport:
    return commit_import(report_import=claim_commit(report_import=report_import, user=user or system_user()))


def errors_of(report_import: ReportImport) -> list[str]:
    return [f"{r['row']}|{column}|{message}" for r in report_import.preview["rows"] for column, message in r["errors"]]


def test_it_previews_creates_from_csv_and_xlsx(langson, data_clerk):
    for name, content in [
        ("a.csv", csv_bytes([row(community_f1=3)])),
        ("a.xlsx", xlsx_bytes([row(code="06391", date=D, community_f1=4)])),
    ]:
        report_import = preview(content, name, data_clerk)
        assert report_import.status == ReportImport.Status.PREVIEWED, report_import.message
        assert report_import.preview["counts"] == {"create": 1, "update": 0, "unchanged": 0, "error": 0}
    assert not DailyReport.objects.exists()


def test_it_commits_a_confirmed_file_and_records_the_import(langson, data_clerk):
    content = csv_bytes([row(community_f1=3), row(code="06391", community_cases_known_source=2)])
    report_import = commit(preview(content, user=data_clerk), data_clerk)
    assert report_import.status == ReportImport.Status.COMMITTED
    assert (report_import.created, report_import.updated, report_import.unchanged) == (2, 0, 0)
    assert report_import.uploaded_by == data_clerk and report_import.committed_by == data_clerk
    assert report_import.file_name == "so-lieu.csv" and report_import.uploaded_at and report_import.committed_at
    import hashlib

    assert report_import.sha256 == hashlib.sha256(content).hexdigest()
    report = DailyReport.objects.get(area__code="06388", date=D)
    assert report.community_f1 == 3 and report.entered_by == data_clerk and report.source_import == report_import


def test_it_writes_nothing_when_one_row_among_good_ones_is_bad(langson, data_clerk):
    rows = [row(code=code) for code in ("06385", "06388", "06391")] + [row(code="06394", community_f1=-2)]
    rows += [row(code=code) for code in ("06397", "06400")]
    report_import = preview(csv_bytes(rows), user=data_clerk)
    assert report_import.status == ReportImport.Status.INVALID
    assert report_import.preview["counts"]["error"] == 1 and report_import.preview["counts"]["create"] == 5
    assert errors_of(report_import) == ["5|community_f1|phải là số nguyên ≥ 0, nhận được '-2': là số âm."]
    with pytest.raises(Exception):
        claim_commit(report_import=report_import, user=data_clerk)
    assert not DailyReport.objects.exists()


def test_it_words_errors_by_row_and_column_as_the_issue_shows(langson):
    from ingest.tabular import read_table
    from ingest.validation import plan_reports, table_inputs

    rows = [
        row(code=c)
        for c in (
            "06385",
            "06388",
            "06391",
            "06394",
            "06397",
            "06400",
            "06403",
            "06406",
            "06412",
            "06415",
            "06418",
            "06421",
        )
    ] + [row(code="06424", community_f1=-2)]
    table = read_table(csv_bytes(rows), "a.csv")
    plan = plan_reports(table_inputs(table), scope=None, labels=table.labels)
    assert plan.error_lines() == ["Dòng 14, cột community_f1: phải là số nguyên ≥ 0, nhận được '-2': là số âm."]
    with translation.override("en"):
        plan = plan_reports(table_inputs(table), scope=None, labels=table.labels)
        assert plan.error_lines() == [
            "Row 14, column community_f1: must be a whole number ≥ 0, got '-2': a negative number."
        ]


def test_it_names_the_xlsx_column_by_its_vietnamese_title(langson):
    report_import = preview(xlsx_bytes([row(date=D, community_f1="hai")]), "a.xlsx")
    assert errors_of(report_import) == ["2|F1 tại cộng đồng|phải là số nguyên ≥ 0, nhận được 'hai': không phải là số."]


def test_it_suggests_the_closest_communes_for_an_unknown_code(langson):
    report_import = preview(csv_bytes([row(code="06389"), row(code="Yen Binh")]))
    by_code, by_name = errors_of(report_import)
    assert by_code.startswith("2|commune_code|không có đơn vị nào mã '06389'. Có phải: 06388 Xã Hữu Liên")
    assert "06391 Xã Yên Bình (Huyện Hữu Lũng)" in by_name


def test_it_reads_codes_whose_leading_zero_excel_dropped(langson):
    report_import = preview(xlsx_bytes([row(code=6388, date=D, community_f1=1)]), "a.xlsx")
    assert report_import.status == ReportImport.Status.PREVIEWED
    assert report_import.preview["rows"][0]["area"] == "06388 Xã Hữu Liên (Huyện Hữu Lũng)"


def test_it_rejects_the_same_commune_and_date_twice(langson):
    report_import = preview(csv_bytes([row(), row(code="06391"), row(date="2021-06-10", community_f1=2)]))
    assert errors_of(report_import) == ["4||Xã Hữu Liên ngày 10/06/2021 đã có ở dòng 2."]


def test_it_reads_excel_dates_day_month_year_and_iso(langson):
    rows = [
        row(code="06385", date=D),
        row(code="06388", date=44357),
        row(code="06391", date="10/06/2021"),
        row(code="06394", date="2021-06-10"),
        row(code="06397", date="9/6/2021"),
    ]
    report_import = preview(xlsx_bytes(rows), "a.xlsx")
    assert report_import.status == ReportImport.Status.PREVIEWED, errors_of(report_import)
    assert [r["date"] for r in report_import.preview["rows"]] == ["10/06/2021"] * 4 + ["09/06/2021"]


def test_it_rejects_a_date_it_cannot_read(langson):
    report_import = preview(csv_bytes([row(date="06/10/21"), row(code="06391", date="10 tháng 6")]))
    assert [e.split("|")[1:] for e in errors_of(report_import)] == [
        ["date", "phải là ngày dd/mm/yyyy hoặc yyyy-mm-dd, nhận được '06/10/21'"],
        ["date", "phải là ngày dd/mm/yyyy hoặc yyyy-mm-dd, nhận được '10 tháng 6'"],
    ]


def test_it_reads_utf8_with_and_without_bom_and_semicolons(langson):
    note_header = ("commune_code", "date", *row().keys() - {"commune_code", "date"}, "note")
    for content in [
        csv_bytes([row(note="Chợ Đồng Mỏ")], header=note_header),
        csv_bytes([row(note="Chợ Đồng Mỏ")], header=note_header, bom=True),
        csv_bytes([row(note="Chợ Đồng Mỏ")], header=note_header, delimiter=";"),
    ]:
        report_import = preview(content)
        assert report_import.status == ReportImport.Status.PREVIEWED, report_import.message
    commit(report_import)
    assert DailyReport.objects.get().note == "Chợ Đồng Mỏ"


def test_it_rejects_another_encoding_with_a_clear_message(langson):
    content = csv_bytes([row(note="Chợ Đồng Mỏ")], header=(*row().keys(), "note"), encoding="windows-1258")
    with pytest.raises(FileRejected) as rejected:
        receive_upload(name="a.csv", content=content, user=system_user())
    assert "không ở mã UTF-8 (lỗi ở dòng 2)" in rejected.value.messages[0]
    assert "CSV UTF-8" in rejected.value.messages[0]
    assert not ReportImport.objects.exists()


def test_it_rejects_utf16_and_old_excel_files(langson):
    with pytest.raises(FileRejected, match="UTF-16"):
        receive_upload(name="a.csv", content=csv_bytes([row()], encoding="utf-16"), user=system_user())
    with pytest.raises(FileRejected, match=r"\.xls"):
        receive_upload(name="a.xls", content=b"\xd0\xcf\x11\xe0" + b"\0" * 100, user=system_user())


def test_it_rejects_missing_and_unknown_columns(langson):
    header = ("commune_code", "date", "community_cases_known_source", "communty_f1")
    with pytest.raises(FileRejected) as rejected:
        receive_upload(name="a.csv", content=csv_bytes([row()], header=header), user=system_user())
    unknown, missing = rejected.value.messages
    assert unknown == "Cột D “communty_f1” không có trong biểu mẫu. Có phải “community_f1” (F1 tại cộng đồng)?"
    assert missing.startswith("Thiếu cột: community_cases_unknown_source (F0 cộng đồng chưa rõ nguồn lây)")


def test_it_rejects_a_file_over_the_size_limit(langson, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(FileRejected, match="vượt giới hạn"):
        receive_upload(name="a.csv", content=csv_bytes([row()] * 40), user=system_user())
    assert not ReportImport.objects.exists()


def test_it_rejects_a_file_over_the_row_limit(langson, settings):
    settings.INGEST_MAX_ROWS = 3
    with pytest.raises(FileRejected) as rejected:
        receive_upload(
            name="a.csv",
            content=csv_bytes([row(code=c) for c in ("06385", "06388", "06391", "06394")]),
            user=system_user(),
        )
    assert rejected.value.messages == ["Tệp có hơn 3 dòng số liệu: hãy chia thành nhiều tệp."]


def test_it_shows_old_and_new_values_of_an_update(langson, data_clerk):
    commit(preview(csv_bytes([row(community_f1=3, tests=100)]), user=data_clerk), data_clerk)
    report_import = preview(csv_bytes([row(community_f1=5, tests=100)]), user=data_clerk)
    assert report_import.preview["counts"] == {"create": 0, "update": 1, "unchanged": 0, "error": 0}
    assert report_import.preview["rows"][0]["changes"] == [["community_f1", 3, 5]]


def test_it_finds_a_repeated_upload_all_unchanged(
    langson, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    content = csv_bytes([row(code=c, community_f1=1) for c in ("06385", "06388", "06391")])
    with django_capture_on_commit_callbacks(execute=True):
        commit(preview(content, user=data_clerk), data_clerk)
    again = preview(content, user=data_clerk)
    assert again.preview["counts"] == {"create": 0, "update": 0, "unchanged": 3, "error": 0}
    with django_capture_on_commit_callbacks(execute=True):
        again = commit(again, data_clerk)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert DailyReport.history.count() == 3
    assert recompute_requests == [{D}]  # the unchanged upload asked for nothing


def test_it_keeps_before_and_after_in_the_history_of_an_update(langson, data_clerk, approver):
    commit(preview(csv_bytes([row(community_f1=3)]), user=data_clerk), data_clerk)
    commit(preview(csv_bytes([row(community_f1=7)]), user=approver), approver)
    report = DailyReport.objects.get()
    newest, oldest = report.history.order_by("-history_id")
    assert (oldest.history_type, oldest.community_f1, oldest.history_user) == ("+", 3, data_clerk)
    assert (newest.history_type, newest.community_f1, newest.history_user) == ("~", 7, approver)
    delta = newest.diff_against(oldest)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "community_f1"] == [("community_f1", 3, 7)]


def test_it_asks_for_one_recomputation_per_upload(
    langson, data_clerk, recompute_requests, django_capture_on_commit_callbacks
):
    rows = [row(code=c, date=day) for c in ("06385", "06388") for day in ("09/06/2021", "10/06/2021")]
    with django_capture_on_commit_callbacks(execute=True):
        commit(preview(csv_bytes(rows), user=data_clerk), data_clerk)
    assert recompute_requests == [{datetime.date(2021, 6, 9), D}]


def test_it_rejects_hard_to_control_cases_above_known_source_cases(langson):
    report_import = preview(csv_bytes([row(community_cases_known_source=1, hard_to_control_source_cases=2)]))
    assert errors_of(report_import) == [
        "2|hard_to_control_source_cases|không được lớn hơn số F0 cộng đồng rõ nguồn lây (1), nhận được 2."
    ]


def test_it_rejects_future_dates_and_dates_outside_the_communes_period(langson, area):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    report_import = preview(csv_bytes([row(date=f"{tomorrow:%d/%m/%Y}"), row(code="06391", date="31/12/2019")]))
    future, period = errors_of(report_import)
    assert future.startswith("2|date|ngày") and future.endswith("là ngày trong tương lai.")
    assert period == (
        "3|date|06391 Xã Yên Bình (Huyện Hữu Lũng) chỉ có hiệu lực từ 01/01/2020 đến …, không có vào ngày 31/12/2019."
    )


def test_it_rejects_external_areas(langson):
    report_import = preview(csv_bytes([row(code="24")]))
    assert "Tỉnh Bắc Giang ở ngoài tỉnh" in errors_of(report_import)[0]


def test_it_accepts_unattributed_cases_of_a_district(langson):
    report_import = commit(preview(csv_bytes([row(code="186", community_cases_known_source=2)])))
    assert report_import.status == ReportImport.Status.COMMITTED
    assert DailyReport.objects.get().area.kind == "district"


def test_it_rejects_the_templates_sample_row(langson, data_clerk, admin_client):
    content = admin_client.get("/admin/ingest/reportimport/template.xlsx").content
    report_import = preview(content, "bieu-mau.xlsx", data_clerk)
    assert errors_of(report_import) == ["2||đây là dòng mẫu của biểu mẫu: hãy xoá dòng này."]


def test_it_reads_a_header_below_title_rows(langson):
    content = xlsx_bytes([row(date=D)], title_rows=[("BÁO CÁO SỐ LIỆU NGÀY 10/06/2021",), ()])
    report_import = preview(content, "a.xlsx")
    assert report_import.status == ReportImport.Status.PREVIEWED
    assert report_import.preview["rows"][0]["row"] == 4


def test_it_writes_nothing_when_the_database_fails_mid_commit(langson, data_clerk, monkeypatch):
    from django.db import DatabaseError

    report_import = preview(csv_bytes([row(code=c) for c in ("06385", "06388", "06391")]), user=data_clerk)

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("ingest.services.reports.bulk_create_with_history", broken)
    report_import = commit(report_import, data_clerk)
    assert report_import.status == ReportImport.Status.FAILED
    assert "không có dòng nào được ghi" in report_import.message
    assert report_import.preview["counts"]["create"] == 3  # the page still offers to confirm again
    assert not DailyReport.objects.exists()
    monkeypatch.undo()
    assert commit(report_import, data_clerk).status == ReportImport.Status.COMMITTED  # the clerk can try again
