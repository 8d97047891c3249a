"""Helpers shared by the risk services: one date's lock and the dates as the records write them."""

import datetime

from django.db import connection


def format_day(d: datetime.date) -> str:
    return d.strftime("%d/%m/%Y")


def lock_date(day: datetime.date) -> None:
    """Serialise writers of one date's assessments and publications across workers (PostgreSQL; SQLite has one
    writer at a time anyway)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [2686, day.toordinal()])
