"""Notices, measures per level and public-information texts, kept by the information department's editors."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from areas.models import Area

from .spoken import unknown_blanks

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
        return (
            self.published(at)
            .exclude(status=Notice.Status.WITHDRAWN)
            .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        )

    def concerning(self, areas) -> "NoticeQuerySet":
        return self.filter(areas__in=areas).distinct()


class Notice(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("bản nháp")
        SCHEDULED = "scheduled", _("hẹn giờ đăng")
        PUBLISHED = "published", _("đã đăng")
        WITHDRAWN = "withdrawn", _("đã thu hồi")

    title = models.CharField(_("tiêu đề"), max_length=250)
    slug = models.SlugField(
        _("đường dẫn"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Để trống để tạo từ tiêu đề; không đổi sau khi đăng"),
    )
    summary = models.TextField(_("tóm tắt"), blank=True, help_text=_("Một hai câu, hiện trong danh sách và nguồn tin"))
    body = models.TextField(
        _("nội dung (Markdown)"),
        blank=True,
        help_text=_(
            "Markdown: **đậm**, *nghiêng*, [liên kết](https://…), danh sách bắt đầu bằng “- ”, bảng. "
            "Mã HTML không an toàn (script, iframe, thuộc tính on…, style) bị loại bỏ khi lưu."
        ),
    )
    body_html = models.TextField(editable=False, blank=True)
    areas = models.ManyToManyField(
        Area,
        verbose_name=_("địa bàn liên quan"),
        blank=True,
        related_name="notices",
        help_text=_(
            "Thông báo hiện trên trang của các địa bàn này và các địa bàn trực thuộc; "
            "chọn tỉnh Lạng Sơn cho thông báo chung toàn tỉnh"
        ),
    )
    levels = models.JSONField(_("cấp độ liên quan"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("đăng lúc"),
        null=True,
        blank=True,
        help_text=_("Thời điểm công khai; để trống để đăng ngay khi bấm “Đăng”"),
    )
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("lý do thu hồi"), blank=True)
    pinned = models.BooleanField(
        _("ghim lên đầu trang"), default=False, help_text=_("Hiện trên dải thông báo ở đầu mọi trang khi còn hiệu lực")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tác giả"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("biên tập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_publication = models.ForeignKey(
        "risk.Publication",
        verbose_name=_("lần công bố cấp độ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notices",
        help_text=_("Lần công bố cấp độ mà thông báo này loan báo"),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["body_html"])

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-publish_at", "-pk"]
        permissions = [("publish_notice", _("Được đăng và thu hồi thông báo"))]
        indexes = [models.Index(fields=["status", "publish_at"], name="notice_status_publish_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(publish_at__isnull=False),
                name="notice_public_has_publish_at",
                violation_error_message=_("Thông báo đã đăng hoặc hẹn giờ phải có thời điểm đăng."),
            ),
            models.CheckConstraint(
                condition=~Q(status="withdrawn") | Q(withdrawn_at__isnull=False),
                name="notice_withdrawn_has_time",
                violation_error_message=_("Thông báo đã thu hồi phải có thời điểm thu hồi."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expires_at__gt=models.F("publish_at")),
                name="notice_expires_after_publish",
                violation_error_message=_("Thời điểm hết hạn phải sau thời điểm đăng."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_public(self, at=None) -> bool:
        at = at or timezone.now()
        return self.status != self.Status.DRAFT and self.publish_at is not None and self.publish_at <= at

    def is_expired(self, at=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (at or timezone.now())

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def public_status(self, at=None):
        """Return the status a reader sees: a scheduled notice whose time has come is published."""
        if self.status == self.Status.SCHEDULED and self.is_public(at):
            return self.Status.PUBLISHED
        return self.Status(self.status)


class MeasureQuerySet(models.QuerySet):
    def in_force(self, date: datetime.date) -> "MeasureQuerySet":
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))


class Measure(models.Model):
    """One measure of a level: mandatory (the Decision's) or local (a stricter provincial decision)."""

    level = models.PositiveSmallIntegerField(
        _("cấp độ"),
        validators=LEVEL_VALIDATORS,
        help_text=_("Áp dụng cho địa bàn ở cấp độ này và các cấp cao hơn (các biện pháp cộng dồn)"),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text_vi = models.TextField(_("nội dung (tiếng Việt)"), help_text=_("Các ý con: mỗi ý một dòng, bắt đầu bằng “- ”"))
    text_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    legal_reference = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_(
            "Với biện pháp bắt buộc: điều khoản của Quyết định, ví dụ “Quyết định 2686/QĐ-BCĐQG, Phần IV, mục 3, điểm 1”"
        ),
    )
    mandatory = models.BooleanField(_("bắt buộc theo Quyết định"), default=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("chỉ cho địa bàn"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="local_measures",
        help_text=_(
            "Chỉ với biện pháp của tỉnh: áp dụng cho địa bàn này và các địa bàn trực thuộc; "
            "để trống để áp dụng toàn tỉnh"
        ),
    )
    local_decision = models.CharField(
        _("quyết định của tỉnh"),
        max_length=200,
        blank=True,
        help_text=_("Số, ngày và cơ quan ban hành, ví dụ “Quyết định số …/QĐ-UBND ngày …”"),
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("biện pháp")
        verbose_name_plural = _("biện pháp")
        ordering = ["level", "-mandatory", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="measure_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.CheckConstraint(
                condition=Q(mandatory=False) | (Q(area__isnull=True) & Q(local_decision="")),
                name="measure_mandatory_is_national",
                violation_error_message=_(
                    "Biện pháp bắt buộc theo Quyết định 2686 áp dụng toàn quốc: không ghi địa bàn hay quyết định của tỉnh."
                ),
            ),
            models.CheckConstraint(
                condition=Q(mandatory=False) | ~Q(legal_reference=""),
                name="measure_mandatory_has_reference",
                violation_error_message=_("Biện pháp bắt buộc phải ghi căn cứ (điều khoản của Quyết định)."),
            ),
            models.CheckConstraint(
                condition=Q(mandatory=True) | ~Q(local_decision=""),
                name="measure_local_has_decision",
                violation_error_message=_("Biện pháp của tỉnh phải ghi số quyết định ban hành."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}.{self.order} {self.text_vi[:60]}"


class PublicTextQuerySet(models.QuerySet):
    def in_force(self, date: datetime.date) -> "PublicTextQuerySet":
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
        ACTIONS_LEVEL_1 = "actions_level_1", _("Thẻ việc cần làm: mức 1 – Bình thường mới")
        ACTIONS_LEVEL_2 = "actions_level_2", _("Thẻ việc cần làm: mức 2 – Nguy cơ")
        ACTIONS_LEVEL_3 = "actions_level_3", _("Thẻ việc cần làm: mức 3 – Nguy cơ cao")
        ACTIONS_LEVEL_4 = "actions_level_4", _("Thẻ việc cần làm: mức 4 – Nguy cơ rất cao")
        RISES_LEVEL_1 = "rises_level_1", _("Thẻ việc cần làm: nếu lên mức 2")
        RISES_LEVEL_2 = "rises_level_2", _("Thẻ việc cần làm: nếu lên mức 3")
        RISES_LEVEL_3 = "rises_level_3", _("Thẻ việc cần làm: nếu lên mức 4")
        ARRIVALS_LEVEL_4 = "arrivals_level_4", _("Thẻ việc cần làm: người đến từ vùng nguy cơ rất cao")

    key = models.CharField(_("mục"), max_length=30, choices=Key.choices)
    title_vi = models.CharField(_("tiêu đề (tiếng Việt)"), max_length=200, blank=True)
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=200, blank=True)
    body_vi = models.TextField(_("nội dung (tiếng Việt, Markdown)"))
    body_en = models.TextField(
        _("nội dung (tiếng Anh, Markdown)"), blank=True, help_text=_("Để trống thì trang tiếng Anh hiện bản tiếng Việt")
    )
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    history = HistoricalRecords()

    objects = PublicTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản công khai")
        verbose_name_plural = _("văn bản công khai")
        ordering = ["key", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="publictext_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
            models.UniqueConstraint(
                fields=["key", "valid_from"],
                name="publictext_key_version_unique",
                violation_error_message=_("Đã có một phiên bản của mục này có cùng ngày hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} ({self.valid_from:%d/%m/%Y})"


PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9][0-9 .]{1,18}[0-9]$",
    _("Số điện thoại chỉ gồm chữ số, dấu cách hoặc dấu chấm (có thể bắt đầu bằng +), ví dụ 0205 3870 115."),
)


class HealthStation(models.Model):
    """The health station residents of an area call (a commune's trạm y tế, a district's trung tâm y tế)."""

    area = models.OneToOneField(
        Area,
        verbose_name=_("địa bàn"),
        on_delete=models.CASCADE,
        related_name="health_station",
        limit_choices_to={"external": False, "kind__in": ["commune", "district"]},
        help_text=_("Xã, phường, thị trấn hoặc huyện, thành phố của tỉnh"),
    )
    name = models.CharField(_("tên cơ sở y tế"), max_length=200, help_text=_("Ví dụ “Trạm y tế xã Tân Thanh”"))
    phone = models.CharField(_("số điện thoại"), max_length=20, validators=[PHONE_VALIDATOR])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cơ sở y tế của địa bàn")
        verbose_name_plural = _("cơ sở y tế của địa bàn")
        ordering = ["area__code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    def clean(self) -> None:
        area = getattr(self, "area", None)
        if area is not None and (area.external or area.kind not in (Area.Kind.COMMUNE, Area.Kind.DISTRICT)):
            raise ValidationError(
                {"area": _("Chỉ ghi cơ sở y tế cho xã, phường, thị trấn hoặc huyện, thành phố của tỉnh.")}
            )

    @property
    def tel(self) -> str:
        """The number as a tel: URI wants it (digits and a leading +)."""
        return ("+" if self.phone.startswith("+") else "") + "".join(ch for ch in self.phone if ch.isdigit())


class LoudspeakerTextQuerySet(models.QuerySet):
    def in_force(self, date: datetime.date) -> "LoudspeakerTextQuerySet":
        return self.filter(valid_from__lte=date).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=date))


class LoudspeakerText(models.Model):
    """The text a commune reads on its loudspeakers for a level, with blanks filled in for each area."""

    # Blanks the editor may use, filled in words (numbers and dates read as a listener hears them).
    BLANKS = {
        "dia_ban": _("tên địa bàn"),
        "cap_do": _("cấp độ, đọc bằng chữ (ví dụ: ba)"),
        "ten_cap_do": _("tên cấp độ (ví dụ: nguy cơ cao)"),
        "tu_ngay": _("ngày địa bàn ở cấp độ này, đọc bằng chữ"),
        "hieu_luc": _("giờ và ngày cấp độ có hiệu lực, đọc bằng chữ"),
        "viec_can_lam": _("những việc cần làm, mỗi việc một câu"),
        "duong_day_nong": _("các số điện thoại đường dây nóng, đọc từng số"),
    }

    level = models.PositiveSmallIntegerField(_("cấp độ"), validators=LEVEL_VALIDATORS)
    body_vi = models.TextField(
        _("nội dung (tiếng Việt)"),
        help_text=_(
            "Viết để đọc to: câu ngắn, không viết tắt. Chỗ trống: {dia_ban}, {cap_do}, {ten_cap_do}, "
            "{tu_ngay}, {hieu_luc}, {viec_can_lam}, {duong_day_nong}"
        ),
    )
    body_en = models.TextField(_("nội dung (tiếng Anh)"), blank=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    history = HistoricalRecords()

    objects = LoudspeakerTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("bài phát thanh")
        verbose_name_plural = _("bài phát thanh (mẫu theo cấp độ)")
        ordering = ["level", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "valid_from"],
                name="loudspeakertext_level_version_unique",
                violation_error_message=_("Đã có một mẫu của cấp độ này có cùng ngày hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Cấp')} {self.level} ({self.valid_from:%d/%m/%Y})"

    def clean(self):
        errors = {}
        for field in ("body_vi", "body_en"):
            wrong = unknown_blanks(getattr(self, field), self.BLANKS)
            if wrong:
                errors[field] = _("Chỗ trống không có: %(names)s. Chỉ dùng: %(known)s.") % {
                    "names": ", ".join(wrong),
                    "known": ", ".join("{%s}" % k for k in self.BLANKS),
                }
        if errors:
            raise ValidationError(errors)
