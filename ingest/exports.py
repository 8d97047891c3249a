"""Files staff download: the blank templates (XLSX and CSV) and the rows of an upload that have errors."""

import datetime
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from areas.models import KIND_ORDER, Area
from ingest.csvsafe import write_rows

from . import columns as cols
from .access import allowed_areas, scope_district_ids
from .models import ReportImport
from .tabular import display, read_table
from .validation import SAMPLE_MARK, plan_reports, table_inputs

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")


def template_csv() -> bytes:
    """Return the CSV template: the header line `commune_code,date,<fields of section 2.1>`."""
    return (",".join(cols.CSV_HEADER) + "\r\n").encode("utf-8")


def template_xlsx(*, user, today: datetime.date) -> bytes:
    """Return the XLSX template: a data sheet with Vietnamese titles and a sample row, the meaning of each column,
    and the list of the communes user may report for."""
    workbook = Workbook()
    data = workbook.active
    data.title = _("Số liệu")
    keys = [*cols.CSV_HEADER, cols.NOTE, cols.COMMENT]
    data.append([str(cols.BY_KEY[key].title) for key in keys])
    communes = sorted(allowed_areas(user).valid_on(today), key=lambda area: (KIND_ORDER[area.kind], area.code))
    names = {area.pk: area.name for area in communes}
    sample = next((a for a in communes if a.kind == Area.Kind.COMMUNE), None)
    data.append(
        [
            sample.code if sample else "",
            today,
            2,
            0,
            0,
            1,
            1,
            12,
            150,
            0,
            0,
            f"{SAMPLE_MARK} – " + _("hãy xoá dòng này trước khi tải lên"),
        ]
    )
    for cell in data[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for cell in data[2]:
        cell.fill = SAMPLE_FILL
    data.freeze_panes = "C2"
    data.row_dimensions[1].height = 45
    for index, key in enumerate(keys, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = {cols.CODE: 10, cols.DATE: 12, cols.NOTE: 40, cols.COMMENT: 40}.get(
            key, 14
        )
    # Codes stay text (Excel would drop their leading zero); dates show as dd/mm/yyyy.
    for row in range(2, 2001):
        data.cell(row=row, column=1).number_format = "@"
        data.cell(row=row, column=2).number_format = "DD/MM/YYYY"
    counts = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        error=_("Phải là số nguyên ≥ 0"),
    )
    counts.add(f"C2:{get_column_letter(len(cols.CSV_HEADER))}2000")
    data.add_data_validation(counts)

    guide = workbook.create_sheet(_("Giải thích"))
    guide.append([_("Cột"), _("Tên trường (CSV)"), _("Ý nghĩa"), _("Ràng buộc")])
    for key in keys:
        column = cols.BY_KEY[key]
        guide.append([str(column.title), key, str(column.meaning), str(column.constraint)])
    guide.append([])
    guide.append(
        [
            _(
                "Mỗi dòng là số liệu của một xã trong một ngày. Một tệp có lỗi thì không dòng nào được ghi; "
                "trang xem trước chỉ rõ dòng, cột và cách sửa."
            )
        ]
    )
    guide.append([_("Tệp CSV: mã UTF-8, dòng đầu là tên trường (cột B).")])
    for cell in guide[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for letter, width in zip("ABCD", (30, 32, 70, 50)):
        guide.column_dimensions[letter].width = width
    for row in guide.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    units = workbook.create_sheet(_("Danh mục xã"))
    units.append([_("Mã"), _("Tên"), _("Cấp"), _("Trực thuộc")])
    for area in communes:
        units.append([area.code, area.name, area.get_kind_display(), names.get(area.parent_id, "")])
    for cell in units[1]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for letter, width in zip("ABCD", (10, 30, 10, 30)):
        units.column_dimensions[letter].width = width

    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def error_rows_csv(*, report_import: ReportImport) -> bytes:
    """Return the rows of an import that have errors, as the file had them plus an error column, as CSV with the
    separator of the uploaded file (a clerk whose Excel saved ";" gets ";" back), every cell formula-safe."""
    with report_import.file.open("rb") as stored:
        table = read_table(stored.read(), report_import.file_name)
    user = report_import.uploaded_by
    scope = scope_district_ids(user) if user is not None else None
    plan = plan_reports(table_inputs(table), scope=scope, labels=table.labels)
    keep = [i for i, key in enumerate(table.keys) if key != cols.IGNORED]
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese text correctly only with a BOM
    rows = [[table.headers[i] for i in keep] + [_("Lỗi")]]
    for row in plan.rows:
        if not row.errors:
            continue
        messages = "; ".join(
            (_("cột %(column)s: %(message)s") % {"column": plan.label(e.column), "message": e.message})
            if e.column
            else e.message
            for e in row.errors
        )
        rows.append([display(row.raw[i]) for i in keep] + [messages])
    write_rows(out, rows, delimiter=table.delimiter)
    return out.getvalue().encode("utf-8")
