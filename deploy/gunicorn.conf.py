"""gunicorn settings for the web container (gunicorn -c deploy/gunicorn.conf.py covidmaps.wsgi:application)."""

import multiprocessing

bind = "0.0.0.0:8000"
# Two processes per core with a few threads each: requests mostly wait on PostgreSQL and Redis.
# Override per host with GUNICORN_CMD_ARGS="--workers N --threads M", which gunicorn reads itself.
workers = min(2 * multiprocessing.cpu_count(), 8)
threads = 4
worker_class = "gthread"
# Recycle processes now and then so that a slow leak never takes a container down at peak.
# Import Django once in the master: a restarted worker then costs a fork, not a fresh import (p99 spikes).
preload_app = True
max_requests = 50000
max_requests_jitter = 500
timeout = 60
graceful_timeout = 30
keepalive = 5
# Heartbeat files in memory: a container's overlay file system can stall the workers' heartbeat.
worker_tmp_dir = "/dev/shm"
# Only nginx reaches this port; Django reads the forwarded scheme itself (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = "*"
# Requests are logged once, as JSON, by ops.logging_middleware; gunicorn logs only its own events.
accesslog = None
errorlog = "-"
loglevel = "info"
