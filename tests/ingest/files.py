"""Real CSV and XLSX files of daily figures, made by the tests."""

import datetime
import io
import unicodedata

from openpyxl import Workbook

from ingest.columns import BY_KEY, CSV_HEADER

FIELDS = CSV_HEADER[2:]
ZEROS = dict.fromkeys(FIELDS[:6], 0)


def row(code="06388", date="10/06/2021", **values) -> dict:
    """A row of the CSV template: zeros for the rule fields unless given, blanks for the others."""
    return {"commune_code": code, "date": date, **ZEROS, **values}


def csv_bytes(rows, *, header=CSV_HEADER, delimiter=",", bom=False, encoding="utf-8") -> bytes:
    lines = [delimiter.join(header)]
    for each in rows:
        lines.append(delimiter.join("" if each.get(key) is None else str(each.get(key)) for key in header))
    text = "\r\n".join(lines) + "\r\n"
    if encoding == "windows-1258":
        return windows_1258(text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


TONES = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """Encode as Excel on a Vietnamese Windows saves "CSV": letters precomposed, tone marks combining."""
    out = []
    for char in text:
        parts = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def xlsx_bytes(rows, *, header=CSV_HEADER, titles=True, title_rows=()) -> bytes:
    """An XLSX of rows; Vietnamese column titles as in the template unless titles=False; dates stay Excel dates
    when given as date objects."""
    workbook = Workbook()
    sheet = workbook.active
    for extra in title_rows:
        sheet.append(list(extra))
    sheet.append([str(BY_KEY[key].title) if titles else key for key in header])
    for each in rows:
        sheet.append([each.get(key) for key in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


D = datetime.date(2021, 6, 10)
