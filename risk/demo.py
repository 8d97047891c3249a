"""Demo step: assess every day of the demo outbreak and publish each day's levels, effective at 00:00 the next day,
so that the public history has something to show."""

import datetime

from django.db.models import Max, Min

from ingest.models import DailyReport

from . import selectors
from .services.publication import publish_levels
from .services.recompute import recompute

DEMO_NOTE = "Số liệu mô phỏng (demo)."


def load() -> str:
    span = DailyReport.objects.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return "no daily reports: nothing to assess"
    days = [span["first"] + datetime.timedelta(days=n) for n in range((span["last"] - span["first"]).days + 1)]
    result = recompute(dates=days)
    published = 0
    ordered = sorted([*result.evaluated, *result.unchanged])
    for day in ordered:
        if selectors.awaits_approval(day):
            # Without Redis tasks run at once: forecast only the last day, so that setting up stays quick.
            publish_levels(
                data_date=day,
                effective_at=selectors.start_of(day + datetime.timedelta(days=1)),
                user=None,
                automatic=True,
                note=DEMO_NOTE,
                forecast=day == ordered[-1],
            )
            published += 1
    assessed = len(result.evaluated) + len(result.unchanged)
    skipped = f", {len(result.without_ruleset)} days before the rule set took effect" if result.without_ruleset else ""
    return f"{assessed} days assessed ({result.written} assessments written{skipped}), {published} days published"
