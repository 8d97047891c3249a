"""Adjacency of spec §3: two rings, across district and province borders, external areas, overrides."""

import pytest

from .engine_builders import World, ago, later, set_level


def chain_world(n: int = 6) -> tuple[World, list[str]]:
    w = World().province()
    return w, w.chain("D1", n)


def test_it_raises_neighbours_of_a_level_4_commune_over_two_rings() -> None:
    w, c = chain_world()
    set_level(w, c[0], 4)
    assert [w.levels()[x] for x in c] == [4, 3, 2, 1, 1, 1]


def test_it_stops_at_one_ring_without_propagate_from_derived() -> None:
    w, c = chain_world()
    set_level(w, c[0], 4)
    assert [w.levels(propagate_from_derived=False)[x] for x in c] == [4, 3, 1, 1, 1, 1]


def test_it_raises_neighbours_of_a_level_3_commune_to_2_and_no_further() -> None:
    w, c = chain_world()
    set_level(w, c[0], 3)
    assert [w.levels()[x] for x in c] == [3, 2, 1, 1, 1, 1]


def test_it_does_not_propagate_from_a_commune_raised_to_2() -> None:
    w, c = chain_world()
    set_level(w, c[0], 2)
    assert [w.levels()[x] for x in c] == [2, 1, 1, 1, 1, 1]


def test_it_treats_a_neighbour_at_3_by_its_own_factors_as_the_first_ring() -> None:
    w, c = chain_world()
    set_level(w, c[0], 4)
    set_level(w, c[1], 3)  # own 3 and next to 4: its neighbour gets 2 by the [S] rule
    r = w.evaluate(propagate_from_derived=False).areas
    assert [r[x].level for x in c[:4]] == [4, 3, 2, 1]
    assert [x.rule for x in r[c[2]].reasons] == ["commune.adjacent_high"]


def test_it_never_raises_beyond_two_rings_even_with_several_sources() -> None:
    w, c = chain_world(7)
    set_level(w, c[0], 4)
    set_level(w, c[6], 4)
    assert [w.levels()[x] for x in c] == [4, 3, 2, 1, 2, 3, 4]


def test_it_keeps_the_own_level_when_it_is_higher_than_adjacency() -> None:
    w, c = chain_world(3)
    set_level(w, c[0], 4)
    set_level(w, c[1], 4)
    assert [w.levels()[x] for x in c] == [4, 4, 3]


def test_it_raises_across_district_borders() -> None:
    w = World().province()
    a, b = w.chain("D1", 3), w.chain("D2", 3)
    w.border(a[2], b[0])
    set_level(w, a[2], 4)
    levels = w.levels()
    assert (levels[b[0]], levels[b[1]], levels[b[2]]) == (3, 2, 1)


def test_it_raises_across_province_borders() -> None:
    w = World().province("P1").province("P2")
    a, b = w.chain("D1", 2, parent="P1"), w.chain("D2", 2, parent="P2")
    w.border(a[1], b[0])
    set_level(w, a[1], 4)
    levels = w.levels()
    assert (levels[b[0]], levels[b[1]]) == (3, 2)
    assert levels["D2"] == 4  # half its communes at level ≥ 3: the district rules read the raised levels


@pytest.mark.parametrize("kind", ["province", "district", "commune"])
def test_it_raises_communes_next_to_an_external_area_by_its_declared_level(kind) -> None:
    w, c = chain_world(3)
    w.external("X", kind).border("X", c[0]).declare("X", 4)
    r = w.evaluate().areas
    assert [r[x].level for x in c] == [3, 2, 1]
    assert "X" not in r  # external areas are not assessed
    assert "Ngoài X (cấp độ 4 – nguy cơ rất cao; công bố: Thông báo số 1)" in r[c[0]].reasons[0].text


def test_it_raises_next_to_an_external_area_declared_at_3_to_2_only() -> None:
    w, c = chain_world(3)
    w.external("X").border("X", c[0]).declare("X", 3)
    assert [w.levels()[x] for x in c] == [2, 1, 1]


@pytest.mark.parametrize("start, end, level", [(ago(9), ago(1), 1), (later(1), later(9), 1), (ago(9), later(0), 3)])
def test_it_uses_a_declared_level_only_inside_its_date_range(start, end, level) -> None:
    w, c = chain_world(2)
    w.external("X").border("X", c[0]).declare("X", 4, start, end)
    assert w.levels()[c[0]] == level


def test_it_ignores_an_external_area_without_a_declared_level() -> None:
    w, c = chain_world(2)
    w.external("X").border("X", c[0])
    assert w.levels()[c[0]] == 1


def test_it_uses_the_latest_declaration_when_two_overlap() -> None:
    w, c = chain_world(2)
    w.external("X").border("X", c[0]).declare("X", 4, ago(10), later(10)).declare("X", 2, ago(2), later(10))
    assert w.levels()[c[0]] == 1


def test_it_shows_neighbours_the_overridden_level_not_the_computed_one() -> None:
    w, c = chain_world(3)
    set_level(w, c[1], 4)
    w.override(c[1], 2)
    r = w.evaluate().areas
    assert [r[x].level for x in c] == [1, 2, 1]
    assert (r[c[1]].computed_level, r[c[1]].intrinsic_level, r[c[1]].overridden) == (4, 4, True)


def test_it_raises_neighbours_of_a_commune_overridden_up_to_4() -> None:
    w, c = chain_world(4)
    w.override(c[0], 4)
    assert [w.levels()[x] for x in c] == [4, 3, 2, 1]


def test_it_does_not_raise_an_overridden_commune_by_adjacency() -> None:
    w, c = chain_world(3)
    set_level(w, c[0], 4)
    w.override(c[1], 1)
    r = w.evaluate().areas
    assert (r[c[1]].level, r[c[1]].computed_level, r[c[1]].overridden) == (1, 3, True)
    assert r[c[2]].level == 1  # the overridden commune is not a derived 3, so no second ring through it


def test_it_ignores_adjacency_pairs_naming_internal_districts() -> None:
    w, c = chain_world(2)
    w.district("D2").commune("D2C1", "D2").border("D2", c[0]).border("D1", "D2")
    set_level(w, "D2C1", 4)
    assert w.levels()[c[0]] == 1


def test_it_names_every_neighbour_and_its_level_in_the_adjacency_reason() -> None:
    w = World().province().district("D1")
    for x in ("A", "B", "M"):
        w.commune(x, "D1")
    w.border("A", "M").border("B", "M")
    set_level(w, "A", 4)
    set_level(w, "B", 4)
    (reason,) = w.evaluate().areas["M"].reasons
    assert reason.rule == "commune.adjacent_very_high" and reason.tag == "S"
    assert reason.text == (
        "Giáp ranh với địa bàn có nguy cơ rất cao: Xã A (cấp độ 4 – nguy cơ rất cao), Xã B (cấp độ 4 – nguy cơ rất cao)"
    )
    assert reason.figures["neighbours"] == ["A", "B"]


def test_it_tags_the_second_ring_as_interpretation() -> None:
    w, c = chain_world(3)
    set_level(w, c[0], 4)
    r = w.evaluate().areas
    assert [(x.rule, x.tag) for x in r[c[1]].reasons] == [("commune.adjacent_very_high", "S")]
    assert [(x.rule, x.tag) for x in r[c[2]].reasons] == [("commune.adjacent_derived_high", "I")]
