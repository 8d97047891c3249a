"""Read an uploaded CSV or XLSX file into rows of raw cells; say clearly why a file cannot be read."""

import codecs
import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from . import columns as cols
from .bounded import BoundedWorkbook, CsvCounter, FileRejected, Limits, bounded_csv_lines, too_many_rows

HEADER_SEARCH_ROWS = 10
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 (.xls)
__all__ = ["FileRejected", "Table", "display", "inspect_file", "read_table"]


@dataclass
class Table:
    """The header and the non-empty rows of a file; cells are as read (text, numbers, dates)."""

    format: str
    headers: list[str]
    keys: list[str | None]
    rows: list[tuple[int, tuple]] = field(default_factory=list)
    # The separator of a CSV file (its errors go back to the clerk in the same one); "," for a workbook.
    delimiter: str = ","

    @property
    def labels(self) -> dict[str, str]:
        """Return each column key with the header the file gives it."""
        return {key: header for key, header in zip(self.keys, self.headers) if key}

    def cells(self, values: tuple) -> dict[str, Any]:
        return {key: value for key, value in zip(self.keys, values) if key and key != cols.IGNORED}


def _format_of(content: bytes, name: str) -> str:
    if content.startswith(ZIP_MAGIC):
        return "xlsx"
    if content.startswith(OLE_MAGIC) or name.lower().endswith(".xls"):
        raise FileRejected(
            [
                _(
                    "Tệp Excel 97-2003 (.xls) không được hỗ trợ: hãy mở trong Excel và lưu thành "
                    "“Sổ làm việc Excel (.xlsx)” hoặc “CSV UTF-8”."
                )
            ]
        )
    if name.lower().endswith((".csv", ".txt")):
        return "csv"
    raise FileRejected(
        [_("Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx); tệp “%(name)s” không phải loại đó.") % {"name": name}]
    )


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRejected(
            [_("Tệp CSV đang ở mã UTF-16 (“Unicode Text”). Hãy lưu lại bằng “CSV UTF-8 (phân cách bằng dấu phẩy)”.")]
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileRejected(
            [
                _(
                    "Tệp CSV không ở mã UTF-8 (lỗi ở dòng %(line)d): có thể là Windows-1258, TCVN3 hoặc "
                    "VNI. Hãy mở tệp trong Excel và lưu bằng “CSV UTF-8 (phân cách bằng dấu phẩy)”."
                )
                % {"line": line}
            ]
        ) from None
    if "\x00" in text:
        raise FileRejected([_("Tệp không phải văn bản CSV (có ký tự rỗng): hãy tải lên tệp .csv hoặc .xlsx.")])
    return text


def _delimiter(text: str) -> str:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    # Excel with a Vietnamese list separator saves ";": take whichever separator the header uses most.
    return max((",", ";", "\t"), key=first.count)


def _csv_rows(text: str, delimiter: str, limits: Limits):
    counter = CsvCounter()
    reader = csv.reader(
        bounded_csv_lines(text, delimiter=delimiter, limits=limits, counter=counter), delimiter=delimiter
    )
    for number, values in enumerate(reader, start=1):
        counter.row_read(values, limits)
        yield number, tuple(values)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _find_header(rows) -> tuple[int, tuple] | None:
    for _index, (number, values) in zip(range(HEADER_SEARCH_ROWS), rows):
        if any(cols.column_key(v) == cols.CODE for v in values if not _is_blank(v)):
            return number, values
    return None


def _check_header(values: tuple) -> tuple[list[str], list[str | None]]:
    headers, keys, problems, seen = [], [], [], {}
    for index, value in enumerate(values):
        header = "" if _is_blank(value) else str(value).strip()
        key = cols.column_key(header) if header else None
        letter = get_column_letter(index + 1)
        if header and key is None:
            close = cols.suggest_column(header)
            hint = _(" Có phải %(name)s?") % {"name": close} if close else ""
            problems.append(
                _("Cột %(letter)s “%(header)s” không có trong biểu mẫu.%(hint)s")
                % {"letter": letter, "header": header, "hint": hint}
            )
        elif key and key != cols.IGNORED and key in seen:
            problems.append(
                _("Cột “%(header)s” có hai lần (cột %(first)s và %(second)s).")
                % {"header": header, "first": seen[key], "second": letter}
            )
        if key:
            seen.setdefault(key, letter)
        headers.append(header)
        keys.append(key)
    missing = [key for key in cols.REQUIRED_KEYS if key not in seen]
    if missing:
        names = ", ".join(f"{key} ({cols.BY_KEY[key].title})" for key in missing)
        problems.append(_("Thiếu cột: %(names)s. Hãy dùng biểu mẫu tải về từ trang này.") % {"names": names})
    if problems:
        raise FileRejected(problems)
    return headers, keys


def _rows_of(content: bytes, name: str, limits: Limits):
    """Return (format, iterator of (row number, values), workbook to close or None, CSV separator)."""
    kind = _format_of(content, name)
    if kind == "csv":
        text = _decode(content)
        delimiter = _delimiter(text)
        return kind, _csv_rows(text, delimiter, limits), None, delimiter
    workbook = BoundedWorkbook(content, limits)
    for rows in workbook.worksheets():
        header = _find_header(rows)
        if header:

            def chained(first=header, rest=rows):
                yield first
                yield from rest

            return kind, chained(), workbook, ","
    workbook.close()
    raise FileRejected(
        [
            _("Không tìm thấy dòng tiêu đề có cột “Mã xã” (commune_code) trong %(n)d dòng đầu của trang tính nào.")
            % {"n": HEADER_SEARCH_ROWS}
        ]
    )


def read_table(content: bytes, name: str, *, max_rows: int | None = None) -> Table:
    """Read every non-empty row of a CSV or XLSX file; raise FileRejected with the reasons it cannot be read.

    The limits of bounded.Limits (settings INGEST_MAX_*) are checked while the file is read."""
    limits = Limits.from_settings(rows=max_rows)
    workbook = None
    try:
        kind, rows, workbook, delimiter = _rows_of(content, name, limits)
        header = _find_header(rows)
        if header is None:
            raise FileRejected(
                [
                    _("Không tìm thấy dòng tiêu đề có cột “Mã xã” (commune_code) trong %(n)d dòng đầu.")
                    % {"n": HEADER_SEARCH_ROWS}
                ]
            )
        headers, keys = _check_header(header[1])
        table = Table(format=kind, headers=headers, keys=keys, delimiter=delimiter)
        width = len(headers)
        for number, values in rows:
            if all(_is_blank(v) for v in values):
                continue
            if len(table.rows) >= limits.rows:
                raise too_many_rows(limits)
            table.rows.append((number, tuple(values[:width]) + (None,) * (width - len(values))))
    except csv.Error as exc:
        raise FileRejected([_("Tệp CSV sai định dạng: %(error)s") % {"error": exc}]) from None
    finally:
        if workbook is not None:
            workbook.close()
    if not table.rows:
        raise FileRejected([_("Tệp không có dòng số liệu nào dưới dòng tiêu đề.")])
    return table


def inspect_file(content: bytes, name: str) -> int:
    """Check that a file can be read within the limits and return how many data rows it has."""
    return len(read_table(content, name).rows)


def display(value: Any) -> str:
    """Show a cell as the clerk typed it: dates as dd/mm/yyyy, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == datetime.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
