"""Celery beat: today's levels are recomputed at 08:00, 13:00 and 20:00 Asia/Ho_Chi_Minh, as the national map did
(spec §6; CELERY_TIMEZONE is Asia/Ho_Chi_Minh)."""

from celery.schedules import crontab

RECOMPUTE_HOURS = (8, 13, 20)

CELERY_BEAT_SCHEDULE = {
    f"risk-recompute-{hour:02d}00": {
        "task": "risk.recompute_today",
        "schedule": crontab(hour=hour, minute=0),
        "options": {"expires": 3 * 3600},
    }
    for hour in RECOMPUTE_HOURS
}

# Dates left pending while the broker or cache was down are drained within a minute of their return, rather than
# at the next data change or recompute time; a run with nothing pending costs one query.
CELERY_BEAT_SCHEDULE["risk-drain-pending"] = {
    "task": "risk.drain_pending",
    "schedule": 60.0,
    "options": {"expires": 55},
}
