"""Rule sets, computed assessments, overrides and published levels."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Area

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class RuleSet(models.Model):
    """A legal basis for assessment (e.g. QD2686) with its parameters and the dates it is in force."""

    code = models.CharField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    changelog = models.TextField(_("nhật ký thay đổi"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bộ quy tắc")
        verbose_name_plural = _("bộ quy tắc")
        ordering = ["valid_from"]

    def __str__(self) -> str:
        return self.code


class Assessment(models.Model):
    """The computed (proposed) level of one area on one date, with its reasons."""

    area = models.ForeignKey(Area, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField(_("ngày"), db_index=True)
    ruleset = models.ForeignKey(RuleSet, verbose_name=_("bộ quy tắc"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=LEVEL_VALIDATORS)
    computed_level = models.PositiveSmallIntegerField(_("cấp độ tính toán"), validators=LEVEL_VALIDATORS)
    intrinsic_level = models.PositiveSmallIntegerField(_("cấp độ nội tại"), null=True, blank=True)
    overridden = models.BooleanField(_("theo quyết định"), default=False)
    reasons = models.JSONField(_("lý do"), default=list)
    step_down_date = models.DateField(_("ngày sớm nhất có thể hạ cấp"), null=True, blank=True)
    fingerprint = models.CharField(_("dấu vân tay"), max_length=64, help_text=_("Dấu vân tay của dữ liệu đầu vào"))
    computed_at = models.DateTimeField(_("thời điểm tính"), default=timezone.now)

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        ordering = ["-date", "area__kind", "area__code"]
        constraints = [models.UniqueConstraint(fields=["area", "date"], name="assessment_area_date_unique")]

    def __str__(self) -> str:
        return f"{self.area} {self.date:%d/%m/%Y}: {self.level}"


class Override(models.Model):
    """A level decided by the authority for an area over a date range; it is what neighbours see."""

    area = models.ForeignKey(Area, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="overrides")
    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=LEVEL_VALIDATORS)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    reason = models.TextField(_("lý do"))
    body = models.CharField(_("cơ quan quyết định"), max_length=200)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("quyết định cấp độ")
        verbose_name_plural = _("quyết định cấp độ")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="override_range")]

    def __str__(self) -> str:
        return f"{self.area}: {self.level} ({self.decision_number})"


class PublicationQuerySet(models.QuerySet):
    def in_force(self, at=None) -> "PublicationQuerySet":
        """Publications whose effective time has come, newest first."""
        return self.filter(effective_at__lte=at or timezone.now()).order_by("-effective_at", "-pk")

    def upcoming(self, at=None) -> "PublicationQuerySet":
        return self.filter(effective_at__gt=at or timezone.now()).order_by("effective_at", "pk")


class Publication(models.Model):
    """An approved, frozen set of levels for one data date, in force from effective_at."""

    data_date = models.DateField(_("số liệu đến ngày"), db_index=True)
    effective_at = models.DateTimeField(_("hiệu lực từ"), db_index=True)
    published_at = models.DateTimeField(_("thời điểm công bố"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    automatic = models.BooleanField(_("tự động"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    missing_districts = models.JSONField(
        _("huyện chưa báo cáo"),
        default=list,
        blank=True,
        help_text=_(
            "Các huyện chưa báo cáo ngày số liệu khi công bố; người phê duyệt đã xác nhận công bố khi số liệu chưa đủ."
        ),
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("lần công bố")
        verbose_name_plural = _("các lần công bố")
        ordering = ["-effective_at", "-pk"]
        permissions = [("publish_levels", _("Được phê duyệt và công bố cấp độ"))]

    def __str__(self) -> str:
        return f"{self.data_date:%d/%m/%Y} ({timezone.localtime(self.effective_at):%H:%M %d/%m/%Y})"


class PublishedLevel(models.Model):
    """One area's level as published; never changed after publication."""

    publication = models.ForeignKey(
        Publication, verbose_name=_("lần công bố"), on_delete=models.CASCADE, related_name="levels"
    )
    area = models.ForeignKey(Area, verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="published_levels")
    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=LEVEL_VALIDATORS)
    computed_level = models.PositiveSmallIntegerField(_("cấp độ tính toán"), validators=LEVEL_VALIDATORS)
    overridden = models.BooleanField(_("theo quyết định"), default=False)
    reasons = models.JSONField(_("lý do"), default=list)
    step_down_date = models.DateField(_("ngày sớm nhất có thể hạ cấp"), null=True, blank=True)
    since = models.DateField(_("từ ngày"), help_text=_("Ngày đầu tiên đơn vị ở cấp độ này liên tục"))

    class Meta:
        verbose_name = _("cấp độ đã công bố")
        verbose_name_plural = _("cấp độ đã công bố")
        constraints = [models.UniqueConstraint(fields=["publication", "area"], name="published_level_unique")]

    def __str__(self) -> str:
        return f"{self.area}: {self.level}"


class AssessmentRun(models.Model):
    """The inputs fingerprint of one date's last evaluation: a recomputation with the same one has nothing to do."""

    date = models.DateField(_("ngày"), unique=True)
    ruleset = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="+")
    fingerprint = models.CharField(max_length=64)
    computed_at = models.DateTimeField(_("thời điểm tính"), default=timezone.now)
    national = models.JSONField(_("tổng hợp toàn quốc"), default=dict)

    class Meta:
        verbose_name = _("lượt tính")
        verbose_name_plural = _("các lượt tính")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class PendingRecompute(models.Model):
    """An assessment date waiting for recomputation; `token` changes on every new request for the date."""

    date = models.DateField(unique=True)
    token = models.CharField(max_length=32)
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ngày chờ tính lại")
        verbose_name_plural = _("các ngày chờ tính lại")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class PublicationForecast(models.Model):
    """The 7-day forecast made from one publication's data date: the share of futures at each level, per area."""

    publication = models.OneToOneField(
        Publication, verbose_name=_("lần công bố"), on_delete=models.CASCADE, primary_key=True, related_name="forecast"
    )
    origin = models.DateField(_("dự báo từ ngày"))
    futures = models.PositiveIntegerField(_("số kịch bản mô phỏng"))
    seed = models.BigIntegerField(_("hạt giống ngẫu nhiên"))
    data = models.JSONField(_("kết quả"), default=dict)
    computed_at = models.DateTimeField(_("thời điểm tính"), default=timezone.now)
    seconds = models.FloatField(_("thời gian tính (giây)"), default=0)

    class Meta:
        verbose_name = _("dự báo")
        verbose_name_plural = _("các dự báo")
        ordering = ["-origin"]

    def __str__(self) -> str:
        return f"{self.origin:%d/%m/%Y}"
