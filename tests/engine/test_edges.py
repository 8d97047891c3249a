"""The rules at their edges (spec §2.5, §6, §8): overlapping entries, an override's own echo, parameter ranges,
areas that end inside the window, and parent checks that stay linear."""

import itertools
import random
from dataclasses import fields, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from risk.engine import Area, Declared, Flag, Override, ParameterError, Parameters2686, evaluate, result_to_json
from risk.engine.scenario import parent_problems

from .engine_builders import D, World, ago, later, set_level
from .test_properties import SETTINGS


def results_in_every_order(w: World, *kinds: str) -> list[dict]:
    """Evaluate `w` once per ordering of the entries of the given kinds (all orderings of each list)."""
    inp = w.input()
    out = []
    for orders in itertools.product(*(itertools.permutations(getattr(inp, k)) for k in kinds)):
        out.append(result_to_json(evaluate(replace(inp, **dict(zip(kinds, orders))))))
    return out


# ── §2.5 overlapping entries: latest start, then the higher level; a flag when any sets it; the highest share ──


def chain_with_external() -> tuple[World, list[str]]:
    w = World().province()
    c = w.chain("D1", 3)
    w.external("X").border("X", c[0])
    return w, c


@pytest.mark.parametrize(
    "entries, level, reference",
    [
        # (start days ago, end days later, level, reference)
        ([(9, 9, 4, "A"), (3, 9, 2, "B")], 2, "B"),  # the later decision holds even when it is lower
        ([(3, 9, 2, "A"), (9, 9, 4, "B")], 2, "A"),
        ([(5, 9, 2, "A"), (5, 9, 3, "B")], 3, "B"),  # same start: the higher level
        ([(5, 9, 3, "A"), (5, 2, 3, "B"), (5, 9, 3, "C")], 3, "C"),  # full tie: the order is still total
        ([(5, 9, 1, "A"), (20, 9, 4, "B"), (5, 9, 1, "C")], 1, "C"),
        ([(5, 9, 3, "A", "lý do x"), (5, 9, 3, "A", "lý do y")], 3, "A"),  # only the reasons differ
        ([(5, 9, 3, "A", "x", "UBND tỉnh"), (5, 9, 3, "A", "x", "Ban Chỉ đạo")], 3, "A"),  # only the bodies differ
    ],
    ids=["later-lower", "later-first", "same-start-higher", "full-tie", "three", "reasons", "bodies"],
)
def test_it_resolves_overlapping_overrides_the_same_in_every_order(entries, level, reference) -> None:
    w, c = chain_with_external()
    for start, end, lvl, ref, *words in entries:
        reason = words[0] if words else f"lý do {ref}"
        body = words[1] if len(words) > 1 else "UBND tỉnh"
        w.overrides.append(Override(c[0], lvl, ago(start), later(end), reason, ref, body))
    results = results_in_every_order(w, "overrides")
    assert all(r == results[0] for r in results), [r["areas"][c[0]]["reasons"][0]["text"] for r in results]
    area = results[0]["areas"][c[0]]
    assert area["level"] == level and f"({reference}," in area["reasons"][0]["text"]


@pytest.mark.parametrize(
    "entries, level, neighbour",
    [
        ([(9, 4, "A"), (3, 2, "B")], 2, 1),  # latest announcement: 2, so C1 is not raised
        ([(5, 3, "A"), (5, 4, "B")], 4, 3),  # same start: the higher level
        ([(5, 4, "A"), (5, 4, "B")], 4, 3),
    ],
    ids=["later-lower", "same-start-higher", "tie"],
)
def test_it_resolves_overlapping_declared_levels_the_same_in_every_order(entries, level, neighbour) -> None:
    w, c = chain_with_external()
    for start, lvl, ref in entries:
        w.declared.append(Declared("X", lvl, ago(start), later(9), ref))
    results = results_in_every_order(w, "declared")
    assert all(r == results[0] for r in results)
    assert results[0]["areas"][c[0]]["level"] == neighbour


@pytest.mark.parametrize(
    "flags, district_level",
    [
        ([("scattered", False), ("scattered", True)], 3),  # set by one entry: it holds (1 of 3 communes at 3)
        ([("scattered", False), ("scattered", False)], 2),
        ([("fast_spread_share", 0.3), ("fast_spread_share", 0.6)], 4),  # the highest share in force
        ([("fast_spread_share", 0.6), ("fast_spread_share", 0.1), ("fast_spread_share", 0.3)], 4),
        ([("protected_site_at_risk", False), ("protected_site_at_risk", False)], 2),
        ([("protected_site_at_risk", True), ("protected_site_at_risk", False)], 3),
    ],
)
def test_it_resolves_overlapping_flags_the_same_in_every_order(flags, district_level) -> None:
    w = World().province()
    c = w.chain("D1", 3, linked=False)
    set_level(w, c[0], 3)
    for i, (name, value) in enumerate(flags):
        w.flags.append(Flag("D1", name, value, ago(10 - i), later(10)))
    results = results_in_every_order(w, "flags")
    assert all(r == results[0] for r in results)
    assert results[0]["areas"]["D1"]["level"] == district_level


@st.composite
def overlapping(draw) -> World:
    """A few communes with many entries that cover the same day, often with the same start and level."""
    w = World().province()
    c = w.chain("D1", draw(st.integers(2, 4)))
    w.external("X").border("X", c[0])
    starts = st.sampled_from([ago(9), ago(3), D])
    for _ in range(draw(st.integers(0, 6))):  # few choices per field, so that ties are common
        w.overrides.append(
            Override(
                draw(st.sampled_from(c[:2])),
                draw(st.sampled_from([3, 4])),
                draw(starts),
                draw(st.sampled_from([D, later(5)])),
                draw(st.sampled_from(["a", "b"])),
                draw(st.sampled_from(["QĐ 1", "QĐ 2"])),
                draw(st.sampled_from(["", "UBND"])),
            )
        )
    for _ in range(draw(st.integers(0, 4))):
        w.declared.append(
            Declared(
                "X",
                draw(st.integers(1, 4)),
                draw(starts),
                draw(st.sampled_from([D, later(5)])),
                draw(st.sampled_from(["CV 1", "CV 2"])),
            )
        )
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(["scattered", "fast_spread_share", "protected_site_at_risk"]))
        value = draw(st.sampled_from([0.1, 0.3, 0.6])) if name == "fast_spread_share" else draw(st.booleans())
        w.flags.append(Flag("D1", name, value, draw(starts), draw(st.sampled_from([D, later(5)]))))
    for code in draw(st.lists(st.sampled_from(c), max_size=3)):
        set_level(w, code, draw(st.integers(2, 4)))
    return w


@SETTINGS
@given(w=overlapping(), seed=st.integers(0, 2**32))
def test_overlapping_entries_give_the_same_result_in_any_order(w: World, seed: int) -> None:
    rnd = random.Random(seed)
    inp = w.input()
    other = replace(
        inp, **{k: tuple(rnd.sample(getattr(inp, k), len(getattr(inp, k)))) for k in ("overrides", "declared", "flags")}
    )
    assert result_to_json(evaluate(other)) == result_to_json(evaluate(inp))


# ── §6: an overridden area's computed level ignores influence returning from its own override ───────────────


@pytest.mark.parametrize(
    "setup, computed, neighbour",
    [
        ({}, 1, 3),  # C0 decided to 4 raises C1 to 3; C1 must not raise C0 back to 2
        ({"own": 3}, 3, 3),  # its own factors still count
        ({"own": 2}, 2, 3),
        ({"other_source": True}, 2, 3),  # C1 raised by C2 at 4 too: that influence is not C0's own, it counts
        ({"propagate_from_derived": False}, 1, 3),
        ({"neighbour_overridden": 2}, 1, 2),  # an overridden neighbour raises nobody by adjacency
    ],
    ids=["echo", "own-3", "own-2", "other-source", "one-ring", "neighbour-overridden"],
)
def test_an_overridden_commune_is_not_raised_by_the_echo_of_its_own_override(setup, computed, neighbour) -> None:
    w = World().province()
    c = w.chain("D1", 4, linked=False)
    w.border(c[0], c[1])
    if setup.get("other_source"):
        w.border(c[1], c[2])
        set_level(w, c[2], 4)
    if "own" in setup:
        set_level(w, c[0], setup["own"])
    if "neighbour_overridden" in setup:
        w.override(c[1], setup["neighbour_overridden"])
    w.override(c[0], 4)
    r = w.evaluate(propagate_from_derived=setup.get("propagate_from_derived", True)).areas
    assert (r[c[0]].level, r[c[0]].computed_level, r[c[0]].overridden) == (4, computed, True)
    assert r[c[1]].level == neighbour
    assert r[c[0]].intrinsic_level == setup.get("own", 1)


def test_the_echo_rule_changes_no_final_level_and_no_non_overridden_area() -> None:
    w = World().province()
    c = w.chain("D1", 5)
    w.override(c[2], 4)
    r = w.evaluate().areas
    assert [r[x].level for x in c] == [2, 3, 4, 3, 2]
    assert [r[x].computed_level for x in c] == [2, 3, 1, 3, 2]


@SETTINGS
@given(w=overlapping())
def test_an_override_never_raises_the_computed_level_of_its_own_area(w: World) -> None:
    """Removing an area's own override gives it a final level ≥ the computed level shown beside the override."""
    r = w.evaluate().areas
    kind = {x.code: x.kind for x in w.areas}
    for code, a in r.items():
        if a.overridden and kind[code] == "commune":
            without = replace(w.input(), overrides=tuple(o for o in w.overrides if o.area != code))
            assert evaluate(without).areas[code].level == a.computed_level, code


# ── §8: parameters out of range are refused, by name ──────────────────────────────────────────────────────────

SHARES = [f.name for f in fields(Parameters2686) if f.metadata["kind"] == "share"]


def test_every_threshold_of_section_8_is_a_share_rate_or_window() -> None:
    assert len(SHARES) == 7 and "fast_spread_high" in SHARES and "high_share_for_very_high" in SHARES


@pytest.mark.parametrize("name", SHARES)
@pytest.mark.parametrize(
    "value", [0, 0.0, 1, 1.0, -0.01, 1.01, 10**19, 10**400, float("nan"), float("inf"), True, None, "0.3"]
)
def test_it_refuses_a_share_threshold_not_strictly_between_0_and_1(name, value) -> None:
    with pytest.raises(ParameterError) as e:
        Parameters2686.from_mapping({name: value})
    assert len(e.value.problems) == 1
    assert e.value.problems[0].startswith(f"parameters.{name}: must be a number strictly between 0 and 1, got ")


@pytest.mark.parametrize("name", SHARES)
@pytest.mark.parametrize("value", [0.001, 0.5, 0.999])
def test_it_accepts_a_share_threshold_strictly_between_0_and_1(name, value) -> None:
    assert getattr(Parameters2686.from_mapping({name: value}), name) == value


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("risk_rate_per_100k", 0, "must be a number greater than 0, got 0"),
        ("risk_rate_per_100k", -0.5, "must be a number greater than 0, got -0.5"),
        ("risk_rate_per_100k", float("inf"), "must be a number greater than 0, got Infinity"),
        ("risk_rate_per_100k", 10**400, "must be a number greater than 0, got 1000000000000000000000000000000000"),
        ("window_days", 0, "must be a whole number from 1 to 60, got 0"),
        ("window_days", 61, "must be a whole number from 1 to 60, got 61"),
        ("window_days", 10**19, "must be a whole number from 1 to 60, got 10000000000000000000"),
    ],
)
def test_it_refuses_a_rate_or_window_out_of_range(name, value, message) -> None:
    with pytest.raises(ParameterError) as e:
        Parameters2686.from_mapping({name: value})
    assert e.value.problems[0].startswith(f"parameters.{name}: {message}")


@pytest.mark.parametrize(
    "name, value",
    [("risk_rate_per_100k", 0.001), ("risk_rate_per_100k", 10**12), ("window_days", 1), ("window_days", 60)],
)
def test_it_accepts_a_rate_or_window_at_the_edge_of_its_range(name, value) -> None:
    assert getattr(Parameters2686.from_mapping({name: value}), name) == value


def test_it_names_every_bad_parameter_at_once() -> None:
    with pytest.raises(ParameterError) as e:
        Parameters2686.from_mapping({"high_share": 0, "fast_spread_high": 1, "risk_rate_per_100k": 0, "nope": 1})
    assert [p.split(":")[0] for p in e.value.problems] == [
        "parameters",
        "parameters.high_share",
        "parameters.fast_spread_high",
        "parameters.risk_rate_per_100k",
    ]


# ── §2.5: an area whose validity ends inside the window hands its reports to its successor ──────────────────


def merged_world(**old) -> World:
    """C_OLD ended 5 days ago and C_NEW took its place; C_OTHER borders C_NEW."""
    w = World().province()
    w.district("D1")
    w.areas.append(
        Area("C_OLD", "commune", "Xã Cũ", "D1", 10_000, valid_to=ago(5), successors=old.get("successors", ("C_NEW",)))
    )
    w.areas.append(Area("C_NEW", "commune", "Xã Mới", "D1", 20_000, valid_from=ago(4)))
    w.commune("C_OTHER", "D1")
    w.border("C_OLD", "C_OTHER").border("C_NEW", "C_OTHER")
    return w


@pytest.mark.parametrize(
    "days_ago, counts, level, step_down",
    [
        (8, {"community_cases_unknown_source": 1}, 3, later(6)),  # counts for 14 days from its date
        (13, {"unknown_source_clusters": 1}, 4, later(1)),
        (14, {"unknown_source_clusters": 1}, 1, None),  # outside the window: counts for nobody
        (6, {"community_f1": 2}, 2, later(8)),
        (5, {"community_cases_known_source": 1}, 2, later(9)),  # its last valid day
    ],
)
def test_a_report_of_an_area_that_ended_counts_for_its_successor(days_ago, counts, level, step_down) -> None:
    w = merged_world().report("C_OLD", days_ago, **counts)
    r = w.evaluate()
    assert "C_OLD" not in r.areas  # no longer valid: not assessed
    assert (r.areas["C_NEW"].level, r.areas["C_NEW"].step_down_date) == (level, step_down)
    assert r.unattributed == ()


def test_it_adds_the_reports_of_the_old_and_the_new_area() -> None:
    w = (
        merged_world()
        .report("C_OLD", 8, community_cases_known_source=1)
        .report("C_NEW", 2, community_cases_known_source=1)
    )
    reasons = w.evaluate().areas["C_NEW"].reasons
    assert reasons[0].rule == "commune.known_source_rate" and reasons[0].figures["cases"] == 2


def test_it_follows_successors_through_a_second_merge() -> None:
    w = World().province()
    w.district("D1")
    w.areas += [
        Area("A", "commune", "Xã A", "D1", 10_000, valid_to=ago(9), successors=("B",)),
        Area("B", "commune", "Xã B", "D1", 10_000, valid_from=ago(8), valid_to=ago(3), successors=("C",)),
        Area("C", "commune", "Xã C", "D1", 10_000, valid_from=ago(2)),
    ]
    w.report("A", 10, community_cases_unknown_source=1)
    r = w.evaluate().areas
    assert set(r) == {"P", "D1", "C"} and r["C"].level == 3


def test_a_split_area_s_report_is_shown_not_guessed() -> None:
    w = merged_world(successors=("C_NEW", "C_OTHER")).report(
        "C_OLD", 6, unknown_source_clusters=1, community_cases_known_source=3
    )
    r = w.evaluate()
    assert (r.areas["C_NEW"].level, r.areas["C_OTHER"].level) == (1, 1)  # no commune is guessed
    assert [(u.report.area, u.successors, u.counted_for) for u in r.unattributed] == [
        ("C_OLD", ("C_NEW", "C_OTHER"), "D1")
    ]
    assert r.areas["D1"].level == 2  # its known-source cases count for the district that holds both: 3 > 1/100,000
    assert [x.rule for x in r.areas["D1"].reasons] == ["district.known_source_rate"]


def test_a_report_of_an_area_that_ended_without_successor_counts_for_its_parent() -> None:
    w = merged_world(successors=()).report("C_OLD", 6, community_cases_known_source=2)
    r = w.evaluate()
    assert r.areas["C_NEW"].level == 1 and r.areas["D1"].level == 2
    assert [u.counted_for for u in r.unattributed] == ["D1"]


def test_an_area_not_yet_valid_is_not_assessed_and_borders_nobody() -> None:
    w = World().province()
    w.district("D1")
    w.commune("C1", "D1")
    w.areas.append(Area("LATER", "commune", "Xã Sau", "D1", 10_000, valid_from=later(1)))
    w.border("LATER", "C1")
    w.override("LATER", 4)
    r = w.evaluate().areas
    assert "LATER" not in r and r["C1"].level == 1


# ── linear parent checks ─────────────────────────────────────────────────────────────────────────────────────


class CountingArea:
    """An area whose parent can be read only through a counter, to count the work of the parent checks."""

    reads = 0

    def __init__(self, code: str, kind: str, parent: str | None, external: bool = False) -> None:
        self.code, self.kind, self._parent, self.external = code, kind, parent, external

    @property
    def parent(self) -> str | None:
        CountingArea.reads += 1
        return self._parent


def chain_of(n: int, closed: bool) -> list[CountingArea]:
    """Areas A0..An-1, each the parent of the next (a long chain, the worst case of a naive walk upward)."""
    areas = [
        CountingArea(f"A{i}", "commune", f"A{i - 1}" if i else (f"A{n - 1}" if closed else None)) for i in range(n)
    ]
    return areas[::-1]  # leaves first: every walk upward would cross the whole chain


@pytest.mark.parametrize("closed", [False, True], ids=["chain", "cycle"])
def test_parent_checks_read_each_parent_a_bounded_number_of_times(closed) -> None:
    reads = {}
    for n in (10, 100, 1_000, 10_000):
        areas = chain_of(n, closed)
        CountingArea.reads = 0
        problems = parent_problems(areas, {a.code: i for i, a in enumerate(areas)})
        reads[n] = CountingArea.reads
        if closed:
            assert problems[0].startswith(f"areas[0].parent: parent cycle: A{n - 1} → A{n - 2} → ")
            assert len([p for p in problems if "cycle" in p]) == 1
        else:
            assert len(problems) == n - 1  # each commune's parent is a commune, not a district
    assert all(reads[n] <= 3 * n for n in reads), reads


def test_every_area_of_a_cycle_is_reported_once_at_its_first_member_and_tails_are_checked() -> None:
    areas = [CountingArea("T", "commune", "B"), CountingArea("A", "district", "B"), CountingArea("B", "province", "A")]
    assert parent_problems(areas, {"T": 0, "A": 1, "B": 2}) == [
        'areas[0].parent: a commune\'s parent must be a district, got province "B"',
        "areas[1].parent: parent cycle: A → B → A",
    ]


def test_the_scenario_reader_checks_a_long_parent_chain() -> None:
    import json

    from risk.engine import ScenarioError, load_scenario

    n = 20_000
    areas = [
        {"code": f"A{i}", "kind": "district", "name": f"A{i}", "parent": f"A{i - 1}" if i else None, "population": 1}
        for i in range(n)
    ][::-1]
    with pytest.raises(ScenarioError) as e:
        load_scenario(json.dumps({"ruleset": "QD2686", "date": "2021-06-15", "areas": areas}))
    assert len(e.value.problems) == n - 1


def test_a_long_chain_or_a_cycle_of_successors_ends_in_the_same_heir_whatever_is_read_first() -> None:
    w = World().province()
    w.district("D1")
    n = 5_000  # deeper than any recursion would go
    w.areas += [
        Area(f"A{i}", "commune", f"Xã A{i}", "D1", 1_000, valid_to=ago(1), successors=(f"A{i + 1}",)) for i in range(n)
    ]
    w.areas.append(Area(f"A{n}", "commune", "Xã cuối", "D1", 1_000, valid_to=ago(1), successors=("A0", "NOW")))
    w.areas.append(Area("NOW", "commune", "Xã hiện nay", "D1", 1_000))
    w.report("A0", 3, community_cases_unknown_source=1).report(f"A{n}", 2, community_f1=1)
    for order in (w.reports, w.reports[::-1]):
        r = evaluate(replace(w.input(), reports=tuple(order)))
        assert set(r.areas) == {"P", "D1", "NOW"} and r.areas["NOW"].level == 3 and r.unattributed == ()
