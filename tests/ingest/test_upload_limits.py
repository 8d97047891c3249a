"""Bounded uploads (issue 10, item 4): hostile files are refused with a clear message while they are streamed, and
nothing is stored. The files are small versions of the bombs of bench/upload_limits.py, with limits to match."""

import datetime
import io

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from ingest.access import system_user
from ingest.bounded import BoundedWorkbook, Limits
from ingest.models import DailyReport, ReportImport
from ingest.services.imports import receive_upload
from ingest.tabular import FileRejected, read_table

from . import hostile
from .files import csv_bytes, row


@pytest.fixture
def small_limits(settings):
    settings.INGEST_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024
    settings.INGEST_MAX_SHARED_STRINGS = 1000
    settings.INGEST_MAX_CELLS = 5000
    settings.INGEST_MAX_COLUMNS = 40
    settings.INGEST_MAX_ROWS = 1000
    return settings


def refused(content: bytes, name: str) -> list[str]:
    with pytest.raises(FileRejected) as rejected, translation.override("vi"):
        receive_upload(name=name, content=content, user=system_user())
    assert not ReportImport.objects.exists()
    assert not DailyReport.objects.exists()
    return rejected.value.messages


def assert_nothing_stored(media_root):
    assert not media_root.exists() or not any(path.is_file() for path in media_root.rglob("*"))


def test_it_rejects_a_shared_strings_bomb_by_its_declared_size(langson, small_limits, media_root):
    bomb = hostile.shared_strings_bomb(megabytes=20, length=10_000)
    assert len(bomb) < 100_000
    assert refused(bomb, "bom.xlsx") == [
        "Tệp .xlsx khi giải nén nặng hơn 2,0\xa0MB, quá lớn so với một bảng số liệu: hãy chia thành nhiều tệp hoặc "
        "lưu thành CSV UTF-8."
    ]
    assert_nothing_stored(media_root)


def test_it_rejects_a_bomb_whose_zip_lies_about_its_size(langson, small_limits, media_root):
    messages = refused(hostile.lying_sizes(megabytes=3), "bom.xlsx")
    assert messages in (
        ["Tệp .xlsx bị hỏng hoặc không phải tệp Excel."],
        [
            "Tệp .xlsx khi giải nén nặng hơn 2,0\xa0MB, quá lớn so với một bảng số liệu: hãy chia thành "
            "nhiều tệp hoặc lưu thành CSV UTF-8."
        ],
    )
    assert_nothing_stored(media_root)


def test_it_rejects_too_many_shared_strings(langson, small_limits):
    assert refused(hostile.many_shared_strings(1500), "chuoi.xlsx") == [
        "Tệp .xlsx có hơn 1000 chuỗi văn bản khác nhau: hãy chia thành nhiều tệp nhỏ hơn."
    ]


def test_it_rejects_a_shared_string_longer_than_excel_allows(langson, small_limits):
    assert refused(hostile.long_shared_string(megabytes=1), "dai.xlsx") == [
        "Tệp .xlsx có ô chứa hơn 32767 ký tự, quá giới hạn của Excel: hãy kiểm tra lại tệp."
    ]


def test_it_rejects_a_sheet_without_dimension_at_the_cell_limit(langson, small_limits):
    assert refused(hostile.sheet_without_dimension(rows=600, columns=12), "khong-kich-thuoc.xlsx") == [
        "Tệp có hơn 5000 ô (kể cả ô trống đã định dạng): hãy chia thành nhiều tệp nhỏ hơn."
    ]


def test_it_rejects_a_cell_in_the_far_corner_of_the_sheet(langson, small_limits):
    assert refused(hostile.far_cell(), "goc.xlsx") == [
        "Trang tính có dữ liệu hoặc định dạng đến dòng 1048576, quá giới hạn 1000 dòng: hãy xoá các dòng thừa ở "
        "cuối trang tính."
    ]


def test_it_rejects_rows_reaching_a_far_column(langson, small_limits):
    assert refused(hostile.wide_rows(rows=10), "rong.xlsx") == [
        "Tệp có hơn 40 cột: chỉ giữ các cột của biểu mẫu (xoá các cột thừa bên phải)."
    ]


def test_it_rejects_deeply_nested_xml_entities_and_thousands_of_parts(langson, small_limits):
    unsafe = [
        "Tệp .xlsx có cấu trúc không hợp lệ hoặc không an toàn (khai báo DTD, lồng quá sâu hoặc quá nhiều thành "
        "phần): hãy mở trong Excel và lưu lại thành tệp .xlsx mới."
    ]
    assert refused(hostile.deep_xml(depth=10_000), "sau.xlsx") == unsafe
    assert refused(hostile.entity_bomb(), "thuc-the.xlsx") == unsafe
    assert refused(hostile.many_parts(2000), "nhieu-phan.xlsx") == unsafe


def test_it_rejects_a_csv_wider_than_a_spreadsheet_has_letters(langson, settings):
    # Past column ZZZ (18,278) the header check once failed with a server error.
    assert refused(hostile.wide_csv(18_300), "rong.csv") == [
        "Tệp có hơn 100 cột: chỉ giữ các cột của biểu mẫu (xoá các cột thừa bên phải)."
    ]


def test_it_rejects_a_csv_row_widened_through_quoted_line_breaks(langson, small_limits):
    assert refused(hostile.wide_csv_row(5000), "rong.csv") == [
        "Tệp có hơn 40 cột: chỉ giữ các cột của biểu mẫu (xoá các cột thừa bên phải)."
    ]


@pytest.mark.parametrize("build", [hostile.blank_lines_csv, hostile.empty_fields_csv])
def test_it_rejects_a_csv_of_blank_lines_or_empty_fields_at_the_cell_limit(langson, small_limits, build):
    content = build(megabytes=1) if build is hostile.blank_lines_csv else build(megabytes=1, columns=30)
    assert refused(content, "trong.csv") == [
        "Tệp có hơn 5000 ô (kể cả ô trống đã định dạng): hãy chia thành nhiều tệp nhỏ hơn."
    ]


def test_it_accepts_a_file_just_under_every_limit(langson, small_limits):
    rows = [row(code="06388", date=f"{day:02d}/06/2021") for day in range(1, 29)]
    assert len(read_table(csv_bytes(rows), "a.csv").rows) == 28


def test_it_refuses_an_upload_in_the_admin_with_the_message_and_stores_nothing(
    langson, small_limits, data_clerk, client, media_root
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(data_clerk)
    response = client.post(
        "/admin/ingest/reportimport/add/", {"file": SimpleUploadedFile("goc.xlsx", hostile.far_cell())}
    )
    assert response.status_code == 200
    assert "quá giới hạn 1000 dòng" in response.content.decode()
    assert not ReportImport.objects.exists()
    assert_nothing_stored(media_root)


def test_it_reads_values_as_openpyxl_does(settings):
    """The bounded reader gives the values openpyxl would: text, whole and decimal numbers, dates (also in a custom
    format), booleans, formulas' cached results are absent as openpyxl's data_only gives None for them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["commune_code", "date", "tests", "ratio", "flag", "note"])
    sheet.append(["06388", datetime.date(2021, 6, 10), 12, 0.5, True, "ghi chú có dấu"])
    sheet.append(["06391", datetime.datetime(2021, 6, 11, 8, 30), 0, 1e-3, False, None])
    sheet["B3"].number_format = "dd/mm/yyyy hh:mm"
    sheet.append([6394, 44357, None, -2, None, "=1+1"])
    sheet["B4"].number_format = "DD/MM/YYYY"
    second = workbook.create_sheet("Khác")
    second.append(["x", None, "y"])
    out = io.BytesIO()
    workbook.save(out)
    content = out.getvalue()

    ours = BoundedWorkbook(content, Limits.from_settings())
    theirs = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    for rows, worksheet in zip(ours.worksheets(), theirs.worksheets, strict=True):
        expected = [tuple(values) for values in worksheet.iter_rows(values_only=True)]
        got = [values + (None,) * (len(expected[0]) - len(values)) for _number, values in rows]
        assert got == expected
