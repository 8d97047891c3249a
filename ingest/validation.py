"""Check rows of daily figures and plan their writes: the one validation behind the sheet, uploads and the API.

A plan says, for each row, whether it creates a report, updates one (with the old and new values), leaves one
unchanged, or has errors, each error tied to a column and worded for the clerk who typed the row.
"""

import datetime
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from areas.models import Area
from areas.text import fold

from . import columns as cols
from .locking import Locks
from .models import DISPLAY_FIELDS, REPORT_FIELDS, RULE_FIELDS, DailyReport
from .numbers import MAX_COUNT, CountError, parse_count  # noqa: F401 (parse_count is this module's API too)
from .plausibility import RuleBook
from .tabular import Table, display

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"
ACTIONS = (CREATE, UPDATE, UNCHANGED, ERROR)
SAMPLE_MARK = "DÒNG MẪU"
DATE_PATTERNS = (
    (re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"), ("d", "m", "y")),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), ("y", "m", "d")),
)


@dataclass
class RowInput:
    """One row as given: raw cells by column key; `area` when the caller already knows it (the sheet)."""

    number: int
    cells: dict[str, Any]
    raw: tuple = ()
    area: Area | None = None
    partial: bool = False  # the staff API: a missing figure keeps the stored value (0 for a new report)


@dataclass(frozen=True)
class RowError:
    column: str | None
    message: str


@dataclass
class RowPlan:
    number: int
    cells: dict[str, Any]
    raw: tuple = ()
    area: Area | None = None
    date: datetime.date | None = None
    values: dict[str, Any] = field(default_factory=dict)
    report: DailyReport | None = None
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    partial: bool = False

    @property
    def action(self) -> str:
        if self.errors:
            return ERROR
        if self.report is None:
            return CREATE
        return UPDATE if self.changes else UNCHANGED

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(column, message))


@dataclass
class Plan:
    rows: list[RowPlan]
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ACTIONS, 0)
        for row in self.rows:
            counts[row.action] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)

    @property
    def changed_dates(self) -> set[datetime.date]:
        return {row.date for row in self.rows if row.action in (CREATE, UPDATE)}

    def label(self, column: str | None) -> str:
        return self.labels.get(column, column or "")

    def error_lines(self) -> list[str]:
        """Return every error as "Dòng 14, cột community_f1: …", in row order."""
        lines = []
        for row in self.rows:
            for error in row.errors:
                if error.column:
                    lines.append(
                        _("Dòng %(row)d, cột %(column)s: %(message)s")
                        % {"row": row.number, "column": self.label(error.column), "message": error.message}
                    )
                else:
                    lines.append(_("Dòng %(row)d: %(message)s") % {"row": row.number, "message": error.message})
        return lines


def table_inputs(table: Table):
    """Yield the rows of a file as inputs of plan_reports."""
    for number, values in table.rows:
        yield RowInput(number=number, cells=table.cells(values), raw=values)


def _shown(value: Any) -> str:
    return display(value).strip()


def parse_date(value: Any) -> datetime.date | None:
    """Return the date in a cell (Excel date or serial, dd/mm/yyyy, yyyy-mm-dd), None if blank; else ValueError."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        # A date cell saved without its date format arrives as its serial number.
        if not 1 <= value <= 2958465:
            raise ValueError
        return from_excel(value).date()
    text = str(value).strip()
    return _parse_date_text(text) if text else None


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> datetime.date:
    # A file repeats the same few dates thousands of times.
    for pattern, order in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, map(int, match.groups())))
            return datetime.date(parts["y"], parts["m"], parts["d"])
    raise ValueError


def normalise_code(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip() if value is not None else ""


def _date(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


class AreaIndex:
    """The areas by code (each code may have several periods), for resolving and suggesting codes."""

    def __init__(self):
        self.by_code: dict[str, list[Area]] = {}
        self.names: dict[int, str] = {}
        for area in Area.objects.only(
            "id", "code", "kind", "name", "parent_id", "external", "valid_from", "valid_to", "search_name", "population"
        ):
            self.by_code.setdefault(area.code, []).append(area)
            self.names[area.pk] = area.name
        self._folded: dict[str, list[Area]] | None = None

    def periods(self, code: str) -> tuple[str, list[Area]]:
        """Return the code as stored and its periods; Excel drops leading zeros, so "6388" finds "06388"."""
        if code in self.by_code or not code.isdigit():
            return code, self.by_code.get(code, [])
        for width in (5, 3, 2):
            padded = code.zfill(width)
            if padded in self.by_code:
                return padded, self.by_code[padded]
        return code, []

    def suggestions(self, text: str) -> list[Area]:
        internal = [a for periods in self.by_code.values() for a in periods if not a.external]
        if text.isdigit():
            # Codes run in order within a district: the nearest numbers are the likely slips of the finger.
            width = 5 if len(text) >= 4 else len(text)  # communes have 5 digits (Excel may drop the first 0)
            same_length = [a for a in internal if a.code.isdigit() and len(a.code) == width]
            return sorted(same_length, key=lambda a: (abs(int(a.code) - int(text)), a.code))[:3]
        if self._folded is None:
            self._folded = {}
            for area in internal:
                self._folded.setdefault(area.search_name, []).append(area)
                # "Yên Bình" should find "Xã Yên Bình": also match the name without its type.
                bare = area.search_name.split(" ", 1)[-1]
                if bare.startswith(("tran ", "xa ")):
                    bare = bare.split(" ", 1)[-1]
                self._folded.setdefault(bare, []).append(area)
        names = difflib.get_close_matches(fold(text), list(self._folded), n=3, cutoff=0.6)
        found = []
        for name in names:
            found.extend(a for a in self._folded[name] if a not in found)
        return found[:3]

    def describe(self, area: Area) -> str:
        parent = self.names.get(area.parent_id)
        return f"{area.code} {area.name}" + (f" ({parent})" if parent and area.kind == Area.Kind.COMMUNE else "")


def check_area(
    row: RowPlan, area: Area, day: datetime.date, *, scope: frozenset[int] | None, index: "AreaIndex | None" = None
) -> None:
    """Add the errors of filing a report for area on day: outside the province, its period, or the clerk's scope."""
    name = index.describe(area) if index else f"{area.code} {area.name}"
    if area.external:
        row.error(
            cols.CODE,
            _("%(area)s ở ngoài tỉnh: không nhập báo cáo ngày, hãy nhập cấp độ công bố của đơn vị này.")
            % {"area": name},
        )
        return
    if (area.valid_from and day < area.valid_from) or (area.valid_to and day > area.valid_to):
        row.error(
            cols.DATE,
            _("%(area)s chỉ có hiệu lực từ %(start)s đến %(end)s, không có vào ngày %(day)s.")
            % {
                "area": name,
                "start": _date(area.valid_from) if area.valid_from else "…",
                "end": _date(area.valid_to) if area.valid_to else "…",
                "day": _date(day),
            },
        )
    if scope is not None and area.pk not in scope and area.parent_id not in scope:
        row.error(
            cols.CODE,
            _("bạn không phụ trách %(area)s: chỉ nhập được số liệu của các huyện được giao.") % {"area": name},
        )


def check_values(row: RowPlan, *, today: datetime.date) -> None:
    """Parse the figures, note and date of row into row.values/row.date, adding an error for each bad cell."""
    cells = row.cells
    if cols.DATE in cells:
        try:
            row.date = parse_date(cells[cols.DATE])
            if row.date is None:
                row.error(cols.DATE, _("thiếu ngày."))
            elif row.date > today:
                row.error(cols.DATE, _("ngày %(day)s là ngày trong tương lai.") % {"day": _date(row.date)})
        except (ValueError, OverflowError):
            row.error(
                cols.DATE,
                _("phải là ngày dd/mm/yyyy hoặc yyyy-mm-dd, nhận được '%(value)s'")
                % {"value": _shown(cells[cols.DATE])},
            )
    else:
        row.error(cols.DATE, _("thiếu ngày."))
    for key in REPORT_FIELDS:
        if key not in cells:
            if key in RULE_FIELDS and not row.partial:
                row.error(key, _("thiếu cột này."))
            continue
        try:
            number = parse_count(cells[key])
        except CountError as exc:
            row.error(key, exc.message)
            continue
        row.values[key] = number if number is not None or key in DISPLAY_FIELDS else 0
    known, hard = row.values.get("community_cases_known_source"), row.values.get("hard_to_control_source_cases")
    if known is not None and hard is not None and hard > known:
        row.error(
            "hard_to_control_source_cases",
            _("không được lớn hơn số F0 cộng đồng rõ nguồn lây (%(known)d), nhận được %(hard)d.")
            % {"known": known, "hard": hard},
        )
    if cols.COMMENT in cells:
        row.values[cols.COMMENT] = _shown(cells[cols.COMMENT])
    if cols.NOTE in cells:
        note = _shown(cells[cols.NOTE])
        if fold(note).startswith(fold(SAMPLE_MARK)):
            row.error(None, _("đây là dòng mẫu của biểu mẫu: hãy xoá dòng này."))
        row.values[cols.NOTE] = note


def _resolve(row: RowPlan, index: AreaIndex) -> Area | None:
    text = normalise_code(row.cells.get(cols.CODE))
    if not text:
        row.error(cols.CODE, _("thiếu mã xã."))
        return None
    _code, periods = index.periods(text)
    if not periods:
        close = index.suggestions(text)
        hint = _(" Có phải: %(names)s?") % {"names": "; ".join(index.describe(a) for a in close)} if close else ""
        row.error(cols.CODE, _("không có đơn vị nào mã '%(code)s'.%(hint)s") % {"code": text, "hint": hint})
        return None
    if row.date is None:
        return None
    for area in periods:
        if (not area.valid_from or area.valid_from <= row.date) and (not area.valid_to or row.date <= area.valid_to):
            return area
    return periods[0]  # the period check will say why this date is outside it


def _compare(row: RowPlan) -> None:
    for key, new in row.values.items():
        old = getattr(row.report, key)
        if old != new:
            row.changes[key] = (old, new)


def plan_reports(
    rows: Iterable[RowInput],
    *,
    scope: frozenset[int] | None,
    labels: dict[str, str] | None = None,
    today: datetime.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Check every row and say what writing it would do; `scope` is the districts the writer is limited to."""
    today = today or timezone.localdate()
    index: AreaIndex | None = None
    plans: list[RowPlan] = []
    first_of: dict[tuple[int, datetime.date], int] = {}
    for count, given in enumerate(rows, start=1):
        row = RowPlan(number=given.number, cells=given.cells, raw=given.raw, partial=given.partial)
        check_values(row, today=today)
        area = given.area
        if area is None:
            index = index or AreaIndex()
            area = _resolve(row, index)
        if area is not None and row.date is not None:
            row.area = area
            check_area(row, area, row.date, scope=scope, index=index)
            key = (area.pk, row.date)
            if key in first_of:
                row.error(
                    None,
                    _("%(area)s ngày %(day)s đã có ở dòng %(first)d.")
                    % {"area": area.name, "day": _date(row.date), "first": first_of[key]},
                )
            else:
                first_of[key] = row.number
        plans.append(row)
        if progress and count % 1000 == 0:
            progress(count)
    _attach_reports(plans)
    for row in plans:
        if row.partial:
            for key in RULE_FIELDS:
                if key not in row.cells:
                    row.values[key] = getattr(row.report, key) if row.report is not None else 0
        if row.report is not None and not row.errors:
            _compare(row)
    check_plausibility(plans)
    check_locks(plans, index)
    return Plan(rows=plans, labels={**{c.key: c.key for c in cols.COLUMNS}, **(labels or {})})


def _attach_reports(plans: list[RowPlan]) -> None:
    wanted = {(row.area.pk, row.date) for row in plans if row.area is not None and row.date is not None}
    dates = sorted({day for _, day in wanted})
    existing: dict[tuple[int, datetime.date], DailyReport] = {}
    for start in range(0, len(dates), 500):
        for report in DailyReport.objects.filter(date__in=dates[start : start + 500]).select_related("entered_by"):
            if (report.area_id, report.date) in wanted:
                existing[report.area_id, report.date] = report
    for row in plans:
        if row.area is not None and row.date is not None:
            row.report = existing.get((row.area.pk, row.date))


def _warning_comment(row: RowPlan) -> str:
    if cols.COMMENT in row.values:
        return row.values[cols.COMMENT]
    return row.report.warning_comment if row.report is not None else ""


def check_plausibility(plans: list[RowPlan], rules: "RuleBook | None" = None) -> None:
    """Apply the plausibility rules to the rows that write: errors refuse a row, warnings need a comment."""

    writing = [row for row in plans if row.action in (CREATE, UPDATE)]
    if not writing:
        return
    rules = rules or RuleBook()
    if not rules.rules:
        return
    rules.load_history({(row.area.pk, row.date) for row in writing})
    for row in writing:
        values = {key: row.values.get(key, getattr(row.report, key) if row.report else None) for key in REPORT_FIELDS}
        for finding in rules.check(area_id=row.area.pk, population=row.area.population, day=row.date, values=values):
            target = row.errors if finding.severity == "error" else row.warnings
            target.append(RowError(finding.column, finding.message))
        if row.warnings and not row.errors and not _warning_comment(row):
            row.error(
                cols.COMMENT,
                _("số liệu có cảnh báo: hãy kiểm tra lại, hoặc ghi giải trình vì sao số liệu vẫn đúng để lưu."),
            )


def check_locks(plans: list[RowPlan], index: "AreaIndex | None" = None) -> None:
    """Refuse the rows that would change figures of a date locked by a publication (see ingest.locking)."""
    writing = [row for row in plans if row.action in (CREATE, UPDATE)]
    if not writing:
        return
    locks = Locks(row.date for row in writing)
    if not locks.locks:
        return
    for row in writing:
        message = locks.refusal(row.area, row.date, index.names if index else None)
        if message:
            row.error(cols.DATE, message)
