"""Login throttling per account across addresses, its unlock in the admin, and the open-data rate limit shared by
every worker without Redis (issue 10, item 7)."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import override_settings

from ops.ratecache import DatabaseCounterCache

PASSWORD = "the-right-password-1"


def login(client, address: str, password: str):
    return client.post(
        "/admin/login/", {"username": "nhaplieu", "password": password}, headers={"x-forwarded-for": address}
    )


@override_settings(AXES_FAILURE_LIMIT=3, AXES_ACCOUNT_FAILURE_LIMIT=5, PROXY_COUNT=1)
def test_it_rejects_guessing_one_account_from_many_addresses(client, db):
    get_user_model().objects.create_user("nhaplieu", password=PASSWORD, is_staff=True)
    for n in range(4):  # under both limits: each address fails once
        assert login(client, f"198.51.100.{n}", "wrong").status_code == 200
    assert login(client, "198.51.100.4", "wrong").status_code == 429  # the fifth failure, from a fifth address
    # Locked from any address, with the right password too.
    assert login(client, "203.0.113.50", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3, AXES_ACCOUNT_FAILURE_LIMIT=5, PROXY_COUNT=1)
def test_it_still_locks_one_address_first_and_lets_the_owner_in_elsewhere(client, db):
    get_user_model().objects.create_user("nhaplieu", password=PASSWORD, is_staff=True)
    for _ in range(3):
        login(client, "198.51.100.7", "wrong")
    assert login(client, "198.51.100.7", PASSWORD).status_code == 429
    assert login(client, "203.0.113.9", PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_ACCOUNT_FAILURE_LIMIT=4, PROXY_COUNT=1)
def test_an_administrator_unlocks_the_account_in_the_admin(client, db):
    get_user_model().objects.create_user("nhaplieu", password=PASSWORD, is_staff=True)
    admin = get_user_model().objects.create_superuser("admin", password="another-long-password-2")
    for n in range(4):
        login(client, f"198.51.100.{n}", "wrong")
    assert login(client, "203.0.113.9", PASSWORD).status_code == 429
    client.force_login(admin)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "nhaplieu" in listing.content.decode()
    response = client.post(
        "/admin/axes/accessattempt/",
        {
            "action": "delete_selected",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )
    assert response.status_code == 302 and not AccessAttempt.objects.exists()
    client.logout()
    assert login(client, "203.0.113.9", PASSWORD).status_code == 302


def test_it_counts_in_the_database_across_cache_instances(db):
    """Two workers hold two cache instances: with the database counter they count together; with local memory (the
    default cache without Redis) each counts alone."""
    first, second = DatabaseCounterCache(None, {}), DatabaseCounterCache(None, {})
    assert first.add("rl:k", 1, 60) and not second.add("rl:k", 1, 60)
    assert second.incr("rl:k") == 2 and first.incr("rl:k") == 3 and second.get("rl:k") == 3
    assert first.add("rl:gone", 1, 0)  # expired at once: a new window starts
    assert second.add("rl:gone", 1, 60) and second.get("rl:gone") == 1
    with pytest.raises(ValueError):
        first.incr("rl:missing")
    memory_a, memory_b = LocMemCache("worker-a", {}), LocMemCache("worker-b", {})
    memory_a.add("rl:k", 1, 60)
    assert memory_b.add("rl:k", 1, 60)  # the per-process count that let twice the allowance through


@pytest.fixture
def database_counter(settings):
    settings.CACHES = {**settings.CACHES, "ratelimit": {"BACKEND": "ops.ratecache.DatabaseCounterCache"}}
    settings.RATELIMIT_USE_CACHE = "ratelimit"
    settings.API_RATE_LIMIT = "3/m"
    settings.PROXY_COUNT = 1


def test_it_rejects_going_over_the_api_limit_through_another_worker(client, db, database_counter):
    address = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    statuses = []
    for request in range(4):
        # Every request reaches a "new worker": a cache instance of its own, as a separate process has.
        caches["ratelimit"] = DatabaseCounterCache(None, {})
        statuses.append(client.get("/api/v1/areas.geojson", {"kind": "province"}, **address).status_code)
    assert statuses[3] == 429 and 429 not in statuses[:3], statuses
