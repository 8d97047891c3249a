"""The upload in the admin: form, preview page, confirmation, error rows, templates, big files in the background."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from ingest.models import DailyReport, ReportImport

from .files import D, csv_bytes, row, xlsx_bytes

UPLOAD = "/admin/ingest/reportimport/add/"


def upload(client, content: bytes, name: str = "so-lieu.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def page(report_import: ReportImport) -> str:
    return f"/admin/ingest/reportimport/{report_import.pk}/change/"


def test_it_previews_then_commits_on_confirmation(langson, client, data_clerk):
    client.force_login(data_clerk)
    response = upload(client, csv_bytes([row(community_f1=3), row(code="06391", tests=120)]))
    report_import = ReportImport.objects.get()
    assert response.status_code == 302 and response["Location"] == page(report_import)
    preview = client.get(page(report_import)).content.decode()
    assert "Xác nhận ghi" in preview and "06388 Xã Hữu Liên" in preview and "Tạo mới" in preview
    assert not DailyReport.objects.exists()
    response = client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/", follow=True)
    assert "Đã ghi: 2 tạo mới, 0 cập nhật, 0 không đổi." in response.content.decode()
    assert DailyReport.objects.count() == 2


def test_it_shows_errors_and_offers_the_error_rows_without_writing(langson, client, data_clerk):
    client.force_login(data_clerk)
    upload(
        client,
        csv_bytes(
            [row(), row(code="06391", community_f1=-2), row(code="06394", note="=HYPERLINK(1)")],
            header=(*row().keys(), "note"),
        ),
    )
    report_import = ReportImport.objects.get()
    body = client.get(page(report_import)).content.decode()
    assert "Tệp có 1 dòng lỗi: không ghi dòng nào." in body
    assert "phải là số nguyên ≥ 0, nhận được &#x27;-2&#x27;" in body
    assert "Xác nhận ghi" not in body
    assert client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/").status_code == 302
    assert not DailyReport.objects.exists()
    download = client.get(f"/admin/ingest/reportimport/{report_import.pk}/errors.csv")
    assert download["Content-Type"].startswith("text/csv") and "attachment" in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "Lỗi" and rows[0][0] == "commune_code"
    assert len(rows) == 2 and rows[1][0] == "06391"
    assert rows[1][-1] == "cột community_f1: phải là số nguyên ≥ 0, nhận được '-2': là số âm."


def test_it_makes_the_error_file_safe_against_formulas(langson, client, data_clerk):
    client.force_login(data_clerk)
    upload(
        client,
        csv_bytes([row(code="=cmd|'/c calc'!A1"), row(code="06391", note="@SUM(A1)")], header=(*row().keys(), "note")),
    )
    report_import = ReportImport.objects.get()
    content = client.get(f"/admin/ingest/reportimport/{report_import.pk}/errors.csv").content.decode("utf-8-sig")
    cells = [cell for line in csv.reader(io.StringIO(content)) for cell in line]
    assert "'=cmd|'/c calc'!A1" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_it_reuploads_a_corrected_error_file(langson, client, data_clerk):
    client.force_login(data_clerk)
    upload(client, csv_bytes([row(code="06391", community_f1=-2)]))
    first = ReportImport.objects.get()
    content = client.get(f"/admin/ingest/reportimport/{first.pk}/errors.csv").content.decode("utf-8-sig")
    corrected = content.replace("'-2", "2")
    upload(client, corrected.encode("utf-8-sig"), "so-lieu-loi.csv")
    second = ReportImport.objects.latest("pk")
    assert second.status == ReportImport.Status.PREVIEWED, second.message


def test_it_shows_a_file_it_cannot_read_on_the_form(langson, client, data_clerk):
    client.force_login(data_clerk)
    response = upload(
        client, "commune_code,ngày\r\n".encode("utf-8") + "Lạng".encode("cp1258", "replace") + b"\xe9", "a.csv"
    )
    assert response.status_code == 200
    assert "Không đọc được tệp; chưa có gì được ghi" in response.content.decode()
    assert not ReportImport.objects.exists()


def test_it_rejects_a_file_over_the_size_limit_on_the_form(langson, client, data_clerk, settings):
    settings.INGEST_MAX_UPLOAD_BYTES = 500
    client.force_login(data_clerk)
    response = upload(client, csv_bytes([row()] * 20))
    assert "vượt giới hạn 500" in response.content.decode()
    assert not ReportImport.objects.exists()


def test_it_serves_the_templates(langson, client, data_clerk):
    client.force_login(data_clerk)
    csv_template = client.get("/admin/ingest/reportimport/template.csv").content.decode()
    assert csv_template == (
        "commune_code,date,community_cases_known_source,community_cases_unknown_source,"
        "unknown_source_clusters,hard_to_control_source_cases,quarantined_cases,community_f1,"
        "tests,recovered,deaths\r\n"
    )
    workbook = load_workbook(io.BytesIO(client.get("/admin/ingest/reportimport/template.xlsx").content))
    data, guide, units = workbook.worksheets
    assert [c.value for c in data[1]][:3] == ["Mã xã", "Ngày", "F0 cộng đồng rõ nguồn lây"]
    assert data["A2"].value and data["L2"].value.startswith("DÒNG MẪU")
    assert guide.title == "Giải thích" and guide["B9"].value == "community_f1"
    assert units["A2"].value == "20" and units["A3"].value == "178" and units.max_row == 1 + 212


def test_it_lists_only_the_communes_of_a_district_clerk_in_the_template(langson, client, district_clerk):
    client.force_login(district_clerk)
    workbook = load_workbook(io.BytesIO(client.get("/admin/ingest/reportimport/template.xlsx").content))
    codes = [row[0].value for row in workbook.worksheets[2].iter_rows(min_row=2)]
    assert codes[0] == "186" and len(codes) == 1 + 24


def test_it_commits_an_xlsx_whose_dates_are_excel_dates(langson, client, data_clerk):
    client.force_login(data_clerk)
    upload(client, xlsx_bytes([row(date=D, community_cases_known_source=1)]), "a.xlsx")
    report_import = ReportImport.objects.get()
    client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    assert DailyReport.objects.get().date == D


@pytest.mark.parametrize("name, make", [("big.csv", csv_bytes), ("big.xlsx", xlsx_bytes)])
def test_it_processes_a_big_file_in_the_background_with_progress(
    langson, client, data_clerk, settings, monkeypatch, django_capture_on_commit_callbacks, name, make
):
    from covidmaps.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)  # as without Redis; a real worker has its own test
    settings.INGEST_ASYNC_ROWS = 5
    client.force_login(data_clerk)
    codes = ["06385", "06388", "06391", "06394", "06397", "06400", "06403", "06406"]
    content = make([row(code=code, date=D, community_f1=1) for code in codes])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload(client, content, name)
    report_import = ReportImport.objects.get()
    assert report_import.status == ReportImport.Status.PENDING and report_import.total_rows == 8
    waiting = client.get(page(report_import)).content.decode()
    assert 'id="import-progress"' in waiting and "js/ingest-progress.js" in waiting
    status = client.get(f"/admin/ingest/reportimport/{report_import.pk}/status/").json()
    assert status["finished"] is False and status["total"] == 8
    for callback in callbacks:  # the task is sent once the upload commits; eagerly, it runs here
        callback()
    status = client.get(f"/admin/ingest/reportimport/{report_import.pk}/status/").json()
    assert status["status"] == "previewed" and status["finished"] and status["percent"] == 100
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.COMMITTED and report_import.created == 8
    assert DailyReport.objects.count() == 8


def test_it_runs_the_task_in_the_web_process_when_the_broker_is_down(
    langson, data_clerk, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from ingest.services.imports import receive_upload
    from ingest.tasks import preview_import_task, start_preview

    settings.INGEST_ASYNC_ROWS = 1

    def unreachable(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(preview_import_task, "delay", unreachable)
    report_import = receive_upload(name="a.csv", content=csv_bytes([row(), row(code="06391")]), user=data_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        start_preview(report_import=report_import)
    report_import.refresh_from_db()
    assert report_import.status == ReportImport.Status.PREVIEWED


def test_it_does_not_commit_twice(langson, client, data_clerk):
    client.force_login(data_clerk)
    upload(client, csv_bytes([row()]))
    report_import = ReportImport.objects.get()
    client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/")
    response = client.post(f"/admin/ingest/reportimport/{report_import.pk}/commit/", follow=True)
    assert "không ở trạng thái chờ xác nhận" in response.content.decode()
    assert DailyReport.history.count() == 1


def test_it_serves_the_original_file_as_a_download_only(langson, client, data_clerk, media_root):
    client.force_login(data_clerk)
    content = csv_bytes([row()])
    upload(client, content, "../../etc/passwd.csv")
    report_import = ReportImport.objects.get()
    assert report_import.file_name == "passwd.csv"
    assert report_import.file.name.startswith("imports/") and "passwd" not in report_import.file.name
    assert (media_root / report_import.file.name).read_bytes() == content
    response = client.get(f"/admin/ingest/reportimport/{report_import.pk}/file/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == content


def test_it_tells_that_the_same_file_was_already_committed(langson, client, data_clerk):
    client.force_login(data_clerk)
    content = csv_bytes([row()])
    upload(client, content)
    client.post(f"/admin/ingest/reportimport/{ReportImport.objects.get().pk}/commit/")
    upload(client, content)
    body = client.get(page(ReportImport.objects.latest("pk"))).content.decode()
    assert "Tệp giống hệt (cùng SHA-256) đã được ghi" in body
    assert ReportImport.objects.latest("pk").unchanged == 1


def test_it_speaks_english_to_an_upload_made_in_english(langson, client, data_clerk):
    from ingest.services.imports import receive_upload
    from ingest.tasks import start_preview

    report_import = receive_upload(
        name="a.csv", content=csv_bytes([row(code="06391", community_f1=-2)]), user=data_clerk, language="en"
    )
    start_preview(report_import=report_import)
    client.force_login(data_clerk)
    body = client.get(page(report_import)).content.decode()
    assert "The file has 1 row with errors: nothing was written." in body
    assert "must be a whole number ≥ 0, got &#x27;-2&#x27;: a negative number." in body


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_it_rejects_formulas_split_by_a_separator_in_the_error_file(langson, client, data_clerk, delimiter):
    client.force_login(data_clerk)
    hostile = 'x;=HYPERLINK("http://evil.example/","bấm")'
    content = csv_bytes(
        [
            row(code="06391", community_f1=-2, note=hostile.replace(delimiter, " "))
            if delimiter in hostile
            else row(code="06391", community_f1=-2, note=hostile)
        ],
        header=(*row().keys(), "note"),
        delimiter=delimiter,
    )
    if delimiter == ",":  # a comma file quotes the note so that its comma stays inside
        content = content.replace(hostile.encode(), b'"' + hostile.replace('"', '""').encode() + b'"')
    upload(client, content)
    report_import = ReportImport.objects.get()
    assert report_import.status == ReportImport.Status.INVALID
    text = client.get(f"/admin/ingest/reportimport/{report_import.pk}/errors.csv").content.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.count(delimiter) == len(row()) + 1  # the clerk's separator comes back
    for reading in (",", ";", "\t"):
        cells = [cell for line in csv.reader(io.StringIO(text), delimiter=reading) for cell in line]
        assert not any(cell.lstrip().startswith(("=", "+", "@")) for cell in cells), (reading, cells)


def test_it_rejects_the_editor_downloading_original_files(langson, client, data_clerk, approver, editor):
    """The original upload and its error rows are the health department's: the Sở TT&TT editor, who may see the
    imports, gets 403 for both (and no link); both Sở Y tế groups download them."""
    client.force_login(data_clerk)
    content = csv_bytes([row(), row(code="06391", community_f1=-2)])
    upload(client, content)
    report_import = ReportImport.objects.get()
    original = f"/admin/ingest/reportimport/{report_import.pk}/file/"
    errors = f"/admin/ingest/reportimport/{report_import.pk}/errors.csv"
    for health in (data_clerk, approver):
        client.force_login(health)
        assert b"".join(client.get(original).streaming_content) == content
        assert client.get(errors).status_code == 200
    client.force_login(editor)
    assert client.get(original).status_code == 403
    assert client.get(errors).status_code == 403
    body = client.get(page(report_import)).content.decode()
    assert original not in body and errors not in body
