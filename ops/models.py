"""Operational state kept in the database."""

from django.db import models


class RateCounter(models.Model):
    """A request counter of the open-data rate limit when there is no Redis: one row per client and time window,
    incremented in SQL so that every worker process counts against the same allowance."""

    key = models.CharField(max_length=250, primary_key=True)
    value = models.BigIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
