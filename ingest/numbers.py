"""Counts as clerks type them in Vietnam: "2.000", "2 000" and "2,000" are two thousand.

In Vietnamese "." groups thousands and "," marks decimals, while spreadsheets set to English do the opposite. A
count is a whole number, so a separator is read as a thousands separator only when every group after it has
exactly three digits; anything else is refused with a message that says how the text was read, never guessed.
static/js/numbers.js applies the same rules to the entry sheet's live totals (tests compare the two).
"""

import re
from typing import Any

from django.utils.translation import gettext as _

MAX_COUNT = 2_147_483_647  # PositiveIntegerField
# Spaces a spreadsheet or a phone keyboard may put between groups: space, no-break space, narrow no-break space.
SPACES = re.compile(r"[\u0020\u00a0\u202f\u2009]")
DIGITS = re.compile(r"\+?\d+")
GROUPED = re.compile(r"\+?\d{1,3}(?:(?P<sep>[.,\u0020])\d{3})(?:(?P=sep)\d{3})*")
DECIMAL = re.compile(r"[+-]?\d*[.,]\d+")


class CountError(ValueError):
    """The text is not a whole number ≥ 0; the message says what was received and how it was read."""

    def __init__(self, value: Any, reason: str):
        self.value, self.reason = str(value), reason
        self.message = _("phải là số nguyên ≥ 0, nhận được '%(value)s': %(reason)s") % {
            "value": self.value,
            "reason": reason,
        }
        super().__init__(self.message)


def _grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def parse_count(value: Any) -> int | None:
    """Return the whole number ≥ 0 in a cell, None for a blank one; raise CountError saying how it was read."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise CountError(value, _("không phải là số."))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CountError(value, _("không phải là số."))
        if not value.is_integer():
            raise CountError(str(value).replace(".", ","), _("là số thập phân; chỉ nhập số nguyên."))
        value = int(value)
    if isinstance(value, int):
        return _in_range(value, str(value))
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return _in_range(int(value), value)  # the common cell, read without a regular expression
    text = SPACES.sub(" ", str(value)).strip()
    if not text:
        return None
    if DIGITS.fullmatch(text):
        return _in_range(int(text), text)
    if GROUPED.fullmatch(text):
        return _in_range(int(re.sub(r"[.,\s+]", "", text)), text)
    if text.startswith("-") and re.fullmatch(r"-[\d.,\s]+", text):
        raise CountError(text, _("là số âm."))
    if DECIMAL.fullmatch(text):
        raise CountError(
            text,
            _(
                "được đọc là số thập phân (dấu ngăn hàng nghìn phải có đúng 3 chữ số sau nó, ví "
                "dụ 2.000); chỉ nhập số nguyên."
            ),
        )
    if re.fullmatch(r"[\d.,\s+]+", text):
        raise CountError(
            text,
            _(
                "không đọc được là số nguyên: mỗi nhóm sau dấu ngăn hàng nghìn phải có đúng 3 chữ "
                "số và chỉ dùng một loại dấu (ví dụ 12.500, 12 500 hoặc 12,500)."
            ),
        )
    raise CountError(text, _("không phải là số."))


def _in_range(number: int, text: str) -> int:
    if number < 0:
        raise CountError(text, _("là số âm."))
    if number > MAX_COUNT:
        raise CountError(
            text,
            _("được đọc là %(number)s, vượt giới hạn %(limit)s.")
            % {"number": _grouped(number), "limit": _grouped(MAX_COUNT)},
        )
    return number
