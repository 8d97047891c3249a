"""Locking published dates (DHIS2's data set locking with lock exceptions).

Publishing a date locks the dates whose figures fed it (the rules' window up to the data date). A locked date's
figures can only change for a district whose correction request an approver granted after the lock; publishing
again locks it anew, so every correction goes through review. The write services call `refusals` and
`assert_open`, so the sheet, the upload, the staff API, the admin and the commands all obey.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area

from .models import CorrectionRequest, LockedDate


class FiguresLocked(PermissionDenied):
    """A write touched figures of a locked date without a granted correction request."""

    def __init__(self, messages: list[str]):
        super().__init__(messages[0] if messages else "")
        self.messages = messages


def unit_of(area: Area) -> int:
    """The district (or, for the province's unattributed row, the province) a correction is granted for."""
    return area.parent_id if area.kind == Area.Kind.COMMUNE else area.pk


def _at(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y")


class Locks:
    """The locks and granted corrections of some dates, read once for a whole plan."""

    def __init__(self, dates: Iterable[datetime.date]):
        dates = set(dates)
        self.locks = {lock.date: lock for lock in LockedDate.objects.filter(date__in=dates)} if dates else {}
        self.grants: dict[tuple[int, datetime.date], datetime.datetime] = {}
        if self.locks:
            for district_id, day, decided_at in CorrectionRequest.objects.filter(
                date__in=list(self.locks), status=CorrectionRequest.Status.GRANTED
            ).values_list("district_id", "date", "decided_at"):
                if decided_at and decided_at >= self.locks[day].locked_at:
                    self.grants[district_id, day] = decided_at

    def refusal(self, area: Area, day: datetime.date, names: dict[int, str] | None = None) -> str | None:
        lock = self.locks.get(day)
        if lock is None or (unit_of(area), day) in self.grants:
            return None
        unit = (names or {}).get(unit_of(area)) or (
            area.parent.name if area.kind == Area.Kind.COMMUNE and area.parent_id else area.name
        )
        return _(
            "Ngày %(day)s đã được công bố lúc %(at)s (cấp độ theo số liệu ngày %(data_date)s) nên số liệu đã "
            "khoá; gửi yêu cầu sửa để người phê duyệt mở lại số liệu của %(unit)s ngày này."
        ) % {
            "day": f"{day:%d/%m/%Y}",
            "at": _at(lock.locked_at),
            "data_date": f"{lock.data_date:%d/%m/%Y}",
            "unit": unit,
        }


def refusals(changes: Iterable[tuple[Area, datetime.date]]) -> list[str]:
    changes = list(changes)
    locks = Locks(day for _area, day in changes)
    if not locks.locks:
        return []
    return sorted({message for area, day in changes if (message := locks.refusal(area, day))})


def assert_open(changes: Iterable[tuple[Area, datetime.date]]) -> None:
    """Raise FiguresLocked when any (area, date) is locked for its district."""
    problems = refusals(changes)
    if problems:
        raise FiguresLocked(problems)


def is_locked(day: datetime.date) -> LockedDate | None:
    return LockedDate.objects.filter(date=day).first()


def lock_dates(*, data_date: datetime.date, window_days: int, at: datetime.datetime) -> None:
    """Lock the dates that fed data_date's publication; a granted correction ends with this new lock."""
    for offset in range(window_days):
        LockedDate.objects.update_or_create(
            date=data_date - datetime.timedelta(days=offset), defaults={"locked_at": at, "data_date": data_date}
        )
