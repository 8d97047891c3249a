"""Field checks for scenario files: each problem becomes one line "where: what is wrong, got what"."""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any, Iterable

_MISSING = object()
_CODE = re.compile(r"[\w\-./]+")


def at(where: str, key: str) -> str:
    """Return the location of `key` inside `where` ("" is the top of the document)."""
    return f"{where}.{key}" if where else key


def shown(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


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
                self.add(where, f'unknown field {shown(key)} (expected one of: {", ".join(sorted(allowed))})')
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
        if not isinstance(value, str) or not value.strip():
            self.add(at(where, key), f"must be a non-empty text, got {shown(value)}")
            return None
        return value

    def whole(self, doc: dict, key: str, where: str, lo: int, hi: int | None = None, default: Any = _MISSING) -> int | None:
        value = doc.get(key, default)
        if value is _MISSING:
            return None
        if value is default:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < lo or (hi is not None and value > hi):
            bound = f"from {lo} to {hi}" if hi is not None else f"≥ {lo}"
            self.add(at(where, key), f"must be a whole number {bound}, got {shown(value)}")
            return None
        return value

    def share(self, doc: dict, key: str, where: str) -> float | None:
        value = doc.get(key, _MISSING)
        if value is _MISSING:
            self.add(where, f'missing "{key}"')
            return None
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        if not ok or not 0 <= value <= 1:
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
            if isinstance(value, str) and len(value) == 10:
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
