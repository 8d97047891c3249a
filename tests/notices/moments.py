import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(*args) -> datetime.datetime:
    """A moment in Vietnam's time zone: at(2021, 8, 5, 20, 0)."""
    return datetime.datetime(*args, tzinfo=VIETNAM)
