"""ops.cache: Django's Redis cache with one client per pool, `incr` in one atomic step, and read-and-count."""

import pytest
from django.conf import settings
from django.core.cache import caches
from redis.connection import AbstractConnection

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs Redis (REDIS_URL)")


@pytest.fixture
def store():
    store = caches["default"]
    store.clear()
    yield store
    store.clear()


@pytest.fixture
def round_trips(monkeypatch):
    """Count the commands (or pipelines) sent to Redis."""
    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


def _ttl(store, key) -> int:
    client = store._cache.get_client(key)
    return client.ttl(store.make_and_validate_key(key))


def test_it_increments_a_counter_in_one_round_trip_and_keeps_its_expiry(store, round_trips):
    store.add("counter", 1, 60)
    round_trips.clear()
    assert store.incr("counter") == 2
    assert len(round_trips) == 1
    assert 0 < _ttl(store, "counter") <= 60


def test_it_rejects_incrementing_a_missing_key_and_creates_nothing(store):
    with pytest.raises(ValueError):
        store.incr("gone")
    assert store.get("gone") is None


def test_it_reads_keys_and_counts_in_one_round_trip(store, round_trips):
    store.set("kept", {"body": b"page"}, 60)
    round_trips.clear()
    found, count = store.get_many_and_incr(["kept", "absent"], "open-data:counter", 30)
    assert found == {"kept": {"body": b"page"}} and count == 1
    assert len(round_trips) == 1
    assert 0 < _ttl(store, "open-data:counter") <= 30
    assert store.get_many_and_incr([], "open-data:counter", 30) == ({}, 2)
    assert store.get("open-data:counter") == 2
