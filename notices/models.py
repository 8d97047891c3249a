"""Notices, measures per level and public-information texts, kept by the information department's editors."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Area

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class NoticeQuerySet(models.QuerySet):
    def published(self, at=None) -> "NoticeQuerySet":
        """Notices the public may see at `at`: published or withdrawn, their publish time come."""
        at = at or timezone.now()
        return self.filter(
            status__in=[Notice.Status.SCHEDULED, Notice.Status.PUBLISHED, Notice.Status.WITHDRAWN],
            publish_at__lte=at,
        )

    def current(self, at=None) -> "NoticeQuerySet":
        """Published notices not withdrawn and not expired at `at`."""
        at = at or timezone.now()
        return self.published(at).exclude(status=Notice.Status.WITHDRAWN).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at)
        )


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        SCHEDULED = "scheduled", _("hẹn giờ đăng")
        PUBLISHED = "published", _("đã đăng")
        WITHDRAWN = "withdrawn", _("đã thu hồi")

    title = models.CharField(_("tiêu đề"), max_length=250)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.TextField(_("tóm tắt"), blank=True)
    body = models.TextField(_("nội dung (Markdown)"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    areas = models.ManyToManyField(Area, verbose_name=_("địa bàn liên quan"), blank=True, related_name="notices")
    levels = models.JSONField(_("cấp độ liên quan"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(_("đăng lúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do thu hồi"), blank=True)
    pinned = models.BooleanField(_("ghim lên đầu trang"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tác giả"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("biên tập"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    source_publication = models.ForeignKey(
        "risk.Publication", null=True, blank=True, on_delete=models.SET_NULL, related_name="notices",
        help_text=_("Lần công bố cấp độ mà thông báo này loan báo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html"])

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_notice", _("Được đăng và thu hồi thông báo"))]

    def __str__(self) -> str:
        return self.title


class MeasureQuerySet(models.QuerySet):
    def in_force(self, date) -> "MeasureQuerySet":
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))


class Measure(models.Model):
    """One measure of a level: mandatory (the Decision's) or local (a stricter provincial decision)."""

    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=LEVEL_VALIDATORS)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text_vi = models.TextField(_("nội dung (tiếng Việt)"))
    text_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    legal_reference = models.CharField(_("căn cứ"), max_length=300)
    mandatory = models.BooleanField(_("bắt buộc theo Quyết định"), default=True)
    area = models.ForeignKey(
        Area, verbose_name=_("chỉ cho địa bàn"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="local_measures",
    )
    local_decision = models.CharField(_("quyết định của tỉnh"), max_length=200, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("biện pháp")
        verbose_name_plural = _("biện pháp")
        ordering = ["level", "-mandatory", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.level}.{self.order} {self.text_vi[:60]}"


class PublicTextQuerySet(models.QuerySet):
    def in_force(self, date) -> "PublicTextQuerySet":
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))


class PublicText(models.Model):
    """An editable public text: what a level means for residents, or a block of the home page."""

    class Key(models.TextChoices):
        LEVEL_1 = "level_1", _("Cấp độ 1 – Bình thường mới")
        LEVEL_2 = "level_2", _("Cấp độ 2 – Nguy cơ")
        LEVEL_3 = "level_3", _("Cấp độ 3 – Nguy cơ cao")
        LEVEL_4 = "level_4", _("Cấp độ 4 – Nguy cơ rất cao")
        HOME_PURPOSE = "home_purpose", _("Trang chủ: mục đích của các cấp độ")
        HOME_FOUR_ON_SITE = "home_four_on_site", _("Trang chủ: nguyên tắc 4 tại chỗ")
        HOME_BLUEZONE = "home_bluezone", _("Trang chủ: Bluezone và khai báo y tế")
        HOTLINES = "hotlines", _("Đường dây nóng")

    key = models.CharField(_("mục"), max_length=30, choices=Key.choices)
    title_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=200, blank=True)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=200, blank=True)
    body_vi = models.TextField(_("nội dung (tiếng Việt, Markdown)"))
    body_en = models.TextField(_("nội dung (tiếng Anh, Markdown)"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PublicTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản công khai")
        verbose_name_plural = _("văn bản công khai")
        ordering = ["key", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.valid_from:%d/%m/%Y})"
