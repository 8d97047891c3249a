"""Limits on what an uploaded file may make the server do, checked while the file is streamed, never after.

A small upload can still be a bomb: an XLSX is a zip of XML whose parts may inflate a thousandfold, declare false
sizes, hold millions of shared strings or empty cells, or place one cell in column XFD of row 1,048,576 so that a
reader pads every row; a CSV may have tens of thousands of columns.

Workbooks are therefore read here rather than by openpyxl's loader: openpyxl keeps every shared string before the
first row, reads a whole sheet that has no <dimension> just to look for one (a 776 KB file took a minute), pads
rows to the declared dimension, and, with defusedxml, parses in pure Python (about 12 µs a cell). Here the parts
the values need (relationships, workbook, shared strings, styles, worksheets) are inflated through bounded reads and
streamed through expat (C, no tree kept, DTDs refused), counting inflated bytes, elements, nesting, cells, shared
strings, columns and row numbers, and stopping at the first limit. Values are converted as openpyxl converts them
(its date formats and Excel-date conversion are reused). The CSV reader is fed line by line through the same kind
of counters.
"""

import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

CHUNK = 64 * 1024
# A workbook saved by Excel or LibreOffice has a few dozen parts and nests its XML a handful of levels deep.
MAX_PARTS = 1000
MAX_DEPTH = 64
# Elements besides cells (rows, values, styles, relationships): generous, but bounded with the cells.
ELEMENTS_PER_CELL = 4
# Excel's own limit on the text of one cell.
MAX_CELL_TEXT = 32_767
EOCD = b"PK\x05\x06"
CELL_REF = re.compile(r"([A-Za-z]{1,4})(\d{1,9})$")


class FileRejected(Exception):
    """A file that cannot be read as a table of daily figures; `messages` are for the clerk."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


class LimitExceeded(FileRejected):
    """The file goes past one of the limits."""


@dataclass(frozen=True)
class Limits:
    uncompressed_bytes: int
    shared_strings: int
    cells: int
    columns: int
    rows: int

    @classmethod
    def from_settings(cls, *, rows: int | None = None) -> "Limits":
        return cls(
            uncompressed_bytes=settings.INGEST_MAX_UNCOMPRESSED_BYTES,
            shared_strings=settings.INGEST_MAX_SHARED_STRINGS,
            cells=settings.INGEST_MAX_CELLS,
            columns=settings.INGEST_MAX_COLUMNS,
            rows=settings.INGEST_MAX_ROWS if rows is None else rows,
        )

    @property
    def last_row(self) -> int:
        """Return the highest row number a sheet may use: the data rows, plus title rows and blank lines."""
        return self.rows + 1000


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


def too_many_cells(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        [
            _("Tệp có hơn %(limit)s ô (kể cả ô trống đã định dạng): hãy chia thành nhiều tệp nhỏ hơn.")
            % {"limit": _n(limits.cells)}
        ]
    )


def too_many_columns(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        [
            _("Tệp có hơn %(limit)s cột: chỉ giữ các cột của biểu mẫu (xoá các cột thừa bên phải).")
            % {"limit": _n(limits.columns)}
        ]
    )


def too_many_rows(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        [_("Tệp có hơn %(limit)s dòng số liệu: hãy chia thành nhiều tệp.") % {"limit": _n(limits.rows)}]
    )


def _row_too_far(limits: Limits, row: int) -> LimitExceeded:
    return LimitExceeded(
        [
            _(
                "Trang tính có dữ liệu hoặc định dạng đến dòng %(row)s, quá giới hạn %(limit)s dòng: hãy "
                "xoá các dòng thừa ở cuối trang tính."
            )
            % {"row": _n(row), "limit": _n(limits.rows)}
        ]
    )


def _too_big_inflated(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        [
            _(
                "Tệp .xlsx khi giải nén nặng hơn %(limit)s, quá lớn so với một bảng số liệu: hãy chia "
                "thành nhiều tệp hoặc lưu thành CSV UTF-8."
            )
            % {"limit": filesizeformat(limits.uncompressed_bytes)}
        ]
    )


def _too_many_strings(limits: Limits) -> LimitExceeded:
    return LimitExceeded(
        [
            _("Tệp .xlsx có hơn %(limit)s chuỗi văn bản khác nhau: hãy chia thành nhiều tệp nhỏ hơn.")
            % {"limit": _n(limits.shared_strings)}
        ]
    )


def _unsafe() -> LimitExceeded:
    return LimitExceeded(
        [
            _(
                "Tệp .xlsx có cấu trúc không hợp lệ hoặc không an toàn (khai báo DTD, lồng quá sâu hoặc "
                "quá nhiều thành phần): hãy mở trong Excel và lưu lại thành tệp .xlsx mới."
            )
        ]
    )


def _text_too_long() -> LimitExceeded:
    return LimitExceeded(
        [
            _("Tệp .xlsx có ô chứa hơn %(limit)s ký tự, quá giới hạn của Excel: hãy kiểm tra lại tệp.")
            % {"limit": _n(MAX_CELL_TEXT)}
        ]
    )


def _broken() -> LimitExceeded:
    return LimitExceeded([_("Tệp .xlsx bị hỏng hoặc không phải tệp Excel.")])


def _declared_part_count(content: bytes) -> int:
    """Return the number of parts the zip's end record declares, read before zipfile builds its directory."""
    tail = content[-(22 + 0xFFFF) :]
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) - at < 22:
        raise _broken()
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    return entries


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _local(name: str) -> str:
    return name.rpartition(" ")[2]


class _Budget:
    """What the whole workbook has used so far: inflated bytes, elements, cells, shared strings."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.inflated = self.elements = self.cells = self.shared_strings = 0
        self.max_elements = limits.cells * ELEMENTS_PER_CELL + 100_000


class _Part:
    """Stream one XML part of the zip through expat, within the budget; subclasses keep what they need."""

    def __init__(self, budget: _Budget):
        self.budget = budget
        self.depth = 0
        self.text: list[str] | None = None
        self.chars = 0  # characters of the current shared string or cell, reset where each starts
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._characters
        parser.buffer_text = True
        # Spreadsheet parts never declare a DTD: refusing one rules out entity expansion of every kind.
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse
        self.parser = parser

    def _refuse(self, *args):
        raise _unsafe()

    def _start(self, name, attrs):
        budget = self.budget
        self.depth += 1
        budget.elements += 1
        if self.depth > MAX_DEPTH:
            raise _unsafe()
        if budget.elements > budget.max_elements:
            raise too_many_cells(budget.limits)
        self.start(_local(name), attrs)

    def _end(self, name):
        self.depth -= 1
        self.end(_local(name))

    def _characters(self, data):
        if self.text is not None:
            self.chars += len(data)
            if self.chars > MAX_CELL_TEXT:
                raise _text_too_long()
            self.text.append(data)

    def start(self, local, attrs):
        pass

    def end(self, local):
        pass

    def feed(self, stream) -> Iterator[None]:
        """Parse the part chunk by chunk, yielding after each so that a reader can hand on what is complete."""
        budget = self.budget
        try:
            while chunk := stream.read(CHUNK):
                budget.inflated += len(chunk)
                if budget.inflated > budget.limits.uncompressed_bytes:
                    raise _too_big_inflated(budget.limits)
                self.parser.Parse(chunk, False)
                yield
            self.parser.Parse(b"", True)
            yield
        except expat.ExpatError:
            raise _broken() from None


class _Relationships(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.by_id: dict[str, tuple[str, str]] = {}

    def start(self, local, attrs):
        if local == "Relationship":
            self.by_id[attrs.get("Id", "")] = (attrs.get("Type", ""), attrs.get("Target", ""))


class _Workbook(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.sheets: list[str] = []  # relationship ids, in the order of the tabs
        self.epoch = WINDOWS_EPOCH

    def start(self, local, attrs):
        if local == "sheet":
            rid = next((value for key, value in attrs.items() if _local(key) == "id"), None)
            if rid:
                self.sheets.append(rid)
        elif local == "workbookPr" and attrs.get("date1904", "").lower() in ("1", "true"):
            self.epoch = CALENDAR_MAC_1904


class _Styles(_Part):
    """Keep which cell styles show numbers as dates (or durations), as openpyxl decides it."""

    def __init__(self, budget):
        super().__init__(budget)
        self.formats: dict[int, str] = {}
        self.cell_formats: list[int] = []
        self.in_cell_xfs = False

    def start(self, local, attrs):
        try:
            if local == "numFmt":
                self.formats[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
            elif local == "cellXfs":
                self.in_cell_xfs = True
            elif local == "xf" and self.in_cell_xfs:
                self.cell_formats.append(int(attrs.get("numFmtId", "0")))
        except ValueError:
            raise _broken() from None

    def end(self, local):
        if local == "cellXfs":
            self.in_cell_xfs = False

    def date_styles(self) -> tuple[set[int], set[int]]:
        dates, durations = set(), set()
        for style, format_id in enumerate(self.cell_formats):
            code = self.formats.get(format_id, BUILTIN_FORMATS.get(format_id, ""))
            if code and is_date_format(code):
                dates.add(style)
                if is_timedelta_format(code):
                    durations.add(style)
        return dates, durations


class _SharedStrings(_Part):
    def __init__(self, budget):
        super().__init__(budget)
        self.strings: list[str] = []
        self.pieces: list[str] | None = None
        self.phonetic = 0

    def start(self, local, attrs):
        if local == "si":
            budget = self.budget
            budget.shared_strings += 1
            if budget.shared_strings > budget.limits.shared_strings:
                raise _too_many_strings(budget.limits)
            self.pieces = []
            self.chars = 0
        elif local == "rPh":  # a phonetic guide is not part of the text, as openpyxl reads it
            self.phonetic += 1
        elif local == "t" and self.pieces is not None and not self.phonetic:
            self.text = []

    def end(self, local):
        if local == "t" and self.text is not None:
            self.pieces.append("".join(self.text))
            self.text = None
        elif local == "rPh":
            self.phonetic -= 1
        elif local == "si" and self.pieces is not None:
            self.strings.append("".join(self.pieces))
            self.pieces = None


class _Sheet(_Part):
    """Read the rows of a worksheet as (row number, values); count its cells, columns and row numbers.

    The handlers are bound to expat directly, without _Part's dispatch: a sheet has up to a million elements."""

    def __init__(self, budget, strings: list[str], dates: set[int], durations: set[int], epoch):
        super().__init__(budget)
        self.strings, self.dates, self.durations, self.epoch = strings, dates, durations, epoch
        self.row = self.column = 0
        self.cells: dict[int, object] = {}
        self.done: list[tuple[int, tuple]] = []
        self.cell: tuple[str, int] | None = None
        self.value: str | None = None
        self.inline: list[str] | None = None
        self.locals: dict[str, str] = {}
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end

    def _reach_row(self, row: int) -> None:
        limits = self.budget.limits
        if row > limits.last_row:
            raise _row_too_far(limits, row)

    def _local(self, name: str) -> str:
        local = self.locals.get(name)
        if local is None:
            local = self.locals[name] = _local(name)
        return local

    def start(self, name, attrs):
        budget = self.budget
        self.depth += 1
        budget.elements += 1
        if self.depth > MAX_DEPTH:
            raise _unsafe()
        if budget.elements > budget.max_elements:
            raise too_many_cells(budget.limits)
        local = self.locals.get(name) or self._local(name)
        if local == "c":
            budget.cells += 1
            if budget.cells > budget.limits.cells:
                raise too_many_cells(budget.limits)
            ref = attrs.get("r")
            if ref:
                match = CELL_REF.match(ref)
                if match is None:
                    raise _broken()
                self.column = _column_number(match[1])
                self._reach_row(int(match[2]))
            else:  # as openpyxl does: a cell without a reference follows the previous one
                self.column += 1
            if self.column > budget.limits.columns:
                raise too_many_columns(budget.limits)
            style = attrs.get("s")
            if style:
                try:
                    style = int(style)
                except ValueError:
                    raise _broken() from None
            self.cell = (attrs.get("t", "n"), style or 0)
            self.value = self.inline = None
            self.chars = 0
        elif local == "v":
            if self.cell is not None:
                self.text = []
        elif self.cell is None:
            if local == "row":
                ref = attrs.get("r")
                if ref is not None and not ref.isdigit():
                    raise _broken()
                self.row = int(ref) if ref else self.row + 1
                self._reach_row(self.row)
                self.column = 0
                self.cells = {}
        elif local == "is":
            self.inline = []
        elif local == "t" and self.inline is not None:
            self.text = []

    def end(self, name):
        self.depth -= 1
        local = self.locals.get(name) or self._local(name)
        if local == "v":
            if self.text is not None:
                self.value = "".join(self.text)
                self.text = None
        elif local == "c":
            if self.cell is not None:
                value = self._convert(*self.cell)
                if value is not None:
                    self.cells[self.column] = value
                self.cell = None
        elif local == "row":
            cells = self.cells
            values = [None] * (max(cells) if cells else 0)
            for column, value in cells.items():
                values[column - 1] = value
            self.done.append((self.row, tuple(values)))
            self.cells = {}
        elif local == "t" and self.inline is not None and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None

    def _convert(self, kind: str, style: int):
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline is not None else None
        value = self.value or None
        if value is None:
            return None
        try:
            if kind == "n":
                number = float(value) if ("." in value or "e" in value or "E" in value) else int(value)
                if style in self.dates:
                    try:
                        return from_excel(number, self.epoch, timedelta=style in self.durations)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return number
            if kind == "s":
                return self.strings[int(value)]
            if kind == "b":
                return bool(int(value))
            if kind == "d":
                return from_ISO8601(value)
        except (ValueError, IndexError):
            raise _broken() from None
        return value  # "str" (a formula's text), "e" (an error such as #N/A)


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _rels_of(path: str) -> str:
    folder, name = posixpath.split(path)
    return posixpath.join(folder, "_rels", name + ".rels")


class BoundedWorkbook:
    """An XLSX read within the limits: its worksheets, each an iterator of (row number, values)."""

    def __init__(self, content: bytes, limits: Limits):
        if _declared_part_count(content) > MAX_PARTS:
            raise _unsafe()
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, ValueError):
            raise _broken() from None
        parts = self.archive.infolist()
        if len(parts) > MAX_PARTS:
            raise _unsafe()
        # Declared sizes refuse an honest bomb at once; the bounded reads below catch a lying one.
        if sum(part.file_size for part in parts) > limits.uncompressed_bytes:
            raise _too_big_inflated(limits)
        self.names = {part.filename for part in parts}
        self.budget = _Budget(limits)
        root = self._parse(_Relationships(self.budget), "_rels/.rels")
        workbook_path = next(
            (_resolve("", target) for kind, target in root.by_id.values() if kind.endswith("/officeDocument")),
            "xl/workbook.xml",
        )
        workbook = self._parse(_Workbook(self.budget), workbook_path)
        rels = self._parse(_Relationships(self.budget), _rels_of(workbook_path)).by_id
        paths = {kind.rpartition("/")[2]: _resolve(workbook_path, target) for kind, target in rels.values()}
        strings = self._parse(_SharedStrings(self.budget), paths.get("sharedStrings")).strings
        dates, durations = self._parse(_Styles(self.budget), paths.get("styles")).date_styles()
        self._new_sheet = lambda: _Sheet(self.budget, strings, dates, durations, workbook.epoch)
        self.sheet_paths = [
            _resolve(workbook_path, rels[rid][1])
            for rid in workbook.sheets
            if rid in rels and rels[rid][0].endswith("/worksheet")
        ]

    def _open(self, path: str | None):
        if path is None or path not in self.names:
            return None
        try:
            return self.archive.open(path)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError):
            raise _broken() from None

    def _parse(self, part: _Part, path: str | None) -> _Part:
        stream = self._open(path)
        if stream is not None:
            with stream:
                try:
                    for _ in part.feed(stream):
                        pass
                except (zipfile.BadZipFile, EOFError, OSError):  # a CRC that fails: a size that lied
                    raise _broken() from None
        return part

    def worksheets(self) -> Iterator[Iterator[tuple[int, tuple]]]:
        for path in self.sheet_paths:
            yield self._rows(path)

    def _rows(self, path: str) -> Iterator[tuple[int, tuple]]:
        stream = self._open(path)
        if stream is None:
            return
        sheet = self._new_sheet()
        with stream:
            try:
                for _ in sheet.feed(stream):
                    yield from sheet.done
                    sheet.done = []
            except (zipfile.BadZipFile, EOFError, OSError):
                raise _broken() from None

    def close(self) -> None:
        self.archive.close()


def bounded_csv_lines(text: str, *, delimiter: str, limits: Limits, counter: "CsvCounter") -> Iterator[str]:
    """Yield the lines of a CSV text, refusing as soon as the row being read has more separators than the column
    limit allows (quoted separators count too: the refusal comes before the row is built, never after)."""
    # Lines are cut lazily from the text: no list of a million lines is ever built.
    ceiling = limits.columns * 4 + 16
    for line in io.StringIO(text, newline=""):
        counter.pending += line.count(delimiter)
        if counter.pending > ceiling:
            raise too_many_columns(limits)
        counter.lines += 1
        if counter.lines > limits.cells:
            raise too_many_cells(limits)
        yield line


@dataclass
class CsvCounter:
    """Separators seen since the last row the csv reader returned, lines read, cells counted."""

    pending: int = 0
    lines: int = 0
    cells: int = 0

    def row_read(self, values, limits: Limits) -> None:
        self.pending = 0
        if len(values) > limits.columns:
            raise too_many_columns(limits)
        # A blank line costs a step too: count it as a cell so that a file of newlines ends at the limit.
        self.cells += max(1, len(values))
        if self.cells > limits.cells:
            raise too_many_cells(limits)
