"""Parameters of spec §8, their validation, the rule-set registry and the level table of spec §1."""

from dataclasses import replace
from datetime import date

import pytest

from risk.engine import (
    RULESETS,
    Level,
    ParameterError,
    Parameters2686,
    UnknownRuleSet,
    evaluate,
    ruleset_for,
    ruleset_for_date,
)

from .engine_builders import one_commune


def test_it_has_the_defaults_of_the_spec() -> None:
    p = Parameters2686()
    assert (p.window_days, p.risk_rate_per_100k, p.propagate_from_derived, p.count_higher_in_share) == (
        14,
        1.0,
        True,
        True,
    )
    assert (p.district_very_high_share, p.province_very_high_share, p.high_share, p.risk_share) == (
        0.30,
        0.30,
        0.30,
        0.50,
    )
    assert (p.fast_spread_very_high, p.fast_spread_high, p.high_share_for_very_high) == (0.50, 0.20, 0.50)
    assert (p.raise_for_sub_area_at_risk, p.province_high_as_district) == (True, True)
    assert p.recompute_times == ("08:00", "13:00", "20:00")
    assert p.validate() == []


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("window_days", 0, "parameters.window_days: must be a whole number from 1 to 60, got 0"),
        ("window_days", 61, "parameters.window_days: must be a whole number from 1 to 60, got 61"),
        ("window_days", 14.0, "parameters.window_days: must be a whole number from 1 to 60, got 14.0"),
        ("window_days", True, "parameters.window_days: must be a whole number from 1 to 60, got true"),
        ("high_share", 1.5, "parameters.high_share: must be a number strictly between 0 and 1, got 1.5"),
        ("risk_share", -0.1, "parameters.risk_share: must be a number strictly between 0 and 1, got -0.1"),
        (
            "fast_spread_high",
            "0.2",
            'parameters.fast_spread_high: must be a number strictly between 0 and 1, got "0.2"',
        ),
        ("risk_rate_per_100k", -1, "parameters.risk_rate_per_100k: must be a number greater than 0, got -1"),
        ("propagate_from_derived", 1, "parameters.propagate_from_derived: must be true or false, got 1"),
        ("count_higher_in_share", "yes", 'parameters.count_higher_in_share: must be true or false, got "yes"'),
        (
            "recompute_times",
            ["8:00"],
            'parameters.recompute_times: must be a non-empty list of distinct times "HH:MM", got ["8:00"]',
        ),
        (
            "recompute_times",
            [],
            'parameters.recompute_times: must be a non-empty list of distinct times "HH:MM", got []',
        ),
    ],
)
def test_it_rejects_out_of_range_or_wrongly_typed_parameters(name, value, message) -> None:
    with pytest.raises(ParameterError) as e:
        Parameters2686.from_mapping({name: value})
    assert e.value.problems == [message]
    with pytest.raises(ParameterError):
        Parameters2686(**{name: value})


def test_it_rejects_unknown_parameters_and_lists_every_problem() -> None:
    with pytest.raises(ParameterError) as e:
        Parameters2686.from_mapping({"windows": 3, "high_share": 2})
    assert e.value.problems == [
        'parameters: unknown parameter "windows"',
        "parameters.high_share: must be a number strictly between 0 and 1, got 2",
    ]


def test_it_accepts_a_mapping_or_an_object_as_engine_parameters() -> None:
    w = one_commune().report("C", community_f1=1)
    assert w.evaluate(window_days=1).areas["C"].level == 2
    assert evaluate(replace(w.input(), parameters=Parameters2686(window_days=1))).areas["C"].level == 2
    assert evaluate(replace(w.input(), parameters=None)).areas["C"].level == 2


def test_it_registers_qd2686_from_31_may_2021() -> None:
    rs = ruleset_for("QD2686")
    assert RULESETS["QD2686"] is rs and rs.valid_from == date(2021, 5, 31) and rs.valid_to is None
    assert rs.parameters_type is Parameters2686
    assert ruleset_for_date(date(2021, 5, 31)) is rs and ruleset_for_date(date(2021, 5, 30)) is None


def test_it_rejects_an_unknown_rule_set() -> None:
    with pytest.raises(UnknownRuleSet, match='unknown rule set "NQ128"'):
        ruleset_for("NQ128")
    with pytest.raises(UnknownRuleSet):
        evaluate(one_commune().input(), "NQ128")


@pytest.mark.parametrize(
    "level, vi, en, colour_name",
    [
        (4, "Nguy cơ rất cao", "Very high risk", "đỏ"),
        (3, "Nguy cơ cao", "High risk", "cam"),
        (2, "Nguy cơ", "Risk", "vàng"),
        (1, "Bình thường mới", "New normal", "xanh"),
    ],
)
def test_it_labels_and_names_the_colours_of_the_levels_as_the_decision(level, vi, en, colour_name) -> None:
    # The hex values themselves are checked for what they must achieve in tests/public/test_level_colours.py.
    assert (Level(level).label_vi, Level(level).label_en, Level(level).colour_vi) == (vi, en, colour_name)
