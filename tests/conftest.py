"""Shared fixtures: Lạng Sơn's areas (real boundaries when available) and staff personas."""

from pathlib import Path

import pytest
from django.conf import settings

SHARED_BOUNDARIES = Path(settings.BASE_DIR).parent / "shared" / "data" / "langson"


def boundaries_folder() -> Path | None:
    folder = Path(settings.COVIDMAPS_BOUNDARIES) if settings.COVIDMAPS_BOUNDARIES else SHARED_BOUNDARIES
    return folder if (folder / "langson_communes.geojson").exists() else None


def pytest_collection_modifyitems(config, items):
    """Skip the tests marked `boundaries` when the official boundary files are not on this machine."""
    if boundaries_folder() is not None:
        return
    skip = pytest.mark.skip(reason="the official boundary files (COVIDMAPS_BOUNDARIES) are not on this machine")
    for item in items:
        if item.get_closest_marker("boundaries"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _migrated_data(request):
    """Give every database test the rows of the data migrations, even after a transactional test's flush."""
    names = request.fixturenames
    if not ({"db", "transactional_db", "live_server"} & set(names) or request.node.get_closest_marker("django_db")):
        return
    transactional = {"transactional_db", "live_server"} & set(names)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from tests.seeds import restore_migrated_data

    restore_migrated_data()


@pytest.fixture(scope="session")
def langson_rows(django_db_setup, django_db_blocker):
    """Lạng Sơn's 2021 units with boundaries, adjacency and display geometry, loaded once per session (real
    boundaries when present, schematic ones otherwise) and kept as rows; the load itself is rolled back."""
    from django.db import transaction

    from areas.models import Adjacency, Area
    from areas.services import load_langson

    with django_db_blocker.unblock(), transaction.atomic():
        load_langson(boundaries=boundaries_folder())
        rows = (list(Area.objects.order_by("pk")), list(Adjacency.objects.order_by("pk")))
        transaction.set_rollback(True)
    return rows


def restore_langson(rows):
    """Copy the session's Lạng Sơn rows into this test's database (unless they are there); return the province.

    The copies get new primary keys (a test may have created other areas first), parents before children.
    """
    import copy

    from areas.models import Adjacency, Area

    if not Area.objects.filter(code="20").exists():
        areas, pairs = rows
        new_pk: dict[int, int] = {}
        remaining = list(areas)
        while remaining:
            ready = [a for a in remaining if a.parent_id is None or a.parent_id in new_pk]
            copies = []
            for area in ready:
                twin = copy.copy(area)
                twin.pk, twin.parent_id = None, new_pk.get(area.parent_id)
                copies.append(twin)
            for area, twin in zip(ready, Area.objects.bulk_create(copies)):
                new_pk[area.pk] = twin.pk
            remaining = [a for a in remaining if a.pk not in new_pk]
        twins = []
        for pair in pairs:
            twin = copy.copy(pair)
            # A pair is stored in key order (a check constraint): the new keys may order it the other way.
            twin.pk = None
            twin.area_a_id, twin.area_b_id = sorted((new_pk[pair.area_a_id], new_pk[pair.area_b_id]))
            twins.append(twin)
        Adjacency.objects.bulk_create(twins)
    return Area.objects.get(code="20")


@pytest.fixture
def langson(db, langson_rows):
    """Lạng Sơn's 2021 units with boundaries, adjacency and display geometry (a copy of the session's rows)."""
    return restore_langson(langson_rows)


@pytest.fixture
def area(langson):
    """Look an area up by its GSO code."""
    from areas.models import Area

    return lambda code: Area.objects.get(code=code)


def _staff(django_user_model, username, group_name=None, districts=(), whole_province=False):
    from django.contrib.auth.models import Group, Permission

    user = django_user_model.objects.create_user(username=username, password="a-long-test-password", is_staff=True)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    if whole_province:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="ingest", codename="whole_province"))
    if districts:
        from areas.models import Area
        from ingest.models import StaffScope

        scope = StaffScope.objects.create(user=user)
        scope.districts.set(Area.objects.filter(kind="district", code__in=districts))
    return user


@pytest.fixture
def data_clerk(db, django_user_model):
    """Sở Y tế – nhập liệu, for the whole province."""
    from ingest.groups import DATA_ENTRY

    return _staff(django_user_model, "nhaplieu", DATA_ENTRY, whole_province=True)


@pytest.fixture
def district_clerk(langson, django_user_model):
    """Sở Y tế – nhập liệu, assigned to Hữu Lũng (186) only."""
    from ingest.groups import DATA_ENTRY

    return _staff(django_user_model, "nhaplieu.huulung", DATA_ENTRY, districts=["186"])


@pytest.fixture
def approver(db, django_user_model):
    """Sở Y tế – phê duyệt."""
    from ingest.groups import APPROVAL

    return _staff(django_user_model, "pheduyet", APPROVAL)


@pytest.fixture
def editor(db, django_user_model):
    """Sở TT&TT – biên tập."""
    from ingest.groups import EDITORIAL

    return _staff(django_user_model, "bientap", EDITORIAL)


@pytest.fixture
def outsider(db, django_user_model):
    """Staff with no group: may log in, may do nothing."""
    return _staff(django_user_model, "khach")


@pytest.fixture
def system(db):
    """The account commands and scheduled jobs act as."""
    from ingest.access import system_user

    return system_user()
