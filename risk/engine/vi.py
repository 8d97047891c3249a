"""Vietnamese wording helpers for reasons: dates dd/mm/yyyy, numbers 10.000 and 2,5, percentages, name lists."""

from __future__ import annotations

from datetime import date
from typing import Iterable

MAX_NAMES = 5  # longer lists end "và N … khác", so a reason stays one sentence


def day(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def span(start: date, end: date) -> str:
    return f"{day(start)}–{day(end)}"


def number(x: float, decimals: int = 1) -> str:
    """Format with "." between thousands and "," before decimals; whole numbers without decimals."""
    if float(x).is_integer():
        return f"{int(x):,}".replace(",", ".")
    text = f"{x:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(share: float) -> str:
    return f"{number(round(share * 100, 1))}%"


def names(items: Iterable[str], unit: str = "") -> str:
    items = list(items)
    shown = ", ".join(items[:MAX_NAMES])
    rest = len(items) - MAX_NAMES
    return f"{shown} và {rest} {unit} khác".replace("  ", " ") if rest > 0 else shown
