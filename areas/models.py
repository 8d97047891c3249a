"""Administrative areas (province, district, commune), their boundaries and adjacency."""

import datetime

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .collation import KEY_LENGTH, area_sort_key
from .text import fold


class AreaQuerySet(models.QuerySet):
    def valid_on(self, date: datetime.date) -> "AreaQuerySet":
        return self.filter(models.Q(valid_from__lte=date) | models.Q(valid_from__isnull=True)).filter(
            models.Q(valid_to__gte=date) | models.Q(valid_to__isnull=True)
        )

    def internal(self) -> "AreaQuerySet":
        return self.filter(external=False)

    def communes(self) -> "AreaQuerySet":
        return self.filter(kind=Area.Kind.COMMUNE)

    def districts(self) -> "AreaQuerySet":
        return self.filter(kind=Area.Kind.DISTRICT)


# The columns of an area that hold geometry: reads that draw nothing leave them out (selectors.without_geometry).
GEOMETRY_FIELDS = ("geometry", "display_geometry", "point")
# Lists of areas show the province first, then its districts, then the communes.
KIND_ORDER = {"province": 0, "district": 1, "commune": 2}


class Area(models.Model):
    """One administrative unit at one period of its existence."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh")
        DISTRICT = "district", _("Huyện")
        COMMUNE = "commune", _("Xã")

    code = models.CharField(_("mã"), max_length=10, help_text=_("Mã đơn vị hành chính của Tổng cục Thống kê"))
    kind = models.CharField(_("cấp"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=120)
    type_label = models.CharField(_("loại"), max_length=20, help_text=_("Tỉnh, Thành phố, Huyện, Phường, Xã, Thị trấn"))
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    population = models.PositiveIntegerField(_("dân số"), default=0, help_text=_("Tổng điều tra dân số 01/4/2019"))
    external = models.BooleanField(_("ngoài tỉnh"), default=False)
    point = models.PointField(_("điểm đại diện"), srid=4326, null=True, blank=True)
    geometry = models.MultiPolygonField(_("ranh giới"), srid=4326, null=True, blank=True)
    display_geometry = models.MultiPolygonField(
        _("ranh giới hiển thị"), srid=4326, null=True, blank=True, editable=False
    )
    schematic = models.BooleanField(
        _("ranh giới sơ đồ"),
        default=False,
        help_text=_("Ranh giới vẽ phỏng theo điểm, không phải ranh giới chính thức"),
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        symmetrical=False,
        blank=True,
        related_name="predecessors",
        help_text=_(
            "Khi đơn vị hết hiệu lực do sáp nhập, chia tách: các đơn vị thay thế nó. Số liệu của nó trong "
            "14 ngày cuối được tính cho đơn vị kế thừa (nếu chia tách: chỉ tính cho cấp trên chung)."
        ),
    )
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=KEY_LENGTH, editable=False, default="", db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="area_code_period_unique"),
        ]
        indexes = [models.Index(fields=["kind", "parent"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # search_name is derived from name; keeping it here means no write path can forget it.
        self.search_name = fold(self.name)
        self.sort_key = area_sort_key(name=self.name, type_label=self.type_label)
        super().save(*args, **kwargs)


class Adjacency(models.Model):
    """An unordered pair of areas that share a border (stored once, with area_a.id < area_b.id)."""

    area_a = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    area_b = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cặp giáp ranh")
        verbose_name_plural = _("các cặp giáp ranh")
        constraints = [
            models.UniqueConstraint(fields=["area_a", "area_b"], name="adjacency_pair_unique"),
            models.CheckConstraint(condition=models.Q(area_a__lt=models.F("area_b")), name="adjacency_pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.area_a} – {self.area_b}"
