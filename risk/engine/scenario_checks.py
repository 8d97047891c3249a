"""Field checks for scenario files: each problem becomes one line "where: what is wrong, got what"."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any, Iterable

_MISSING = object()
_CODE = re.compile(r"[\w\-./]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SHOWN_MAX = 80  # a message quotes at most this much of a bad value
# Counts and populations: far above any real province (Vietnam has about 10**8 people), far below what would
# overflow a float in a rate or a 64-bit column; a value past it is a typing error, refused like a negative one.
MAX_WHOLE = 10**9


def at(where: str, key: str) -> str:
    """Return the location of `key` inside `where` ("" is the top of the document)."""
    return f"{where}.{key}" if where else key


def shown(value: Any) -> str:
    """Quote a value as JSON for a message: shortened, and printable whatever the file held (lone surrogates,
    integers of thousands of digits, lists nested hundreds deep)."""
    try:
        text = json.dumps(value, ensure_ascii=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        text = f"a {type(value).__name__} that cannot be shown"
    return text if len(text) <= SHOWN_MAX else f"{text[: SHOWN_MAX - 1]}…"


def is_number(value: Any) -> bool:
    """A finite int or float (not a bool); an int too large for a float is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


def _encodable(text: str) -> bool:
    """False for a text with lone surrogates ("\\ud800" in JSON), which no output could print."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class Checker:
    """Collects problems while reading a parsed JSON document; every reader returns None on a bad value."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def obj(self, value: Any, where: str, required: Iterable[str], optional: Iterable[str]) -> dict | None:
        """Return `value` when it is an object; report missing required keys and unknown keys."""
        if not isinstance(value, dict):
            self.add(where, f"must be an object, got {shown(value)}")
            return None
        required = tuple(required)
        allowed = set(required) | set(optional)
        for key in required:
            if key not in value:
                self.add(where, f'missing "{key}"')
        for key in value:
            if key not in allowed:
                self.add(where, f"unknown field {shown(key)} (expected one of: {', '.join(sorted(allowed))})")
        return value

    def array(self, doc: dict, key: str, where: str, required: bool = False) -> list:
        value = doc.get(key, _MISSING)
        if value is _MISSING or (value is None and not required):
            return []
        if not isinstance(value, list):
            self.add(where, f"must be a list, got {shown(value)}")
            return []
        return value

    def code(self, doc: dict, key: str, where: str) -> str | None:
        """Return an area code: printable, without spaces or quotes, so messages can quote it as is."""
        value = doc.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not _CODE.fullmatch(value):
            self.add(at(where, key), f"must be a code of letters, digits and -_./ without spaces, got {shown(value)}")
            return None
        return value

    def text(self, doc: dict, key: str, where: str, default: Any = _MISSING) -> str | None:
        value = doc.get(key, default)
        if value is _MISSING:
            return None  # reported as missing by obj()
        if value is default:
            return value
        if not isinstance(value, str) or not value.strip() or not _encodable(value):
            self.add(at(where, key), f"must be a non-empty text, got {shown(value)}")
            return None
        return value

    def whole(
        self, doc: dict, key: str, where: str, lo: int, hi: int | None = None, default: Any = _MISSING
    ) -> int | None:
        value = doc.get(key, default)
        if value is _MISSING:
            return None
        if value is default:
            return value
        top = hi if hi is not None else MAX_WHOLE
        if isinstance(value, bool) or not isinstance(value, int) or value < lo or value > top:
            # the spec's own example reads "≥ 0"; the ceiling is named only to the one who went past it
            too_large = isinstance(value, int) and not isinstance(value, bool) and value > top
            bound = f"from {lo} to {top}" if hi is not None or too_large else f"≥ {lo}"
            self.add(at(where, key), f"must be a whole number {bound}, got {shown(value)}")
            return None
        return value

    def share(self, doc: dict, key: str, where: str) -> float | None:
        value = doc.get(key, _MISSING)
        if value is _MISSING:
            self.add(where, f'missing "{key}"')
            return None
        if not is_number(value) or not 0 <= value <= 1:
            self.add(at(where, key), f"must be a number from 0 to 1, got {shown(value)}")
            return None
        return float(value)

    def boolean(self, doc: dict, key: str, where: str, default: bool) -> bool | None:
        value = doc.get(key, default)
        if not isinstance(value, bool):
            self.add(at(where, key), f"must be true or false, got {shown(value)}")
            return None
        return value

    def day(self, doc: dict, key: str, where: str) -> date | None:
        value = doc.get(key, _MISSING)
        if value is _MISSING:
            return None
        return self.parse_day(value, at(where, key))

    def parse_day(self, value: Any, where: str) -> date | None:
        try:
            if isinstance(value, str) and _ISO_DAY.fullmatch(value):
                return date.fromisoformat(value)
        except ValueError:
            pass
        self.add(where, f"not a date: {shown(value)} (expected YYYY-MM-DD)")
        return None

    def date_range(self, doc: dict, where: str) -> tuple[date | None, date | None]:
        start, end = self.day(doc, "from", where), self.day(doc, "to", where)
        if start and end and start > end:
            self.add(where, f'"from" {start.isoformat()} is after "to" {end.isoformat()}')
            return None, None
        return start, end
