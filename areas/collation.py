"""Vietnamese alphabetical order as a plain sort key, so that both databases sort names the same way.

Vietnamese orders letters a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and tone marks only break
ties between names with the same letters (dictionary order: none, huyền, sắc, hỏi, ngã, nặng). SQLite has no
Vietnamese collation and PostgreSQL's ICU one differs between servers, so the key is computed here, stored beside
the name and compared as digits, which every collation orders alike.
"""

import unicodedata

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}  # huyền, sắc, hỏi, ngã, nặng
# Marks that make a letter of its own (ă â ê ô ơ ư) rather than a tone.
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
KEY_LENGTH = 400


def _letters(text: str):
    """Yield (primary weight, tone) for each character of text, tones split off their letter."""
    for char in unicodedata.normalize("NFC", text.lower()):
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        letter = base
        for mark in marks:
            if mark in TONES:
                tone = TONES[mark]
            elif mark in LETTER_MARKS:
                letter = unicodedata.normalize("NFC", letter + mark)
        if letter in ALPHABET:
            yield 10 + ALPHABET.index(letter), tone
        elif letter.isdigit():
            yield 50 + int(letter), tone
        elif letter.isspace() or letter in "-–.,()":
            yield 1, 0
        # Anything else (quotes, symbols) does not take part in the order.


def sort_key(name: str) -> str:
    """Return the key that orders names as Vietnamese does: letters first, then tones (all digits, fixed widths)."""
    weights = []
    for primary, tone in _letters(name):
        if primary == 1 and weights and weights[-1][0] == 1:
            continue  # runs of spaces count once
        weights.append((primary, tone))
    primary = "".join(f"{p:02d}" for p, _ in weights)
    tones = "".join(str(t) for _, t in weights)
    # "00" ends the letters: a name sorts before every longer name it begins.
    return (primary + "00" + tones)[:KEY_LENGTH]


def area_sort_key(*, name: str, type_label: str = "") -> str:
    """Return the sort key of an area's name, its type ("Xã", "Phường", "Huyện") after it: Bắc Sơn under B."""
    bare = name
    if type_label and name.lower().startswith(type_label.lower() + " "):
        bare = name[len(type_label) + 1 :]
    return sort_key(f"{bare} {type_label}".strip())
