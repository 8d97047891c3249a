"""Properties over random small provinces: monotone in cases, independent of input order, explained districts."""

import os
import random
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from risk.engine import Report, evaluate, result_to_json
from risk.engine.rules_2686 import FLAGS

from .engine_builders import D, World, ago, later

COUNT_FIELDS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)


@st.composite
def worlds(draw) -> World:
    w = World().province(population=draw(st.sampled_from([100_000, 400_000, 2_000_000])))
    communes: list[str] = []
    districts = [f"D{d}" for d in range(draw(st.integers(1, 3)))]
    for d in districts:
        communes += w.chain(
            d,
            draw(st.integers(1, 5)),
            population=draw(st.sampled_from([20_000, 100_000, 300_000])),
            commune_population=draw(st.sampled_from([1_000, 10_000, 100_000, 150_000])),
            linked=False,
        )
    neighbours = list(communes)
    if draw(st.booleans()):
        w.external("X", draw(st.sampled_from(["province", "district", "commune"])))
        neighbours.append("X")
        for _ in range(draw(st.integers(0, 2))):
            start = draw(st.integers(-15, 5))
            w.declare("X", draw(st.integers(1, 4)), ago(-start), later(start + draw(st.integers(0, 20))))
    pairs = [(a, b) for i, a in enumerate(neighbours) for b in neighbours[i + 1 :]]
    if pairs:
        w.adjacency += draw(st.lists(st.sampled_from(pairs), max_size=10, unique=True))
    reporting = communes + districts + ["P"]
    for _ in range(draw(st.integers(0, 8))):
        known = draw(st.integers(0, 3))
        w.reports.append(
            Report(
                draw(st.sampled_from(reporting)),
                ago(draw(st.integers(-2, 16))),
                known,
                draw(st.integers(0, 2)),
                draw(st.integers(0, 1)),
                draw(st.integers(0, known)),
                draw(st.integers(0, 2)),
                draw(st.integers(0, 2)),
            )
        )
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(sorted(FLAGS)))
        kinds, valued = FLAGS[name]
        targets = [c for c in communes if "commune" in kinds] + [d for d in districts if "district" in kinds]
        targets += ["P"] if "province" in kinds else []
        start = draw(st.integers(-15, 5))
        value = draw(st.sampled_from([0.1, 0.2, 0.3, 0.5, 0.6, 0.9])) if valued else True
        w.flag(draw(st.sampled_from(targets)), name, value, ago(-start), later(start + draw(st.integers(0, 20))))
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(-15, 5))
        w.override(
            draw(st.sampled_from(reporting)),
            draw(st.integers(1, 4)),
            ago(-start),
            later(start + draw(st.integers(0, 20))),
        )
    w.parameters["propagate_from_derived"] = draw(st.booleans())
    return w


EXAMPLES = int(os.environ.get("ENGINE_EXAMPLES", "150"))  # raise it for a deeper search before a release
# no example database: a failure prints its example, and runs stay independent of earlier ones
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(w=worlds(), data=st.data())
def test_it_never_lowers_a_level_when_a_case_is_added(w: World, data) -> None:
    before = w.levels()
    area = data.draw(st.sampled_from([a.code for a in w.areas if not a.external]))
    field = data.draw(st.sampled_from(COUNT_FIELDS))
    extra = {field: 1} | ({"community_cases_known_source": 1} if field == "hard_to_control_source_cases" else {})
    w.reports.append(Report(area, ago(data.draw(st.integers(0, 13))), **extra))
    after = w.levels()
    assert all(after[c] >= before[c] for c in before), {c: (before[c], after[c]) for c in before}


def shuffled(items: list, rnd: random.Random) -> list:
    items = list(items)
    rnd.shuffle(items)
    return items


@SETTINGS
@given(w=worlds(), seed=st.integers(0, 2**32))
def test_it_does_not_depend_on_the_order_of_the_inputs(w: World, seed: int) -> None:
    rnd = random.Random(seed)
    inp = w.input()
    other = replace(
        inp,
        areas=tuple(shuffled(inp.areas, rnd)),
        adjacency=tuple((b, a) if rnd.random() < 0.5 else (a, b) for a, b in shuffled(inp.adjacency, rnd)),
        reports=tuple(shuffled(inp.reports, rnd)),
        flags=tuple(shuffled(inp.flags, rnd)),
        declared=tuple(shuffled(inp.declared, rnd)),
        overrides=tuple(shuffled(inp.overrides, rnd)),
    )
    assert result_to_json(evaluate(other)) == result_to_json(evaluate(inp))


@SETTINGS
@given(w=worlds())
def test_a_district_at_4_has_a_commune_at_3_or_more_or_a_flag_or_decision_that_explains_it(w: World) -> None:
    r = w.evaluate().areas
    for d in (a for a in w.areas if a.kind == "district" and not a.external and r[a.code].level == 4):
        communes = [a.code for a in w.areas if a.parent == d.code]
        fast = any(
            f.area == d.code and f.flag == "fast_spread_share" and f.value > 0.5 and f.start <= D <= f.end
            for f in w.flags
        )
        assert any(r[c].level >= 3 for c in communes) or fast or r[d.code].overridden


@SETTINGS
@given(w=worlds())
def test_levels_agree_with_their_parts(w: World) -> None:
    for code, a in w.evaluate().areas.items():
        assert 1 <= a.level <= 4 and a.reasons
        if not a.overridden:
            assert a.level == a.computed_level
            assert a.intrinsic_level is None or a.level >= a.intrinsic_level
        assert a.step_down_date is None or D < a.step_down_date <= later(60)
        assert a.level > 1 or a.step_down_date is None
        assert all(x.tag in ("V", "S", "I", "override") for x in a.reasons)
