"""The demo step: every day of the outbreak assessed and published, effective at 00:00 the next day."""

import datetime

from risk import demo, selectors
from risk.models import AssessmentRun, Publication

from .conftest import D


def test_it_publishes_every_day_of_the_outbreak_once(world, django_capture_on_commit_callbacks):
    world.report("TC12", D(2021, 5, 29), community_cases_known_source=1)
    world.report("TC12", D(2021, 6, 1), unknown_source_clusters=1)
    world.report("TC22", D(2021, 6, 3), community_f1=2)
    with django_capture_on_commit_callbacks(execute=True):
        message = demo.load()
    assert message.startswith("4 days assessed") and "2 days before the rule set took effect" in message
    publications = list(Publication.objects.order_by("data_date"))
    assert [p.data_date for p in publications] == [D(2021, 5, 31), D(2021, 6, 1), D(2021, 6, 2), D(2021, 6, 3)]
    assert all(p.effective_at == selectors.start_of(p.data_date + datetime.timedelta(days=1)) for p in publications)
    assert all(p.automatic and p.note == demo.DEMO_NOTE for p in publications)
    assert Publication.objects.in_force().first().data_date == D(2021, 6, 3)
    last = publications[-1].levels
    # level 4 from the cluster of 01/06, published with the data of 01/06 and in force from 02/06
    assert last.get(area__code="TC12").since == D(2021, 6, 2)
    assert last.get(area__code="TC11").since == D(2021, 6, 2)

    with django_capture_on_commit_callbacks(execute=True):
        assert demo.load().endswith("0 days published")  # `make run` calls it on every start
    assert Publication.objects.count() == 4 and AssessmentRun.objects.count() == 4


def test_it_says_so_when_there_is_nothing_to_assess(world):
    assert demo.load() == "no daily reports: nothing to assess"
