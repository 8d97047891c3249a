"""Fixtures of the outreach tests: a real SMTP server (aiosmtpd) the test starts, and publications made through
publish_levels so that what follows a publication (signal on commit, Celery) runs as in production."""

import datetime
import email
import email.policy
import socket
import threading
from zoneinfo import ZoneInfo

import pytest

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


class Mailbox:
    """Messages the test's SMTP server accepted; `refuse` makes it answer 451 to the next n messages."""

    def __init__(self):
        self.messages: list = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 Requested action aborted: local error in processing"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list:
        with self.lock:
            return [message for recipients, message in self.messages if address in recipients]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free local port; Django's SMTP backend points at it."""
    from .smtpserver import Controller

    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def outreach_settings(request, settings, tmp_path):
    """Tasks in-process unless the test is a real worker's (`services`); no test sees another's cache."""
    from django.utils import translation

    from covidmaps.celery import app
    from public import httpcache

    settings.MAP_TILE_URL = ""
    settings.PUBLISHED_ROOT = tmp_path / "published"
    settings.SITE_URL = "https://covidmaps.example"
    settings.EMBED_FRAME_ANCESTORS = ["https://truong.example", "https://huyen.example"]

    def forget():
        try:
            httpcache.clear()
        except Exception:
            pass

    eager = request.node.get_closest_marker("services") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager or previous
    forget()
    translation.activate("vi")
    yield settings
    app.conf.task_always_eager = previous
    forget()
    translation.activate("vi")


def local(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LOCAL)


def propose(levels: dict, data_date: datetime.date) -> None:
    """Store computed proposals of data_date (what the engine would), for publish_levels to freeze."""
    from risk.models import Assessment, AssessmentRun, RuleSet

    ruleset = RuleSet.objects.order_by("valid_from").first()
    AssessmentRun.objects.update_or_create(date=data_date, defaults={"ruleset": ruleset, "fingerprint": "test"})
    for area, level in levels.items():
        Assessment.objects.update_or_create(
            area=area,
            date=data_date,
            defaults={
                "ruleset": ruleset,
                "level": level,
                "computed_level": level,
                "fingerprint": "test",
                "reasons": [],
            },
        )


def publish_levels_of(levels: dict, data_date: datetime.date, effective_at: datetime.datetime):
    """Publish through the real service (automatic: no approver needed)."""
    from risk.services.publication import publish_levels

    propose(levels, data_date)
    return publish_levels(data_date=data_date, effective_at=effective_at, user=None, automatic=True)
