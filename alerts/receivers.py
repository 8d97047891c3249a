"""React to a publication of levels: queue the alerts once it has committed (risk sends the signal on commit)."""


def queue_alerts(sender, *, publication, changed: bool, **kwargs) -> None:
    if not changed:
        return
    from .tasks import send_publication_alerts

    send_publication_alerts.delay(publication.pk)
