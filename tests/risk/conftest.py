"""A small province to assess (two districts, five communes in a line, a neighbouring province) and helpers."""

import datetime

import pytest

# Shapely must load its own GEOS before SpatiaLite loads Debian's older one into the global symbol scope
# (fixture `langson` uses Shapely; without this, the order of tests decides which GEOS it gets).
import shapely  # noqa: F401

D = datetime.date


@pytest.fixture(autouse=True)
def _eager_celery_and_clean_schedule(request, settings, tmp_path):
    """Run tasks in-process (a test of the real worker opts out with the `services` marker), start each test
    with no drain scheduled in the cache, and write published map files to a temporary folder."""
    from django.core.cache import cache

    from covidmaps.celery import app
    from risk.tasks import SCHEDULED_KEY

    settings.PUBLISHED_ROOT = tmp_path / "published"
    eager = request.node.get_closest_marker("services") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    cache.delete(SCHEDULED_KEY)
    yield
    cache.delete(SCHEDULED_KEY)
    app.conf.task_always_eager = previous


def restore_migrated_data() -> None:
    """Put back the rows that data migrations create (rule set QD2686, the staff groups) when a flush removed them.

    Tests with transaction=True flush the database; serialized_rollback is meant to restore these rows, but after
    a Playwright test followed by an eager Celery task the connection loses its serialized copy.
    """
    import importlib

    from django.contrib.auth.models import Group, Permission

    from risk.models import RuleSet

    ruleset = importlib.import_module("risk.migrations.0003_ruleset_qd2686")
    RuleSet.objects.get_or_create(
        code=ruleset.CODE,
        defaults={
            "name": ruleset.NAME,
            "valid_from": D(2021, 5, 31),
            "parameters": ruleset.PARAMETERS,
            "changelog": ruleset.CHANGELOG,
        },
    )
    groups = importlib.import_module("ingest.migrations.0002_staff_groups")
    for name, codes in groups.GROUPS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(
                [
                    Permission.objects.get(content_type__app_label=code.split(".")[0], codename=code.split(".")[1])
                    for code in codes
                ]
            )


class World:
    """Codes of the test province: TC11 – TC12 – TC13 (district TD1) – TC21 – TC22 (district TD2) – TX (outside)."""

    def __init__(self):
        from areas.models import Adjacency, Area

        self.province = Area.objects.create(code="TP", kind="province", name="Tỉnh Thử", type_label="Tỉnh")
        self.d1 = Area.objects.create(
            code="TD1", kind="district", name="Huyện Một", type_label="Huyện", parent=self.province, population=30000
        )
        self.d2 = Area.objects.create(
            code="TD2", kind="district", name="Huyện Hai", type_label="Huyện", parent=self.province, population=20000
        )
        self.areas = {a.code: a for a in (self.province, self.d1, self.d2)}
        for code, name, district in (
            ("TC11", "Xã Một Một", self.d1),
            ("TC12", "Xã Một Hai", self.d1),
            ("TC13", "Xã Một Ba", self.d1),
            ("TC21", "Xã Hai Một", self.d2),
            ("TC22", "Xã Hai Hai", self.d2),
        ):
            self.areas[code] = Area.objects.create(
                code=code, kind="commune", name=name, type_label="Xã", parent=district, population=10000
            )
        self.areas["TX"] = Area.objects.create(
            code="TX", kind="province", name="Tỉnh Bên", type_label="Tỉnh", external=True
        )
        for a, b in (("TC11", "TC12"), ("TC12", "TC13"), ("TC13", "TC21"), ("TC21", "TC22"), ("TC22", "TX")):
            first, second = sorted((self.areas[a], self.areas[b]), key=lambda area: area.pk)
            Adjacency.objects.create(area_a=first, area_b=second)

    def __getitem__(self, code):
        return self.areas[code]

    def report(self, code: str, day: datetime.date, **counts):
        from ingest.models import DailyReport

        report, _ = DailyReport.objects.update_or_create(area=self.areas[code], date=day, defaults=counts)
        return report

    def levels(self, day: datetime.date) -> dict[str, int]:
        from risk.models import Assessment

        return dict(Assessment.objects.filter(date=day).values_list("area__code", "level"))


@pytest.fixture
def world(db):
    return World()


@pytest.fixture
def recompute():
    from risk.services.recompute import recompute as run

    return lambda *days: run(dates=list(days))
