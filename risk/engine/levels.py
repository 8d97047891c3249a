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

    @property
    def colour_vi(self) -> str:
        return _COLOUR_NAMES_VI[self]

    @property
    def colour(self) -> str:
        """Hex colour of the 2021 national map; never the only carrier of the level (spec §1)."""
        return _COLOURS[self]


_LABELS_VI = {
    Level.VERY_HIGH: "Nguy cơ rất cao",
    Level.HIGH: "Nguy cơ cao",
    Level.RISK: "Nguy cơ",
    Level.NEW_NORMAL: "Bình thường mới",
}
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
_COLOURS = {
    Level.VERY_HIGH: "#DA4711",
    Level.HIGH: "#F28E12",
    Level.RISK: "#F1BA15",
    Level.NEW_NORMAL: "#0FA57F",
}

LEVELS: tuple[Level, ...] = (Level.NEW_NORMAL, Level.RISK, Level.HIGH, Level.VERY_HIGH)
