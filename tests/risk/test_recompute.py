"""Stored assessments: built from the database, idempotent, written only where the result changed."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from risk.models import Assessment, AssessmentRun, Override, RuleSet

from .conftest import D


def test_it_stores_every_areas_level_with_reasons_in_vietnamese(world, recompute):
    world.report("TC12", D(2021, 6, 10), unknown_source_clusters=1)
    result = recompute(D(2021, 6, 12))
    assert result.evaluated == [D(2021, 6, 12)]
    assert world.levels(D(2021, 6, 12)) == {
        "TC11": 3,
        "TC12": 4,
        "TC13": 3,
        "TC21": 2,
        "TC22": 1,
        "TD1": 4,
        "TD2": 3,
        "TP": 4,
    }
    cluster = Assessment.objects.get(area__code="TC12", date=D(2021, 6, 12))
    assert cluster.reasons[0]["rule"] == "commune.unknown_source_cluster"
    assert cluster.reasons[0]["tag"] == "V"
    assert "chùm ca F0 chưa rõ nguồn lây" in cluster.reasons[0]["text"]
    assert cluster.intrinsic_level == 4 and cluster.computed_level == 4 and not cluster.overridden
    assert cluster.step_down_date == D(2021, 6, 24)  # the report leaves the 14-day window on 24/06
    assert not Assessment.objects.filter(area__code="TX").exists()  # external areas are not assessed
    run = AssessmentRun.objects.get(date=D(2021, 6, 12))
    assert run.national["4"] == {"areas": 1, "population": 10000}


def test_it_writes_nothing_when_run_again_on_the_same_inputs(world, recompute):
    world.report("TC12", D(2021, 6, 10), community_cases_unknown_source=2)
    days = [D(2021, 6, 10) + datetime.timedelta(days=n) for n in range(5)]
    first = recompute(*days)
    assert first.written == 5 * 8 and first.unchanged == []
    stamps = dict(Assessment.objects.values_list("pk", "computed_at"))
    second = recompute(*days)
    assert second.written == 0 and second.evaluated == [] and second.unchanged == days
    assert dict(Assessment.objects.values_list("pk", "computed_at")) == stamps


def test_it_rewrites_only_the_areas_whose_result_changed(world, recompute):
    day = D(2021, 6, 12)
    world.report("TC11", D(2021, 6, 11), community_f1=3)
    world.report("TC22", D(2021, 6, 11), community_f1=1)
    recompute(day)
    before = dict(Assessment.objects.filter(date=day).values_list("area__code", "computed_at"))
    world.report("TC22", D(2021, 6, 11), community_f1=5)  # same level and dates, new figures in its reason
    result = recompute(day)
    after = dict(Assessment.objects.filter(date=day).values_list("area__code", "computed_at"))
    assert {code for code in after if after[code] != before[code]} == {"TC22"}
    assert result.written == 1
    assert "5" in Assessment.objects.get(area__code="TC22", date=day).reasons[0]["text"]


def test_it_shows_neighbours_the_overridden_level(world, recompute, approver):
    from risk.services.overrides import set_override

    day = D(2021, 6, 15)
    set_override(
        area=world["TC21"],
        level=4,
        start=D(2021, 6, 14),
        end=D(2021, 6, 20),
        reason="Ổ dịch tại chợ",
        body="UBND tỉnh",
        decision_number="123/QĐ-UBND",
        user=approver,
    )
    recompute(day)
    levels = world.levels(day)
    assert levels["TC21"] == 4
    assert (levels["TC13"], levels["TC22"]) == (3, 3)  # neighbours of a level-4 area
    assert levels["TC12"] == 2  # second ring, through TC13
    overridden = Assessment.objects.get(area__code="TC21", date=day)
    assert overridden.overridden and overridden.computed_level < 4
    assert overridden.reasons[0]["tag"] == "override" and "123/QĐ-UBND" in overridden.reasons[0]["text"]
    raised = Assessment.objects.get(area__code="TC13", date=day)
    assert any("Xã Hai Một" in r["text"] for r in raised.reasons)


def test_it_lets_an_external_areas_declared_level_raise_its_neighbours(world, recompute):
    from ingest.models import DeclaredLevel

    DeclaredLevel.objects.create(
        area=world["TX"], level=4, start=D(2021, 6, 1), end=D(2021, 6, 30), reference="Công văn 45/UBND"
    )
    recompute(D(2021, 6, 15))
    assert world.levels(D(2021, 6, 15))["TC22"] == 3


def test_it_skips_dates_before_the_rule_set_takes_effect(world, recompute):
    world.report("TC12", D(2021, 5, 25), unknown_source_clusters=1)
    result = recompute(D(2021, 5, 30), D(2021, 5, 31))
    assert result.without_ruleset == [D(2021, 5, 30)]
    assert set(Assessment.objects.values_list("date", flat=True)) == {D(2021, 5, 31)}


def test_it_uses_the_parameters_of_the_rule_set_in_force(world, recompute):
    world.report("TC11", D(2021, 6, 3), community_f1=1)
    day = D(2021, 6, 12)
    recompute(day)
    assert world.levels(day)["TC11"] == 2
    ruleset = RuleSet.objects.get(code="QD2686")
    ruleset.parameters = {**ruleset.parameters, "window_days": 7}
    ruleset.save()
    recompute(day)
    assert world.levels(day)["TC11"] == 1  # the report of 03/06 is outside a 7-day window on 12/06


def test_it_back_fills_a_range_from_the_command(world):
    world.report("TC12", D(2021, 6, 1), community_cases_known_source=1)
    out = io.StringIO()
    call_command("recompute_risk", "--from", "2021-06-01", "--to", "03/06/2021", stdout=out)
    assert "3 dates: 3 recomputed" in out.getvalue()
    assert set(AssessmentRun.objects.values_list("date", flat=True)) == {D(2021, 6, 1), D(2021, 6, 2), D(2021, 6, 3)}
    out = io.StringIO()
    call_command("recompute_risk", "--from", "2021-06-01", "--to", "2021-06-03", stdout=out)
    assert "0 recomputed (0 assessments written), 3 unchanged" in out.getvalue()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2021-06-05", "--to", "2021-06-01"], "is after --to"),
        (["--from", "5 June", "--to", "2021-06-01"], "not a date"),
    ],
)
def test_it_rejects_a_bad_range_and_writes_nothing(world, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("recompute_risk", *args)
    assert not Assessment.objects.exists()


def test_it_drops_the_proposal_of_an_area_that_no_longer_exists(world, recompute):
    day = D(2021, 6, 12)
    recompute(day)
    world["TC22"].valid_to = D(2021, 6, 10)
    world["TC22"].save()
    result = recompute(day)
    assert "TC22" not in world.levels(day)
    assert result.written >= 1
    assert Override.objects.count() == 0
