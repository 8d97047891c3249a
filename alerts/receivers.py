"""React to a publication of levels: queue the alerts once it has committed (risk sends the signal on commit)."""

from .tasks import send_publication_alerts


def queue_alerts(sender, *, publication, changed: bool, **kwargs) -> None:
    if not changed:
        return
    send_publication_alerts.delay(publication.pk)
