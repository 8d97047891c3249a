"""Email subscribers to the levels of their areas, and one delivery per publication and subscriber.

A subscriber row exists only once the address is confirmed: what is stored is the address, the chosen areas and
the language the person subscribed in (the messages are written in it) — nothing else.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from areas.models import Area


class Subscriber(models.Model):
    email = models.EmailField(_("địa chỉ thư điện tử"), unique=True)
    areas = models.ManyToManyField(Area, verbose_name=_("địa bàn theo dõi"), related_name="+")
    language = models.CharField(_("ngôn ngữ"), max_length=2, default="vi")
    confirmed_at = models.DateTimeField(_("xác nhận lúc"))

    class Meta:
        verbose_name = _("người đăng ký")
        verbose_name_plural = _("người đăng ký")

    def __str__(self) -> str:
        return self.email


class Delivery(models.Model):
    """The one message a publication owes a subscriber: claimed before it is sent, so it never goes twice."""

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ gửi")
        SENDING = "sending", _("đang gửi")
        SENT = "sent", _("đã gửi")
        FAILED = "failed", _("không gửi được")

    publication = models.ForeignKey("risk.Publication", on_delete=models.CASCADE, related_name="+")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("thư đã gửi")
        verbose_name_plural = _("thư đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["publication", "subscriber"], name="delivery_once_per_publication"),
        ]
        indexes = [models.Index(fields=["publication", "status"], name="delivery_publication_status")]
