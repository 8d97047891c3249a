"""Text folding for search: "Tân Thành" and "tan thanh" must meet."""

import unicodedata


def fold(text: str) -> str:
    """Return text lowercased, without diacritics, with đ as d and spaces collapsed."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
