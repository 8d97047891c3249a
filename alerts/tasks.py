"""Send a publication's alerts: one delivery row per subscriber concerned, then batches over one SMTP connection.

A row is claimed (pending → sending) before its message goes; a message whose sending failed on an SMTP error goes
back to pending and is retried; a row left in "sending" by a worker that died mid-send is never sent again. So a
publication reaches a subscriber at most once, and every failure that can be retried is.
"""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from areas.models import Area
from notices.level_changes import level_changes
from risk.models import Publication

from .messages import Change, alert_message
from .models import Delivery, Subscriber

logger = logging.getLogger(__name__)

MAX_RETRIES = 5
# Sent rows are marked in groups of this many (one statement each).
MARK_EVERY = 20


def changes_by_subscriber(publication: Publication, subscriber_ids=None) -> dict[int, list[Change]]:
    """Return, per subscriber concerned (of those given, or all), the changes of their areas and of the areas those
    belong to."""
    changes = {c.area.pk: Change(area=c.area, before=c.before, after=c.after) for c in level_changes(publication)}
    if not changes:
        return {}
    parents = dict(Area.objects.filter(external=False).values_list("pk", "parent_id"))
    found: dict[int, list[Change]] = {}
    chosen = Subscriber.areas.through.objects.order_by("pk")
    if subscriber_ids is not None:
        chosen = chosen.filter(subscriber_id__in=list(subscriber_ids))
    for subscriber_id, area_id in chosen.values_list("subscriber_id", "area_id"):
        chain, step = [], area_id
        while step is not None and len(chain) < 4:
            chain.append(step)
            step = parents.get(step)
        listed = found.setdefault(subscriber_id, [])
        for pk in chain:
            if pk in changes and changes[pk] not in listed:
                listed.append(changes[pk])
    return {pk: listed for pk, listed in found.items() if listed}


@shared_task
def send_publication_alerts(publication_id: int) -> int:
    """Create the deliveries a publication owes and queue them in batches; return how many were queued."""
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None:
        return 0
    concerned = changes_by_subscriber(publication)
    Delivery.objects.bulk_create(
        [Delivery(publication=publication, subscriber_id=pk) for pk in concerned],
        ignore_conflicts=True,
        batch_size=2000,
    )
    pending = list(
        Delivery.objects.filter(publication=publication, status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = max(1, settings.ALERTS_BATCH_SIZE)
    for start in range(0, len(pending), size):
        send_alert_batch.delay(pending[start : start + size])
    logger.info("alerts: %s messages queued", len(pending), extra={"publication": publication_id})
    return len(pending)


def _permanent(exc: Exception) -> bool:
    """A refused recipient or a 5xx answer will not change on retry; a lost connection or a 4xx may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return True
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and 500 <= code < 600


def _again(task, exc: Exception, delivery_ids: list[int]):
    """Retry the deliveries not sent yet, later. Run eagerly (no broker), Celery re-runs a returned Retry at once;
    raised, it would propagate to the caller instead (task_eager_propagates)."""
    delay = min(300, settings.ALERTS_RETRY_DELAY * 2**task.request.retries)
    return task.retry(args=[delivery_ids], countdown=delay, exc=exc, throw=not task.request.is_eager)


def _claim_all(delivery_ids: list[int]) -> list[int]:
    """Claim the pending deliveries among these (pending → sending) in one statement; return those claimed."""
    with transaction.atomic():
        free = set(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(pk__in=delivery_ids, status=Delivery.Status.PENDING)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=free).update(
            status=Delivery.Status.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return [pk for pk in delivery_ids if pk in free]


def _mark_sent(delivery_ids: list[int]) -> None:
    if delivery_ids:
        Delivery.objects.filter(pk__in=delivery_ids).update(
            status=Delivery.Status.SENT, sent_at=timezone.now(), error=""
        )
        delivery_ids.clear()


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def send_alert_batch(self, delivery_ids: list[int]) -> int:
    """Send the messages of these deliveries over one connection; return how many were sent.

    Rows are marked sent a few at a time: a worker that dies in between leaves them "sending", never sent again.
    """
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        return _again(self, exc, delivery_ids)
    claimed = _claim_all(delivery_ids)
    rows = {d.pk: d for d in Delivery.objects.filter(pk__in=claimed).select_related("subscriber", "publication")}
    changes_cache: dict[int, dict[int, list[Change]]] = {}
    sheets: dict = {}
    sent, done = 0, []
    try:
        for position, delivery_id in enumerate(claimed):
            delivery = rows[delivery_id]
            publication = delivery.publication
            if publication.pk not in changes_cache:
                batch = [d.subscriber_id for d in rows.values() if d.publication_id == publication.pk]
                changes_cache[publication.pk] = changes_by_subscriber(publication, batch)
            changes = changes_cache[publication.pk].get(delivery.subscriber_id)
            if not changes:  # the subscriber changed their areas since: nothing to say
                done.append(delivery_id)
                continue
            subscriber = delivery.subscriber
            message = alert_message(
                email=subscriber.email,
                language=subscriber.language,
                publication=publication,
                changes=changes,
                sheets=sheets,
            )
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as exc:
                _mark_sent(done)
                if _permanent(exc) or self.request.retries >= self.max_retries:
                    Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.FAILED, error=str(exc)[:300])
                    logger.warning("alerts: message not delivered", extra={"delivery": delivery_id})
                    continue
                untried = claimed[position + 1 :]
                Delivery.objects.filter(pk=delivery_id).update(status=Delivery.Status.PENDING, error=str(exc)[:300])
                Delivery.objects.filter(pk__in=untried).update(
                    status=Delivery.Status.PENDING, attempts=F("attempts") - 1
                )
                return _again(self, exc, claimed[position:])
            done.append(delivery_id)
            sent += 1
            if len(done) >= MARK_EVERY:
                _mark_sent(done)
        _mark_sent(done)
    finally:
        connection.close()
    return sent
