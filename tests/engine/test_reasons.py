"""Reasons: every factor of the final level, with rule identifier, tag and a Vietnamese sentence with figures."""

from datetime import date

from risk.engine import Area, EngineInput, Report, evaluate

from .engine_builders import World, one_commune, set_level


def test_it_lists_every_factor_of_the_final_level_and_only_those() -> None:
    w = one_commune().report(
        "C",
        1,
        unknown_source_clusters=1,
        community_cases_known_source=2,
        hard_to_control_source_cases=1,
        community_cases_unknown_source=1,
        community_f1=3,
    )
    reasons = w.evaluate().areas["C"].reasons
    assert [(r.rule, r.tag) for r in reasons] == [
        ("commune.unknown_source_cluster", "V"),
        ("commune.hard_to_control_source", "V"),
    ]


def test_it_lists_own_and_adjacency_factors_together() -> None:
    w = World().province()
    c = w.chain("D1", 2)
    set_level(w, c[0], 4)
    set_level(w, c[1], 3)
    assert [r.rule for r in w.evaluate().areas[c[1]].reasons] == [
        "commune.unknown_source_case",
        "commune.adjacent_very_high",
    ]


def test_it_writes_the_figures_and_window_in_vietnamese() -> None:
    inp = EngineInput(
        date(2021, 6, 20),
        (
            Area("P", "province", "Tỉnh", None, 100_000),
            Area("D", "district", "Huyện", "P", 100_000),
            Area("C", "commune", "Xã", "D", 10_000),
        ),
        reports=(Report("C", date(2021, 6, 8), community_cases_unknown_source=2),),
    )
    (reason,) = evaluate(inp).areas["C"].reasons
    assert reason.text == "Có 2 ca F0 trong cộng đồng chưa rõ nguồn lây trong 14 ngày (07/06/2021–20/06/2021)"
    assert reason.figures == {"cases": 2, "from": "2021-06-07", "to": "2021-06-20", "days": 14}


def test_it_states_the_rate_in_the_known_source_reason() -> None:
    (reason,) = one_commune(12_500).report("C", community_cases_known_source=3).evaluate().areas["C"].reasons
    assert reason.text == (
        "Có 3 ca F0 trong cộng đồng đã xác định được nguồn lây trong 14 ngày "
        "(02/06/2021–15/06/2021), tức 24 ca/100.000 dân (dân số 12.500), vượt tỷ lệ 1/100.000 người"
    )


def test_it_explains_an_override_with_reason_body_and_reference() -> None:
    w = one_commune().report("C", community_f1=1).override("C", 2, reason="Giữ ổn định sản xuất", body="UBND tỉnh")
    c = w.evaluate().areas["C"]
    assert [(r.rule, r.tag) for r in c.reasons] == [("override", "override"), ("commune.community_contacts", "S")]
    text = c.reasons[0].text
    assert "Giữ ổn định sản xuất" in text and "UBND tỉnh" in text and "QĐ số 01/QĐ-BCĐ" in text
    assert "05/06/2021–25/06/2021" in text


def test_it_gives_only_the_override_when_no_factor_of_its_level_holds() -> None:
    c = one_commune().report("C", unknown_source_clusters=1).override("C", 1).evaluate().areas["C"]
    assert [r.rule for r in c.reasons] == ["override"]  # not "commune.none": a factor of level 4 does hold


def test_it_names_the_communes_behind_a_district_share() -> None:
    w = World().province().district("D")
    for i in range(4):
        w.commune(f"C{i}", "D")
    set_level(w, "C0", 3)
    set_level(w, "C1", 3)
    (reason,) = w.evaluate().areas["D"].reasons
    assert reason.rule == "district.half_communes_high"
    assert reason.text == "2/4 xã (50%) có nguy cơ cao trở lên: Xã C0, Xã C1"
    assert reason.figures == {
        "count": 2,
        "total": 4,
        "share": 0.5,
        "names": ["Xã C0", "Xã C1"],
        "scattered": False,
        "unit": "commune",
        "higher": True,
    }


def test_it_shortens_long_lists_of_names() -> None:
    w = World().province().district("D")
    for i in range(8):
        w.commune(f"C{i}", "D")
        set_level(w, f"C{i}", 2)
    (reason,) = w.evaluate().areas["D"].reasons
    assert reason.text.endswith("Xã C0, Xã C1, Xã C2, Xã C3, Xã C4 và 3 xã khác")
