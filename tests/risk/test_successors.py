"""Spec §2.5 through the database: an area that ended inside the window hands its reports to its successor."""

from areas.models import Area
from risk.models import Assessment

from .conftest import D


def end(world, code: str, last_day, *successors: str) -> None:
    area = world[code]
    area.valid_to = last_day
    area.save()
    area.successors.set([world[s] for s in successors])


def new_commune(world, code: str, first_day) -> Area:
    world.areas[code] = Area.objects.create(
        code=code,
        kind="commune",
        name=f"Xã {code}",
        type_label="Xã",
        parent=world["TD1"],
        population=20000,
        valid_from=first_day,
    )
    return world.areas[code]


def test_a_merged_communes_reports_count_for_its_successor_for_14_days(world, recompute):
    new_commune(world, "TC14", D(2021, 6, 11))
    end(world, "TC13", D(2021, 6, 10), "TC14")
    world.report("TC13", D(2021, 6, 8), community_cases_unknown_source=1)
    recompute(D(2021, 6, 12), D(2021, 6, 21), D(2021, 6, 22))
    assert "TC13" not in world.levels(D(2021, 6, 12))
    assert world.levels(D(2021, 6, 12))["TC14"] == 3
    assert world.levels(D(2021, 6, 21))["TC14"] == 3  # the 14th day from the report
    assert world.levels(D(2021, 6, 22))["TC14"] == 1
    row = Assessment.objects.get(area=world["TC14"], date=D(2021, 6, 12))
    assert row.step_down_date == D(2021, 6, 22)


def test_a_split_communes_reports_are_not_guessed_onto_one_successor(world, recompute):
    new_commune(world, "TC14", D(2021, 6, 11))
    end(world, "TC13", D(2021, 6, 10), "TC14", "TC12")
    world.report("TC13", D(2021, 6, 8), community_cases_unknown_source=1, community_cases_known_source=1)
    recompute(D(2021, 6, 12))
    levels = world.levels(D(2021, 6, 12))
    assert (levels["TC14"], levels["TC12"]) == (1, 1)
    assert levels["TD1"] == 2  # 1 known-source case in a district of 30,000: above 1 per 100,000
    reasons = Assessment.objects.get(area=world["TD1"], date=D(2021, 6, 12)).reasons
    assert [r["rule"] for r in reasons] == ["district.known_source_rate"]


def test_an_area_ended_before_the_window_hands_nothing_on(world, recompute):
    new_commune(world, "TC14", D(2021, 5, 20))
    end(world, "TC13", D(2021, 5, 19), "TC14")
    world.report("TC13", D(2021, 5, 18), unknown_source_clusters=1)
    recompute(D(2021, 6, 12))
    assert world.levels(D(2021, 6, 12))["TC14"] == 1
