"""Django's Redis cache, with one client per connection pool instead of one per call.

Django builds a `redis.Redis` object for every cache call; with redis-py 8 that object copies about 200 response
callbacks each time, which was most of the cost of a page replayed from the cache. A client is safe to share
between threads (its connection pool hands out the connections), so one per pool is kept.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
