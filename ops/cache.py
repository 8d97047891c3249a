"""Django's Redis cache, with one client per connection pool instead of one per call, and `incr` in one step.

Django builds a `redis.Redis` object for every cache call; with redis-py 8 that object copies about 200 response
callbacks each time, which was most of the cost of a page replayed from the cache. A client is safe to share
between threads (its connection pool hands out the connections), so one per pool is kept.

Django's `incr` asks whether the key exists, then increments it: two round trips, and a key that expires between
them comes back from INCR without an expiry, a counter that never ends (django-ratelimit counts the open-data
allowance with it). Here both happen in one script, atomically.

`get_many_and_incr` reads keys and counts one more in a counter in one round trip: a replayed open-data answer
(public.ratelimit) reads the kept response and counts its client's request together.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""
# The counter starts with its expiry; the values follow the count.
READ_COUNTING = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[1])
end
local values = {}
if #KEYS > 1 then
  values = redis.call('MGET', unpack(KEYS, 2))
end
table.insert(values, 1, count)
return values
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client

    def _script(self, source: str):
        index = self._get_connection_pool_index(True)
        script = self._scripts.get((index, source))
        if script is None:
            script = self._scripts[(index, source)] = self.get_client(write=True).register_script(source)
        return script

    def incr(self, key, delta):
        value = self._script(INCR_EXISTING)(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def get_many_and_incr(self, keys, counter, timeout):
        count, *values = self._script(READ_COUNTING)(keys=[counter, *keys], args=[int(timeout)])
        return {key: self._serializer.loads(value) for key, value in zip(keys, values) if value is not None}, count


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient

    def get_many_and_incr(self, keys, counter, timeout):
        """Return the values found of keys and the count in counter after one more (started with this timeout)."""
        names = {self.make_and_validate_key(key): key for key in keys}
        found, count = self._cache.get_many_and_incr(list(names), self.make_and_validate_key(counter), timeout)
        return {names[name]: value for name, value in found.items()}, count
