"""CSV and spreadsheet cells that a spreadsheet program will not run as formulas.

Excel splits a CSV line on its list separator, which is "," or ";" (Vietnamese Windows) or a tab, whatever the file
was written with: a cell such as `x;=HYPERLINK(...)` written to a comma file becomes, in a Vietnamese Excel, a cell
`x` and a formula (quotes do not help: a quote in the middle of a field is text). So, after OWASP's CSV-injection
advice, a cell that starts with a formula character (or a tab or carriage return) gets a leading quote, and so does
every part that a separator or line break could split from it (`x;'=HYPERLINK(...)`); cells holding a separator, a
quote or a line break are also written in double quotes, so that a program that reads the file with the separator it
was written with keeps them whole.
"""

import re
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = (",", ";", "\t")
_NEEDS_QUOTES = re.compile(r'[,;\t\r\n"]')
# A part that a list separator or a line break cuts from a cell, beginning (after spaces or a quote that would open
# a quoted field) with a formula character.
_SPLIT_FORMULA = re.compile(r"""([,;\t\r\n][\s"]*)([=+\-@])""")
_LEADING_FORMULA = re.compile(r"""[\s"]*[=+\-@]""")


def safe_cell(value: Any) -> Any:
    """Return value, with a quote before every formula character that starts it or a part that Excel could split
    from it."""
    if not isinstance(value, str):
        return value
    escaped = _SPLIT_FORMULA.sub(r"\1'\2", value)
    if escaped.startswith(FORMULA_PREFIXES) or _LEADING_FORMULA.match(escaped):
        escaped = "'" + escaped
    return escaped


def _field(value: Any) -> str:
    text = "" if value is None else str(value)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def write_rows(out, rows: Iterable[Iterable[Any]], *, delimiter: str = ",") -> None:
    """Write rows as CSV (RFC 4180, CRLF) to a text stream with the given separator, every cell made safe."""
    if delimiter not in SEPARATORS:
        raise ValueError(f"unsupported separator {delimiter!r}")
    for row in rows:
        out.write(delimiter.join(_field(safe_cell(cell)) for cell in row) + "\r\n")
