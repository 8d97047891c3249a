"""The level colours: red for level 4, neighbouring levels apart for red-green colour-blind readers, one definition.

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira and Fernandes (2009) at severity 1.0
(full protanopia and deuteranopia) and the difference measured as CIEDE2000 in CIELAB (coloraide implements both).
A difference of 20 is far beyond "just noticeable" (about 2) and keeps two swatches easy to tell apart at a glance.
"""

import re
from pathlib import Path

import pytest
from coloraide import Color

from public.views.levelstyle import level_colours_css
from risk.engine.levels import LEVELS, Level

NEIGHBOUR_MIN_DELTA_E = 20
ROOT = Path(__file__).resolve().parents[2]


def simulated(hex_colour: str, deficiency: str | None) -> Color:
    colour = Color(hex_colour)
    if deficiency:
        colour = colour.filter(deficiency, 1.0, method="machado").convert("srgb").fit()
    return colour


@pytest.mark.parametrize("deficiency", [None, "protan", "deutan"])
def test_it_keeps_neighbouring_levels_apart(deficiency):
    for lower, higher in zip(LEVELS, LEVELS[1:], strict=False):
        delta = simulated(lower.colour, deficiency).delta_e(simulated(higher.colour, deficiency), method="2000")
        assert delta >= NEIGHBOUR_MIN_DELTA_E, f"levels {int(lower)} and {int(higher)} ({deficiency}): ΔE00 {delta:.1f}"


def test_it_paints_level_4_red_and_level_3_orange():
    red = Color(Level.VERY_HIGH.colour).convert("oklch")
    orange = Color(Level.HIGH.colour).convert("oklch")
    assert red["hue"] < 35 and red["chroma"] > 0.15, red  # red, not orange-red
    assert 45 < orange["hue"] < 75, orange


@pytest.mark.parametrize("level", LEVELS)
def test_it_writes_on_each_level_with_enough_contrast(level):
    assert Color(level.colour).contrast(level.ink) >= 4.5


@pytest.mark.django_db
def test_it_serves_the_colours_as_css_custom_properties(client):
    response = client.get("/mau-cap-do.css")
    assert response["Content-Type"].startswith("text/css")
    css = response.content.decode()
    assert css == level_colours_css()
    for level in LEVELS:
        assert f"--level-{int(level)}: {level.colour};" in css
        assert f"--level-{int(level)}-ink: {level.ink};" in css


def test_it_has_no_second_copy_of_the_level_colours():
    """Style sheets, scripts and templates use the custom properties; only risk/engine/levels.py holds the values."""
    wanted = {level.colour.lower() for level in LEVELS}
    copies = []
    for folder in ("static", "templates", "public", "notices", "risk", "areas", "ingest", "covidmaps", "ops"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".css", ".js", ".html", ".py"} or path.name == "levels.py":
                continue
            for found in re.findall(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")):
                if found.lower() in wanted:
                    copies.append(f"{path.relative_to(ROOT)}: {found}")
    assert not copies


@pytest.mark.django_db
def test_it_hands_the_map_the_same_colours(client, published):
    import json

    page = client.get("/").content.decode()
    config = json.loads(re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert {key: value["colour"] for key, value in config["levelInfo"].items()} == {
        str(int(level)): level.colour for level in LEVELS
    }
    assert '<link rel="stylesheet" href="/mau-cap-do.css">' in page
