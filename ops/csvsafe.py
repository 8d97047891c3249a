"""CSV and spreadsheet cells that a spreadsheet program will not run as formulas."""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return value, with a leading quote if it is text that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_rows(out, rows: Iterable[Iterable[Any]]) -> None:
    """Write rows as CSV to a text stream, every cell made safe."""
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
