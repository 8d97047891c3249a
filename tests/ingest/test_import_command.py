"""`python manage.py import_reports FILE [--dry-run]`: the admin upload's service from the command line."""

import pytest
from django.core.management import CommandError, call_command

from ingest.models import DailyReport, ReportImport

from .files import D, csv_bytes, row, xlsx_bytes


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_reports", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_good_file_and_records_it(langson, tmp_path, data_clerk):
    path = tmp_path / "ngay-10-6.xlsx"
    path.write_bytes(xlsx_bytes([row(date=D, community_f1=3), row(code="06391", date=D)]))
    out, _ = run(path, "--user", data_clerk.username)
    assert "Đã ghi: 2 tạo mới, 0 cập nhật, 0 không đổi." in out
    report_import = ReportImport.objects.get()
    assert (report_import.file_name, report_import.uploaded_by, report_import.status) == (
        "ngay-10-6.xlsx",
        data_clerk,
        ReportImport.Status.COMMITTED,
    )
    assert DailyReport.objects.get(area__code="06388").entered_by == data_clerk


def test_it_lists_the_errors_and_exits_with_status_2(langson, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(), row(code="06391", community_f1=-2), row(code="99999")]))
    with pytest.raises(CommandError) as failed:
        run(path)
    assert failed.value.returncode == 2
    assert not DailyReport.objects.exists()


def test_it_prints_every_error_line(langson, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(), row(code="06391", community_f1=-2)]))
    with pytest.raises(SystemExit) as exited:
        execute_from_command_line(["manage.py", "import_reports", str(path)])
    assert exited.value.code == 2
    assert "Dòng 3, cột community_f1: phải là số nguyên ≥ 0, nhận được '-2'" in capsys.readouterr().err


def test_it_writes_nothing_on_a_dry_run(langson, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(community_f1=3)]))
    run(path)
    path.write_bytes(csv_bytes([row(community_f1=5)]))
    out, _ = run(path, "--dry-run")
    assert "Dòng 2, 06388 10/06/2021, community_f1: 3 → 5" in out
    assert "0 tạo mới, 1 cập nhật" in out
    assert DailyReport.objects.get().community_f1 == 3
    assert ReportImport.objects.count() == 1


def test_it_exits_with_status_2_on_a_dry_run_with_errors(langson, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(code="06391", community_f1=-2)]))
    with pytest.raises(CommandError) as failed:
        run(path, "--dry-run")
    assert failed.value.returncode == 2


def test_it_rejects_an_unreadable_file_with_status_2(langson, tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("commune_code;ngày\r\n06388;10/06/2021\r\n".encode("utf-16"))
    with pytest.raises(CommandError) as failed:
        run(path)
    assert failed.value.returncode == 2
    assert not ReportImport.objects.exists()


def test_it_rejects_rows_of_another_district_for_a_district_clerk(langson, tmp_path, district_clerk):
    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes([row(code="06388"), row(code="05977")]))
    with pytest.raises(CommandError):
        run(path, "--user", district_clerk.username)
    assert not DailyReport.objects.exists()


def test_it_says_when_the_file_does_not_exist(tmp_path, db):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(tmp_path / "missing.csv")
