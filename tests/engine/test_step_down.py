"""Earliest step-down dates (spec §6): first later date with a lower level and no new reports, within 60 days."""

import risk.engine.evaluation as engine_evaluate

from .engine_builders import D, World, ago, later, one_commune, set_level


def step_down(w: World, code: str = "C", **params):
    return w.evaluate(**params).areas[code].step_down_date


def test_it_steps_down_14_days_after_the_last_report_of_the_level() -> None:
    assert step_down(one_commune().report("C", 2, unknown_source_clusters=1)) == later(12)


def test_it_gives_the_first_lower_level_even_if_not_the_lowest() -> None:
    w = one_commune().report("C", 5, unknown_source_clusters=1).report("C", 1, community_cases_unknown_source=1)
    assert step_down(w) == later(9)  # 4 → 3 when the cluster leaves the window


def test_it_has_no_step_down_date_at_level_1() -> None:
    assert step_down(one_commune()) is None


def test_it_steps_down_the_day_after_a_flag_ends() -> None:
    assert step_down(one_commune().flag("C", "illegal_entry_risk", end=later(3))) == later(4)


def test_it_steps_down_the_day_after_an_override_ends() -> None:
    assert step_down(one_commune().override("C", 3, end=later(7))) == later(8)


def test_it_waits_for_a_later_higher_override_to_end_before_stepping_down() -> None:
    w = one_commune().report("C", 0, community_f1=1).override("C", 4, start=later(2), end=later(20))
    assert step_down(w) == later(21)  # level 2 today, 4 from D+2, 1 once the override ends


def test_it_compares_with_todays_level_not_a_level_reached_later() -> None:
    w = one_commune().report("C", 3, community_f1=1).override("C", 4, start=later(2), end=later(5))
    assert step_down(w) == later(11)  # 2 today; 4 on D+2..D+5; back to 2; 1 once the report leaves


def test_it_has_no_step_down_date_beyond_60_days() -> None:
    assert step_down(one_commune().override("C", 3, end=later(59))) == later(60)
    assert step_down(one_commune().override("C", 3, end=later(60))) is None


def test_it_steps_down_a_neighbour_when_the_source_steps_down() -> None:
    w = World().province()
    c = w.chain("D1", 3)
    set_level(w, c[0], 4)
    r = w.evaluate().areas
    assert {r[x].step_down_date for x in (*c, "D1", "P")} == {later(14)}


def test_it_steps_down_by_the_end_of_an_external_declaration() -> None:
    w = World().province()
    c = w.chain("D1", 2)
    w.external("X").border("X", c[0]).declare("X", 4, end=later(4))
    assert step_down(w, c[0]) == later(5)


def test_it_steps_down_a_district_when_its_reports_leave_the_window() -> None:
    w = World().province(population=10_000_000).district("D").commune("C", "D")
    w.report("D", 4, community_cases_known_source=2)
    assert step_down(w, "D") == later(10)


def test_it_reads_the_window_length_for_the_step_down_date() -> None:
    assert step_down(one_commune().report("C", 0, community_f1=1), window_days=7) == later(7)


def test_it_only_assesses_dates_on_which_an_input_changes(monkeypatch) -> None:
    calls = []
    original = engine_evaluate.assess

    def counting(*args, **kwargs):
        calls.append(args[3])
        return original(*args, **kwargs)

    monkeypatch.setattr(engine_evaluate, "assess", counting)
    w = one_commune(1_000_000)
    for k in range(14):
        w.report("C", k, community_cases_known_source=1)  # 14 cases per 1,000,000: level 2 until D+13
    w.flag("C", "illegal_entry_risk", start=ago(3), end=later(30))
    assert step_down(w) == later(31)
    assert calls[0] == D and len(calls) <= 1 + 14 + 1  # today, each report leaving, the flag ending
