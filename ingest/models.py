"""Daily figures from the health department, analyst flags, declared levels of external areas, imports."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Area

# Fields of section 2.1 of the rules, in the order of the entry sheet and the upload template.
RULE_FIELDS = (
    "community_cases_known_source",
    "community_cases_unknown_source",
    "unknown_source_clusters",
    "hard_to_control_source_cases",
    "quarantined_cases",
    "community_f1",
)
DISPLAY_FIELDS = ("tests", "recovered", "deaths")
REPORT_FIELDS = RULE_FIELDS + DISPLAY_FIELDS
SYNTHETIC_NOTE = "Số liệu mô phỏng (demo)"


def history_of(name) -> HistoricalRecords:
    """Keep every change, under a Vietnamese name (django-simple-history's own is "historical …", untranslated)."""
    return HistoricalRecords(verbose_name=name, verbose_name_plural=name)


def synthetic_field():
    return models.BooleanField(
        _("số liệu mô phỏng"),
        default=False,
        editable=False,
        help_text=_("Số liệu tạo cho bản demo, không phải số liệu thật"),
    )


class DailyReport(models.Model):
    """The official figures of one area (a commune, or a district/province for unattributed cases) on one date."""

    area = models.ForeignKey(Area, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    date = models.DateField(_("ngày"), db_index=True)
    community_cases_known_source = models.PositiveIntegerField(_("F0 cộng đồng rõ nguồn lây"), default=0)
    community_cases_unknown_source = models.PositiveIntegerField(_("F0 cộng đồng chưa rõ nguồn lây"), default=0)
    unknown_source_clusters = models.PositiveIntegerField(_("chùm ca bệnh chưa rõ nguồn lây"), default=0)
    hard_to_control_source_cases = models.PositiveIntegerField(
        _("F0 từ nguồn khó kiểm soát"),
        default=0,
        help_text=_("Trong số F0 cộng đồng rõ nguồn lây: nguồn từ khu công nghiệp, trường học, siêu thị lớn…"),
    )
    quarantined_cases = models.PositiveIntegerField(_("F0 trong khu cách ly"), default=0)
    community_f1 = models.PositiveIntegerField(_("F1 tại cộng đồng"), default=0)
    tests = models.PositiveIntegerField(_("số xét nghiệm"), null=True, blank=True)
    recovered = models.PositiveIntegerField(_("khỏi bệnh"), null=True, blank=True)
    deaths = models.PositiveIntegerField(_("tử vong"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    warning_comment = models.TextField(
        _("giải trình cảnh báo"),
        blank=True,
        help_text=_("Bắt buộc khi số liệu vượt một quy tắc kiểm tra hợp lý mức cảnh báo: vì sao số liệu vẫn đúng."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("thời điểm nhập"), auto_now=True)
    source_import = models.ForeignKey(
        "ReportImport", verbose_name=_("từ tệp"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    synthetic = synthetic_field()
    history = history_of(_("lịch sử báo cáo ngày"))

    class Meta:
        verbose_name = _("báo cáo ngày")
        verbose_name_plural = _("báo cáo ngày")
        ordering = ["-date", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["area", "date"], name="daily_report_area_date_unique"),
            models.CheckConstraint(
                condition=models.Q(hard_to_control_source_cases__lte=models.F("community_cases_known_source")),
                name="daily_report_hard_to_control_within_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.date:%d/%m/%Y}"


class AreaFlag(models.Model):
    """An analyst's judgement about an area over a date range (section 2.2 of the rules)."""

    class Flag(models.TextChoices):
        CROWDED_PLACE_RED_CLUSTER = (
            "crowded_place_red_cluster",
            _("F0 liên quan nơi đông người là nguồn chùm ca rất cao"),
        )
        ILLEGAL_ENTRY_RISK = "illegal_entry_risk", _("Nguy cơ cao từ người nhập cảnh trái phép")
        LARGE_QUARANTINE_POPULATION = "large_quarantine_population", _("Nhiều người cách ly tập trung")
        SCATTERED = "scattered", _("Các địa bàn nguy cơ nằm rải rác")
        FAST_SPREAD_SHARE = "fast_spread_share", _("Tỷ lệ địa bàn có nguy cơ lây lan nhanh")
        PROTECTED_SITE_AT_RISK = "protected_site_at_risk", _("Khu công nghiệp cần bảo vệ giáp nguồn lây khó kiểm soát")
        SPREAD_TO_OTHER_PROVINCES = "spread_to_other_provinces", _("Dịch lây sang tỉnh khác")

    COMMUNE_FLAGS = {Flag.CROWDED_PLACE_RED_CLUSTER, Flag.ILLEGAL_ENTRY_RISK, Flag.LARGE_QUARANTINE_POPULATION}
    DISTRICT_FLAGS = {Flag.SCATTERED, Flag.FAST_SPREAD_SHARE, Flag.PROTECTED_SITE_AT_RISK}
    PROVINCE_FLAGS = DISTRICT_FLAGS | {Flag.SPREAD_TO_OTHER_PROVINCES}

    area = models.ForeignKey(Area, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="flags")
    flag = models.CharField(_("yếu tố"), max_length=40, choices=Flag.choices)
    value = models.FloatField(
        _("giá trị"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Chỉ cho tỷ lệ lây lan nhanh: từ 0 đến 1"),
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    note = models.TextField(_("ghi chú"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đặt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("thời điểm"), auto_now=True)
    synthetic = synthetic_field()
    history = history_of(_("lịch sử yếu tố đánh giá"))

    class Meta:
        verbose_name = _("yếu tố đánh giá")
        verbose_name_plural = _("yếu tố đánh giá")
        ordering = ["-start", "area__code"]
        constraints = [models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="area_flag_range")]

    def __str__(self) -> str:
        return f"{self.get_flag_display()} – {self.area}"


class DeclaredLevel(models.Model):
    """The level an external area's own authorities announced, over a date range."""

    area = models.ForeignKey(
        Area, verbose_name=_("đơn vị ngoài tỉnh"), on_delete=models.PROTECT, related_name="declared_levels"
    )
    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    reference = models.CharField(_("văn bản công bố"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("thời điểm nhập"), auto_now=True)
    synthetic = synthetic_field()
    history = history_of(_("lịch sử cấp độ công bố ngoài tỉnh"))

    class Meta:
        verbose_name = _("cấp độ công bố ngoài tỉnh")
        verbose_name_plural = _("cấp độ công bố ngoài tỉnh")
        ordering = ["-start", "area__code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="declared_level_range")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.level} ({self.start:%d/%m/%Y}–{self.end:%d/%m/%Y})"


def import_file_path(instance: "ReportImport", filename: str) -> str:
    """Store under a random name: the clerk's file name is kept in file_name, never used as a path."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class ReportImport(models.Model):
    """One uploaded file of daily reports, from preview to commit."""

    class Status(models.TextChoices):
        PENDING = "pending", _("đang xử lý")
        PREVIEWED = "previewed", _("đã xem trước")
        INVALID = "invalid", _("có lỗi")
        COMMITTING = "committing", _("đang ghi")
        COMMITTED = "committed", _("đã ghi")
        FAILED = "failed", _("thất bại")

    file = models.FileField(_("tệp"), upload_to=import_file_path)
    file_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("tạo mới"), default=0)
    updated = models.PositiveIntegerField(_("cập nhật"), default=0)
    unchanged = models.PositiveIntegerField(_("không đổi"), default=0)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    message = models.TextField(_("thông báo"), blank=True)
    preview = models.JSONField(_("xem trước"), default=dict, blank=True, editable=False)
    language = models.CharField(max_length=10, default="vi", editable=False)
    committed_at = models.DateTimeField(_("thời điểm ghi"), null=True, blank=True)
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận ghi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tệp số liệu")
        verbose_name_plural = _("tệp số liệu")
        ordering = ["-uploaded_at"]
        # The original file is the health department's record: viewing the import's outcome is not enough to fetch it.
        permissions = [("download_original_reportimport", _("Có thể tải về tệp gốc đã tải lên"))]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.uploaded_at:%d/%m/%Y %H:%M})"


class DailySheet(DailyReport):
    """The daily entry sheet, listed in the admin beside the reports (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("bảng nhập liệu hằng ngày")
        verbose_name_plural = _("bảng nhập liệu hằng ngày")


class StaffScope(models.Model):
    """The districts a staff member works for; none means none (the whole province is the explicit permission
    `ingest.whole_province`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scope")
    districts = models.ManyToManyField(
        Area, verbose_name=_("huyện phụ trách"), blank=True, limit_choices_to={"kind": Area.Kind.DISTRICT}
    )

    class Meta:
        verbose_name = _("phạm vi phụ trách")
        verbose_name_plural = _("phạm vi phụ trách")
        permissions = [("whole_province", _("Làm việc cho toàn tỉnh (mọi huyện)"))]

    def __str__(self) -> str:
        return str(self.user)


class DataChange(models.Model):
    """The outbox of data changes: a data date whose figures, flags or declared levels changed.

    Written by the writer in the same transaction as the data, so that a committed change always leaves its row;
    the risk app takes the rows (after commit, and at every scheduled run) and queues the dates to recompute.
    """

    date = models.DateField(_("ngày số liệu"))
    recorded_at = models.DateTimeField(_("ghi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("thay đổi số liệu chờ tính lại")
        verbose_name_plural = _("thay đổi số liệu chờ tính lại")

    def __str__(self):
        return self.date.isoformat()


class PlausibilityRule(models.Model):
    """A check of a report's figures against each other, the area's population and its recent history (DHIS2's
    validation rules): an expression that must hold, written in the small language of ingest/plausibility.py."""

    class Severity(models.TextChoices):
        ERROR = "error", _("lỗi: không cho lưu")
        WARNING = "warning", _("cảnh báo: lưu được khi có giải trình")

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    expression = models.TextField(
        _("biểu thức phải đúng"),
        help_text=_(
            "Ví dụ: community_cases_known_source + community_cases_unknown_source <= population; "
            "deaths <= 5 * max(max14(deaths), 3). Tên dùng được: các cột số liệu, population (dân số), "
            "max14(…) (lớn nhất của 14 ngày trước), max(…), min(…); phép + - * / và so sánh, and, or."
        ),
    )
    severity = models.CharField(_("mức"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    message = models.CharField(
        _("thông báo"),
        max_length=400,
        help_text=_("Câu hiện cho cán bộ nhập liệu; {left} và {right} là giá trị hai vế của phép so sánh."),
    )
    column = models.CharField(
        _("cột được đánh dấu"),
        max_length=40,
        blank=True,
        help_text=_("Ô được tô trong bảng nhập liệu; để trống là cả dòng."),
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)
    history = history_of(_("lịch sử quy tắc kiểm tra hợp lý"))

    class Meta:
        verbose_name = _("quy tắc kiểm tra hợp lý")
        verbose_name_plural = _("quy tắc kiểm tra hợp lý")
        ordering = ["severity", "code"]

    def __str__(self) -> str:
        return self.name


class NoNewCasesDeclaration(models.Model):
    """A district's explicit report that none of its units had a new case on a date: the engine reads it as zeros."""

    district = models.ForeignKey(
        Area, verbose_name=_("huyện"), on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "district"}
    )
    date = models.DateField(_("ngày"), db_index=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("thời điểm báo cáo"), default=timezone.now)
    history = history_of(_("lịch sử báo cáo không có ca mới"))

    class Meta:
        verbose_name = _("báo cáo không có ca mới")
        verbose_name_plural = _("báo cáo không có ca mới")
        ordering = ["-date", "district__code"]
        constraints = [models.UniqueConstraint(fields=["district", "date"], name="no_new_cases_district_date_unique")]

    def __str__(self) -> str:
        return f"{self.district} {self.date:%d/%m/%Y}: " + str(_("không có ca mới"))


class LockedDate(models.Model):
    """A date whose figures fed a publication: closed to changes except by a granted correction request."""

    date = models.DateField(_("ngày số liệu"), unique=True)
    locked_at = models.DateTimeField(_("khoá lúc"))
    data_date = models.DateField(_("theo lần công bố số liệu ngày"))

    class Meta:
        verbose_name = _("ngày đã khoá")
        verbose_name_plural = _("ngày đã khoá")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class CorrectionRequest(models.Model):
    """A clerk's request to change a locked date's figures of one district; granted, it opens them until the
    date is published again (DHIS2's lock exceptions)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("chờ duyệt")
        GRANTED = "granted", _("đã cho phép sửa")
        REFUSED = "refused", _("từ chối")

    district = models.ForeignKey(
        Area, verbose_name=_("huyện"), on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": "district"}
    )
    date = models.DateField(_("ngày số liệu"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("thời điểm yêu cầu"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)
    history = history_of(_("lịch sử yêu cầu sửa số liệu đã công bố"))

    class Meta:
        verbose_name = _("yêu cầu sửa số liệu đã công bố")
        verbose_name_plural = _("yêu cầu sửa số liệu đã công bố")
        ordering = ["-requested_at"]
        permissions = [("grant_correctionrequest", _("Cho phép sửa số liệu đã công bố"))]

    def __str__(self) -> str:
        return f"{self.district} {self.date:%d/%m/%Y} ({self.get_status_display()})"


class MissingReports(DailyReport):
    """The "Chưa báo cáo" page's line on the admin index (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("chưa báo cáo")
        verbose_name_plural = _("chưa báo cáo")
