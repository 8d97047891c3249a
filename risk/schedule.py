"""Celery beat: every minute, take the pending data changes and recompute today's levels when the clock reaches one
of the `recompute_times` of the rule set in force (08:00, 13:00 and 20:00 Asia/Ho_Chi_Minh in Decision 2686, as
the national map did; spec §6). CELERY_TIMEZONE is Asia/Ho_Chi_Minh, so the minute boundaries are local ones."""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    # Reads the rule set's times each minute: an approver who edits them changes the schedule without a restart.
    "risk-recompute-at-ruleset-times": {
        "task": "risk.recompute_if_due",
        "schedule": crontab(minute="*"),
        "options": {"expires": 55},
    },
    # Dates left pending while the broker or cache was down, and outbox rows whose after-commit step failed, are
    # drained within a minute, rather than at the next data change or recompute time; with nothing pending a run
    # costs two queries.
    "risk-drain-pending": {
        "task": "risk.drain_pending",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
