"""The four risk levels of Decision 2686 (spec §1), with their labels and map colours."""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    """A risk level; the integer is the official code (1 = new normal … 4 = very high risk)."""

    NEW_NORMAL = 1
    RISK = 2
    HIGH = 3
    VERY_HIGH = 4

    @property
    def label_vi(self) -> str:
        return _LABELS_VI[self]

    @property
    def label_en(self) -> str:
        return _LABELS_EN[self]

    def name(self, language: str = "vi") -> str:
        """Return the level's official name in "vi" or "en" ("Nguy cơ cao", "High risk")."""
        return _LABELS_EN[self] if language == "en" else _LABELS_VI[self]

    def short(self, language: str = "vi") -> str:
        """Return the level's number in words of the Decision ("Mức 3", "Level 3")."""
        return f"{_WORD[language if language == 'en' else 'vi']} {int(self)}"

    def badge(self, language: str = "vi") -> str:
        """Return the full label every public page, the map, search and printed sheets show ("Mức 3 · Nguy cơ cao").

        The number never goes without the name: cut to "Mức 3 · Nguy cơ", a level would read as another one.
        """
        return f"{self.short(language)} · {self.name(language)}"

    @property
    def colour_vi(self) -> str:
        return _COLOUR_NAMES_VI[self]

    @property
    def colour(self) -> str:
        """Hex colour of the level on maps, badges and tables; never the only carrier of the level (spec §1)."""
        return _COLOURS[self]

    @property
    def ink(self) -> str:
        """Hex colour of text written on the level's colour (contrast at least 4.5:1)."""
        return _INKS[self]


# The one home of the levels' names and colours: pages, the map and the style sheet (public's level colours,
# served as CSS custom properties) all read them from here.
_LABELS_VI = {
    Level.VERY_HIGH: "Nguy cơ rất cao",
    Level.HIGH: "Nguy cơ cao",
    Level.RISK: "Nguy cơ",
    Level.NEW_NORMAL: "Bình thường mới",
}
# Decision 2686 speaks of "mức độ nguy cơ" (spec §1); "cấp độ" is Resolution 128's term and is not used for these.
_WORD = {"vi": "Mức", "en": "Level"}
_LABELS_EN = {
    Level.VERY_HIGH: "Very high risk",
    Level.HIGH: "High risk",
    Level.RISK: "Risk",
    Level.NEW_NORMAL: "New normal",
}
_COLOUR_NAMES_VI = {
    Level.VERY_HIGH: "đỏ",
    Level.HIGH: "cam",
    Level.RISK: "vàng",
    Level.NEW_NORMAL: "xanh",
}
# Red, orange, yellow, green as the Decision names them, chosen so that neighbouring levels stay apart for readers
# with protanopia or deuteranopia (tests/public/test_level_colours.py states and checks the threshold).
_COLOURS = {
    Level.VERY_HIGH: "#B71C1C",
    Level.HIGH: "#E8740C",
    Level.RISK: "#FFF176",
    Level.NEW_NORMAL: "#1B9E77",
}
_INKS = {
    Level.VERY_HIGH: "#FFFFFF",
    Level.HIGH: "#000000",
    Level.RISK: "#000000",
    Level.NEW_NORMAL: "#000000",
}

LEVELS: tuple[Level, ...] = (Level.NEW_NORMAL, Level.RISK, Level.HIGH, Level.VERY_HIGH)
